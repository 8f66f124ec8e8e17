"""The challenge log's domain: entries, frozen snapshots, history, restore, search."""

from __future__ import annotations

import csv
import re

import pytest

from stoke_governor.board.governors import add_governor
from stoke_governor.challenges import log as ch
from stoke_governor.challenges import records
from stoke_governor.core.errors import ChallengeError
from stoke_governor.core.paths import resources_dir
from stoke_governor.measures.priorities import (
    load_priorities,
    priority_for_measure,
    priority_label,
    school_priority,
)
from stoke_governor.measures.snapshot import snapshot_of
from tests.conftest import SEEDS

COOP = 136102  # Co-op Academy Stoke-On-Trent: a secondary with KS4 figures, no demo board


def meeting(store, urn=COOP, held_on="2025-03-12", title="Full governing board"):
    with store.transaction():
        return store.execute(
            "INSERT INTO meetings (urn, held_on, title) VALUES (?, ?, ?)", (urn, held_on, title)
        ).lastrowid


def test_priorities_are_the_strategys_and_their_measures_exist():
    priorities = load_priorities()
    assert list(priorities) == ["learning-ready", "attendance", "ks4", "inclusion", "other"]
    with (resources_dir() / "measures.csv").open(encoding="utf-8", newline="") as fh:
        codes = {r["code"] for r in csv.DictReader(fh)}
    for p in priorities.values():
        assert p.measures and set(p.measures) <= codes, p.id
    assert priority_for_measure("ATT8SCR").id == "ks4"
    assert priority_for_measure("SCH_GLD").title == "Learning Ready – Reception year"
    assert priority_for_measure("PPERSABS10").id == "attendance"
    assert priority_label(school_priority("  Reading  in KS3 ")) == (
        "The school's own priority: Reading in KS3"
    )
    seed = SEEDS / priorities["ks4"].seed_file
    if seed.is_file():  # every target is quoted word for word
        text = re.sub(r"\s+", " ", seed.read_text(encoding="utf-8"))
        for p in priorities.values():
            assert re.sub(r"\s+", " ", p.target) in text, p.id


def test_a_challenge_keeps_the_measure_as_it_stood_after_new_figures_arrive(store):
    cid = ch.add_challenge(
        store, COOP, question="Why is Attainment 8 below England?", measure="ATT8SCR"
    )
    entry = records.get_challenge(store, cid)
    assert entry.priority == "ks4"  # suggested by the measure
    assert entry.snapshot["value"] == "41.4" and entry.snapshot["year"] == "2018-19"
    assert entry.snapshot["status"] == "Behind England"
    assert entry.snapshot_text.startswith("Attainment 8 (average score): 41.4 in 2018-19")
    with store.transaction():  # new figures arrive for the same year
        store.execute(
            "UPDATE school_figures SET value = 55.0 WHERE urn = ? AND measure = 'ATT8SCR'",
            (COOP,),
        )
    assert snapshot_of(store, COOP, "ATT8SCR")["value"] == "55.0"
    assert records.get_challenge(store, cid).snapshot == entry.snapshot
    ch.update_challenge(store, cid, response="A new head of maths starts in April.")
    assert records.get_challenge(store, cid).snapshot == entry.snapshot  # not retaken


def test_each_change_is_kept_and_a_deleted_entry_comes_back(store):
    gov = add_governor(store, COOP, "Asha Patel", "parent")
    mid = meeting(store)
    cid = ch.add_challenge(
        store,
        COOP,
        question="How is persistent absence tackled?",
        asked_by=gov,
        meeting_id=mid,
        due_on="2025-04-01",
    )
    ch.update_challenge(
        store,
        cid,
        board_view="partly satisfied",
        status="in progress",
        question="How is persistent absence tackled?",
    )
    changes = records.history(store, cid)
    assert [c.change for c in changes] == ["created", "edited", "edited"]
    assert {(c.field, c.old, c.new) for c in changes[1:]} == {
        ("board_view", None, "partly satisfied"),
        ("status", "open", "in progress"),
    }
    assert "Board's view of the response: (blank) → “partly satisfied”" in [
        c.description for c in changes
    ]
    before = records.get_challenge(store, cid)
    ch.delete_challenge(store, cid)
    assert records.find_challenges(store, COOP) == []
    with pytest.raises(ChallengeError, match="no challenge"):
        records.get_challenge(store, cid)
    new = ch.add_challenge(store, COOP, question="Another question")
    assert new != cid  # a deleted entry's id is never reused: its history stays its own
    restored = ch.restore_challenge(store, cid)
    assert restored == before
    assert restored.asker == "Asha Patel" and restored.meeting_label == (
        "Full governing board, 2025-03-12"
    )
    assert [c.change for c in records.history(store, cid)][-2:] == ["deleted", "restored"]
    with pytest.raises(ChallengeError, match="has not been deleted"):
        ch.restore_challenge(store, cid)


def test_changing_the_measure_retakes_the_snapshot_and_undo_can_give_the_old_one_back(store):
    cid = ch.add_challenge(store, COOP, question="Q", measure="ATT8SCR")
    old = records.get_challenge(store, cid).snapshot
    moved = ch.update_challenge(store, cid, measure="PTL2BASICS_94")
    assert moved.snapshot["measure"] == "PTL2BASICS_94"
    assert {c.field for c in records.history(store, cid)[1:]} == {"measure", "snapshot"}
    back = ch.update_challenge(store, cid, measure="ATT8SCR", snapshot=old)
    assert back.snapshot == old


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"question": "   "}, "question is empty"),
        ({"board_view": "happy"}, "board's view 'happy'"),
        ({"status": "closed"}, "status 'closed'"),
        ({"due_on": "31/12/2025"}, "Due: '31/12/2025' is not a date"),
        ({"asked_on": "2025-02-30"}, "Date asked"),
        ({"measure": "NOPE"}, "no measure with the code 'NOPE'"),
        ({"priority": "world peace"}, "no city priority"),
        ({"meeting_id": 9999}, "not one of this board's meetings"),
        ({"asked_by": 9999}, "not a member of this board"),
        ({"agenda_item_id": 9999}, "Agenda item 9999"),
        ({"colour": "red"}, "no field 'colour'"),
    ],
)
def test_bad_entries_are_refused_with_the_field_named(store, fields, message):
    with pytest.raises(ChallengeError, match=re.escape(message)):
        ch.add_challenge(store, COOP, **{"question": "Why?", **fields})
    assert records.find_challenges(store, COOP) == []


