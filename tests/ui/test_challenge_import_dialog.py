"""Importing a board's own challenge log from the GUI: map the columns, preview, import."""

from __future__ import annotations

from tests.challenges.test_challenge_import import URN, count, write_csv


def test_dialog_maps_previews_and_imports_only_when_problems_are_resolved(store, qtbot, tmp_path):
    from PySide6.QtCore import Qt, QThreadPool

    from stoke_governor.ui.challenges.import_dialog import ChallengeImportDialog

    path = write_csv(
        tmp_path / "log.csv",
        [
            "When,Challenge,Raised by,Status",
            "01/10/2023,Why?,Ann,Done",
            "02/10/2023,How?,Bo,Purple",
            "03/10/2023,Who?,,",
        ],
    )
    pool = QThreadPool()
    dialog = ChallengeImportDialog(store, pool, URN, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.task is None)
    # "When" is no common name for the date: the required field has no column yet
    assert dialog.combos["asked_on"].currentText() == "(not imported)"
    assert "Choose the column that holds: Date asked" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.combos["asked_on"].setCurrentIndex(1)  # the user picks "When"
    dialog.combos["asked_on"].activated.emit(1)
    qtbot.waitUntil(lambda: dialog.task is None and "will be added" in dialog.summary.text())
    assert dialog.summary.text().startswith("2 challenges will be added; 1 row has problems.")
    assert dialog.problems.item(0).text().startswith("Row 3: Status (Status): 'Purple'")
    assert dialog.rows_model.rowCount() == 2 and dialog.rows_model.text(0, 1) == "Why?"
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.skip, Qt.MouseButton.LeftButton)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10000) as added:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert added.args == [2] and count(store) == 2
    assert "See them in the Challenge log" in dialog.summary.text()
    pool.waitForDone()
    # The same layout maps itself next time, "When" included
    again = ChallengeImportDialog(
        store,
        pool,
        URN,
        path=write_csv(
            tmp_path / "spring.csv", ["When,Challenge,Raised by,Status", "01/03/2024,Why now?,,"]
        ),
    )
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.preview is not None and again.task is None)
    assert again.combos["asked_on"].currentText() == "When" and again.import_button.isEnabled()
    pool.waitForDone()


def test_dialog_finds_the_headings_below_a_title_and_files_questions_under_meetings(
    store, qtbot, tmp_path
):
    from PySide6.QtCore import Qt, QThreadPool

    from stoke_governor.meetings.meetings import list_meetings
    from stoke_governor.ui.challenges.import_dialog import ChallengeImportDialog
    from tests.clerk_logs import write_clerk_log

    pool = QThreadPool()
    dialog = ChallengeImportDialog(store, pool, URN, path=write_clerk_log(tmp_path / "log.xlsx"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.task is None)
    assert dialog.header_row.value() == 3 and dialog.header_row.isEnabled()
    assert dialog.combos["asked_on"].currentText() == "Date of meeting"
    assert dialog.combos["meeting"].currentText() == "Meeting"
    assert dialog.combos["board_view"].currentText() == "Governor view"
    summary = dialog.summary.text()
    assert summary.startswith("5 challenges will be added; 1 row has problems.")
    assert "4 meetings will be created." in summary
    assert summary.endswith("Columns not imported: Ref, Notes.")
    header = [dialog.rows_model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert header == ["Row", "Question asked", "Date asked", "Meeting or committee"]
    assert dialog.rows_model.text(0, 2) == "14/11/2024" and dialog.rows_model.text(0, 3) == "FGB"
    # The user says the headings are on row 1 (the title): the file is read again
    dialog.header_row.setValue(1)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.preview.sheet.header_row == 1)
    assert "Choose the column that holds: Date asked" in dialog.summary.text()
    assert "The headings seem to be on row 3." in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.header_row.setValue(3)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.preview.sheet.header_row == 3)
    qtbot.mouseClick(dialog.skip, Qt.MouseButton.LeftButton)
    assert list_meetings(store, URN) == []  # nothing stored before Import
    with qtbot.waitSignal(dialog.imported, timeout=10000) as added:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert added.args == [5] and count(store) == 5 and len(list_meetings(store, URN)) == 4
    assert dialog.summary.text().startswith(
        "5 challenges were added under 4 meetings (1 row with problems left out)."
    )
    pool.waitForDone()
