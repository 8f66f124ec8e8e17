"""LA mode: which databases may become the LA's, and the schools' signing keys."""

from __future__ import annotations

import pytest

from stoke_governor.board.governors import add_governor, ensure_board
from stoke_governor.core.errors import LAModeError, UnknownSchoolError
from stoke_governor.la.mode import is_la, issue_key, key_for, la_init, require_la, school_key
from stoke_governor.schools.register import select_school, selected_school


def test_la_init_makes_the_database_the_las_with_every_open_school(store):
    assert not is_la(store)
    with pytest.raises(LAModeError, match="school board's database"):
        require_la(store)
    assert la_init(store) == 104  # open Stoke-on-Trent schools held
    assert is_la(store) and selected_school(store) is None
    require_la(store)
    assert la_init(store) == 104  # again: nothing changes


def test_a_real_boards_database_is_never_turned_into_the_las(store):
    ensure_board(store, 136102)
    add_governor(store, 136102, "A. Governor", "parent")
    with pytest.raises(LAModeError, match="Co-op Academy"):
        la_init(store)
    assert not is_la(store)


def test_the_las_database_cannot_be_made_a_school_board(la_store):
    with pytest.raises(LAModeError, match="LA's"):
        select_school(la_store, 136102)
    assert is_la(la_store)


def test_each_school_gets_its_own_key_once(la_store):
    assert school_key(la_store, 136102) is None and key_for(la_store)(136102) is None
    first = issue_key(la_store, 136102)
    assert issue_key(la_store, 136102) == first and len(first.key) == 32
    other = issue_key(la_store, 124390)
    assert other.key != first.key and other.key_id != first.key_id
    assert key_for(la_store)(136102) == first.key
    with pytest.raises(UnknownSchoolError):
        issue_key(la_store, 999999)
