"""The Board page as a clerk uses it: keyboard only, messages in the dialogs, history kept."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from stoke_governor.board.committees import add_committee, committee_members
from stoke_governor.board.constitution import places
from stoke_governor.board.governors import add_governor, ensure_board, list_governors
from stoke_governor.schools.register import get_school

URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board


@pytest.fixture
def page(qtbot, store):
    from stoke_governor.ui.board.page import BoardPage

    widget = BoardPage(store)
    qtbot.addWidget(widget)
    widget.show_school(get_school(store, URN))
    widget.show()
    qtbot.waitExposed(widget)
    widget.windowHandle().requestActivate()  # shortcuts and mnemonics need an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def texts(model, column):
    return [model.text(row, column) for row in range(model.rowCount())]


def activate(qtbot, window):
    """Make the window the active one: focus moves (and a date field is read) only there."""
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def type_into(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def test_a_governor_added_by_keyboard_shows_in_the_table_and_summary(qtbot, page):
    assert page.empty.isVisible() and "start with the chair" in page.empty.text()
    assert page.summary.text() == "No governors recorded yet."
    page.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    activate(qtbot, dialog)
    soon = (dt.date.today() + dt.timedelta(days=23)).strftime("%d/%m/%Y")
    type_into(qtbot, dialog.name, "Asha Patel")
    assert dialog.focusWidget() is dialog.category  # Tab moves on through the form
    qtbot.keyClicks(dialog.category, "Parent")  # type-ahead picks the category
    assert dialog.category.currentText() == "Parent governor"
    type_into(qtbot, dialog.term_start.edit, "01/12/2026")  # as dates are written in the UK
    type_into(qtbot, dialog.term_end.edit, "2022-11-30")  # or ISO
    assert dialog.term_end.text() == "30/11/2022"  # shown in UK form
    qtbot.keyClick(dialog.term_end.edit, Qt.Key.Key_Return)
    # The domain's reason, shown in the dialog, which stays open; nothing is stored.
    assert dialog.isVisible()
    assert "cannot end (30/11/2022) before it starts (01/12/2026)" in dialog.error.text()
    assert list_governors(page.store, URN) == []
    dialog.term_start.clear()
    type_into(qtbot, dialog.term_start.edit, "1 Dec 2022")
    dialog.term_end.clear()
    dialog.roles.setFocus()
    dialog.roles.setCurrentRow(0)  # "chair"
    qtbot.keyClick(dialog.roles, Qt.Key.Key_Space)
    dialog.term_end.setFocus()
    qtbot.keyClicks(dialog.term_end.edit, soon)
    with qtbot.waitSignal(page.board_changed):
        qtbot.keyClick(dialog.term_end.edit, Qt.Key.Key_Return)
    assert page.dialog is None
    assert texts(page.model, 0) == ["Asha Patel"]
    assert texts(page.model, 2) == ["chair"]
    assert texts(page.model, 5) == ["term ends in 23 days"]
    assert page.summary.text() == ("1 governor, places not set; 1 term ends in the next 60 days.")
    assert not page.empty.isVisible()
    assert page.selected().name == "Asha Patel"  # the new governor is selected


def test_a_duplicate_is_refused_in_the_dialog(qtbot, page):
    add_governor(page.store, URN, "Jane Smith", "parent")
    page.refresh()
    page.add_governor()
    dialog = page.dialog
    type_into(qtbot, dialog.name, "  jane SMITH")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error.text() == "Jane Smith is already a current member of this board."
    assert len(list_governors(page.store, URN)) == 1
    dialog.reject()


def test_leaving_moves_a_governor_to_the_former_list(qtbot, page):
    add_governor(page.store, URN, "Ann Able", "co-opted", roles=["chair"])
    add_governor(page.store, URN, "Ben Bold", "staff")
    page.refresh()
    assert not page.show_former.isEnabled()
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # Record leaving…
    qtbot.waitUntil(lambda: page.dialog is not None)  # a mnemonic animates the button's click
    dialog = page.dialog
    dialog.left_on.setText("next week")
    qtbot.keyClick(dialog.left_on.edit, Qt.Key.Key_Return)
    assert dialog.error.text() == (
        "Date they left: 'next week' is not a date (write it as, for example, 12/03/2024)."
    )
    dialog.left_on.setText("31/07/2025")
    with qtbot.waitSignal(page.board_changed):
        qtbot.keyClick(dialog.left_on.edit, Qt.Key.Key_Return)
    assert texts(page.model, 0) == ["Ben Bold"]
    assert page.show_former.text() == "Show f&ormer governors (1)"
    page.show_former.setChecked(True)
    assert page.former_table.isVisible()
    assert [page.former_model.text(0, c) for c in (0, 2, 4)] == ["Ann Able", "chair", "31/07/2025"]


def test_constitution_counts_vacancies(qtbot, page):
    add_governor(page.store, URN, "Pat Parent", "parent")
    add_governor(page.store, URN, "Amy Associate", "associate")
    page.refresh()
    page.edit_constitution()
    dialog = page.dialog
    dialog.spins["parent"].setValue(3)
    dialog.spins["headteacher"].setValue(1)
    assert dialog.status["parent"].text() == "2"
    assert dialog.total.text() == "4 places, 3 vacant."
    with qtbot.waitSignal(page.board_changed):
        dialog.accept()
    assert places(page.store, URN) == {"parent": 3, "headteacher": 1}
    assert page.summary.text() == (
        "1 governor, 1 associate member, 3 vacancies; no terms end soon."
    )


def test_committee_members_are_ticked_with_the_keyboard(qtbot, page):
    ann = add_governor(page.store, URN, "Ann Able", "parent")
    add_committee(page.store, URN, "Resources")
    page.refresh()
    page.edit_committees()
    dialog = page.dialog
    dialog.members.setFocus()
    dialog.members.setCurrentRow(0)
    qtbot.keyClick(dialog.members, Qt.Key.Key_Space)
    assert [g.id for g in committee_members(page.store, dialog.selected_id())] == [ann]
    dialog.name.setText("Finance")
    dialog.quorum.setValue(2)  # "not set"
    dialog.add()
    assert dialog.committees.count() == 2
    with qtbot.waitSignal(page.board_changed):
        dialog.reject()  # Close: changes were saved as they were made
    assert texts(page.model, 6) == ["Resources"]


def test_the_demo_board_can_be_removed_after_confirming(qtbot, page, store, monkeypatch):
    ensure_board(store, URN)
    with store.conn:
        store.conn.execute("UPDATE boards SET demo = 1 WHERE urn = ?", (URN,))
    add_governor(store, URN, "Fictional Person", "co-opted")
    page.refresh()
    assert page.banner.isVisible()
    monkeypatch.setattr(page, "confirm", lambda *_: False)
    page.remove_demo.click()
    assert texts(page.model, 0) == ["Fictional Person"]
    monkeypatch.setattr(page, "confirm", lambda *_: True)
    with qtbot.waitSignal(page.board_changed):
        page.remove_demo.click()
    assert not page.banner.isVisible()
    assert page.empty.isVisible()
    assert list_governors(store, URN) == []
