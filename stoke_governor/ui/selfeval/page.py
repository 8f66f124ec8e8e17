"""The Self-evaluation page: the board rates itself item by item, with evidence, actions and
links to what the app holds; a summary by section beside last year's; export the return.

Every change is saved as it is made (the domain commits each one). Keys: in the list of
items, 1-4 rate the selected item and 0 clears its rating.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.core.dates import academic_year
from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.schools.register import School
from stoke_governor.selfeval import evaluation as selfeval
from stoke_governor.selfeval.summary import compare_years, progress
from stoke_governor.ui.common.date_field import DateField
from stoke_governor.ui.common.widgets import heading
from stoke_governor.ui.selfeval.chart import SectionChart
from stoke_governor.ui.selfeval.export import Exports
from stoke_governor.ui.selfeval.item import ITEM_ROLE, ItemPanel

if TYPE_CHECKING:
    from stoke_governor.db.store import Store


class SelfEvalPage(ItemPanel, Exports, QWidget):
    title = "Self-evaluation"

    def __init__(self, store: Store, pool: QThreadPool, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.pool = pool  # the window's: exports run on it
        self.school: School | None = None
        self.evaluation: selfeval.Evaluation | None = None
        self.framework = None
        self.item_id: str | None = None
        self.task = None
        self.heading = heading(name="selfevalHeading", scale=1.4, wrap=True)
        self.progress_bar = QProgressBar(objectName="selfevalProgress")
        self.progress_bar.setAccessibleName("How much of the evaluation is done")
        self.start_button = QPushButton("&Start this year's evaluation", clicked=self.start_year)
        self.export_button = QPushButton("E&xport return…", clicked=self.export_return)
        self.export_button.setToolTip(
            "The workbook the board sends to the LA's Governor "
            "Services; it can be sent at any stage."
        )
        self.pdf_button = QPushButton("&PDF for the board's papers…", clicked=self.export_pdf)
        self.agreed_button = QPushButton("A&greed by…", clicked=self.ask_agreed)
        self.agreed_button.setToolTip("Who agreed the evaluation and when (the return's cover)")
        self.receipt_line = QLabel(objectName="selfevalReceipt", wordWrap=True)
        self.receipt_button = QPushButton("Import the LA's rece&ipt…", clicked=self.import_receipt)
        self.receipt_button.setToolTip(
            "The file Governor Services sends back when it has received the return (.sgreceipt)"
        )
        self.status = QLabel(objectName="selfevalStatus", wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tree = QTreeWidget(objectName="selfevalItems")
        self.tree.setHeaderLabels(["Item", "Rating"])
        self.tree.setAccessibleName("Sections and items; press 1 to 4 to rate, 0 to clear")
        self.tree.setColumnWidth(0, 300)
        self.tree.currentItemChanged.connect(self._item_chosen)
        self.tree.installEventFilter(self)

        self.statement = QLabel(wordWrap=True, objectName="selfevalStatement")
        self.guidance = QLabel(wordWrap=True, objectName="selfevalGuidance")
        italic = self.guidance.font()
        italic.setItalic(True)
        self.guidance.setFont(italic)
        self.rating = QComboBox(objectName="selfevalRating")
        self.rating.setAccessibleName("Rating")
        self.rating.activated.connect(self._rating_chosen)
        self.evidence = QPlainTextEdit(objectName="selfevalEvidence")
        self.evidence.setAccessibleName("Evidence")
        self.evidence.setPlaceholderText("What shows this? Minutes, visits, reports, data…")
        self.save_evidence_button = QPushButton("Save &evidence", clicked=self.save_evidence)
        self.action_text = QLineEdit(placeholderText="Next action", objectName="actionText")
        self.action_owner = QLineEdit(placeholderText="Owner", objectName="actionOwner")
        self.action_due = DateField(blank_text="Due, e.g. 31/01/2027")
        self.action_due.setObjectName("actionDue")
        for w, name in (
            (self.action_text, "Action"),
            (self.action_owner, "Action owner"),
            (self.action_due, "Action due date"),
        ):
            w.setAccessibleName(name)
        self.add_action_button = QPushButton("&Add action", clicked=self.add_action)
        self.actions_list = QListWidget(objectName="selfevalActions")
        self.actions_list.setAccessibleName("Actions for this item")
        self.remove_action_button = QPushButton("Remove action", clicked=self.remove_action)
        self.link_kind = QComboBox(objectName="linkKind")
        self.link_kind.setAccessibleName("Kind of evidence to link")
        for kind, label in selfeval.LINK_KINDS.items():
            self.link_kind.addItem(label, kind)
        self.link_kind.currentIndexChanged.connect(self._fill_link_choices)
        self.link_choice = QComboBox(objectName="linkChoice")
        self.link_choice.setAccessibleName("Evidence to link")
        self.link_choice.setMinimumContentsLength(16)  # the whole of each when it is open
        self.add_link_button = QPushButton("&Link", clicked=self.add_link)
        self.links_list = QListWidget(objectName="selfevalLinks")
        self.links_list.setAccessibleName("Evidence linked to this item")
        self.remove_link_button = QPushButton("Remove link", clicked=self.remove_link)
        self.chart = SectionChart()
        self.summary = QLabel(wordWrap=True, objectName="selfevalSummary")
        self._layout()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.progress_bar, 1)
        for b in (self.start_button, self.agreed_button, self.export_button, self.pdf_button):
            top.addWidget(b)
        detail = QWidget()
        form = QVBoxLayout(detail)
        form.addWidget(self.statement)
        form.addWidget(self.guidance)
        rating_row = QFormLayout()
        rating_label = QLabel("&Rating:")
        rating_label.setBuddy(self.rating)
        rating_row.addRow(rating_label, self.rating)
        form.addLayout(rating_row)
        evidence_label = QLabel("E&vidence:")
        evidence_label.setBuddy(self.evidence)
        form.addWidget(evidence_label)
        form.addWidget(self.evidence, 1)
        form.addWidget(self.save_evidence_button, 0, Qt.AlignmentFlag.AlignRight)
        actions = QGroupBox("Next actions")
        al = QVBoxLayout(actions)
        row = QHBoxLayout()
        for w, stretch in ((self.action_text, 3), (self.action_owner, 1), (self.action_due, 1)):
            row.addWidget(w, stretch)
        row.addWidget(self.add_action_button)
        al.addLayout(row)
        al.addWidget(self.actions_list)
        al.addWidget(self.remove_action_button, 0, Qt.AlignmentFlag.AlignRight)
        form.addWidget(actions)
        linked = QGroupBox("Evidence held in the app")
        ll = QVBoxLayout(linked)
        row = QHBoxLayout()
        row.addWidget(self.link_kind)
        row.addWidget(self.link_choice, 1)
        row.addWidget(self.add_link_button)
        ll.addLayout(row)
        ll.addWidget(self.links_list)
        ll.addWidget(self.remove_link_button, 0, Qt.AlignmentFlag.AlignRight)
        form.addWidget(linked)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.addWidget(self.tree, 1)
        sl.addWidget(QLabel("<b>By section</b> (mean rating: orange this year, grey last year)"))
        sl.addWidget(self.chart)
        sl.addWidget(self.summary)
        split = QSplitter()
        split.addWidget(side)
        split.addWidget(QScrollArea(widget=detail, widgetResizable=True))  # fits 1024×600
        split.setSizes([480, 620])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        sent = QHBoxLayout()
        sent.addWidget(self.receipt_line, 1)
        sent.addWidget(self.receipt_button)
        layout.addLayout(sent)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)

    # -- showing -------------------------------------------------------------------------
    def show_school(self, school: School) -> None:
        self.school = school
        self.evaluation = selfeval.current_evaluation(self.store, school.urn)
        self.reload()

    def reload(self) -> None:
        ev = self.evaluation
        this_year = academic_year(dt.date.today())
        self.start_button.setVisible(ev is None or ev.year < this_year)
        self.start_button.setText(f"&Start the {this_year} evaluation")
        has = ev is not None
        for w in (self.export_button, self.pdf_button, self.agreed_button, self.tree):
            w.setEnabled(has)
        self.show_receipt()
        self.framework = None
        if ev is None:
            self.heading.setText(f"Self-evaluation — {self.school.name}")
            self.status.setText(
                "No self-evaluation yet: start this year's, then rate each "
                "item as the board discusses it."
            )
            self.tree.clear()
            self._show_item(None)
            return
        try:
            self.framework = selfeval.framework_of(ev, store=self.store)
        except StokeGovernorError as exc:
            self.heading.setText(f"{ev.title} — {self.school.name}")
            self.status.setText(str(exc))
            self.tree.clear()
            self._show_item(None)
            return
        self.heading.setText(f"{ev.title} — {self.school.name}")
        self.rating.clear()
        self.rating.addItem("Not rated", None)
        for v in self.framework.scale.values:
            self.rating.addItem(f"{v.value} {v.label}", v.value)
            self.rating.setItemData(
                self.rating.count() - 1, v.description, Qt.ItemDataRole.ToolTipRole
            )
        self._fill_tree()
        self._refresh_summary()

    def _fill_tree(self) -> None:
        held = selfeval.ratings(self.store, self.evaluation.id)
        keep = self.item_id
        self.tree.blockSignals(True)
        self.tree.clear()
        current = None
        for s in self.framework.sections:
            top = QTreeWidgetItem([s.title, ""])
            top.setFirstColumnSpanned(False)
            top.setToolTip(0, s.description)
            self.tree.addTopLevelItem(top)
            for item in self.framework.items_in(s.id):
                r = held.get(item.id)
                label = self.framework.scale.label(r.rating if r else None)
                child = QTreeWidgetItem([f"{item.id}  {item.text}", label])
                child.setToolTip(0, item.text)
                child.setData(0, ITEM_ROLE, item.id)
                top.addChild(child)
                if item.id == keep:
                    current = child
            top.setExpanded(True)
        self.tree.blockSignals(False)
        first = self.tree.topLevelItem(0)
        self.tree.setCurrentItem(current or (first.child(0) if first else None))
        self._show_item(self.tree.currentItem().data(0, ITEM_ROLE) if current or first else None)

    def _refresh_summary(self) -> None:
        held = selfeval.ratings(self.store, self.evaluation.id)
        done = progress(held, self.framework)
        self.progress_bar.setMaximum(done.total)
        self.progress_bar.setValue(done.rated)
        self.progress_bar.setFormat(done.describe())
        rows = compare_years(self.store, self.evaluation, self.framework)
        self.chart.set_rows(rows, max(self.framework.scale.numbers))
        last = selfeval.previous_evaluation(self.store, self.evaluation)
        self.summary.setText(
            f"Last year ({last.year}) is shown beside this year."
            if last
            else "Last year's evaluation is not held, so only this year's is shown."
        )
        if not self.status.text() or self.status.property("kind") != "message":
            self.status.setText(
                f"{done.describe()}. Changes are saved as you make them; "
                "export the return when the board has agreed it."
            )

    def _item_chosen(self, current, _previous=None) -> None:
        self.save_evidence()
        self._show_item(current.data(0, ITEM_ROLE) if current else None)

    # -- changes -------------------------------------------------------------------------
    def _do(self, change, *args) -> bool:
        try:
            change(*args)
        except StokeGovernorError as exc:
            self._message(str(exc))
            return False
        self.show_receipt()  # "Changed since the LA received…" once it is
        return True

    def ask_agreed(self) -> bool:
        """Record who agreed the evaluation and when; the dialog stays open on a bad date."""
        from PySide6.QtWidgets import QDialog

        from stoke_governor.ui.selfeval.agreed import AgreedDialog

        ev = self.evaluation
        dialog = AgreedDialog(ev.agreed_by, ev.agreed_on, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                self.evaluation = selfeval.set_agreed(self.store, ev.id, *dialog.values())
            except StokeGovernorError as exc:
                dialog.problem.setText(str(exc))
                continue
            self.reload()
            by, on = dialog.values()
            self._message(f"Agreed by {by or '—'} on {on or '—'}; the return's cover says so.")
            return True
        return False

    def _message(self, text: str) -> None:
        self.status.setProperty("kind", "message")
        self.status.setText(text)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if obj is self.tree and event.type() == event.Type.KeyPress and self.item_id:
            text = event.text()
            if text.isdigit() and (text == "0" or int(text) in self.framework.scale.numbers):
                self.set_rating(None if text == "0" else int(text))
                return True
        return super().eventFilter(obj, event)

    def _rating_chosen(self, index: int) -> None:
        self.set_rating(self.rating.itemData(index))

    def set_rating(self, value: int | None) -> None:
        if self.item_id and self._do(
            selfeval.rate, self.store, self.evaluation.id, self.item_id, value
        ):
            self.status.setProperty("kind", None)
            self.rating.setCurrentIndex(max(self.rating.findData(value), 0))
            self.tree.currentItem().setText(1, self.framework.scale.label(value))
            self._refresh_summary()

    def save_evidence(self) -> None:
        if not (self.item_id and self.evaluation and self.evidence.document().isModified()):
            return
        if self._do(
            selfeval.set_evidence,
            self.store,
            self.evaluation.id,
            self.item_id,
            self.evidence.toPlainText(),
        ):
            self.evidence.document().setModified(False)

    def start_year(self) -> None:
        if self.school is not None:
            try:
                self.evaluation = selfeval.start_evaluation(self.store, self.school.urn)
            except StokeGovernorError as exc:
                self._message(str(exc))
                return
            self.reload()
