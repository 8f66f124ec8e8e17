"""The import window shows what a GIAS extract would change in the school list, and asks."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QMessageBox

from stoke_governor.schools.register import select_school
from stoke_governor.ui.data.school_changes import changes_text
from stoke_governor.ui.shell.main_window import MainWindow
from tests.conftest import BIRCHES_HEAD, needs_dfe
from tests.data.test_gias_ees import NEW_SCHOOL, NEW_URN, WATERSIDE, gias_header, gias_row
from tests.data.test_gias_ees import write_csv as write_gias

pytestmark = needs_dfe
RENAMED = "Birches Head Academy and Sixth Form"


@pytest.fixture
def window(qtbot, store):
    win = MainWindow(store, select_school(store, BIRCHES_HEAD))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.pool.waitForDone(5000)


@pytest.fixture
def files(tmp_path):
    """A GIAS extract that adds a school, renames the board's and closes Waterside; and a
    results file, which changes no school."""
    gias = write_gias(
        tmp_path / "edubasealldata20250901.csv",
        gias_header(),
        [
            gias_row(BIRCHES_HEAD, EstablishmentName=RENAMED),
            gias_row(
                WATERSIDE, **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2025"}
            ),
            NEW_SCHOOL,
        ],
    )
    results = tmp_path / "2019-2020_figures.csv"
    results.write_text(
        f"RECTYPE,LEA,URN,SCHNAME,ATT8SCR\r\n1,861,{BIRCHES_HEAD},Birches Head,40.1\r\n",
        encoding="utf-8",
    )
    return [results, gias]


def asked(monkeypatch, answer: QMessageBox.StandardButton) -> list[QMessageBox]:
    """The boxes the window shows, each answered with `answer` instead of by a person."""
    shown: list[QMessageBox] = []

    def exec_(box):
        shown.append(box)
        return answer

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def school_name(store, urn: int) -> str | None:
    row = store.query_one("SELECT name FROM schools WHERE urn = ?", (urn,))
    return row["name"] if row else None


def test_the_changes_are_shown_and_made_once_confirmed(qtbot, window, store, files, monkeypatch):
    shown = asked(monkeypatch, QMessageBox.StandardButton.Yes)
    window.import_data([str(f) for f in files])
    dialog = window.import_dialog
    with qtbot.waitSignal(dialog.imported, timeout=20000) as done:
        dialog.import_button.click()
    [box] = shown
    assert box.windowTitle() == "Changes to the school list"
    assert box.text().splitlines() == [
        "edubasealldata20250901.csv would change the school list: 1 school added, 2 updated.",
        f"  • adds Trentside Children’s Academy (URN {NEW_URN})",
        f"  • renames URN {BIRCHES_HEAD}: Birches Head Academy → {RENAMED}",
        f"  • closes Waterside Primary School (URN {WATERSIDE})",
    ]
    assert [o.status for o in done.args[0]] == ["imported", "imported"]
    assert school_name(store, BIRCHES_HEAD) == RENAMED
    assert school_name(store, NEW_URN) == "Trentside Children’s Academy"
    dialog.close_button.click()


def test_declining_imports_nothing_and_leaves_the_list_as_it_was(
    qtbot, window, store, files, monkeypatch
):
    shown = asked(monkeypatch, QMessageBox.StandardButton.No)
    sources = store.query_one("SELECT count(*) AS n FROM sources")["n"]
    window.import_data([str(f) for f in files])
    dialog = window.import_dialog
    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(shown) and dialog.import_button.isEnabled(), timeout=20000)
    assert dialog.progress.format() == "Stopped: nothing was imported"
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["waiting", "waiting"]
    assert school_name(store, BIRCHES_HEAD) == "Birches Head Academy"
    assert school_name(store, NEW_URN) is None
    assert store.query_one("SELECT count(*) AS n FROM sources")["n"] == sources
    dialog.close_button.click()


def test_files_that_change_no_school_are_imported_without_asking(qtbot, window, files, monkeypatch):
    shown = asked(monkeypatch, QMessageBox.StandardButton.No)
    window.import_data([str(files[0])])
    dialog = window.import_dialog
    with qtbot.waitSignal(dialog.imported, timeout=20000) as done:
        dialog.import_button.click()
    assert not shown
    assert [o.status for o in done.args[0]] == ["imported"]
    dialog.close_button.click()


def test_a_long_list_of_changes_is_cut_short_in_the_message_and_whole_in_the_details():
    from stoke_governor.data.outcome import Outcome

    lines = tuple(f"adds School {n} (URN {600000 + n})" for n in range(30))
    text, details = changes_text(
        [Outcome("/x/gias.csv", "imported", "30 schools added", 30, lines)]
    )
    assert text.splitlines()[-1] == "  … and 18 more (see the details)"
    assert details.splitlines() == ["gias.csv:", *(f"  {line}" for line in lines)]
