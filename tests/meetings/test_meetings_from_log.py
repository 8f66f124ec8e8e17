"""Questions imported from a clerk's log belong to meetings: the board's own, matched by date and
body, or meetings made for them; they appear in the minutes and in matters arising."""

from __future__ import annotations

from stoke_governor.board.committees import add_committee
from stoke_governor.challenges.importer import (
    IMPORTED,
    REJECTED,
    UNCHANGED,
    import_file,
    import_preview,
    preview_import,
)
from stoke_governor.challenges.records import find_challenges
from stoke_governor.meetings.attendance import matters_arising
from stoke_governor.meetings.from_log import plan_meetings
from stoke_governor.meetings.meetings import add_meeting, challenges_at, list_meetings
from stoke_governor.meetings.minutes import minutes_record
from tests.challenges.test_challenge_import import URN, count, write_csv
from tests.clerk_logs import ROWS, write_clerk_log


def questions(store, meeting_id) -> list[str]:
    return sorted(c.question for c in find_challenges(store, URN, meeting_id=meeting_id))


def board_with_meetings(store):
    """A board with its Resources committee, its own autumn meeting on the day of the log's
    first, and a curriculum committee meeting on the day the log's Resources met."""
    resources = add_committee(store, URN, "Resources")
    curriculum = add_committee(store, URN, "Curriculum and standards")
    autumn = add_meeting(store, URN, "2024-11-14", title="Autumn term meeting")
    add_meeting(store, URN, "2024-12-03", committee_id=curriculum)
    return resources, autumn


def test_the_logs_meetings_are_matched_or_made_and_hold_their_questions(store, tmp_path):
    resources, autumn = board_with_meetings(store)
    log = write_clerk_log(tmp_path / "log.xlsx")
    preview = preview_import(store, URN, log, plan_meetings=plan_meetings)
    assert preview.summary == (
        "5 challenges will be added; 1 row has problems. 3 meetings will be created, 1 "
        "matched. 'Pay panel' is not one of the board's committees, so its meetings will be "
        "recorded as full-board meetings titled 'Pay panel'; to file them under a committee, "
        "add it on the Board page before importing. Columns not imported: Ref, Notes."
    )
    assert preview.meetings is not None
    assert preview.meetings.lines == [
        f"Full governing board on 14/11/2024 — matches meeting {autumn}, 2 questions",
        "Resources on 03/12/2024 — will be created, 1 question",
        "Pay panel on 21/01/2025 — will be created, 1 question",
        "Full governing board on 12/03/2025 — will be created, 1 question",
    ]
    assert len(list_meetings(store, URN)) == 2  # the preview made nothing
    ids = import_preview(store, preview, skip_bad_rows=True)
    assert len(ids) == 5 and count(store) == 5
    held = {(m.held_on, m.committee_id, m.title): m.id for m in list_meetings(store, URN)}
    assert len(held) == 5
    assert questions(store, autumn) == [
        "How is reading tracked in Key Stage 3?",
        "Why is Year 9 attendance below the city's?",
    ]
    committee = held[("2024-12-03", resources, None)]
    assert questions(store, committee) == ["Is the three-year budget balanced?"]
    assert questions(store, held[("2025-01-21", None, "Pay panel")]) == [
        "Are pay decisions linked to appraisal?"
    ]
    march = held[("2025-03-12", None, None)]
    assert questions(store, march) == ["What has the attendance report shown?"]
    curriculum = next(
        m.id for m in list_meetings(store, URN) if m.committee == "Curriculum and standards"
    )
    assert challenges_at(store, curriculum) == 0
    assert (
        preview.filed[0]
        == f"Meeting {autumn}: Full governing board on 14/11/2024 — matched, 2 questions"
    )
    # The full board's open action comes forward to its next meeting; the committee's does not
    arising = [a.action for a in matters_arising(store, march)]
    assert arising == ["Report attendance by year group"]
    minutes = minutes_record(store, committee, urn=URN)
    assert minutes.title == "Resources meeting" and minutes.entry_count == 1
    assert [a.text for a in minutes.actions] == ["Bring a recovery plan"]


def test_importing_again_makes_no_second_meetings(store, tmp_path):
    log = write_clerk_log(tmp_path / "log.xlsx")
    first = import_file(store, URN, log, skip_bad_rows=True, plan_meetings=plan_meetings)
    assert first.status == IMPORTED and len(list_meetings(store, URN)) == 4
    again = import_file(store, URN, log, skip_bad_rows=True, plan_meetings=plan_meetings)
    assert again.status == UNCHANGED and "already imported" in again.reason
    assert count(store) == 5 and len(list_meetings(store, URN)) == 4
    # The spring term's log carries the autumn's rows on: its meetings are the same ones
    spring = ROWS + [
        (11, ["C7", "12/03/2025", "FGB", "Is the new site safe?", None, None, None, None])
    ]
    later = import_file(
        store,
        URN,
        write_clerk_log(tmp_path / "spring.xlsx", spring),
        skip_bad_rows=True,
        plan_meetings=plan_meetings,
    )
    assert later.status == IMPORTED and len(list_meetings(store, URN)) == 4
    assert all("— matched" in line for line in later.meetings)


def test_a_log_without_a_meeting_column_takes_each_date_as_a_meeting(store, tmp_path):
    finance = add_committee(store, URN, "Finance")
    only = add_meeting(store, URN, "2024-10-01", committee_id=finance)
    log = write_csv(
        tmp_path / "log.csv",
        ["Date asked,Question", "01/10/2024,Is the budget set?", "05/11/2024,Who leads SEND?"],
    )
    preview = preview_import(store, URN, log, plan_meetings=plan_meetings)
    assert preview.summary == (
        "2 challenges will be added. Each date asked is taken as the date of a board meeting "
        "(no column names the meeting): 1 meeting will be created, 1 matched."
    )
    import_preview(store, preview)
    assert questions(store, only) == ["Is the budget set?"]  # the board's only meeting that day
    made = next(m for m in list_meetings(store, URN) if m.held_on == "2024-11-05")
    assert made.committee_id is None and made.kind_label == "Full governing board"
    assert questions(store, made.id) == ["Who leads SEND?"]


def test_a_failure_while_storing_leaves_no_meetings_behind(store, tmp_path, monkeypatch):
    from stoke_governor.challenges import log as challenges
    from stoke_governor.core.errors import ChallengeError

    real = challenges._insert
    calls = []

    def fail_on_third(store_, urn, given, *rest):
        calls.append(1)
        if len(calls) == 3:
            raise ChallengeError("a problem found while storing")
        return real(store_, urn, given, *rest)

    monkeypatch.setattr(challenges, "_insert", fail_on_third)
    log = write_clerk_log(tmp_path / "log.xlsx")
    outcome = import_file(store, URN, log, skip_bad_rows=True, plan_meetings=plan_meetings)
    assert outcome.status == REJECTED and "row 7: a problem found while storing" in outcome.reason
    assert count(store) == 0 and list_meetings(store, URN) == []
    monkeypatch.setattr(challenges, "_insert", real)
    retry = import_file(store, URN, log, skip_bad_rows=True, plan_meetings=plan_meetings)
    assert retry.status == IMPORTED and len(list_meetings(store, URN)) == 4
