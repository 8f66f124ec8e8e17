"""The Meetings page as a clerk uses it: add a meeting, take attendance, read the quorum."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from stoke_governor.board.governors import add_governor
from stoke_governor.meetings import attendance as att
from stoke_governor.meetings import meetings as mt
from stoke_governor.schools.register import get_school
from stoke_governor.ui.meetings.page import STANDARD_AGENDA, MeetingsPage

URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board here


@pytest.fixture
def page(qtbot, store):
    page = MeetingsPage(store)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show_school(get_school(store, URN))
    page.show()
    qtbot.waitExposed(page)
    return page


def add_board(store):
    names = ["Ann Chair", "Bob Parent", "Cath Staff", "Dan Coopted", "Eve LA"]
    ids = [add_governor(store, URN, n, "parent", term_start="2024-09-01") for n in names]
    add_governor(store, URN, "Zed Associate", "associate")
    return ids


def create_meeting(qtbot, page, start="18:00"):
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.held_on.setText("12/03/2025")  # typed as dates are written in the UK
    qtbot.keyClicks(dialog.location, "Main hall")
    qtbot.keyClicks(dialog.starts_at, start)
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    return dialog


def test_empty_state_then_a_new_meeting_with_the_usual_agenda(qtbot, page, store):
    assert page.right.currentIndex() == 0
    assert page.empty_text.text().startswith("No meetings yet — add the next meeting")
    add_board(store)
    create_meeting(qtbot, page)
    assert page.dialog is None and page.list.count() == 1
    assert page.list.item(0).text() == "12 Mar 2025 · Full governing board\nattendance not recorded"
    assert page.heading.text() == "Full governing board — Wednesday 12 March 2025, 18:00, Main hall"
    assert [page.agenda.items.item(i).text() for i in range(page.agenda.items.count())] == [
        f"{n}. {t}" for n, t in enumerate(STANDARD_AGENDA, 1)
    ]


def test_a_bad_start_time_keeps_the_dialog_open_with_the_reason(qtbot, page):
    dialog = create_meeting(qtbot, page, start="6pm")
    assert dialog.isVisible() and page.list.count() == 0
    assert dialog.error.text().startswith("The start time '6pm' is not a time of day")


def test_attendance_by_keyboard_and_clicks_decides_the_quorum(qtbot, page, store):
    add_board(store)
    create_meeting(qtbot, page)
    table, quorum = page.people.table, page.people.quorum_label
    assert table.rowCount() == 6  # five governors and the associate member
    assert quorum.text().startswith("Not quorate: 0 present, 3 needed")
    assert "regulation 14(1)" in quorum.toolTip()
    assert table.hasFocus()  # after adding a meeting, attendance is next
    qtbot.keyClick(table, Qt.Key.Key_P)  # Ann present
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_A)  # Bob sent apologies, accepted
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_P)  # Cath present
    qtbot.keyClick(table, Qt.Key.Key_End)
    qtbot.keyClick(table, Qt.Key.Key_P)  # the associate: listed, never counted
    assert quorum.text() == "Not quorate: 2 present, 3 needed (half of 5 governors, rounded up)"
    assert att.attendance(store, page.meeting.id)[-1][1:] == (
        "Zed Associate",
        "associate",
        (),
        "present",
    )
    combo = table.cellWidget(3, 2)  # Dan, chosen with the mouse
    assert combo.accessibleName() == "Attendance of Dan Coopted"
    combo.setCurrentIndex(combo.findData("present"))
    assert quorum.text() == "Quorate: 3 present, 3 needed (half of 5 governors, rounded up)"
    assert page.list.item(0).text().endswith("\nquorate")
    qtbot.mouseClick(page.people.everyone, Qt.MouseButton.LeftButton)
    statuses = {a.name: a.status for a in att.attendance(store, page.meeting.id)}
    assert statuses["Bob Parent"] == "apologies accepted" and statuses["Eve LA"] == "present"
    assert quorum.text().startswith("Quorate: 4 present, 3 needed")
    qtbot.keyClick(table, Qt.Key.Key_Home)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert att.attendance(store, page.meeting.id)[0].status is None


def test_agenda_edits_signals_and_delete(qtbot, page, store):
    meeting = mt.add_meeting(store, URN, "2025-01-15", agenda=["Welcome", "Finance"])
    challenge_at = []
    page.challenge_requested.connect(challenge_at.append)
    exports = []
    page.export_requested.connect(lambda m, fmt: exports.append((m, fmt)))
    page.reload()
    page.select_meeting(meeting)
    agenda = page.agenda
    qtbot.keyClicks(agenda.new_title, "Safeguarding")
    qtbot.keyClick(agenda.new_title, Qt.Key.Key_Return)
    assert agenda.items.currentItem().text() == "3. Safeguarding"
    qtbot.mouseClick(agenda.up, Qt.MouseButton.LeftButton)
    agenda.decisions.setPlainText("Policy approved")
    qtbot.mouseClick(agenda.save, Qt.MouseButton.LeftButton)
    assert [(i.title, i.decisions) for i in mt.agenda(store, meeting)] == [
        ("Welcome", None),
        ("Safeguarding", "Policy approved"),
        ("Finance", None),
    ]
    agenda.item_title.clear()
    qtbot.mouseClick(agenda.save, Qt.MouseButton.LeftButton)
    assert agenda.error.text().startswith("An agenda item needs a title")
    qtbot.mouseClick(page.challenge_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    assert challenge_at == [meeting] and exports == [(meeting, "xlsx")]
    asked = []
    page.confirm = lambda title, text: asked.append(text) or True
    qtbot.mouseClick(page.details.delete, Qt.MouseButton.LeftButton)
    assert asked and "Delete the meeting of Full governing board" in asked[0]
    assert mt.list_meetings(store, URN) == [] and page.right.currentIndex() == 0


def test_details_are_saved_and_refused_plainly(qtbot, page, store):
    meeting = mt.add_meeting(store, URN, "2025-01-15")
    page.reload(meeting)
    details = page.details
    details.starts_at.setText("25:00")
    qtbot.mouseClick(details.save, Qt.MouseButton.LeftButton)
    assert details.error.isVisible() and "not a time of day" in details.error.text()
    details.starts_at.setText("17:30")
    details.clerk.setText("Pat Clerk")
    qtbot.mouseClick(details.save, Qt.MouseButton.LeftButton)
    saved = mt.get_meeting(store, meeting)
    assert (saved.starts_at, saved.clerk) == ("17:30", "Pat Clerk")
    assert "17:30" in page.heading.text()


def test_coming_back_to_the_page_shows_changes_made_elsewhere(qtbot, page, store):
    meeting = mt.add_meeting(store, URN, "2025-01-15")
    page.reload(meeting)
    page.details.clerk.setText("typed, not saved yet")
    page.hide()
    add_board(store)  # governors added on the Board page meanwhile
    page.show()
    assert page.people.table.rowCount() == 6
    assert page.details.clerk.text() == "typed, not saved yet"
    page.hide()
    mt.add_meeting(store, URN, "2025-02-20")
    page.show()
    assert page.list.count() == 2 and page.meeting.id == meeting


def test_a_clerk_records_what_the_minutes_need(qtbot, page, store):
    """Closing time and next meeting, the discussion, a declaration of interest and an
    action from a decision (warned of as typed when due before the meeting), then Word."""
    ids = add_board(store)
    meeting = mt.add_meeting(store, URN, "2025-03-12", agenda=["Welcome", "Finance"])
    exports = []
    page.export_requested.connect(lambda m, fmt: exports.append((m, fmt)))
    page.reload(meeting)
    details = page.details
    details.closed_at.setText("19:40")
    details.next_on.setText("14/05/2025")  # UK form, as a clerk types it
    qtbot.mouseClick(details.save, Qt.MouseButton.LeftButton)
    saved = mt.get_meeting(store, meeting)
    assert (saved.closed_at, saved.next_meeting_on) == ("19:40", "2025-05-14")

    page.show_tab(page.agenda)
    page.agenda.items.setCurrentRow(1)
    page.agenda.discussion.setPlainText("The budget was presented.")
    qtbot.mouseClick(page.agenda.save, Qt.MouseButton.LeftButton)
    assert mt.agenda(store, meeting)[1].notes == "The budget was presented."

    declarations = page.declarations
    page.show_tab(declarations)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Declarations"
    declarations.who.setCurrentIndex(declarations.who.findText("Bob Parent"))
    declarations.item.setCurrentIndex(declarations.item.findText("2. Finance"))
    declarations.pecuniary.setChecked(True)
    declarations.note.setText("Runs the catering firm")
    qtbot.mouseClick(declarations.add, Qt.MouseButton.LeftButton)
    assert declarations.table.rowCount() == 1
    assert [declarations.table.item(0, c).text() for c in range(4)] == [
        "Bob Parent",
        "2. Finance",
        "Pecuniary",
        "Runs the catering firm",
    ]
    from stoke_governor.meetings.declarations import declarations as declared

    assert declared(store, meeting)[0].governor_id == ids[1]

    actions = page.actions
    page.show_tab(actions)
    assert actions.item.currentText() == "2. Finance"  # the item chosen in the agenda
    actions.text.setText("Clerk to circulate the budget")
    qtbot.keyClicks(actions.due.edit, "01/03/2025")
    assert actions.warning.isVisible()
    assert actions.warning.text() == (
        "This action is due on 1 Mar 2025, before the meeting that set it (12 Mar 2025); "
        "check the due date."
    )
    qtbot.mouseClick(actions.add, Qt.MouseButton.LeftButton)
    assert actions.table.item(0, 0).text() == "2.1"
    assert actions.table.item(0, 2).text() == "Decision"
    assert "Action 2.1 is due on 1 Mar 2025" in actions.note.text()
    actions.due.setText("2025-04-01")
    qtbot.mouseClick(actions.save, Qt.MouseButton.LeftButton)
    assert not actions.warning.isVisible()
    assert "due on" not in actions.note.text()

    qtbot.mouseClick(page.docx_button, Qt.MouseButton.LeftButton)
    assert exports == [(meeting, "docx")]


def test_every_tab_of_the_meeting_names_its_controls(qtbot, page, store):
    from tests.keyboard_walk import tab_stops, unnamed

    add_board(store)
    mt.add_meeting(store, URN, "2025-03-12", agenda=["Welcome"])
    page.reload()
    page.resize(1024, 600)
    for n in range(page.tabs.count()):
        page.tabs.setCurrentIndex(n)
        assert not unnamed(tab_stops(page)), page.tabs.tabText(n)
