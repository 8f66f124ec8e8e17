"""The returns import preview: what will happen to each file, then the import, off the GUI
thread, with Stop keeping the files already done."""

from __future__ import annotations

import contextlib
import os
import threading
import zipfile
from pathlib import Path

import pytest

from PySide6.QtCore import QThreadPool

from stoke_governor.la.returns.held import current_returns
from stoke_governor.ui.la.returns_import_dialog import ReturnsImportDialog
from stoke_governor.ui.la.returns_words import totals
from tests.return_files import make_return


@pytest.fixture
def pool():
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    yield pool
    pool.waitForDone(10000)


def open_dialog(qtbot, la_store, pool, paths) -> ReturnsImportDialog:
    dialog = ReturnsImportDialog(la_store, pool, paths)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    return dialog


def statuses(dialog) -> list[str]:
    return [dialog.model.text(r, 2) for r in range(dialog.model.rowCount())]


def edited_copy(path: Path, target: Path) -> Path:
    """The return with one rating changed in its machine-readable part, as if by hand."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "customXml/item1.xml":
                data = data.replace(b'"rating":null', b'"rating":4', 1)
            out.writestr(item, data)
    return target


def test_an_edited_return_is_refused_until_accepted_then_flagged(
    qtbot, la_store, pool, store, tmp_path
):
    original = make_return(store, 136102, tmp_path / "sent")
    edited = edited_copy(original, tmp_path / "edited.xlsx")
    dialog = open_dialog(qtbot, la_store, pool, [edited])
    what, why = dialog.status_of("edited.xlsx")
    assert what == "Refused" and "changed outside the app" in why
    assert not dialog.accept_edited.isChecked()
    dialog.accept_edited.setChecked(True)  # the preview runs again
    assert dialog.busy
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    what, why = dialog.status_of("edited.xlsx")
    assert what == "New" and "Accepted as edited outside the app" in why
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.import_done, timeout=20000)
    [held] = current_returns(la_store)
    assert held.edited


def test_stop_ends_the_import_after_the_file_in_hand_and_keeps_those_done(
    qtbot, la_store, pool, returns, monkeypatch
):
    from stoke_governor.la.returns import importer as returns_import

    dialog = open_dialog(qtbot, la_store, pool, [returns])
    assert statuses(dialog) == ["New"] * 3
    one = returns_import._one

    def then_stop(*args, **kwargs):
        outcome = one(*args, **kwargs)
        dialog.task.cancel()  # Stop pressed while the first file was being imported
        return outcome

    monkeypatch.setattr(returns_import, "_one", then_stop)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.import_done, timeout=20000)
    assert statuses(dialog) == ["Imported"]
    assert dialog.summary.text().startswith("Stopped after 1 of 3 files: those are stored")
    assert len(current_returns(la_store)) == 1


def test_closing_during_the_import_stops_it_rather_than_leaving_it_unseen(
    qtbot, la_store, pool, returns
):
    dialog = open_dialog(qtbot, la_store, pool, [returns])
    hold = threading.Event()
    pool.start(lambda: hold.wait(10))  # the pool is busy: the import waits its turn
    dialog.import_button.click()
    dialog.reject()
    assert dialog.isVisible()
    assert dialog.progress.format() == "Stopping after the file in hand…"
    hold.set()
    qtbot.waitUntil(lambda: dialog.import_done, timeout=20000)
    assert dialog.summary.text().startswith("Stopped after 0 of 3 files")
    assert current_returns(la_store) == []
    dialog.reject()
    assert not dialog.isVisible()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_the_folder_is_refused_saying_so_and_the_rest_import(
    qtbot, la_store, pool, returns
):
    fifo = returns / "stuck.xlsx"
    os.mkfifo(fifo)
    try:
        dialog = open_dialog(qtbot, la_store, pool, [returns])
        what, why = dialog.status_of("stuck.xlsx")
        assert what == "Refused"
        assert why == (
            "stuck.xlsx is a named pipe, not a workbook the app can read; nothing was read from it."
        )
        assert sorted(statuses(dialog)) == ["New"] * 3 + ["Refused"]
        dialog.import_button.click()
        qtbot.waitUntil(lambda: dialog.import_done, timeout=20000)
        assert len(current_returns(la_store)) == 3
    finally:  # were the pipe ever opened to be read, a writer's close lets that read end
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_a_folder_without_returns_says_what_a_return_is(qtbot, la_store, pool, tmp_path):
    (tmp_path / "empty").mkdir()
    dialog = open_dialog(qtbot, la_store, pool, [tmp_path / "empty"])
    assert dialog.summary.text().startswith("No return files were found here.")
    assert "Export return" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_totals_read_as_plain_english():
    from stoke_governor.la.returns.importer import Outcome

    kinds = ["imported"] * 98 + ["duplicate"] * 2 + ["rejected", "stale", "stale", "conflict"]
    outcomes = [Outcome(f"{n}.xlsx", status, "") for n, status in enumerate(kinds)]
    assert totals(outcomes, after=False) == (
        "98 new, 2 already held, 2 older revisions, 1 conflict, 1 refused"
    )
    assert totals(outcomes[:1], after=True) == "1 imported"