def test_another_boards_governor_or_meeting_cannot_be_used(store):
    other = 124390
    gov = add_governor(store, other, "Someone Else", "parent")
    with pytest.raises(ChallengeError, match="not a member of this board"):
        ch.add_challenge(store, COOP, question="Why?", asked_by=gov)
    with pytest.raises(ChallengeError, match="not one of this board's meetings"):
        ch.add_challenge(store, COOP, question="Why?", meeting_id=meeting(store, other))


def test_a_batch_is_stored_whole_or_not_at_all(store):
    kept = store.query("SELECT count(*) FROM challenge_history")[0][0]
    rows = [
        {"question": "One"},
        {"question": "Two", "status": "done"},
        {"question": "Three", "due_on": "tomorrow"},
    ]
    with pytest.raises(ChallengeError, match=r"^Row 3: Due: 'tomorrow' is not a date"):
        ch.add_challenges(store, COOP, rows)
    with pytest.raises(ChallengeError, match=r"^Row 5:"):
        ch.add_challenges(store, COOP, rows, first_row=3)
    assert records.find_challenges(store, COOP) == []
    assert store.query("SELECT count(*) FROM challenge_history")[0][0] == kept
    ids = ch.add_challenges(store, COOP, rows[:2])
    assert [c.id for c in records.find_challenges(store, COOP)] == sorted(ids, reverse=True)


def test_filters_search_and_overdue(store):
    gov = add_governor(store, COOP, "Asha Patel", "parent")
    m1, m2 = meeting(store, held_on="2025-01-10"), meeting(store, held_on="2025-03-12")
    a = ch.add_challenge(
        store,
        COOP,
        question="Why is 50% of Year 11 below grade 4?",
        asked_on="2025-01-10",
        meeting_id=m1,
        measure="PTL2BASICS_94",
        due_on="2025-02-01",
        action="Report back",
    )
    b = ch.add_challenge(
        store,
        COOP,
        question="What is the attendance_plan?",
        asked_on="2025-03-12",
        meeting_id=m2,
        asked_by=gov,
        measure="PPERSABS10",
        due_on="2025-02-01",
        status="done",
    )
    c = ch.add_challenge(
        store,
        COOP,
        question="Is the reading strategy working?",
        asked_on="2025-03-12",
        priority=school_priority("Reading"),
        response="Yes, ALL year groups",
    )

    def ids(**kw):
        return [x.id for x in records.find_challenges(store, COOP, **kw)]

    assert ids() == [c, b, a]
    assert ids(meeting_id=m1) == [a]
    assert ids(priority="ks4") == [a] and ids(priority="attendance") == [b]
    assert ids(priority="school") == [c]
    assert ids(measure="PPERSABS10") == [b]
    assert ids(asked_by=gov) == [b]
    assert ids(status="done") == [b]
    assert ids(since="2025-03-01") == [c, b] and ids(until="2025-01-31") == [a]
    assert ids(text="50%") == [a] and ids(text="%") == [a]
    assert ids(text="_") == [b]  # literally, not "any one character"
    assert ids(text="all YEAR") == [c]  # the response, any case
    assert ids(text="report BACK") == [a]  # the action
    assert ids(overdue_only=True, today="2025-06-01") == [a]  # b is done
    assert ids(overdue_only=True, today="2025-01-15") == []
    first = records.get_challenge(store, a)
    assert first.overdue_on("2025-06-01") and not first.overdue_on("2025-02-01")
    with pytest.raises(ChallengeError, match="not a date"):
        records.find_challenges(store, COOP, since="last week")


def test_challenges_added_together_keep_the_snapshot_each_would_have_alone(store):
    codes = ["ATT8SCR", "PTL2BASICS_95", "P8MEA", None]
    rows = [{"question": f"Question {i}", "measure": code} for i, code in enumerate(codes)]
    ids = ch.add_challenges(store, COOP, rows)
    for cid, code in zip(ids, codes, strict=True):
        snapshot = records.get_challenge(store, cid).snapshot
        if code is None:
            assert not snapshot
        else:
            assert snapshot == snapshot_of(store, COOP, code) and snapshot["year"]


def test_the_last_asker_at_a_meeting_is_who_asked_the_question_recorded_last(store):
    asha = add_governor(store, COOP, "Asha Patel", "parent")
    spring, summer = meeting(store), meeting(store, held_on="2025-06-18")
    assert records.last_asker(store, COOP, spring) == ""  # nothing asked there yet
    ch.add_challenge(store, COOP, question="First?", meeting_id=spring, asked_by=asha)
    ch.add_challenge(store, COOP, question="Second?", meeting_id=spring, asked_by_name="Tom")
    ch.add_challenge(store, COOP, question="Elsewhere?", meeting_id=summer, asked_by=asha)
    assert records.last_asker(store, COOP, spring) == "Tom"
    assert records.last_asker(store, COOP, summer) == "Asha Patel"
    ch.add_challenge(store, COOP, question="Unnamed?", meeting_id=spring)
    assert records.last_asker(store, COOP, spring) == ""
