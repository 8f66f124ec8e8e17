"""The pack screens: the school's preview-then-apply dialog and the LA's Packs page."""

from __future__ import annotations

from PySide6.QtCore import QThreadPool

from stoke_governor.core.settings import LA_RETURN_KEY
from stoke_governor.files.key_pairs import fingerprint, new_private_key, public_key
from stoke_governor.la.mode import la_pack_key, replace_la_pack_key, school_key
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


def _dialog(qtbot, store, path):
    dialog = PackImportDialog(store, path, None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _held(store):
    """What a pack changes on a board, counted; the same after Cancel or a refusal."""
    q = store.query
    return (
        q("SELECT count(*) FROM pack_imports")[0][0],
        q("SELECT count(*), group_concat(value_text) FROM city_targets")[0][:],
        q("SELECT group_concat(value) FROM settings WHERE key LIKE 'la_%'")[0][0],
    )


def test_the_first_pack_shows_its_key_to_check_and_cancel_applies_nothing(
    qtbot, store, la_store, tmp_path
):
    select_school(store, URN)
    before = _held(store)
    dialog = _dialog(qtbot, store, _pack(la_store, tmp_path))
    fingerprint = la_pack_key(la_store).fingerprint
    assert "Check who signed this pack" in dialog.heading.text()
    text = dialog.body.text()
    assert f"This pack is signed by key <b>{fingerprint}</b>." in text
    assert "Stoke-on-Trent LA's Governor Services publishes its key's fingerprint" in text
    assert "Check it matches before you trust it" in text
    assert "City targets:</b> 1 changed" in text  # what it would change, beside the key
    assert dialog.apply_button.text() == "&Trust and apply" and dialog.apply_button.isVisible()
    assert dialog.cancel_button.text() == "Cancel"
    dialog.cancel_button.click()
    assert not dialog.isVisible() and dialog.summary is None
    assert _held(store) == before


def test_the_dialog_previews_then_applies_and_says_what_next(qtbot, store, la_store, tmp_path):
    select_school(store, URN)
    dialog = _dialog(qtbot, store, _pack(la_store, tmp_path))
    text = dialog.body.text()
    assert "City targets:</b> 1 changed" in text
    assert "Signing key:</b> new (key id" in text
    assert "Co-op Academy Stoke-On-Trent (URN 136102)" in dialog.heading.text()
    assert store.setting(LA_RETURN_KEY.key) is None  # nothing written by the preview
    with qtbot.waitSignal(dialog.applied) as applied:
        dialog.apply_button.click()  # Trust and apply
    assert not applied.args[0].already_applied
    assert store.setting(LA_RETURN_KEY.key) == school_key(la_store, URN).key_hex
    assert "The pack was applied" in dialog.body.text()
    assert f"{la_pack_key(la_store).fingerprint} trusted from now on" in dialog.body.text()
    assert "Next: export the board's return" in dialog.body.text()
    assert not dialog.apply_button.isVisible() and dialog.cancel_button.text() == "Close"

    again = _dialog(qtbot, store, dialog.path)
    assert "already applied" in again.body.text() and not again.apply_button.isVisible()

    # The LA's next pack: its key is trusted now, so it is plain Apply.
    with la_store.transaction():
        la_store.execute(
            "UPDATE city_targets SET value_text = '67%' WHERE id = 'eyfs_gld_2025_stoke'"
        )
    (path,) = export_packs(la_store, tmp_path / "next", urns=[URN])
    following = _dialog(qtbot, store, path)
    assert f"signed with the LA's key {la_pack_key(la_store).fingerprint}" in (
        following.heading.text()
    )
    assert following.apply_button.text() == "&Apply"
    assert "City targets:</b> 1 changed" in following.body.text()


def test_a_pack_signed_with_another_key_is_refused_until_the_new_key_is_typed(
    qtbot, store, la_store, tmp_path
):
    select_school(store, URN)
    first = _dialog(qtbot, store, _pack(la_store, tmp_path))
    with qtbot.waitSignal(first.applied):
        first.apply_button.click()
    old = la_pack_key(la_store).fingerprint
    new = replace_la_pack_key(la_store).fingerprint  # the LA changed its key
    (path,) = export_packs(la_store, tmp_path / "new", urns=[URN])
    before = _held(store)
    dialog = _dialog(qtbot, store, path)
    assert "This pack cannot be applied" in dialog.heading.text()
    text = dialog.body.text()
    assert f"is signed by a different key ({new}) from the one this app trusts for" in text
    assert f"Stoke-on-Trent LA ({old}). It was not applied." in text
    assert not dialog.apply_button.isVisible() and dialog.new_key_button.isVisible()

    wrong = fingerprint(public_key(new_private_key()))
    dialog.ask_fingerprint = lambda: wrong
    dialog.new_key_button.click()
    assert f"The fingerprint you typed ({wrong}) is not the key that signed this pack" in (
        dialog.body.text()
    )
    assert not dialog.apply_button.isVisible()
    assert _held(store) == before

    dialog.ask_fingerprint = lambda: new.removeprefix("SHA256:")  # as read out on the phone
    dialog.new_key_button.click()
    assert dialog.apply_button.isVisible() and not dialog.new_key_button.isVisible()
    assert dialog.apply_button.text() == "&Trust the new key and apply"
    assert f"{new} trusted from now on" in dialog.body.text()
    assert _held(store) == before  # nothing until Apply
    with qtbot.waitSignal(dialog.applied):
        dialog.apply_button.click()
    assert _held(store) != before
    assert "The pack was applied" in dialog.body.text()


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


def test_the_packs_page_shows_the_las_fingerprint_and_saves_its_public_key(
    qtbot, la_store, tmp_path, monkeypatch
):
    from stoke_governor.la.packs import trust

    page = PacksPage(la_store, QThreadPool())
    qtbot.addWidget(page)
    page.refresh()
    fingerprint = la_pack_key(la_store).fingerprint
    assert f"Every pack is signed with the LA's key <b>{fingerprint}</b>" in page.key_text.text()
    assert "Publish this fingerprint" in page.key_text.text()
    target = tmp_path / "resources" / "la-public-key.txt"
    target.parent.mkdir()
    page.choose_key_file = lambda: str(target)
    page.key_button.click()
    assert f"Saved the LA's public key in {target}" in page.result.text()
    # The app built with that file trusts the LA's key without asking.
    monkeypatch.setattr(trust, "published_key_file", lambda: target)
    assert trust.published_key() == la_pack_key(la_store).public_key


def test_the_school_window_opens_a_pack_in_the_preview(qtbot, store, la_store, tmp_path):
    from stoke_governor.ui.shell.main_window import MainWindow

    window = MainWindow(store, select_school(store, URN))
    qtbot.addWidget(window)
    window.open_files([_pack(la_store, tmp_path)])
    dialog = window.pack_dialog
    assert isinstance(dialog, PackImportDialog) and dialog.isVisible()
    # read and checked off the GUI thread: Apply waits for it
    assert dialog.heading.text() == "<h3>Checking the pack…</h3>"
    assert not dialog.apply_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled(), timeout=20000)
    assert "Check who signed this pack" in dialog.heading.text()
    with qtbot.waitSignal(dialog.applied):
        dialog.apply_button.click()
    assert "The pack was applied" in window.statusBar().currentMessage()
    items = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Apply an LA pac&k…" in items


def test_a_damaged_pack_opened_in_the_window_is_refused_with_its_reason(
    qtbot, store, la_store, tmp_path
):
    from stoke_governor.ui.shell.main_window import MainWindow

    window = MainWindow(store, select_school(store, URN))
    qtbot.addWidget(window)
    before = _held(store)
    damaged = tmp_path / "damaged.sgpack"
    damaged.write_bytes(_pack(la_store, tmp_path).read_bytes()[:-200])  # cut short
    window.open_files([damaged])
    dialog = window.pack_dialog
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20000)
    assert dialog.heading.text() == "<h3>This pack cannot be applied</h3>"
    assert "damaged.sgpack" in dialog.body.text()
    assert dialog.apply_button.isHidden() and dialog.cancel_button.text() == "Close"
    assert _held(store) == before
    window.pool.waitForDone(5000)
