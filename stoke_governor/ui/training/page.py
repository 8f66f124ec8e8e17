"""The Training page: read the LA's modules offline, take their knowledge checks, and see
the board's take-up of the core modules against the city's expectation that all governors
complete them — with who is missing what, the clerk's records, and the outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.board.governors import list_governors
from stoke_governor.schools.register import School
from stoke_governor.training.modules import Module, shipped_modules
from stoke_governor.training.records import TrainingSummary, training_summary
from stoke_governor.ui.common.text_table import Cell, TextTableModel
from stoke_governor.ui.common.widgets import heading, row_table
from stoke_governor.ui.training.module_reader import KnowledgeCheckDialog, ModuleReader

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

MODULE_ROLE = Qt.ItemDataRole.UserRole
NO_GOVERNORS = (
    "Add the board's governors on the Board page first: then each governor can take the "
    "knowledge checks, and this page shows the board's take-up."
)
WHO_COUNTS = (
    "Core training is for governors: associate members are not counted. A module counts "
    "while its completion is current (some modules are renewed every two or three years)."
)


def done_by(summary: TrainingSummary | None, module: Module) -> str:
    t = summary.for_module(module.id) if summary else None
    if t is None or not t.total:
        return "no governors yet"
    return f"done by {t.done} of {t.total} governor{'s' if t.total != 1 else ''}"


def share(done: int, total: int) -> str:
    return f"{done} of {total} ({100 * done / total:.0f}%)" if total else "—"


class TrainingPage(QWidget):
    title = "Training"

    def __init__(self, store: Store, pool: QThreadPool, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.pool = pool  # the window's: exports run on it
        self.school: School | None = None
        self.summary: TrainingSummary | None = None
        self.catalogue = shipped_modules(self.store)
        self.tasks: list = []
        page_heading = heading("Training", name="trainingHeading")
        self.banner = QLabel(objectName="trainingBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.tabs = QTabWidget(objectName="trainingTabs")
        self.tabs.addTab(self._modules_tab(), "&Modules")
        self.tabs.addTab(self._take_up_tab(), "Take-&up")
        self.status = QLabel(objectName="trainingStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(page_heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

    # -- building --------------------------------------------------------------------
    def _modules_tab(self) -> QWidget:
        self.module_list = QListWidget(objectName="moduleList")
        self.module_list.setAccessibleName("Training modules")
        self.module_list.setWordWrap(True)
        self.module_list.setSpacing(3)
        self.module_list.setMinimumWidth(230)
        for m in self.catalogue.modules:
            item = QListWidgetItem(m.title)
            item.setData(MODULE_ROLE, m.id)
            item.setToolTip(m.summary)
            self.module_list.addItem(item)
        self.reader = ModuleReader()
        self.reader.link_shown.connect(
            lambda url: self.status.setText(
                f"Links are not opened from the app (it works offline). The address is: {url}"
            )
        )
        self.check_button = QPushButton("Take the &knowledge check…", objectName="takeCheck")
        self.check_button.clicked.connect(self.take_check)
        self.module_list.currentItemChanged.connect(self._module_chosen)
        right = QWidget()
        rlayout = QVBoxLayout(right)
        rlayout.setContentsMargins(0, 0, 0, 0)
        rlayout.addWidget(self.reader, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.check_button)
        rlayout.addLayout(row)
        split = QSplitter()
        split.addWidget(self.module_list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 900])
        return split

    def _take_up_tab(self) -> QWidget:
        self.take_up_label = QLabel(objectName="takeUpSummary")
        self.take_up_label.setWordWrap(True)
        self.take_up_label.setTextFormat(Qt.TextFormat.PlainText)
        self.grid_model = TextTableModel(self)
        self.grid = row_table(
            self.grid_model, "Each governor's core modules", name="takeUpGrid", single=True
        )
        self.grid.setWordWrap(True)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.missing_label = QLabel(objectName="missingList")
        self.missing_label.setWordWrap(True)
        self.missing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.record_button = QPushButton("&Record training…", objectName="recordTraining")
        self.record_button.clicked.connect(self.record_training)
        self.xlsx_button = QPushButton("Training summary (&XLSX)…", objectName="summaryXlsx")
        self.pdf_button = QPushButton("Training summary (P&DF)…", objectName="summaryPdf")
        self.person_button = QPushButton("&Governor's record…", objectName="governorRecord")
        self.xlsx_button.clicked.connect(lambda: self.export_summary("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export_summary("pdf"))
        self.person_button.clicked.connect(self.export_record)
        buttons = QHBoxLayout()
        for b in (self.record_button, self.xlsx_button, self.pdf_button, self.person_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        missing_title = QLabel("<b>Who is missing what</b>")
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.take_up_label)
        layout.addWidget(self.grid, 3)
        layout.addWidget(missing_title)
        layout.addWidget(self.missing_label, 1)
        layout.addLayout(buttons)
        return tab

    # -- showing ---------------------------------------------------------------------
    def show_school(self, school: School) -> None:
        self.school = school
        self.refresh()
        if self.module_list.currentRow() < 0 and self.module_list.count():
            self.module_list.setCurrentRow(0)

    def refresh(self) -> None:
        if self.school is None:
            return
        s = self.summary = training_summary(self.store, self.school.urn, self.catalogue)
        has_governors = bool(s.governors)
        notes = [] if has_governors else [NO_GOVERNORS]
        if self.catalogue.problems:
            notes.append(
                f"{len(self.catalogue.problems)} module file(s) could not be loaded: "
                + " ".join(self.catalogue.problems)
            )
        self.banner.setText("\n".join(notes))
        self.banner.setVisible(bool(notes))
        for b in (self.check_button, self.record_button, self.person_button):
            b.setEnabled(has_governors)
        for i in range(self.module_list.count()):
            item = self.module_list.item(i)
            m = self.catalogue.get(item.data(MODULE_ROLE))
            item.setText(f"{m.title}\n{'Core' if m.core else 'Optional'} · {done_by(s, m)}")
        self._fill_take_up(s)

    def _fill_take_up(self, s: TrainingSummary) -> None:
        n = len(s.governors)
        if not n:
            self.take_up_label.setText(NO_GOVERNORS)
            self.grid_model.set_rows([], [])
            self.missing_label.setText("")
            return
        self.take_up_label.setText(
            f"{s.all_core_done} of {n} governors ({s.overall_percent:.0f}%) have every core "
            "module current. The city's strategy expects all governors to take up the LA's "
            f"core training. {WHO_COUNTS}"
        )
        header = ["Governor", *(m.short for m in s.core), "Every core module"]
        rows = [
            [
                Cell(g.governor.name, g.governor.category_label),
                *(Cell(st.text, _tip(st)) for st in g.statuses),
                Cell("yes" if g.complete else f"no: {len(g.missing)} missing"),
            ]
            for g in s.governors
        ]
        totals = [Cell("Take-up")]
        for m in s.core:
            t = s.for_module(m.id)
            totals.append(Cell(share(t.done, t.total), number=True))
        totals.append(Cell(share(s.all_core_done, n), number=True))
        self.grid_model.set_rows(header, [*rows, totals], highlight=[len(rows)])
        missing = [
            f"• {g.governor.name}: {'; '.join(g.missing)}" for g in s.governors if not g.complete
        ]
        self.missing_label.setText(
            "\n".join(missing) or "Every governor has every core module current."
        )

    def _module_chosen(self, item, _previous=None) -> None:
        module = self.current_module()
        self.reader.show_module(module)
        self.check_button.setToolTip(
            ""
            if module is None
            else f"{len(module.questions)} questions; {module.pass_mark} right to pass"
        )

    def current_module(self) -> Module | None:
        item = self.module_list.currentItem()
        return None if item is None else self.catalogue.get(item.data(MODULE_ROLE))

    def governors(self):
        return [] if self.school is None else list_governors(self.store, self.school.urn)

    # -- actions ---------------------------------------------------------------------
    def take_check(self) -> KnowledgeCheckDialog | None:
        module = self.current_module()
        if module is None or self.summary is None or not self.summary.governors:
            return None
        dialog = KnowledgeCheckDialog(self.store, module, self.governors(), self)
        dialog.recorded.connect(lambda _gid: self._after_record(f"{module.title}: recorded."))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def record_training(self):
        from stoke_governor.ui.training.dialogs import RecordTrainingDialog

        dialog = RecordTrainingDialog(
            self.store,
            self.governors(),
            self.catalogue,
            self,
            governor_id=self._selected_governor(),
        )
        dialog.recorded.connect(lambda _id: self._after_record("Training recorded."))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _after_record(self, message: str) -> None:
        self.refresh()
        self.status.setText(message)

    def _selected_governor(self) -> int | None:
        rows = self.grid.selectionModel().selectedRows() if self.summary else []
        if rows and rows[0].row() < len(self.summary.governors):
            return self.summary.governors[rows[0].row()].governor.id
        return None

    def export_summary(self, fmt: str, path: str | None = None):
        from stoke_governor.reports.training_report import export_training_summary

        urn = self.school.urn
        name = f"{urn}_training-summary.{fmt}"
        path = path or self._ask_path(name, fmt)
        if path:
            return self._run(
                lambda: export_training_summary(
                    self.store, urn, path, fmt, catalogue=self.catalogue
                )
            )
        return None

    def export_record(self, fmt: str | None = None, path: str | None = None):
        from stoke_governor.reports.training_report import export_training_record

        gid = self._selected_governor()
        if gid is None:
            self.status.setText("Choose a governor in the table first, then their record.")
            return None
        name = next(g.governor.name for g in self.summary.governors if g.governor.id == gid)
        if not path:
            path = self._ask_path(f"{name}_training-record.xlsx".replace("/", "-"), None)
        if not path:
            return None
        fmt = fmt or ("pdf" if str(path).lower().endswith(".pdf") else "xlsx")
        return self._run(
            lambda: export_training_record(self.store, gid, path, fmt, catalogue=self.catalogue)
        )

    def _ask_path(self, name: str, fmt: str | None) -> str:
        filters = {"xlsx": "Excel workbook (*.xlsx)", "pdf": "PDF document (*.pdf)"}
        wanted = filters[fmt] if fmt else ";;".join(filters.values())
        path, _ = QFileDialog.getSaveFileName(self, "Save the training document", name, wanted)
        return path

    def _run(self, make):
        from stoke_governor.ui.common.worker import start

        self.status.setText("Saving…")
        task = start(
            self.pool,
            lambda _progress, _cancelled: make(),
            finished=self._saved,
            failed=self._failed,
        )
        self.tasks.append(task)  # kept until the page goes: a running task must not be freed
        return task

    def _saved(self, written) -> None:
        self.status.setText(written.summary)

    def _failed(self, message: str, _details: str) -> None:
        self.status.setText(f"The document could not be saved: {message}")


def _tip(status) -> str:
    if status.expires_on:
        return f"Completed {status.completed_on}; expires {status.expires_on}."
    return f"Completed {status.completed_on}." if status.completed_on else "Not done yet."
