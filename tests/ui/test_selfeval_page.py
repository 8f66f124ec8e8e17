"""The Self-evaluation page: rate by keyboard, evidence and actions saved, export off the GUI
thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

from stoke_governor.selfeval import evaluation as selfeval
from stoke_governor.selfeval.return_file import read_return
from stoke_governor.ui.selfeval.page import SelfEvalPage
from tests.window_pool import school_page

URN = 136102


def _page(qtbot, store):
    return school_page(qtbot, SelfEvalPage, store, URN)


def test_start_rate_by_keyboard_write_evidence_and_an_action(qtbot, store):
    page = _page(qtbot, store)
    assert "No self-evaluation yet" in page.status.text()
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert page.item_id == "SL1"
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_3)
    assert page.tree.currentItem().text(1) == "Established"
    assert page.progress_bar.format() == "1 of 23 items rated (4%)"
    qtbot.keyClick(page.tree, Qt.Key.Key_9)  # not on the scale: ignored
    ev = selfeval.current_evaluation(store, URN)
    assert selfeval.ratings(store, ev.id)["SL1"].rating == 3
    page.evidence.setPlainText("Plan agreed in October.")
    page.evidence.document().setModified(True)
    qtbot.keyClick(page.tree, Qt.Key.Key_Down)  # moving on saves the evidence
    assert selfeval.ratings(store, ev.id)["SL1"].evidence == "Plan agreed in October."
    page.action_text.setText("Review the risk register")
    page.action_due.setText("next week")
    qtbot.mouseClick(page.add_action_button, Qt.MouseButton.LeftButton)
    assert "'next week' is not a date (write it as, for example, 12/03/2024)" in (
        page.status.text()
    )
    page.action_due.setText("31/01/2027")  # typed as dates are written in the UK
    qtbot.mouseClick(page.add_action_button, Qt.MouseButton.LeftButton)
    assert page.actions_list.item(0).text() == "Review the risk register, due 31/01/2027"
    assert selfeval.actions(store, ev.id)[0].due_on == "2027-01-31"


def test_export_the_return_runs_on_the_pool_and_says_where_it_went(qtbot, store, tmp_path):
    page = _page(qtbot, store)
    page.start_year()
    page.set_rating(2)
    target = tmp_path / "return.xlsx"
    page.export_return(str(target))
    qtbot.waitUntil(lambda: "Saved the return" in page.status.text(), timeout=10_000)
    assert "revision 1, a new revision" in page.status.text()
    assert read_return(target).payload["completeness"]["rated"] == 1
    page.export_pdf(str(tmp_path / "papers.pdf"))
    qtbot.waitUntil(lambda: "Saved the PDF" in page.status.text(), timeout=10_000)
    assert (tmp_path / "papers.pdf").read_bytes().startswith(b"%PDF")
    page.pool.waitForDone()


def test_who_agreed_the_evaluation_is_recorded_for_the_return_cover(qtbot, store, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from stoke_governor.ui.selfeval.agreed import AgreedDialog

    page = _page(qtbot, store)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    answers = iter([("Full governing board", "31/02/2026"), ("Full governing board", "15/10/2026")])
    problems = []

    def fake_exec(dialog):
        problems.append(dialog.problem.text())
        try:
            by, on = next(answers)
        except StopIteration:
            return QDialog.DialogCode.Rejected
        dialog.by.setText(by)
        dialog.on.setText(on)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AgreedDialog, "exec", fake_exec)
    assert page.ask_agreed()
    assert "'31/02/2026' is not a date that exists" in problems[1]  # refused; still open
    ev = selfeval.current_evaluation(store, URN)
    assert (ev.agreed_by, ev.agreed_on) == ("Full governing board", "2026-10-15")
    assert "Agreed by Full governing board" in page.status.text()


def test_the_page_says_when_the_la_received_the_return(qtbot, store, la_store, tmp_path):
    from stoke_governor.la.receipts import export_receipts, receipt_for
    from stoke_governor.la.returns.importer import import_returns
    from stoke_governor.schools.register import select_school
    from tests.return_files import make_return

    select_school(store, URN)
    sent = make_return(store, URN, tmp_path / "sent.xlsx")
    page = _page(qtbot, store)
    assert page.receipt_line.text().startswith("Not yet confirmed by the LA — send the return")
    import_returns(la_store, [sent], by="test")
    [receipt] = export_receipts(la_store, tmp_path / "receipts")
    assert page.import_receipt(str(receipt))
    held = receipt_for(store, selfeval.current_evaluation(store, URN))
    assert page.receipt_line.text() == f"✓ Received by the LA on {held.received_on} (revision 1)."
    assert page.status.text() == f"Received by the LA on {held.received_on} (revision 1)."
    assert not page.import_receipt(str(sent))  # a return is not a receipt: said, not raised
    assert page.status.text().startswith("The receipt was not imported: ")
    assert "is not a receipt from the LA's Governor Services" in page.status.text()


def test_a_receipt_opened_in_the_window_goes_to_the_self_evaluation_page(
    qtbot, store, la_store, tmp_path
):
    from stoke_governor.la.receipts import export_receipts
    from stoke_governor.la.returns.importer import import_returns
    from stoke_governor.schools.register import select_school
    from stoke_governor.ui.shell.main_window import MainWindow
    from tests.return_files import make_return

    sent = make_return(store, URN, tmp_path / "sent.xlsx")
    import_returns(la_store, [sent], by="test")
    [receipt] = export_receipts(la_store, tmp_path / "receipts")
    window = MainWindow(store, select_school(store, URN))
    qtbot.addWidget(window)
    window.open_files([receipt])  # as a double-click or a drop hands it over
    page = window.pages.currentWidget()
    assert isinstance(page, SelfEvalPage)
    assert page.receipt_line.text().startswith("✓ Received by the LA on ")
    menu = window.menuBar().actions()[0].menu()
    assert "Import an LA &receipt…" in [a.text() for a in menu.actions()]
