"""The LA's Returns page writes a receipt for each return held, off the GUI thread."""

from __future__ import annotations

import json

from stoke_governor.la.returns.importer import import_returns
from stoke_governor.ui.la.receipts_button import export_receipts_to
from stoke_governor.ui.shell.app import open_main_window
from stoke_governor.ui.shell.la_window import RETURNS_PAGE
from tests.return_files import make_return

URNS = (136102, 123993)


def test_export_receipts_writes_one_file_per_return_held(qtbot, store, la_path, tmp_path):
    window = open_main_window(la_path, ask_for_school=False)
    qtbot.addWidget(window)
    page = window.page(RETURNS_PAGE)
    out = tmp_path / "receipts"
    assert page.receipts_button.text() == "E&xport receipts…"
    export_receipts_to(page, str(out))
    qtbot.waitUntil(lambda: page.receipts_task is None, timeout=10_000)
    assert page.receipts_message.startswith("No receipts written: no returns are held yet")
    sent = [make_return(store, urn, tmp_path / "sent" / f"{urn}.xlsx") for urn in URNS]
    outcomes = import_returns(window.store, sent, by="test")
    assert [o.status for o in outcomes] == ["imported", "imported"], outcomes
    export_receipts_to(page, str(out))
    qtbot.waitUntil(lambda: page.receipts_task is None, timeout=10_000)
    assert page.receipts_message.startswith(f"Wrote 2 receipt(s) to {out}.")
    assert window.statusBar().currentMessage() == page.receipts_message
    assert sorted(json.loads(p.read_bytes())["urn"] for p in out.iterdir()) == sorted(URNS)
    window.pool.waitForDone(10_000)
    window.store.close()
