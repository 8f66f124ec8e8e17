"""The main window: a navigation list on the left, the chosen page on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QStackedWidget, QWidget

from stoke_governor import APP_NAME
from stoke_governor.board.governors import get_board
from stoke_governor.schools.register import School, list_schools, select_school
from stoke_governor.ui.common.file_drop import OpensDroppedFiles
from stoke_governor.ui.common.navigation import PageList
from stoke_governor.ui.common.worker import window_pool
from stoke_governor.ui.measures.dashboard_page import DashboardPage
from stoke_governor.ui.shell.meeting_mode import LogUndo, add_go_menu

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

DASHBOARD_PAGE, DATA_PAGE = 0, 1
# Pages after the dashboard, in navigation order: (title, module under stoke_governor.ui, class).
# Each is built the first time it is opened (start-up stays fast); every page takes
# (store) — or (store, pool): PAGES_WITH_WORK — and has show_school(school). Wiring between
# pages goes in `_wire`.
LAZY_PAGES = (
    ("School data", "measures.data_page", "DataPage"),
    ("Meetings", "meetings.page", "MeetingsPage"),
    ("Challenge log", "challenges.page", "ChallengePage"),
    ("Board", "board.page", "BoardPage"),
    ("Training", "training.page", "TrainingPage"),
    ("Self-evaluation", "selfeval.page", "SelfEvalPage"),
)
# Pages that run long work (exports) take the window's one thread pool too: (store, pool).
PAGES_WITH_WORK = ("board.page", "training.page", "selfeval.page", "measures.data_page")


class MainWindow(OpensDroppedFiles, QMainWindow):
    def __init__(self, store: Store, school: School, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.pool = window_pool(self)  # handed to the pages and dialogs that run long work
        self.import_dialog = None
        self.setAcceptDrops(True)
        self.resize(1180, 720)
        self.nav = PageList()
        self.pages = QStackedWidget()
        self.dashboard = DashboardPage(store)
        self.dashboard.chart_requested.connect(self.show_chart)
        self.dashboard.print_requested.connect(lambda: self.print_report(preview=True))
        self.dashboard.save_requested.connect(lambda: self.export_data_summary())
        self.built: dict[int, QWidget] = {}  # lazily built pages, by navigation row
        self.nav.addItem(self.dashboard.title)
        self.pages.addWidget(self.dashboard)
        for title, _module, _cls in LAZY_PAGES:
            self.nav.addItem(title)
            self.pages.addWidget(QWidget())
        self.nav.fit()  # as wide as its titles
        self.nav.currentRowChanged.connect(self.show_page)
        self.nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus()
        from stoke_governor.ui.shell.window_state import remember

        remember(self, "main")  # size and place as the user left them
        self.statusBar().showMessage(f"Database: {store.path}")
        self.show_school(school)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Change school…", self.change_school, "Ctrl+Shift+S")
        file_menu.addSeparator()
        self._action(file_menu, "&Import data…", self.import_data, "Ctrl+I")
        self.recent_menu = file_menu.addMenu("Open Rec&ent")  # filled when opened
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, "Make a data &template…", self.make_template)
        self._action(file_menu, "Import a &challenge log…", lambda: self.import_challenge_log())
        self._action(file_menu, "Import an LA &receipt…", lambda: self.import_receipt())
        self._action(file_menu, "Apply an LA pac&k…", lambda: self.apply_pack())
        self._action(
            file_menu,
            "Export &minutes (PDF)…",
            lambda: self.export_meeting(None, "pdf"),
            "Ctrl+Shift+M",
        )
        self._action(
            file_menu, "Export minutes for &Word (DOCX)…", lambda: self.export_meeting(None, "docx")
        )
        self._action(
            file_menu, "Export &action log (XLSX)…", lambda: self.export_meeting(None, "xlsx")
        )
        self._action(
            file_menu, "Export school &data summary (PDF)…", lambda: self.export_data_summary()
        )
        file_menu.addSeparator()
        print_action = self._action(
            file_menu,
            "&Print…",
            lambda: self.print_report(preview=False),
            QKeySequence.StandardKey.Print,
        )
        print_action.setToolTip(
            "Print the report of this page (school data summary, minutes, training, evaluation)"
        )
        self._action(
            file_menu, "Print pre&view…", lambda: self.print_report(preview=True), "Ctrl+Shift+P"
        )
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.log_undo = LogUndo(self)  # Edit: the challenge log's Undo, from anywhere
        add_go_menu(self)  # Go: Ctrl+1… for the pages
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Guide", self.show_help, "F1")
        self._action(help_menu, f"&About {APP_NAME}", self.show_about)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        """A menu entry. Its shortcut is set with `setShortcuts`: `setShortcut`'s overloads
        name Qt's key enums, and resolving them builds all of Qt's namespace (~12 ms of
        start-up)."""
        action = QAction(text, self)
        keys = QKeySequence(shortcut) if shortcut is not None else QKeySequence()
        if not keys.isEmpty():  # a standard key this platform has no binding for: none
            action.setShortcuts([keys])
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_school(self, school: School) -> None:
        self.school = school
        board = get_board(self.store, school.urn)
        demo = board is not None and board.demo
        # every page of the demo board says so, in the title bar, whichever page is open
        shown = f"{school.name} — demo board, fictional governors" if demo else school.name
        self.setWindowTitle(f"{shown} — {APP_NAME}")
        self.dashboard.show_school(school)
        for page in self.built.values():
            page.show_school(school)

    @property
    def data(self):
        """The Data page, if it has been built."""
        return self.built.get(DATA_PAGE)

    def page(self, row: int) -> QWidget:
        """The page at this navigation row, built now if it has not been yet."""
        if row == DASHBOARD_PAGE:
            return self.dashboard
        if row not in self.built:
            import importlib

            _title, module, cls = LAZY_PAGES[row - 1]
            page_class = getattr(importlib.import_module(f"stoke_governor.ui.{module}"), cls)
            if module in PAGES_WITH_WORK:
                page = page_class(self.store, self.pool)
            else:
                page = page_class(self.store)
            self.built[row] = page
            placeholder = self.pages.widget(row)
            self.pages.insertWidget(row, page)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self._wire(row, page)
            from stoke_governor.ui.common.keyboard import tab_moves_on

            tab_moves_on(page)
            page.show_school(self.school)
        return self.built[row]

    def _wire(self, row: int, page: QWidget) -> None:
        """Connect a newly built page to the window and the other pages."""
        if row == DATA_PAGE:
            page.import_requested.connect(self.import_data)
            page.template_requested.connect(self.make_template)
        module = LAZY_PAGES[row - 1][1]
        if module == "measures.data_page":
            page.challenge_requested.connect(lambda code: self.raise_challenge(measure=code))
        elif module == "meetings.page":
            page.challenge_requested.connect(lambda mid: self.raise_challenge(meeting_id=mid))
            page.export_requested.connect(self.export_meeting)
        elif module == "challenges.page":
            page.chart_requested.connect(self.show_chart)
            page.open_meeting = self.open_meeting
            self.log_undo.attach(page)

    def export_meeting(self, meeting_id: int | None, fmt: str, path=None):
        """Minutes ('pdf' or 'docx': of this meeting, else one chosen) or the action log
        ('xlsx': of this meeting, else the board's), saved where the user says, off the GUI
        thread."""
        from stoke_governor.ui.common.export_runner import export_meeting

        return export_meeting(self, self.pool, meeting_id, fmt, path)

    def raise_challenge(self, measure: str | None = None, meeting_id: int | None = None):
        """The Challenge log, with a new entry's form open (tied to a measure or meeting)."""
        row = 1 + [m for _t, m, _c in LAZY_PAGES].index("challenges.page")
        self.nav.setCurrentRow(row)
        return self.page(row).new_challenge(measure=measure, meeting_id=meeting_id)

    def open_meeting(self) -> int | None:
        """The meeting open on the Meetings page (None if that page was not opened)."""
        page = self.built.get(1 + [m for _t, m, _c in LAZY_PAGES].index("meetings.page"))
        return page.meeting.id if page is not None and page.meeting is not None else None

    def show_chart(self, code: str) -> None:
        """The Data page, over the years, on this measure."""
        self.nav.setCurrentRow(DATA_PAGE)
        data = self.page(DATA_PAGE)
        data.trend_button.setChecked(True)
        data.set_measure(code)

    def show_page(self, row: int) -> None:
        if row >= 0:
            self.page(row)
            self.pages.setCurrentIndex(row)

    # -- importing ---------------------------------------------------------------
    def import_data(self, paths=()) -> None:
        """Open the import window (one at a time), with any files already chosen."""
        from stoke_governor.ui.data.import_dialog import ImportDialog

        if self.import_dialog is None:
            self.import_dialog = ImportDialog(self.store, self.pool, self)
            self.import_dialog.imported.connect(self._after_import)
            self.import_dialog.finished.connect(self._import_closed)
        if paths:
            self.import_dialog.add_paths(paths)
        self.import_dialog.open()

    def _import_closed(self) -> None:
        self.import_dialog.deleteLater()
        self.import_dialog = None

    def _after_import(self, outcomes) -> None:
        self._note_recent([o.file for o in outcomes if o.status != "rejected"], "data")
        stored = sum(1 for o in outcomes if o.status in ("imported", "superseded"))
        if stored:
            self.show_school(self.school)  # the pages show what is new
        self.statusBar().showMessage(
            f"Import finished: {stored} of {len(outcomes)} file(s) added figures.", 10000
        )

    def import_challenge_log(self, path=None) -> None:
        """Open the window that imports a board's own challenge log (CSV or XLSX)."""
        from stoke_governor.ui.challenges.import_dialog import ChallengeImportDialog

        dialog = ChallengeImportDialog(self.store, self.pool, self.school.urn, self, path)
        dialog.imported.connect(self._after_challenge_import)
        dialog.finished.connect(dialog.deleteLater)
        self.challenge_import_dialog = dialog
        dialog.open()

    def _after_challenge_import(self, count: int) -> None:
        self._note_recent([getattr(self.challenge_import_dialog, "path", None)], "challenges")
        self.show_school(self.school)  # the challenge log shows what is new
        self.statusBar().showMessage(f"{count:,} challenges imported into the log.", 10000)

    # -- recent files and printing ------------------------------------------------------
    def _note_recent(self, paths, kind: str) -> None:
        from stoke_governor.ui.shell.recent_files import add_recent

        for path in reversed([p for p in paths if p]):
            add_recent(path, kind)

    def _fill_recent(self) -> None:
        from stoke_governor.ui.shell.recent_files import fill_menu

        fill_menu(self.recent_menu, self.open_recent)

    def open_recent(self, path: str, kind: str) -> None:
        """A file chosen from Open Recent, opened the way it was before."""
        if kind == "challenges":
            self.import_challenge_log(path)
        else:
            self.open_files([path])

    def print_report(self, preview: bool = False):
        """Print (or preview) the report of the page on show: see print_preview."""
        from stoke_governor.ui.common.print_preview import print_report
        from stoke_governor.ui.shell.page_reports import report_of

        row, report = self.nav.currentRow(), None
        page = self.dashboard if row == DASHBOARD_PAGE else self.built.get(row)
        if page is not None and row >= 0:
            module = "measures.dashboard_page" if row == DASHBOARD_PAGE else LAZY_PAGES[row - 1][1]
            report = report_of(module, page, self.store, self.school.urn)
        return print_report(self, self.pool, report, preview)

    def export_data_summary(self, path=None):
        """The school data summary saved as a PDF where the user says, off the GUI thread."""
        from stoke_governor.ui.measures.summary_export import export_summary

        return export_summary(self, self.pool, path)

    def open_files(self, paths) -> None:
        """Files handed to the app by the desktop (double-click, "Open with") or dropped."""
        paths = [str(p) for p in paths]
        for pack in [p for p in paths if p.lower().endswith(".sgpack")]:
            self.apply_pack(pack)
        paths = [p for p in paths if not p.lower().endswith(".sgpack")]
        for receipt in [p for p in paths if p.lower().endswith(".sgreceipt")]:
            self.import_receipt(receipt)
        if rest := [p for p in paths if not p.lower().endswith(".sgreceipt")]:
            self.import_data(rest)

    def import_receipt(self, path=None) -> None:
        """The LA's receipt for the board's return: the Self-evaluation page imports it."""
        row = 1 + [module for _t, module, _c in LAZY_PAGES].index("selfeval.page")
        self.nav.setCurrentRow(row)
        self.page(row).import_receipt(path)

    def apply_pack(self, path=None) -> None:
        """The LA's pack for this school: what it will change, then Apply (or Cancel)."""
        from PySide6.QtWidgets import QFileDialog

        from stoke_governor.ui.la.pack_import_dialog import PackImportDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Apply an LA pack", "", "LA packs (*.sgpack);;All files (*)"
            )
            if not path:
                return
        dialog = PackImportDialog(self.store, path, self, self.pool)
        dialog.applied.connect(self._after_pack)
        dialog.finished.connect(dialog.deleteLater)
        self.pack_dialog = dialog
        dialog.open()

    def _after_pack(self, summary) -> None:
        from stoke_governor.schools.register import get_school

        self.show_school(get_school(self.store, self.school.urn))  # pages show what came
        self.statusBar().showMessage(summary.text, 10000)

    def make_template(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from stoke_governor.core.errors import StokeGovernorError
        from stoke_governor.data.template_workbook import write_template

        name = f"{self.school.urn}_{self.school.name}_school-data.xlsx".replace("/", "-")
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the school data template", name, "Excel workbook (*.xlsx)"
        )
        if not path:
            return
        try:
            write_template(self.store, self.school.urn, path)
        except (OSError, StokeGovernorError) as exc:
            QMessageBox.warning(self, "School data template", f"It could not be saved: {exc}")
            return
        QMessageBox.information(
            self,
            "School data template",
            f"Saved {path}.\n\nFill in the figures you have (leave the rest blank), save it, "
            "then use Import data… to bring them into the app.",
        )

    def change_school(self) -> None:
        from PySide6.QtWidgets import QDialog

        from stoke_governor.board.governors import demo_board
        from stoke_governor.ui.shell.school_picker import SchoolPicker

        demo = demo_board(self.store)
        picker = SchoolPicker(list_schools(self.store), self, demo_urn=demo.urn if demo else None)
        if picker.exec() == QDialog.DialogCode.Accepted and picker.selected_urn():
            self.show_school(select_school(self.store, picker.selected_urn()))

    def show_about(self) -> None:
        from stoke_governor.ui.shell.about import show_about

        show_about(self, self.store)

    def show_help(self):
        """The guide (F1), open on the guide to the page on show."""
        from stoke_governor.ui.help.window import show_help

        row = self.nav.currentRow()
        if row <= DASHBOARD_PAGE:  # pages are named by their module under stoke_governor.ui
            page = DashboardPage.__module__.removeprefix("stoke_governor.ui.")
        else:
            page = LAZY_PAGES[row - 1][1]
        return show_help(self, "board", page)
