"""The app opened on a damaged database: it says so, offers the newest good backup, and a
restore opens a working window on the backup's data (the damaged file kept beside it)."""

from __future__ import annotations

import sys
import threading

from PySide6.QtWidgets import QDialog

from stoke_governor.challenges.log import add_challenge
from stoke_governor.challenges.records import find_challenges
from stoke_governor.core.errors import DiskFullError
from stoke_governor.startup.recovery import newest_good_backup
from stoke_governor.ui.shell import error_hook
from stoke_governor.ui.shell.app import open_main_window, open_or_recover
from stoke_governor.ui.shell.recovery import DamagedDialog
from tests.conftest import BIRCHES_HEAD
from tests.damaged_db import BACKED_UP, backups_now, make_damaged

ASKED = "why has attendance fallen"  # the made-up challenges' question


def test_the_window_on_a_damaged_file_offers_the_newest_good_backup(qtbot, db_path):
    damaged = make_damaged(db_path)
    damaged_bytes = db_path.read_bytes()
    newest = newest_good_backup(db_path)
    window = open_main_window(db_path, ask_for_school=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: getattr(window, "recovery", None) is not None)
    dialog = window.recovery
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Stoke Governor: the database is damaged"
    text = dialog.message.text()
    assert f"A check of {db_path} found a problem (" in text
    assert "will not write anything to it, nor back it up" in text
    qtbot.waitUntil(dialog.restore_button.isEnabled)
    assert dialog.restore_button.text() == (f"&Restore the newest good backup ({newest.made_text})")
    assert dialog.choose_button.isEnabled() and dialog.quit_button.text() == "&Quit"

    dialog.restore_button.click()
    qtbot.waitUntil(lambda: getattr(window, "replaced_by", None) is not None)
    restored = window.replaced_by
    qtbot.addWidget(restored)
    assert restored.isVisible() and not window.isVisible()
    assert restored.windowTitle().startswith("Birches Head Academy")
    assert "Restored" in restored.statusBar().currentMessage()
    held = find_challenges(restored.store, BIRCHES_HEAD, text=ASKED)
    assert len(held) == BACKED_UP  # the backup's data, not the 5 recorded after it
    add_challenge(restored.store, BIRCHES_HEAD, question="Is it working again?")
    kept = next(db_path.parent.glob("governor.damaged-*.sqlite"))
    assert kept.read_bytes() == damaged_bytes
    assert backups_now(db_path) != {} and set(damaged.backups) <= set(backups_now(db_path))
    restored.store.close()


def test_quit_leaves_the_damaged_file_and_its_backups_as_they_were(qtbot, db_path):
    damaged = make_damaged(db_path)
    before = db_path.read_bytes()
    window = open_main_window(db_path, ask_for_school=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: getattr(window, "recovery", None) is not None)
    window.recovery.quit_button.click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.replaced_by is None
    assert db_path.read_bytes() == before
    assert backups_now(db_path) == damaged.backups


def test_damage_met_as_the_file_opens_brings_up_the_dialog_first(qtbot, db_path, monkeypatch):
    make_damaged(db_path, table="settings")  # read as the database opens
    shown = []

    def exec_(dialog):
        shown.append(dialog)
        dialog.show()
        qtbot.waitUntil(dialog.restore_button.isEnabled)
        dialog.restore_button.click()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        return dialog.result()

    monkeypatch.setattr(DamagedDialog, "exec", exec_)
    window = open_or_recover(db_path, ask_for_school=False)
    qtbot.addWidget(window)
    assert len(shown) == 1 and str(db_path) in shown[0].message.text()
    assert window.windowTitle().startswith("Birches Head Academy")
    assert len(find_challenges(window.store, BIRCHES_HEAD, text=ASKED)) == BACKED_UP
    window.store.close()


def test_a_refusal_no_page_caught_is_shown_as_its_sentence(qtbot, qapp):
    saved = sys.excepthook, threading.excepthook
    error_hook.install(qapp)
    try:
        full = DiskFullError("There is not enough free space to save this change: …")
        sys.excepthook(DiskFullError, full, None)
        qtbot.waitUntil(lambda: error_hook.current_refusal() is not None)
        box = error_hook.current_refusal()
        assert box.isVisible() and box.text() == str(full)
        assert error_hook.current_dialog() is None  # not the "something went wrong" dialog
        box.close()
    finally:
        sys.excepthook, threading.excepthook = saved
        error_hook.close_log()


def test_a_full_disk_while_adding_a_governor_is_said_in_the_form(qtbot, store):
    from stoke_governor.board.governors import list_governors
    from stoke_governor.ui.board.governor_dialog import GovernorDialog

    held = len(list_governors(store, BIRCHES_HEAD))
    store.execute("VACUUM")  # no free pages left inside the file
    pages = store.query_row("PRAGMA page_count")[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL at the next growth
    dialog = GovernorDialog(store, BIRCHES_HEAD)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Pat Example " + "x" * 30000)  # more than the pages left can hold
    dialog.accept()
    assert dialog.isVisible()  # kept open, with what the user typed
    assert dialog.error.text().startswith("There is not enough free space to save this change")
    assert len(list_governors(store, BIRCHES_HEAD)) == held
