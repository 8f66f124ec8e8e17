"""The LA's window: opened for the LA's database, chosen at first run, fed by dropped files."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog

from stoke_governor.la.mode import is_la
from stoke_governor.ui.shell.app import open_main_window
from stoke_governor.ui.shell.la_window import LA_PAGES, RETURNS_PAGE, LAWindow
from tests.keyboard_walk import assert_walked_by_tab, tab_stops, unnamed
from tests.return_files import make_return


@pytest.fixture
def window(qtbot, la_path):
    win = open_main_window(la_path, ask_for_school=False)
    qtbot.addWidget(win)
    yield win
    win.pool.waitForDone(10000)
    win.store.close()


def drop(qtbot, widget, *paths) -> None:
    """Drop files or folders from the file manager on the widget."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPoint(20, 20),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPoint(20, 20),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)


def wait_idle(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)


def statuses(dialog) -> list[str]:
    return [dialog.model.text(r, 2) for r in range(dialog.model.rowCount())]


def import_all(qtbot, window, paths):
    """Open `paths` in the window, import every return the preview lists and close it."""
    window.open_files(paths)
    dialog = window.import_dialog
    wait_idle(qtbot, dialog)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.import_done)
    dialog.reject()
    return dialog


def held_count(store) -> int:
    return store.conn.execute("SELECT count(*) FROM returns_received").fetchone()[0]


def test_the_las_database_opens_the_las_window(window, qtbot, la_path):
    assert isinstance(window, LAWindow)
    assert window.windowTitle().endswith(f"LA Governor Services ({la_path.name})")
    assert window.nav.accessibleName() == "Pages"
    assert [window.nav.item(r).text() for r in range(window.nav.count())] == [
        t for t, _m, _c in LA_PAGES
    ]
    window.show()
    qtbot.waitExposed(window)
    # no returns yet: the window opens on the Returns page, which says what to do first
    assert window.nav.currentRow() == RETURNS_PAGE
    page = window.page(RETURNS_PAGE)
    assert page.summary.text().startswith("No returns yet: drop the boards' return files")
    assert "No returns held yet" in window.held.text()
    menu = {a.text(): a for m in window.menuBar().actions() for a in m.menu().actions()}
    assert menu["&Import returns…"].shortcut().toString() == "Ctrl+I"
    assert "Import a &folder of returns…" in menu
    assert "Export the city &report…" in menu
    assert menu["&Quit"].shortcut().toString() == "Ctrl+Q"


def test_first_run_choice_makes_a_new_database_the_las(qtbot, db_path, monkeypatch):
    from stoke_governor.ui.shell import school_picker

    shown = []

    def choose_la(picker):
        shown.append(picker.la_button.text())
        picker.choose_la()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(school_picker.SchoolPicker, "exec", choose_la)
    win = open_main_window(db_path)
    qtbot.addWidget(win)
    assert shown == ["I work for the &LA's Governor Services"]
    assert isinstance(win, LAWindow) and is_la(win.store)
    win.store.close()
    # and the next start opens the LA's window without asking
    again = open_main_window(db_path)
    qtbot.addWidget(again)
    assert isinstance(again, LAWindow)
    again.store.close()


def test_the_first_run_choice_says_each_installation_has_its_own_database(qtbot, store):
    from PySide6.QtWidgets import QLabel

    from stoke_governor.schools.register import list_schools
    from stoke_governor.ui.shell.school_picker import SchoolPicker

    picker = SchoolPicker(list_schools(store), offer_la=True)
    qtbot.addWidget(picker)
    texts = " ".join(label.text() for label in picker.findChildren(QLabel))
    assert "Each installation uses a database of its own" in texts
    changing = SchoolPicker(list_schools(store))  # File → Change school: a board stays a board
    qtbot.addWidget(changing)
    assert not hasattr(changing, "la_button")


def test_dropping_a_folder_previews_then_imports_and_again_changes_nothing(window, qtbot, returns):
    window.show()
    drop(qtbot, window, returns)
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible()
    wait_idle(qtbot, dialog)
    assert statuses(dialog) == ["New"] * 3
    assert dialog.summary.text().startswith("3 files: 3 new.")
    assert held_count(window.store) == 0  # a preview writes nothing
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # Import
    qtbot.waitUntil(lambda: dialog.import_done)  # a mnemonic animates the button's click
    assert statuses(dialog) == ["Imported"] * 3
    assert dialog.summary.text().startswith("Done: 3 imported.")
    assert dialog.city_button.isVisible()
    assert held_count(window.store) == 3
    assert window.held.text().startswith("3 returns held from 3 schools; last import")
    page = window.page(RETURNS_PAGE)
    assert page.held_model.rowCount() == 3  # the page in front shows them at once
    dialog.reject()

    drop(qtbot, window, returns)  # the same folder again
    again = window.import_dialog
    assert again is not dialog
    wait_idle(qtbot, again)
    assert statuses(again) == ["Already held"] * 3
    assert again.summary.text().startswith("3 files: 3 already held.")
    again.import_button.click()
    wait_idle(qtbot, again)
    assert statuses(again) == ["Already held"] * 3
    assert held_count(window.store) == 3


def test_a_refused_file_shows_its_reason(window, qtbot, returns):
    (returns / "minutes.xlsx").write_text("Minutes of the meeting, not a return")
    window.open_files([returns])
    dialog = window.import_dialog
    wait_idle(qtbot, dialog)
    what, why = dialog.status_of("minutes.xlsx")
    assert what == "Refused"
    assert "not a workbook" in why
    assert statuses(dialog)[0] == "Refused"  # problems come first
    assert dialog.summary.text().startswith("4 files: 3 new, 1 refused.")
    dialog.import_button.click()
    wait_idle(qtbot, dialog)
    page = window.page(RETURNS_PAGE)
    page.refresh()
    assert page.log_model.rowCount() == 4
    page.refused_only.setChecked(True)
    assert page.log_model.rowCount() == 1
    assert page.log_model.text(0, 3) == "Refused"
    assert "not a workbook" in page.log_model.text(0, 4)


