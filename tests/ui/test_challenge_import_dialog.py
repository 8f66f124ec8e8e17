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
