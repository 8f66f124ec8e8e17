"""The pack screens: the school's preview-then-apply dialog and the LA's Packs page."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool

from stoke_governor.core.settings import LA_RETURN_KEY
from stoke_governor.la.mode import school_key
from stoke_governor.la.packs.make import export_packs
from stoke_governor.schools.register import select_school
from stoke_governor.ui.la.pack_import_dialog import PackImportDialog
from stoke_governor.ui.la.packs_page import PacksPage

URN, OTHER = 136102, 124390


def _pack(la_store, tmp_path, urn=URN):
    with la_store.conn:
        la_store.conn.execute(
            "UPDATE city_targets SET value_text = '66%' WHERE id = 'eyfs_gld_2025_stoke'"
        )
    (path,) = export_packs(la_store, tmp_path / "packs", urns=[urn])
    return path


def test_the_dialog_previews_then_applies_and_says_what_next(qtbot, store, la_store, tmp_path):
    select_school(store, URN)
    dialog = PackImportDialog(store, _pack(la_store, tmp_path), None)
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.body.text()
    assert "City targets:</b> 1 changed" in text
    assert "Signing key:</b> new (key id" in text
    assert "Co-op Academy Stoke-On-Trent (URN 136102)" in dialog.heading.text()
    assert dialog.apply_button.text() == "&Apply" and dialog.apply_button.isVisible()
    assert store.setting(LA_RETURN_KEY.key) is None  # nothing written by the preview
    with qtbot.waitSignal(dialog.applied) as applied:
        dialog.apply_button.click()
    assert not applied.args[0].already_applied
    assert store.setting(LA_RETURN_KEY.key) == school_key(la_store, URN).key_hex
    assert "The pack was applied" in dialog.body.text()
    assert "Next: export the board's return" in dialog.body.text()
    assert not dialog.apply_button.isVisible() and dialog.cancel_button.text() == "Close"

    again = PackImportDialog(store, dialog.path, None)
    qtbot.addWidget(again)
    again.show()
    assert "already applied" in again.body.text() and not again.apply_button.isVisible()


def test_a_pack_for_another_school_is_refused_in_the_dialog(qtbot, store, la_store, tmp_path):
    select_school(store, OTHER)
    dialog = PackImportDialog(store, _pack(la_store, tmp_path), None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "cannot be applied" in dialog.heading.text()
    assert "not for Birches Head Academy" in dialog.body.text()
    assert not dialog.apply_button.isVisible()
    dialog.cancel_button.click()
    assert store.query("SELECT count(*) FROM pack_imports")[0][0] == 0


def test_the_packs_page_makes_a_pack_on_the_worker_and_shows_it(qtbot, la_store, tmp_path):
    pool = QThreadPool()
    page = PacksPage(la_store, pool)
    qtbot.addWidget(page)
    page.refresh()
    assert "Next: make packs for every school" in page.summary.text()
    assert not page.one_button.isEnabled()
    row = page._urns.index(URN)
    page.view.selectRow(row)
    assert page.one_button.isEnabled()
    page.choose_folder = lambda: str(tmp_path / "out")
    with qtbot.waitSignal(page.changed, timeout=10000):
        page.one_button.click()
    (path,) = (tmp_path / "out").glob("*.sgpack")
    assert path.name in page.result.text() and "Next: send each school" in page.result.text()
    model = page.model
    assert model.index(row, 2).data().startswith("Issued")
    assert model.index(row, 3).data() != "Never" and model.index(row, 4).data() == "1"
    assert page.selected_urn() == URN  # the selection survives the refresh
    pool.waitForDone()


def test_the_school_window_opens_a_pack_in_the_preview(qtbot, store, la_store, tmp_path):
    from stoke_governor.ui.shell.main_window import MainWindow

    window = MainWindow(store, select_school(store, URN))
    qtbot.addWidget(window)
    window.open_files([_pack(la_store, tmp_path)])
    dialog = window.pack_dialog
    assert isinstance(dialog, PackImportDialog) and dialog.isVisible()
    with qtbot.waitSignal(dialog.applied):
        dialog.apply_button.click()
    assert "The pack was applied" in window.statusBar().currentMessage()
    items = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Apply an LA pac&k…" in items
