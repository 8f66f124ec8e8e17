"""The board's committees (who sits on which) and its constitution (places per category)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.board.committees import (
    add_committee,
    committee_members,
    list_committees,
    remove_committee,
    set_committee_members,
    update_committee,
)
from stoke_governor.board.constitution import PLACE_CATEGORIES, count_vacancies, places, set_places
from stoke_governor.board.governors import CATEGORIES, list_governors
from stoke_governor.core.errors import BoardError, StoreError
from stoke_governor.ui.board.governor_dialog import error_label, show_error

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NO_QUORUM = 2  # the spin box's lowest value, shown as "not set" (a quorum is at least 3)


class CommitteesDialog(QDialog):
    """Add, rename and remove committees; tick who sits on the chosen one (saved at once)."""

    changed = Signal()

    def __init__(self, store: Store, urn: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.urn = store, urn
        self.made_changes = False
        self.setWindowTitle("Committees")
        self.resize(820, 460)
        self.committees = QListWidget()
        self.committees.setAccessibleName("Committees")
        self.name = QLineEdit(placeholderText="e.g. Finance and resources")
        self.name.setAccessibleName("Committee name")
        self.quorum = QSpinBox(minimum=NO_QUORUM, maximum=30)
        self.quorum.setSpecialValueText("not set")
        self.quorum.setAccessibleName("Quorum (governors)")
        add = QPushButton("&Add committee")
        add.clicked.connect(self.add)
        self.save = QPushButton("&Save name and quorum")
        self.save.clicked.connect(self.save_selected)
        self.remove = QPushButton("&Remove committee…")
        self.remove.clicked.connect(self.remove_selected)
        self.members = QListWidget()
        self.members.setAccessibleName("Members of the chosen committee (Space ticks)")
        self.error = error_label()
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Quorum:", self.quorum)
        left = QVBoxLayout()
        label = QLabel("C&ommittees:")
        label.setBuddy(self.committees)
        left.addWidget(label)
        left.addWidget(self.committees, 1)
        hint = QLabel("To add a committee, type its name and press Add committee.")
        hint.setWordWrap(True)
        left.addWidget(hint)
        left.addLayout(form)
        row = QHBoxLayout()
        for button in (add, self.save, self.remove):
            row.addWidget(button)
        left.addLayout(row)
        right = QVBoxLayout()
        self.members_label = QLabel("&Members (tick with Space):")
        self.members_label.setBuddy(self.members)
        right.addWidget(self.members_label)
        right.addWidget(self.members, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.committees.currentItemChanged.connect(self._show_committee)
        self.members.itemChanged.connect(self._members_ticked)
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        self.committees.clear()
        for c in list_committees(self.store, self.urn):
            quorum = f" (quorum {c.quorum})" if c.quorum else ""
            item = QListWidgetItem(c.name + quorum)
            item.setData(ID_ROLE, c.id)
            self.committees.addItem(item)
            if c.id == select:
                self.committees.setCurrentItem(item)
        if self.committees.currentItem() is None and self.committees.count():
            self.committees.setCurrentRow(0)
        self._show_committee()

    def selected_id(self) -> int | None:
        item = self.committees.currentItem()
        return None if item is None else item.data(ID_ROLE)

    def _show_committee(self, *_args) -> None:
        cid = self.selected_id()
        self.save.setEnabled(cid is not None)
        self.remove.setEnabled(cid is not None)
        self.members.setEnabled(cid is not None)
        self.members.blockSignals(True)
        self.members.clear()
        if cid is not None:
            c = next(c for c in list_committees(self.store, self.urn) if c.id == cid)
            self.name.setText(c.name)
            self.quorum.setValue(c.quorum or NO_QUORUM)
            sitting = {g.id for g in committee_members(self.store, cid)}
            for g in list_governors(self.store, self.urn):
                item = QListWidgetItem(f"{g.name} — {g.category_label}")
                item.setData(ID_ROLE, g.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = Qt.CheckState.Checked if g.id in sitting else Qt.CheckState.Unchecked
                item.setCheckState(checked)
                self.members.addItem(item)
        self.members.blockSignals(False)

    def _quorum(self) -> int | None:
        return None if self.quorum.value() == NO_QUORUM else self.quorum.value()

    def _do(self, work) -> bool:
        try:
            result = work()
        except (BoardError, StoreError) as exc:  # StoreError: a full disk, say
            show_error(self.error, str(exc))
            return False
        self.error.hide()
        self.made_changes = True
        self.changed.emit()
        return result if result is not None else True

    def add(self) -> None:
        cid = self._do(
            lambda: add_committee(self.store, self.urn, self.name.text(), self._quorum())
        )
        if cid:
            self.refresh(select=cid)
            self.members.setFocus()

    def save_selected(self) -> None:
        cid = self.selected_id()
        if cid is not None and self._do(
            lambda: update_committee(self.store, cid, name=self.name.text(), quorum=self._quorum())
        ):
            self.refresh(select=cid)

    def remove_selected(self) -> None:
        cid = self.selected_id()
        if cid is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove committee",
            f"Remove {self.name.text()}? Its members stay on the board; its past meetings "
            "keep their records.",
        )
        if answer == QMessageBox.StandardButton.Yes and self._do(
            lambda: remove_committee(self.store, cid)
        ):
            self.refresh()

    def _members_ticked(self, _item) -> None:
        cid = self.selected_id()
        ticked = [
            self.members.item(r).data(ID_ROLE)
            for r in range(self.members.count())
            if self.members.item(r).checkState() == Qt.CheckState.Checked
        ]
        if cid is not None:
            self._do(lambda: set_committee_members(self.store, cid, ticked))


class ConstitutionDialog(QDialog):
    """Places per category of governor, with how many are filled and vacant as you type."""

    def __init__(self, store: Store, urn: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.urn = store, urn
        self.setWindowTitle("The board's constitution")
        self.filled: dict[str, int] = {}
        for g in list_governors(store, urn):
            if g.is_governor:
                self.filled[g.category] = self.filled.get(g.category, 0) + 1
        held = places(store, urn)
        intro = QLabel(
            "How many places the board's instrument of government gives each category. "
            "Only current governors fill places; associate members are not governors. "
            "The headteacher is a governor ex officio unless they choose not to be."
        )
        intro.setWordWrap(True)
        box = QGroupBox("Places")
        grid = QGridLayout(box)
        for column, title in enumerate(("Category", "Places", "Filled", "Vacant")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.spins: dict[str, QSpinBox] = {}
        self.status: dict[str, QLabel] = {}
        for row, category in enumerate(PLACE_CATEGORIES, start=1):
            text = CATEGORIES[category] + (" (ex officio)" if category == "headteacher" else "s")
            label = QLabel(("&" if row == 1 else "") + text)
            spin = QSpinBox(minimum=0, maximum=1 if category == "headteacher" else 30)
            spin.setValue(held.get(category, 0))
            spin.setAccessibleName(f"Places for {CATEGORIES[category]}s")
            label.setBuddy(spin)
            spin.valueChanged.connect(self._update)
            filled = QLabel(str(self.filled.get(category, 0)))
            vacant = QLabel()
            self.spins[category], self.status[category] = spin, vacant
            for column, widget in enumerate((label, spin, filled, vacant)):
                grid.addWidget(widget, row, column)
        self.total = QLabel()
        self.total.setAccessibleName("Vacancies in total")
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(box)
        layout.addWidget(self.total)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._update()

    def chosen(self) -> dict[str, int]:
        return {c: spin.value() for c, spin in self.spins.items()}

    def _update(self, *_args) -> None:
        lines = {v.category: v for v in count_vacancies(self.chosen(), self.filled)}
        for category, label in self.status.items():
            v = lines.get(category)
            text = "" if v is None else str(v.vacant)
            if v is not None and v.over:
                text = f"{v.over} over"
            label.setText(text)
        vacant = sum(v.vacant for v in lines.values())
        places_total = sum(self.chosen().values())
        self.total.setText(
            f"{places_total} places, {vacant} vacant."
            if places_total
            else "No places set yet: enter the numbers from the instrument of government."
        )

    def accept(self) -> None:
        try:
            set_places(self.store, self.urn, self.chosen())
        except (BoardError, StoreError) as exc:  # StoreError: a full disk, say
            show_error(self.error, str(exc))
            return
        super().accept()
