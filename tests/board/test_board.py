"""The board's governors, committees, constitution and terms of office (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from stoke_governor.board.committees import (
    add_committee,
    committee_members,
    governor_committees,
    list_committees,
    remove_committee,
    set_committee_members,
)
from stoke_governor.board.constitution import board_summary, places, set_places, vacancies
from stoke_governor.board.governors import (
    add_governor,
    days_to,
    ending_soon,
    former_governors,
    get_governor,
    governor_name,
    iso_date,
    list_governors,
    record_leaving,
    same_person,
    term_note,
    terms_ending,
    update_governor,
)
from stoke_governor.core.errors import BoardError

URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board
TODAY = dt.date(2025, 3, 1)


def count(store, table: str) -> int:
    return store.query_one(f"SELECT count(*) FROM {table}")[0]


# -- pure rules ----------------------------------------------------------------
def test_names_match_whatever_the_capitals_and_spacing():
    assert same_person("Jane  Smith", " jane smith ")
    assert not same_person("Jane Smith", "Jane Smyth")


@pytest.mark.parametrize("text", ["01/09/2024", "1/9/24", "1 Sept 2024", "2024-09-01", "2024-9-1"])
def test_dates_are_read_as_written_in_the_uk_or_as_iso(text):
    assert iso_date(text, "term start date") == "2024-09-01"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/13/2024", "'31/13/2024' is not a date that exists"),
        ("2024-02-30", "'2024-02-30' is not a date that exists"),
        ("09/13/2024", "'09/13/2024' reads month first"),
        ("next year", "'next year' is not a date .write it as, for example, 12/03/2024"),
        ("20240901", "'20240901' is not a date"),
    ],
)
def test_a_typed_date_that_is_not_one_says_why_and_names_the_field(text, reason):
    with pytest.raises(BoardError, match=f"^The term start date: {reason}"):
        iso_date(text, "term start date")


def test_blank_dates_are_none_and_dates_are_accepted():
    assert iso_date("  ", "x") is None
    assert iso_date(dt.date(2024, 9, 1), "x") == "2024-09-01"


@pytest.mark.parametrize(
    ("days", "note"),
    [
        (23, "term ends in 23 days"),
        (1, "term ends tomorrow"),
        (0, "term ends today"),
        (-1, "term ended yesterday"),
        (-12, "term ended 12 days ago"),
        (None, ""),
    ],
)
def test_term_notes(days, note):
    assert term_note(days) == note


def test_the_warning_window_includes_its_last_day():
    assert days_to("2025-04-30", TODAY) == 60
    assert ending_soon(60)
    assert not ending_soon(61)
    assert ending_soon(-400)  # ended long ago, still serving: still to act on
    assert not ending_soon(None)  # no end date recorded


# -- governors -----------------------------------------------------------------
def test_a_governor_is_kept_with_roles_and_term(store):
    gid = add_governor(
        store,
        URN,
        "  Asha   Patel ",
        "parent",
        term_start="2024-09-01",
        term_end="2028-08-31",
        roles=["chair", "Safeguarding link", " "],
    )
    g = get_governor(store, gid)
    assert g.name == "Asha Patel"
    assert g.category_label == "Parent governor"
    assert g.roles == ("chair", "safeguarding link")
    assert (g.term_start, g.term_end, g.left_on) == ("2024-09-01", "2028-08-31", None)


def test_a_governors_name_by_id_and_none_for_no_one(store):
    gid = add_governor(store, URN, "Asha Patel", "parent")
    assert governor_name(store, gid) == "Asha Patel"
    assert governor_name(store, gid + 1000) == ""
    assert governor_name(store, None) == ""


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "   "}, "Enter the governor's name"),
        ({"category": "trustee"}, "not a category of governor"),
        ({"term_start": "2025-09-01", "term_end": "2025-08-31"}, "cannot end .* before it starts"),
        ({"term_end": "31/08/20288"}, "term end date: '31/08/20288' is not a date"),
        ({"category": "associate", "roles": ["chair"]}, "only governors can be chair"),
    ],
)
def test_bad_governors_are_refused_and_nothing_is_stored(store, kwargs, message):
    before = (count(store, "governors"), count(store, "boards"))
    args = {"name": "Sam Lee", "category": "co-opted", **kwargs}
    with pytest.raises(BoardError, match=message):
        add_governor(store, URN, args.pop("name"), args.pop("category"), **args)
    assert (count(store, "governors"), count(store, "boards")) == before


def test_duplicates_among_current_members_are_refused(store):
    add_governor(store, URN, "Jane Smith", "parent")
    with pytest.raises(BoardError, match="Jane Smith is already a current member"):
        add_governor(store, URN, "  JANE   smith", "co-opted")
    assert len(list_governors(store, URN)) == 1


def test_one_chair_and_one_headteacher(store):
    add_governor(store, URN, "Ann Chair", "co-opted", roles=["chair"])
    add_governor(store, URN, "Head Teacher", "headteacher")
    with pytest.raises(BoardError, match="Ann Chair is the chair"):
        add_governor(store, URN, "Bob New", "parent", roles=["chair"])
    with pytest.raises(BoardError, match="already the headteacher"):
        add_governor(store, URN, "Other Head", "headteacher")


def test_editing_checks_the_same_rules_and_changes_everything_asked(store):
    a = add_governor(store, URN, "Ann Able", "parent", term_start="2024-09-01")
    add_governor(store, URN, "Ben Bold", "staff")
    with pytest.raises(BoardError, match="Ben Bold is already"):
        update_governor(store, a, name="ben bold")
    with pytest.raises(BoardError, match="before it starts"):
        update_governor(store, a, term_end="2024-08-31")
    assert get_governor(store, a).term_end is None  # nothing half-changed
    g = update_governor(
        store,
        a,
        name="Ann Able-Smith",
        category="co-opted",
        term_end="2028-08-31",
        roles=["vice-chair"],
        note="Appointed for finance skills",
    )
    assert (g.name, g.category, g.term_end, g.roles) == (
        "Ann Able-Smith",
        "co-opted",
        "2028-08-31",
        ("vice-chair",),
    )
    assert update_governor(store, a, name="Ann Able-Smith").name == "Ann Able-Smith"  # not self


def test_former_governors_are_kept_as_history(store):
    a = add_governor(store, URN, "Ann Able", "parent", term_start="2021-09-01", roles=["chair"])
    with pytest.raises(BoardError, match="in the future"):
        record_leaving(store, a, "2025-03-02", today=TODAY)
    with pytest.raises(BoardError, match="before their term started"):
        record_leaving(store, a, "2021-08-31", today=TODAY)
    record_leaving(store, a, "2025-02-14", today=TODAY)
    assert list_governors(store, URN) == []
    [former] = former_governors(store, URN)
    assert (former.name, former.left_on, former.roles) == ("Ann Able", "2025-02-14", ("chair",))
    with pytest.raises(BoardError, match="already left the board on 14/02/2025"):
        record_leaving(store, a, "2025-02-20", today=TODAY)
    # A new chair, and the same person can be appointed again later.
    add_governor(store, URN, "Ann Able", "co-opted", roles=["chair"])
    assert len(list_governors(store, URN, include_former=True)) == 2


# -- terms ending ----------------------------------------------------------------
def test_terms_ending_within_the_window_and_those_already_ended(store):
    for name, end in [
        ("In window", "2025-04-30"),  # 60 days
        ("Just outside", "2025-05-01"),  # 61 days
        ("Ended", "2025-02-19"),
        ("Today", "2025-03-01"),
        ("No end", None),
    ]:
        add_governor(store, URN, name, "co-opted", term_start="2021-03-01", term_end=end)
    left = add_governor(store, URN, "Left", "co-opted", term_end="2025-03-10")
    record_leaving(store, left, "2025-02-01", today=TODAY)
    ending = terms_ending(store, URN, TODAY)
    assert [(t.governor.name, t.note) for t in ending] == [
        ("Ended", "term ended 10 days ago"),
        ("Today", "term ends today"),
        ("In window", "term ends in 60 days"),
    ]
    assert [t.governor.name for t in terms_ending(store, URN, TODAY, within_days=0)] == [
        "Ended",
        "Today",
    ]


# -- constitution and vacancies -------------------------------------------------
def test_vacancies_count_current_governors_only(store):
    set_places(store, URN, {"parent": 2, "headteacher": 1, "co-opted": "3", "la": 0})
    assert places(store, URN) == {"parent": 2, "headteacher": 1, "co-opted": 3}
    add_governor(store, URN, "P One", "parent")
    gone = add_governor(store, URN, "P Two", "parent")
    record_leaving(store, gone, "2025-01-01", today=TODAY)
    add_governor(store, URN, "The Head", "headteacher")
    add_governor(store, URN, "A Member", "associate")  # not a governor: fills no place
    add_governor(store, URN, "S Staff", "staff")  # no staff places: one over
    lines = {v.category: (v.places, v.filled, v.vacant, v.over) for v in vacancies(store, URN)}
    assert lines == {
        "parent": (2, 1, 1, 0),
        "staff": (0, 1, 0, 1),
        "headteacher": (1, 1, 0, 0),
        "co-opted": (3, 0, 3, 0),
    }
    summary = board_summary(store, URN, TODAY)
    assert (summary.members, summary.governors, summary.places, summary.vacancies) == (4, 3, 6, 4)
    assert summary.describe() == ("3 governors, 1 associate member, 4 vacancies; no terms end soon")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"parent": -1}, "whole number"),
        ({"parent": "two"}, "whole number"),
        ({"associate": 2}, "not governors"),
        ({"headteacher": 2}, "one headteacher place"),
        ({"trustee": 2}, "not a category"),
    ],
)
def test_bad_places_are_refused_and_the_constitution_kept(store, given, message):
    set_places(store, URN, {"parent": 2})
    with pytest.raises(BoardError, match=message):
        set_places(store, URN, {"co-opted": 4, **given})
    assert places(store, URN) == {"parent": 2}


def test_summary_reads_plainly(store):
    assert board_summary(store, URN, TODAY).describe() == "No governors recorded yet"
    set_places(store, URN, {"co-opted": 2})
    add_governor(store, URN, "Only One", "co-opted", term_end="2025-03-20")
    assert board_summary(store, URN, TODAY).describe() == (
        "1 governor, 1 vacancy; 1 term ends in the next 60 days"
    )


# -- committees ----------------------------------------------------------------
def test_committees_and_their_members(store):
    a = add_governor(store, URN, "Ann Able", "parent")
    b = add_governor(store, URN, "Ben Bold", "associate")
    fin = add_committee(store, URN, "Finance and resources", quorum=3)
    with pytest.raises(BoardError, match="already has a committee called Finance"):
        add_committee(store, URN, "finance AND resources")
    with pytest.raises(BoardError, match="at least 3"):
        add_committee(store, URN, "Pay", quorum=2)
    with pytest.raises(BoardError, match="committee's name"):
        add_committee(store, URN, " ")
    set_committee_members(store, fin, [a, b])
    assert [g.name for g in committee_members(store, fin)] == ["Ann Able", "Ben Bold"]
    assert governor_committees(store, URN) == {
        a: ("Finance and resources",),
        b: ("Finance and resources",),
    }
    other = add_governor(store, 124390, "Elsewhere", "parent")
    with pytest.raises(BoardError, match="Only current members"):
        set_committee_members(store, fin, [a, other])
    assert len(committee_members(store, fin)) == 2  # unchanged
    record_leaving(store, b, "2025-01-01", today=TODAY)
    assert [g.name for g in committee_members(store, fin)] == ["Ann Able"]
    assert len(committee_members(store, fin, include_former=True)) == 2
    set_committee_members(store, fin, [])  # history of former members stays
    assert len(committee_members(store, fin, include_former=True)) == 1
    remove_committee(store, fin)
    assert list_committees(store, URN) == []
