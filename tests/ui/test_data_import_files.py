"""The import window and what it is handed: a pipe in a folder is listed, refused, never read."""

from __future__ import annotations

import os

import pytest

from stoke_governor.schools.register import select_school
from stoke_governor.ui.shell.main_window import MainWindow
from tests.conftest import BIRCHES_HEAD, needs_dfe
from tests.data.test_import_files import ks4_copy, no_hang

pytestmark = [
    needs_dfe,
    pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX"),
]


def test_a_folder_with_a_pipe_and_a_link_to_a_device_imports_the_rest(qtbot, store, tmp_path):
    win = MainWindow(store, select_school(store, BIRCHES_HEAD))
    qtbot.addWidget(win)
    win.show()
    folder = tmp_path / "2019-2020"
    folder.mkdir()
    ks4_copy(folder, "england_ks4final.csv")  # the year from the folder's name
    os.mkfifo(folder / "pipe.csv")
    (folder / "zero.csv").symlink_to("/dev/zero")
    with no_hang():
        win.import_data([str(folder)])
        dialog = win.import_dialog
        assert [p.name for p in dialog.files] == ["england_ks4final.csv", "pipe.csv", "zero.csv"]
        assert dialog.import_button.isEnabled()  # no year asked of the pipe or the device
        with qtbot.waitSignal(dialog.imported, timeout=20000) as done:
            dialog.import_button.click()
    assert [o.status for o in done.args[0]] == ["imported", "rejected", "rejected"]
    assert dialog.table.item(1, 3).text() == (
        "pipe.csv is a named pipe, not a file the app can read; nothing was read from it."
    )
    assert dialog.table.item(2, 3).text().startswith("zero.csv is a link to /dev/zero")
    dialog.close_button.click()
    win.pool.waitForDone(5000)
