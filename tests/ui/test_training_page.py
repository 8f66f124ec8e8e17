"""The Training page: read a module offline, pass its knowledge check by keyboard, and
see the board's take-up change; the clerk's record refuses a future date."""

from __future__ import annotations

import datetime as dt
import warnings

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from stoke_governor.board.governors import add_governor, remove_demo_board
from stoke_governor.ui.training.page import NO_GOVERNORS, TrainingPage
from tests.window_pool import school_page

URN = 136102


def make_page(qtbot, store, names=("Ann Able", "Bob Brown")):
    remove_demo_board(store)
    for name in names:
        add_governor(store, URN, name, "parent")
    return school_page(qtbot, TrainingPage, store, URN)


def test_read_a_module_and_pass_its_check_by_keyboard(qtbot, store):
    page = make_page(qtbot, store)
    assert page.module_list.currentRow() == 0
    induction = page.current_module()
    assert induction.id == "induction"
    assert "Why governing boards exist" in page.reader.toPlainText()
    assert "done by 0 of 2 governors" in page.module_list.item(0).text()
    assert page.grid_model.text(2, 1) == "0 of 2 (0%)"  # the take-up row

    dialog = page.take_check()
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    with warnings.catch_warnings():  # deprecated, but offscreen windows are not activated
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(dialog)  # arrow keys move between answers
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.governor_box.setFocus()
    qtbot.keyClick(dialog.governor_box, Qt.Key.Key_Down)  # Bob Brown
    assert dialog.governor_box.currentText().startswith("Bob Brown")
    for n, question in enumerate(induction.questions):
        first = dialog.groups[n].button(0)
        first.setFocus()
        qtbot.keyClick(first, Qt.Key.Key_Space)  # choose the first answer
        for _ in range(question.correct):
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)  # arrow to the right one
        assert dialog.groups[n].checkedId() == question.correct
    qtbot.keyClick(dialog.submit, Qt.Key.Key_Space)
    assert "Passed: 5 of 5 right" in dialog.result_label.text()
    assert dialog.feedback[0].isVisible() or dialog.feedback[0].text().startswith("✓")
    dialog.close_button.click()

    assert "done by 1 of 2 governors" in page.module_list.item(0).text()
    assert page.grid_model.text(2, 1) == "1 of 2 (50%)"
    bob = next(r for r in range(2) if page.grid_model.text(r, 0) == "Bob Brown")
    assert page.grid_model.text(bob, 1) == "done"
    assert "Ann Able: Induction for new governors" in page.missing_label.text()


def test_a_failed_check_says_which_answers_and_records_nothing(qtbot, store):
    page = make_page(qtbot, store)
    dialog = page.take_check()
    module = dialog.module
    for n, q in enumerate(module.questions):
        dialog.groups[n].button((q.correct + 1) % len(q.options)).setChecked(True)
    dialog.submit.click()
    assert "Not passed yet: 0 of 5 right" in dialog.result_label.text()
    assert "Nothing has been recorded" in dialog.result_label.text()
    assert store.conn.execute("SELECT count(*) FROM training_records").fetchone()[0] == 0
    dialog.reject()


def test_the_clerk_cannot_record_training_in_the_future(qtbot, store):
    page = make_page(qtbot, store)
    dialog = page.record_training()
    dialog.module_box.setCurrentIndex(dialog.module_box.count() - 1)  # other training
    dialog.title_edit.setText("")
    dialog.ok.click()
    assert "title" in dialog.error.text()
    dialog.title_edit.setText("LA safeguarding for governors")
    dialog.provider_edit.setText("Governor Services")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    dialog.date_edit.setText(tomorrow.strftime("%d/%m/%Y"))
    dialog.ok.click()
    assert dialog.error.text() == (f"Date completed: {tomorrow:%d/%m/%Y} is after today.")
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.date_edit.setText("01/09/2023")  # typed as dates are written in the UK
    dialog.ok.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert page.status.text() == "Training recorded."
    assert store.query_one("SELECT completed_on FROM training_records")[0] == "2023-09-01"


def test_an_empty_board_says_what_to_do_first(qtbot, store):
    page = make_page(qtbot, store, names=())
    assert page.banner.text().startswith(NO_GOVERNORS)
    assert not page.check_button.isEnabled() and not page.record_button.isEnabled()
    assert "Why governing boards exist" in page.reader.toPlainText()  # reading still works


def test_summary_exports_run_on_the_pool(qtbot, store, tmp_path):
    page = make_page(qtbot, store)
    page.export_summary("pdf", str(tmp_path / "summary.pdf"))
    assert page.status.text() == "Saving…"
    assert page.pool.waitForDone(20000)
    assert (tmp_path / "summary.pdf").read_bytes().startswith(b"%PDF")
    # The finished signal's message is checked in test_export_reports_what_it_saved: after
    # tests/test_gui.py runs the app's own event loop (run_gui), queued signals from pool
    # threads are not delivered to later tests in the same process.


def test_export_reports_what_it_saved(qtbot, store, tmp_path):
    page = make_page(qtbot, store)
    page._saved(_written(tmp_path))
    assert page.status.text() == f"Saved it to {tmp_path}."
    page._failed("disk full", "")
    assert page.status.text() == "The document could not be saved: disk full"


def _written(tmp_path):
    from stoke_governor.reports.training_report import Written

    return Written(tmp_path, f"Saved it to {tmp_path}.")
