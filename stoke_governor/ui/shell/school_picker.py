"""First run: the board chooses its school from a searchable list of the city's schools."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.schools.register import School

URN_ROLE = Qt.ItemDataRole.UserRole + 1
CLOSED_ROLE = Qt.ItemDataRole.UserRole + 2


class _SchoolFilter(QSortFilterProxyModel):
    show_closed = False

    def filterAcceptsRow(self, source_row, source_parent):
        index = self.sourceModel().index(source_row, 0, source_parent)
        if not self.show_closed and index.data(CLOSED_ROLE):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class SchoolPicker(QDialog):
    """Type part of a name, a place or a URN; choose; press Enter."""

    def __init__(
        self,
        schools: list[School],
        parent: QWidget | None = None,
        *,
        demo_urn: int | None = None,
        offer_la: bool = False,
    ):
        super().__init__(parent)
        self._demo_urn = demo_urn
        self.la_chosen = False  # "I work for the LA's Governor Services" was chosen
        self.setWindowTitle("Choose your school")
        self.resize(560, 520)
        intro = QLabel(
            "Which school's governing board is this? Choose it from the city's "
            "schools. You can change it later from the File menu."
        )
        intro.setWordWrap(True)
        self.search = QLineEdit(placeholderText="Search by name, area or URN")
        self.search.setAccessibleName("Search schools")
        self.search.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        for s in schools:
            detail = " · ".join(x for x in (s.phase, s.locality, f"URN {s.urn}") if x)
            if s.status == "closed":
                detail += " · closed"
            item = QStandardItem(f"{s.name}\n{detail}")
            item.setData(s.urn, URN_ROLE)
            item.setData(s.status == "closed", CLOSED_ROLE)
            item.setEditable(False)
            self.model.appendRow(item)
        self.proxy = _SchoolFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list = QListView()
        self.list.setAccessibleName("Schools")
        self.list.setModel(self.proxy)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.show_closed = QCheckBox("&Show schools that have closed")
        self.count = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Use this school")
        if demo_urn is not None:
            demo = self.buttons.addButton(
                "Explore the &demo board", QDialogButtonBox.ButtonRole.ActionRole
            )
            demo.setToolTip(
                "A real school with fictional governors, meetings and challenges, to try the "
                "app out. Choose your own school whenever you are ready (File → Change school)."
            )
            demo.clicked.connect(self.choose_demo)
        layout = QVBoxLayout(self)
        for widget in (intro, self.search, self.list, self.show_closed, self.count):
            layout.addWidget(widget)
        if offer_la:
            self.resize(640, 560)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            layout.addWidget(line)
            la_note = QLabel(
                "Not a school's board? Officers of the LA's Governor Services collect every "
                "board's return instead. Each installation uses a database of its own, so "
                "this choice makes this new database the LA's, kept apart from any board's."
            )
            la_note.setWordWrap(True)
            self.la_button = QPushButton("I work for the &LA's Governor Services")
            self.la_button.setToolTip(
                "Import the boards' returns, see the city's governance at a glance and send "
                "each school its pack."
            )
            self.la_button.clicked.connect(self.choose_la)
            la_row = QHBoxLayout()
            la_row.addWidget(la_note, 1)
            la_row.addWidget(self.la_button)
            layout.addLayout(la_row)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self._filter)
        self.show_closed.toggled.connect(self._filter)
        self.list.selectionModel().selectionChanged.connect(self._update_ok)
        self.list.doubleClicked.connect(self.accept)
        self.search.returnPressed.connect(self._accept_if_one)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._filter()

    def _filter(self) -> None:
        self.proxy.show_closed = self.show_closed.isChecked()
        self.proxy.setFilterFixedString(self.search.text().strip())
        n = self.proxy.rowCount()
        self.count.setText(f"{n} school{'s' if n != 1 else ''} shown")
        if n and not self.list.selectionModel().hasSelection():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.selected_urn() is not None)

    def _accept_if_one(self) -> None:
        if self.selected_urn() is not None:
            self.accept()

    def choose_demo(self) -> None:
        self._chosen = self._demo_urn
        self.accept()

    def choose_la(self) -> None:
        self.la_chosen = True
        self.accept()

    def selected_urn(self) -> int | None:
        if self.la_chosen:
            return None

        if getattr(self, "_chosen", None) is not None:
            return self._chosen
        index = self.list.currentIndex()
        if not index.isValid() or not self.list.selectionModel().isSelected(index):
            return None
        return index.data(URN_ROLE)
