"""The demo board: every new database has it, clearly marked, once; removing it is for good."""

from __future__ import annotations

import datetime as dt

from stoke_governor.board import governors as board
from stoke_governor.challenges import records
from stoke_governor.meetings import attendance, meetings
from stoke_governor.startup import open_database
from stoke_governor.startup.demo import ensure_demo, read_demo
from tests.conftest import BIRCHES_HEAD

TODAY = dt.date(2026, 11, 22)


def test_a_new_database_has_the_demo_board_at_a_real_school(store):
    demo = board.demo_board(store)
    assert demo is not None and demo.urn == BIRCHES_HEAD and demo.demo
    assert "demo" in demo.name.lower() and "fictional" in demo.name.lower()
    current = board.list_governors(store, BIRCHES_HEAD)
    assert len(current) == 11 and len(board.former_governors(store, BIRCHES_HEAD)) == 1
    held = meetings.list_meetings(store, BIRCHES_HEAD)
    assert [m.held_on for m in held] == ["2026-10-15", "2026-07-09"]
    assert all(attendance.quorum(store, m.id).met for m in held)
    assert len(records.find_challenges(store, BIRCHES_HEAD)) == 12


def test_only_the_demo_schools_board_is_the_demo(store):
    assert board.get_board(store, BIRCHES_HEAD).demo
    real = board.ensure_board(store, 136102)
    assert not real.demo and not board.get_board(store, 136102).demo


def test_the_demo_shows_what_a_board_needs_to_act_on(store):
    overdue = records.find_challenges(store, BIRCHES_HEAD, overdue_only=True, today=TODAY)
    assert {c.due_on for c in overdue} == {"2026-09-30", "2026-11-12"}
    october = next(m for m in meetings.list_meetings(store, BIRCHES_HEAD) if m.held_on > "2026-08")
    carried = attendance.matters_arising(store, october.id)
    assert carried and all(m.meeting_held_on == "2026-07-09" for m in carried)
    ending = board.terms_ending(store, BIRCHES_HEAD, TODAY)
    assert {t.governor.name: t.days for t in ending} == {"Imran Baig": 8, "Tom Lightfoot": 39}


def test_challenge_snapshots_quote_the_figures_the_questions_use(store):
    data = read_demo()
    for entry in records.find_challenges(store, BIRCHES_HEAD):
        if entry.measure:
            assert entry.snapshot and entry.snapshot.get("value")
            source = next(c for c in data["challenges"] if c["question"] == entry.question)
            assert entry.snapshot["value"].rstrip("%") in source["question"]


def test_removing_the_demo_board_is_for_good_and_touches_nothing_else(db_path):
    store = open_database(db_path)
    other = board.add_governor(store, 136102, "Real Person", "parent")
    assert board.remove_demo_board(store)
    assert board.demo_board(store) is None
    assert store.query("SELECT count(*) FROM challenge_history")[0][0] == 0
    assert store.query("SELECT count(*) FROM training_records")[0][0] == 0
    store.close()
    store = open_database(db_path)  # the next start does not bring it back
    assert board.demo_board(store) is None
    assert [g.id for g in board.list_governors(store, 136102)] == [other]
    store.close()


def test_an_interrupted_build_is_rebuilt_whole_at_the_next_start(db_path):
    store = open_database(db_path)
    with store.transaction():
        store.execute("DELETE FROM challenges WHERE id > (SELECT min(id) FROM challenges)")
        store.execute("DELETE FROM settings WHERE key = 'demo_board'")
    store.close()
    store = open_database(db_path)
    assert len(records.find_challenges(store, BIRCHES_HEAD)) == 12
    assert len(board.list_governors(store, BIRCHES_HEAD)) == 11
    store.close()


def test_a_real_board_at_the_demo_school_is_never_replaced(db_path):
    store = open_database(db_path)
    board.remove_demo_board(store)
    with store.transaction():
        store.execute("DELETE FROM settings WHERE key = 'demo_board'")
    mine = board.add_governor(store, BIRCHES_HEAD, "Our Chair", "co-opted", roles=["chair"])
    assert not ensure_demo(store)
    assert [g.id for g in board.list_governors(store, BIRCHES_HEAD)] == [mine]
    store.close()


def test_the_demo_board_carries_a_part_completed_self_evaluation(store):
    from stoke_governor.selfeval import evaluation as selfeval

    (evaluation,) = selfeval.list_evaluations(store, BIRCHES_HEAD)
    rated = store.query(
        "SELECT count(*) FROM evaluation_ratings WHERE evaluation_id = ? AND rating IS NOT NULL",
        (evaluation.id,),
    )[0][0]
    links = store.query(
        "SELECT count(*) FROM evaluation_links WHERE evaluation_id = ?", (evaluation.id,)
    )[0][0]
    assert 0 < rated < 23 and links > 0


def test_the_demo_meeting_has_what_minutes_record(store):
    from stoke_governor.meetings.minutes import minutes_record

    october = next(m for m in meetings.list_meetings(store, BIRCHES_HEAD) if m.held_on > "2026-08")
    r = minutes_record(store, october.id, today=TODAY)
    assert [(d.name, d.pecuniary) for d in r.declarations] == [
        ("Paul Harding", True),
        ("Gary Salt", False),
    ]
    decided = [(a.number, a.status) for a in r.actions if a.from_decision]
    assert decided == [("3.1", "done"), ("7.2", "open")]
    assert (r.meeting.closed_at, r.meeting.next_meeting_on) == ("19:55", "2026-12-10")
    assert r.items[2].notes.startswith("The headteacher presented the school improvement plan")
    assert r.warnings == []
