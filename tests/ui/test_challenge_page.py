"""The Challenge log page: keyboard capture, raise-a-challenge from a chart, undo, filters."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from stoke_governor.board.governors import add_governor
from stoke_governor.challenges import log as ch
from stoke_governor.challenges import records
from stoke_governor.schools.register import get_school, select_school
from stoke_governor.ui.challenges.page import EMPTY, ChallengePage

COOP = 136102  # Co-op Academy Stoke-On-Trent: no demo board, KS4 figures held
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def page(qtbot, store):
    add_governor(store, COOP, "Asha Patel", "parent")
    add_governor(store, COOP, "Tom Byrne", "co-opted")
    widget = ChallengePage(store)
    qtbot.addWidget(widget)
    widget.show_school(get_school(store, COOP))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def focused():
    return QApplication.focusWidget()


def test_an_empty_log_says_how_to_start(page):
    assert page.empty.isVisible() and page.empty.text() == EMPTY
    assert not page.table.isVisible()


def test_a_challenge_tied_to_a_measure_is_recorded_by_keyboard_alone(qtbot, page, store):
    form = page.new_challenge()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: focused() is form.question)

    def type_then_tab(text=""):
        if text:
            qtbot.keyClicks(focused(), text)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)

    type_then_tab("Why is Attainment 8 below England's?")
    assert focused() is form.asked_by
    type_then_tab("asha")  # the start of a governor's name is enough
    type_then_tab()  # meeting: not at a meeting (the agenda item is skipped, disabled)
    type_then_tab()  # date asked: today
    type_then_tab("Attainment 8 (average score) (ATT8SCR)")
    assert "41.4 in 2018-19" in form.snapshot.text()
    assert form.priority.currentText() == "Improving Key Stage 4 attainment"  # suggested
    type_then_tab()  # priority (the school's own priority, disabled, is skipped)
    assert focused() is form.response
    type_then_tab("Extra maths sessions for Year 11 from January.")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)

    entries = records.find_challenges(store, COOP)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.question == "Why is Attainment 8 below England's?"
    assert entry.asker == "Asha Patel" and entry.asked_by is not None
    assert entry.measure == "ATT8SCR" and entry.priority == "ks4"
    assert entry.snapshot["value"] == "41.4"
    assert entry.response == "Extra maths sessions for Year 11 from January."
    assert page.model.rowCount() == 1 and page.model.text(0, 2) == "Asha Patel"
    assert page.table.isVisible() and not page.empty.isVisible()
    assert "Recorded" in page.history_view.toPlainText()


def test_undo_removes_the_entry_and_redo_brings_it_back(qtbot, page, store):
    form = page.new_challenge(measure="PPERSABS10")
    form.question.setPlainText("How is persistent absence tackled?")
    form.save()
    assert [e.measure for e in records.find_challenges(store, COOP)] == ["PPERSABS10"]
    qtbot.keyClick(page, Qt.Key.Key_Z, CTRL)
    assert records.find_challenges(store, COOP) == [] and page.model.rowCount() == 0
    qtbot.keyClick(page, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    (entry,) = records.find_challenges(store, COOP)
    assert [c.change for c in records.history(store, entry.id)] == [
        "created",
        "deleted",
        "restored",
    ]
    assert page.model.rowCount() == 1


def test_edits_and_deletes_are_undone_through_the_history(qtbot, page, store):
    cid = ch.add_challenge(store, COOP, question="Q?", due_on="2020-01-01")
    page.reload()
    assert page.model.text(0, 8) == "Overdue (open)"  # said in words, not colour alone
    page.edit_selected()
    page.form.status.setCurrentIndex(page.form.status.findData("done"))
    page.form.save()
    assert records.get_challenge(store, cid).status == "done"
    assert page.model.text(0, 8) == "Done"
    page.undo_stack.undo()
    assert records.get_challenge(store, cid).status == "open"
    page.table.setFocus()
    page.delete_selected()
    assert records.find_challenges(store, COOP) == []
    page.undo_stack.undo()
    assert records.get_challenge(store, cid).question == "Q?"
    fields = [c.field for c in records.history(store, cid) if c.change == "edited"]
    assert fields == ["status", "status"]


def test_a_refused_entry_stays_in_the_form_with_the_reason(qtbot, page, store):
    form = page.new_challenge()
    form.question.setPlainText("Why?")
    form.due.setText("next week")
    form.save()
    assert form.isVisible() and "Due date: 'next week' is not a date" in form.error.text()
    form.due.setText("31/03/2026")  # the UK's way of writing it is understood
    form.save()
    assert records.find_challenges(store, COOP)[0].due_on == "2026-03-31"
    assert page.undo_stack.count() == 1


def test_filters_and_search(qtbot, page, store):
    ch.add_challenge(store, COOP, question="About 50% of the cohort?", measure="ATT8SCR")
    ch.add_challenge(store, COOP, question="Attendance plan?", measure="PPERSABS10", status="done")
    page.reload()
    assert page.model.rowCount() == 2
    page.priority_filter.setCurrentIndex(page.priority_filter.findData("attendance"))
    assert page.model.rowCount() == 1 and page.model.text(0, 1) == "Attendance plan?"
    page.clear_filters()
    page.search.setText("50%")
    assert page.model.rowCount() == 1
    page.search.setText("nothing like this")
    assert page.model.rowCount() == 0 and "Clear filters" in page.count.text()
    page.clear_filters()
    page.status_filter.setCurrentIndex(page.status_filter.findData("done"))
    assert page.model.rowCount() == 1
    page.clear_filters()
    ch.add_challenge(store, COOP, question="Last year's?", asked_on="2023-08-31")
    page.reload()
    page.since.setText("01/09/2023")  # typed as in the UK; the field shows it so
    shown = [page.model.text(row, 1) for row in range(page.model.rowCount())]
    assert len(shown) == 2 and "Last year's?" not in shown
    page.since.clear()
    assert page.model.rowCount() == 3


def test_raise_a_challenge_from_the_data_page_opens_the_form_on_that_measure(qtbot, db_path):
    from stoke_governor.startup import open_database
    from stoke_governor.ui.shell.main_window import MainWindow

    store = open_database(db_path)
    window = MainWindow(store, select_school(store, COOP))
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(1)  # the Data page
    data = window.data
    data.set_measure("PTL2BASICS_94")
    data.challenge_button.click()
    page = window.pages.currentWidget()
    assert isinstance(page, ChallengePage)
    form = page.form
    assert form is not None and form.measure_code() == "PTL2BASICS_94"
    assert "Grade 4 or above in English and maths" in form.snapshot.text()
    assert form.priority.currentData() == "ks4"
    window.close()
    store.close()


def test_a_challenge_raised_at_a_meeting_is_tied_to_it_and_its_agenda(qtbot, page, store):
    with store.conn:
        mid = store.conn.execute(
            "INSERT INTO meetings (urn, held_on, title) VALUES (?, '2025-03-12', 'Spring')",
            (COOP,),
        ).lastrowid
        item = store.conn.execute(
            "INSERT INTO agenda_items (meeting_id, position, title) VALUES (?, 3, 'Data')",
            (mid,),
        ).lastrowid
    form = page.new_challenge(meeting_id=mid)
    assert form.meeting.currentData() == mid and form.asked_on.text() == "12/03/2025"
    assert form.agenda_item.isEnabled() and form.agenda_item.itemText(1) == "3. Data"
    form.agenda_item.setCurrentIndex(1)
    form.question.setPlainText("Are the mocks on track?")
    form.save()
    (entry,) = records.find_challenges(store, COOP, meeting_id=mid)
    assert entry.agenda_item_id == item and entry.meeting_label == "Spring, 2025-03-12"
