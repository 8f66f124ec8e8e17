"""The one list of a school's and a figure's columns, and the row of a school a file names."""

from __future__ import annotations

from stoke_governor.core.areas import CITY_LA
from stoke_governor.data.store_figures import AREA_FIGURE_FIELDS, FIGURE_FIELDS
from stoke_governor.schools.register import SCHOOL_FIELDS, new_school


def _columns(store, table: str) -> tuple[str, ...]:
    return tuple(r["name"] for r in store.query(f"SELECT name FROM pragma_table_info('{table}')"))


def test_the_fields_are_the_tables_columns_in_order_less_the_source(store):
    assert (*SCHOOL_FIELDS, "source_id") == _columns(store, "schools")
    assert ("id", "urn", *FIGURE_FIELDS, "source_id") == _columns(store, "school_figures")
    assert ("id", *AREA_FIGURE_FIELDS, "source_id") == _columns(store, "area_figures")


def test_a_new_school_is_open_in_the_city_and_blank_but_for_what_is_given():
    school = new_school(150999, name="Hillside Primary", age_low=4)
    assert tuple(school) == SCHOOL_FIELDS
    assert school["urn"] == 150999
    assert school["la_code"] == int(CITY_LA)
    assert school["status"] == "open"
    assert school["name"] == "Hillside Primary"
    assert school["age_low"] == 4
    assert school["phase"] == school["postcode"] == ""
    assert school["laestab"] is None and school["ofsted_grade"] is None


def test_given_details_win_over_the_blanks():
    assert new_school(150999, status="closed")["status"] == "closed"