def test_a_conflict_is_kept_for_a_person_to_choose(window, qtbot, store, tmp_path, seeded_template):
    """Two installations of one board send different answers as the same revision."""
    import shutil

    from stoke_governor.startup import open_database

    first = make_return(store, 136102, tmp_path / "a")
    store.close()
    shutil.copy(store.path, tmp_path / "other.sqlite")
    second = open_database(tmp_path / "other.sqlite")
    rival = make_return(second, 136102, tmp_path / "b", ratings={"SL1": 1, "AC1": 1})
    second.close()
    mine = make_return(store, 136102, tmp_path / "c", ratings={"SL1": 4})
    window.open_files([first, mine])
    wait_idle(qtbot, window.import_dialog)
    window.import_dialog.import_button.click()
    wait_idle(qtbot, window.import_dialog)
    window.open_files([rival])
    dialog = window.import_dialog
    wait_idle(qtbot, dialog)
    assert statuses(dialog) == ["Conflict"]
    dialog.import_button.click()
    wait_idle(qtbot, dialog)
    assert "1 needs a decision on the Returns page" in dialog.summary.text()
    dialog.reject()
    window.nav.setCurrentRow(RETURNS_PAGE)
    page = window.page(RETURNS_PAGE)
    assert page.conflict_box.isVisibleTo(page)
    assert page.conflict_model.rowCount() == 2
    assert not page.keep_button.isEnabled()
    page.conflict_view.selectRow(1)
    page.keep_button.click()
    assert page.conflict_box.isHidden()


def test_every_control_on_the_returns_page_and_the_preview_has_a_name(window, qtbot, returns):
    window.show()
    window.nav.setCurrentRow(RETURNS_PAGE)
    page = window.page(RETURNS_PAGE)
    window.open_files([returns])
    dialog = window.import_dialog
    wait_idle(qtbot, dialog)
    assert_named(dialog, "the preview")
    dialog.import_button.click()
    wait_idle(qtbot, dialog)
    assert_named(dialog, "the import's outcomes")
    dialog.reject()
    assert_named(page, "the Returns page")  # buttons, tabs and the returns held


def assert_named(widget, what: str) -> None:
    stops = tab_stops(widget)
    assert len(stops) >= 3, f"{what}: nothing takes the keyboard"
    assert not unnamed(stops), f"{what}: controls without a name: {unnamed(stops)}"


@pytest.mark.parametrize("row", range(len(LA_PAGES)), ids=[t for t, _m, _c in LA_PAGES])
def test_each_la_page_is_walked_by_tab_and_names_each_control(window, qtbot, row):
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setCurrentRow(row)
    page = window.page(row)
    assert_walked_by_tab(qtbot, page, LA_PAGES[row][0])


def test_a_return_handed_over_is_in_open_recent_and_opens_the_preview_again(
    window, qtbot, store, tmp_path
):
    path = make_return(store, 136102, tmp_path / "sent")
    dialog = import_all(qtbot, window, [path])  # as a double-clicked return
    window.recent_menu.aboutToShow.emit()
    first = window.recent_menu.actions()[0]
    assert first.text() == f"&1 {path.name}"
    first.trigger()
    again = window.import_dialog
    assert again is not dialog
    wait_idle(qtbot, again)
    assert statuses(again) == ["Already held"]


def test_the_city_report_is_exported_from_the_file_menu(window, qtbot, returns, tmp_path):
    import_all(qtbot, window, [returns])
    target = tmp_path / "city.xlsx"
    assert window.export_city_report(target) is not None
    qtbot.waitUntil(lambda: not window.exports.running, timeout=20000)
    assert target.read_bytes().startswith(b"PK")
    assert window.exports.box.text() == f"The city report was saved as {target}."


def test_enter_on_a_return_held_opens_it_to_read(window, qtbot, returns):
    import_all(qtbot, window, [returns])
    window.show()
    window.nav.setCurrentRow(RETURNS_PAGE)
    page = window.page(RETURNS_PAGE)
    school = page.held_model.text(0, 0)
    page.held_view.setFocus()
    page.held_view.setCurrentIndex(page.held_model.index(0, 0))
    qtbot.keyClick(page.held_view, Qt.Key.Key_Return)
    assert page.return_view is not None and page.return_view.isVisible()
    assert page.return_view.windowTitle() == f"Return — {school}"
    page.return_view.reject()


def test_the_dfe_files_dropped_on_the_las_window_import_as_data_not_returns(
    window, qtbot, tmp_path
):
    from tests.data.test_import_files import ks4_copy

    csv = ks4_copy(tmp_path, "2019-2020_england_ks4final.csv")
    before = window.store.conn.execute("SELECT count(*) FROM school_figures").fetchone()[0]
    window.show()
    drop(qtbot, window, csv)
    assert window.import_dialog is None  # a CSV is never a board's return
    dialog = window.data_dialog
    assert dialog.windowTitle() == "Import data"
    assert [p.name for p in dialog.files] == [csv.name]
    with qtbot.waitSignal(dialog.imported, timeout=20000) as done:
        dialog.import_button.click()
    assert [o.status for o in done.args[0]] == ["imported"]
    after = window.store.conn.execute("SELECT count(*) FROM school_figures").fetchone()[0]
    assert after > before  # the LA's database holds them, for the packs to carry
    dialog.close_button.click()
    assert window.data_dialog is None


def test_the_file_menu_offers_the_dfe_data_import(window):
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Import the DfE's &data…" in texts
