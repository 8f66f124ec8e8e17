"""The LA's window: Governor Services' own pages, for the city's boards and their returns.

Opened instead of the board's main window when the database is the LA's (la.is_la). Each
page is built the first time it is shown, takes (store, pool) — the window's one thread
pool, for long work —, has `refresh()` (called whenever it is shown) and may have a
`changed` signal it emits after it writes. Return files handed to the window — chosen
from the File menu, dropped anywhere on it (files or folders), or double-clicked on the
desktop — open the import preview (ReturnsImportDialog).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from stoke_governor import APP_NAME
from stoke_governor.core.dates import stamp_label
from stoke_governor.core.settings import EXPORT_FOLDER, RETURNS_FOLDER
from stoke_governor.la.returns.held import any_held, held_counts
from stoke_governor.ui.common.file_drop import OpensDroppedFiles
from stoke_governor.ui.common.navigation import PageList
from stoke_governor.ui.common.user_settings import last_folder, remember_folder
from stoke_governor.ui.common.worker import window_pool
from stoke_governor.ui.shell.meeting_mode import add_go_menu

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

# The LA's pages, in navigation order: (title, module in this package, class).
LA_PAGES = (
    ("City picture", "la.city_page", "CityPage"),
    ("Returns", "la.returns_page", "ReturnsPage"),
    ("Packs for schools", "la.packs_page", "PacksPage"),
    ("City measures", "la.measures_page", "CityMeasuresPage"),
)
CITY_PAGE, RETURNS_PAGE, PACKS_PAGE, MEASURES_PAGE = range(len(LA_PAGES))
RETURN_PATTERNS = "Returns from boards (*.xlsx *.XLSX);;All files (*)"
CITY_REPORT_NAME = "Stoke-on-Trent governance city summary.xlsx"
CITY_REPORT_PATTERNS = "Excel workbook (*.xlsx);;PDF document (*.pdf)"


def held_summary(store: Store) -> str:
    """'98 returns held from 95 schools; last import 20 Nov 2026 14:03' (or none yet)."""
    held, schools, last = held_counts(store)
    if not held and not last:
        return "No returns held yet"
    text = f"{held:,} return{'s' if held != 1 else ''} held from {schools:,} school"
    text += "s" if schools != 1 else ""
    return text + (f"; last import {stamp_label(last)}" if last else "")


class LAWindow(OpensDroppedFiles, QMainWindow):
    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.pool = window_pool(self)  # handed to the pages and dialogs that run long work
        self.import_dialog = None
        self.data_dialog = None  # the DfE data import window, while open
        self.setAcceptDrops(True)
        self.setWindowTitle(f"{APP_NAME} — LA Governor Services ({Path(store.path).name})")
        self.resize(1180, 720)
        self.nav = PageList()
        self.pages = QStackedWidget()
        self.built: dict[int, QWidget] = {}  # pages built so far, by navigation row
        for title, _module, _cls in LA_PAGES:
            self.nav.addItem(title)
            self.pages.addWidget(QWidget())
        self.nav.fit()  # as wide as its titles
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.held = QLabel()
        self.held.setAccessibleName("Returns held")
        self.statusBar().addPermanentWidget(self.held)
        self._build_menus()
        self.nav.currentRowChanged.connect(self.show_page)
        self.update_status()
        from stoke_governor.ui.shell.window_state import remember

        remember(self, "la")  # size and place as the user left them

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import returns…", self, shortcut=QKeySequence("Ctrl+I"))
        self.import_action.setToolTip("Choose the return files the boards sent")
        self.import_action.triggered.connect(self.choose_returns)
        file_menu.addAction(self.import_action)
        folder = QAction(
            "Import a &folder of returns…", self, shortcut=QKeySequence("Ctrl+Shift+I")
        )
        folder.triggered.connect(self.choose_folder)
        file_menu.addAction(folder)
        data = QAction("Import the DfE's &data…", self, shortcut=QKeySequence("Ctrl+D"))
        data.setToolTip(
            "The city's school-level files from the DfE, which the packs carry to every school"
        )
        data.triggered.connect(lambda: self.import_data())
        file_menu.addAction(data)
        self.recent_menu = file_menu.addMenu("Open Rec&ent")  # filled when opened
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        report = QAction("Export the city &report…", self, shortcut=QKeySequence("Ctrl+E"))
        report.triggered.connect(lambda: self.export_city_report())
        file_menu.addAction(report)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        add_go_menu(self)  # Go: Ctrl+1… for the pages
        help_menu = self.menuBar().addMenu("&Help")
        guide = QAction("&Guide", self, shortcut=QKeySequence("F1"))
        guide.triggered.connect(self.show_help)
        help_menu.addAction(guide)
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    # -- pages ----------------------------------------------------------------------------------
    def page(self, row: int) -> QWidget:
        """The page at this navigation row, built now if it has not been yet."""
        if row not in self.built:
            _title, module, cls = LA_PAGES[row]
            page_class = getattr(importlib.import_module(f"stoke_governor.ui.{module}"), cls)
            page = page_class(self.store, self.pool)  # long work runs on the window's pool
            self.built[row] = page
            placeholder = self.pages.widget(row)
            self.pages.insertWidget(row, page)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self._wire(page)
            from stoke_governor.ui.common.keyboard import tab_moves_on

            tab_moves_on(page)
        return self.built[row]

    def _wire(self, page: QWidget) -> None:
        """Connect a newly built page to the window."""
        if hasattr(page, "changed"):
            page.changed.connect(self.update_status)
        for signal, slot in (
            ("import_requested", self.choose_returns),
            ("folder_requested", self.choose_folder),
            ("city_requested", self.show_city),
        ):
            if hasattr(page, signal):
                getattr(page, signal).connect(slot)
        if hasattr(page, "message"):  # a page's result, for the status bar
            page.message.connect(lambda text: self.statusBar().showMessage(text, 15000))

    def show_page(self, row: int) -> None:
        if row >= 0:
            page = self.page(row)
            self.pages.setCurrentIndex(row)
            page.refresh()

    def show_city(self) -> None:
        self.nav.setCurrentRow(CITY_PAGE)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.nav.currentRow() < 0:  # the first page is built once the window shows
            self.nav.setCurrentRow(self._first_page())

    def _first_page(self) -> int:
        """The city picture once there are returns; before that, the Returns page, which
        says what to do first."""
        return CITY_PAGE if any_held(self.store) else RETURNS_PAGE

    def update_status(self) -> None:
        self.held.setText(held_summary(self.store))
        self.statusBar().showMessage(f"Database: {self.store.path}")

    # -- importing returns -------------------------------------------------------------------
    def choose_returns(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import the boards' returns", self._import_folder(), RETURN_PATTERNS
        )
        if paths:
            self.open_files(paths)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Import every return in a folder", self._import_folder()
        )
        if folder:
            self.open_files([folder])

    def _import_folder(self) -> str:
        return last_folder(RETURNS_FOLDER, self.store)

    def import_data(self, paths=()) -> None:
        """The DfE's files (CSV): the same import window a board uses, into the LA's
        database, whose packs then carry the figures to every school."""
        from stoke_governor.ui.data.import_dialog import ImportDialog

        if self.data_dialog is None:
            self.data_dialog = ImportDialog(self.store, self.pool, self)
            self.data_dialog.finished.connect(self._data_closed)
        if paths:
            self.data_dialog.add_paths(paths)
        self.data_dialog.open()

    def _data_closed(self) -> None:
        if self.data_dialog is not None:
            self.data_dialog.deleteLater()
            self.data_dialog = None

    def open_files(self, paths) -> None:
        """Return files or folders of them: the import preview, one at a time. CSV files
        are the DfE's data, never returns: they go to the data import window."""
        from stoke_governor.ui.la.returns_import_dialog import ReturnsImportDialog

        paths = [str(p) for p in paths]
        if csvs := [p for p in paths if p.lower().endswith(".csv")]:
            self.import_data(csvs)
            paths = [p for p in paths if p not in csvs]
        if not paths:
            return
        if self.import_dialog is not None:
            if self.import_dialog.busy:
                self.statusBar().showMessage(
                    "An import is still running; drop the files again when it has finished.",
                    10000,
                )
                self.import_dialog.raise_()
                return
            self.import_dialog.close()
        first = Path(paths[0])
        folder = first if first.is_dir() else first.parent
        remember_folder(RETURNS_FOLDER, folder)
        dialog = ReturnsImportDialog(self.store, self.pool, paths, self)
        dialog.imported.connect(lambda outcomes: self._after_import(outcomes, paths))
        dialog.city_requested.connect(self.show_city)
        dialog.finished.connect(lambda _code, d=dialog: self._import_closed(d))
        self.import_dialog = dialog
        dialog.open()

    def _import_closed(self, dialog) -> None:
        if self.import_dialog is dialog:
            self.import_dialog = None
        dialog.deleteLater()

    def _note_recent(self, paths: list[str]) -> None:
        """One file per event-loop turn (each is a write of the settings file)."""
        from stoke_governor.ui.shell.recent_files import add_recent

        if paths:
            add_recent(paths[0], "returns")
            QTimer.singleShot(0, lambda: self._note_recent(paths[1:]))

    def _fill_recent(self) -> None:
        from stoke_governor.ui.shell.recent_files import fill_menu

        fill_menu(self.recent_menu, lambda path, _kind: self.open_files([path]), ("returns",))

    def _after_import(self, outcomes, handed=()) -> None:
        from stoke_governor.ui.shell.recent_files import MAX_RECENT

        # Open Recent lists the return files handed over (not folders), the latest few
        files = [p for p in handed if Path(p).is_file()][:MAX_RECENT]
        read = {str(o.file) for o in outcomes if o.status != "rejected"}
        self._note_recent([p for p in reversed(files) if str(p) in read])
        self.update_status()
        self._city_on_year_imported(outcomes)
        current = self.pages.currentWidget()
        if hasattr(current, "refresh"):
            current.refresh()  # the page in front shows what is new; others refresh when shown

    def _city_on_year_imported(self, outcomes) -> None:
        """The City picture turns to the newest year among the returns just imported."""
        from stoke_governor.la.returns.importer import newest_year

        year = newest_year(outcomes)
        if year:
            self.page(CITY_PAGE).show_year(year)

    def closeEvent(self, event) -> None:
        """Quitting during an import stops it after the file in hand (the files done stay
        imported) and waits for that, so the database is closed with nothing half-done."""
        dialog = self.import_dialog
        if dialog is not None and dialog.task is not None:
            dialog.task.cancel()
        if self.data_dialog is not None and self.data_dialog.task is not None:
            self.data_dialog.task.cancel()
        self.pool.waitForDone(30000)
        super().closeEvent(event)

    # -- the city report -------------------------------------------------------------------
    def export_city_report(self, path=None):
        """The city summary for the Education Improvement Partnership Board (XLSX or PDF,
        by the name chosen), for the year the City picture shows, written off the GUI thread
        with progress and Cancel."""
        from stoke_governor.reports.common import Exported
        from stoke_governor.ui.common.export_runner import ExportRunner

        title = "Export the city report"
        if path is None:
            folder = last_folder(EXPORT_FOLDER, self.store)
            path, chosen = QFileDialog.getSaveFileName(
                self, title, str(Path(folder) / CITY_REPORT_NAME), CITY_REPORT_PATTERNS
            )
            if not path:
                return None
            if Path(path).suffix.lower() not in (".xlsx", ".pdf"):
                path += ".pdf" if "PDF" in chosen else ".xlsx"
            remember_folder(EXPORT_FOLDER, Path(path).parent)
        if getattr(self, "exports", None) is None:
            self.exports = ExportRunner(self.pool, self)
            self.exports.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        store = self.store
        city = self.built.get(CITY_PAGE)
        year = city.year.currentData() if city is not None else None  # the year on show

        def work(progress, cancelled):
            from stoke_governor.reports.city_export import export_city_report

            progress(0, 0, "writing the city summary")
            written = Path(export_city_report(store, path, year=year))
            return Exported(written, f"The city report was saved as {written}.")

        return self.exports.run(title, work)

    # -- the guide and about ---------------------------------------------------------------
    def show_help(self):
        """The guide (F1), open on the guide to the page on show."""
        from stoke_governor.ui.help.window import show_help

        row = self.nav.currentRow()
        return show_help(self, "la", LA_PAGES[row][1] if row >= 0 else None)

    def show_about(self) -> None:
        from stoke_governor.ui.shell.about import show_about

        self.about_box = show_about(
            self,
            self.store,
            "<b>LA mode:</b> this database belongs to the LA's Governor Services. It holds "
            "every city school and the self-evaluation returns their boards send; no board's "
            "own records are kept here.",
        )
