"""File ▸ Open Recent: newest first, at most eight, missing files greyed and removable."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from stoke_governor.ui.shell import recent_files as rf


def make(tmp_path, n: int):
    files = []
    for i in range(n):
        path = tmp_path / f"figures-{i}.csv"
        path.write_text("x\n")
        files.append(path)
    return files


def labels(menu: QMenu) -> list[tuple[str, bool]]:
    return [(a.text(), a.isEnabled()) for a in menu.actions() if not a.isSeparator()]


def test_newest_first_and_at_most_eight(tmp_path):
    files = make(tmp_path, 10)
    for path in files:
        rf.add_recent(path)
    listed = rf.recent_files()
    assert [r.path for r in listed] == list(reversed(files))[: rf.MAX_RECENT]
    rf.add_recent(files[4], "challenges")  # opened again: back to the top, as a challenge log
    listed = rf.recent_files()
    assert listed[0] == rf.Recent(files[4], "challenges")
    assert len(listed) == rf.MAX_RECENT and [r.path for r in listed].count(files[4]) == 1


def test_menu_greys_out_missing_files_and_removes_them(qtbot, tmp_path):
    keep, gone = make(tmp_path, 2)
    rf.add_recent(keep)
    rf.add_recent(gone)
    gone.unlink()
    chosen = []
    menu = QMenu()
    rf.fill_menu(menu, lambda path, kind: chosen.append((path, kind)))
    assert labels(menu) == [
        ("figures-1.csv (not found)", False),
        ("&2 figures-0.csv", True),
        ("Remove &missing files", True),
        ("&Clear recent files", True),
    ]
    menu.actions()[1].trigger()
    assert chosen == [(str(keep), "data")]
    remove = next(a for a in menu.actions() if a.text() == "Remove &missing files")
    remove.trigger()
    assert [r.path for r in rf.recent_files()] == [keep]
    assert labels(menu)[0] == ("&1 figures-0.csv", True)
    next(a for a in menu.actions() if a.text() == "&Clear recent files").trigger()
    assert rf.recent_files() == []
    assert labels(menu)[0] == ("No recent files", False)


def test_window_remembers_imported_files_and_reopens_them(qtbot, store, tmp_path):
    from stoke_governor.data.importer import Outcome
    from stoke_governor.schools.register import select_school
    from stoke_governor.ui.shell.main_window import MainWindow

    (data,) = make(tmp_path, 1)
    win = MainWindow(store, select_school(store, 136102))
    qtbot.addWidget(win)
    win._after_import([Outcome(str(data), "imported"), Outcome("/nowhere.csv", "rejected")])
    win.recent_menu.aboutToShow.emit()
    assert labels(win.recent_menu)[0] == ("&1 figures-0.csv", True)
    win.recent_menu.actions()[0].trigger()  # opens the import window with the file
    assert win.import_dialog is not None and win.import_dialog.files == [data]
    win.import_dialog.close()


def test_a_window_lists_only_the_kinds_it_opens(qtbot, tmp_path):
    data, returns = make(tmp_path, 2)
    rf.add_recent(data, "data")
    rf.add_recent(returns, "returns")
    menu = rf.RecentFilesMenu(kinds=("returns",))
    assert labels(menu)[0] == ("&1 figures-1.csv", True) and len(labels(menu)) == 3
    next(a for a in menu.actions() if a.text() == "&Clear recent files").trigger()
    assert rf.recent_files() == [rf.Recent(data, "data")]  # the other window's files kept
