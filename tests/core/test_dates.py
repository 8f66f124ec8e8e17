"""The app's date rules: ISO and UK dates, Excel serials, academic years and year labels."""

from __future__ import annotations

import datetime as dt

import pytest

from stoke_governor.core.dates import (
    EPOCH_1900,
    EPOCH_1904,
    academic_year,
    academic_year_start,
    add_months,
    excel_date,
    is_year_label,
    label_qualifier,
    parse_iso_date,
    parse_uk_date,
    parse_year_label,
    statistics_year,
    summer_label,
    year_end,
    year_label,
)


# -- ISO dates ------------------------------------------------------------------------------
def test_iso_dates_are_read_including_a_leap_day():
    assert parse_iso_date("2024-03-12") == dt.date(2024, 3, 12)
    assert parse_iso_date("2024-02-29") == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["2023-02-29", "2024-02-30", "2024-9-1", "20240901", "2024-W10-3", "01/09/2024", "", " 2024"],
)
def test_only_real_days_written_yyyy_mm_dd_are_iso_dates(text):
    with pytest.raises(ValueError):
        parse_iso_date(text)


def test_adding_months_keeps_the_day_or_the_month_end():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 3, 15), -3) == dt.date(2023, 12, 15)


# -- UK dates -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "12/03/2024",
        "12/3/2024",
        "12-03-2024",
        "12.03.2024",
        "12/03/24",
        "12 March 2024",
        "12th Mar 2024",
        "12-Mar-24",
        "Tuesday, 12 March 2024",
        "March 12, 2024",
        "12 MARCH 2024",
        "2024-03-12",
        "2024-3-12",
        " 12/03/2024 10:30 ",
        "2024-03-12T10:30:00",
    ],
)
def test_uk_dates_are_read_day_first_in_every_usual_form(text):
    assert parse_uk_date(text) == dt.date(2024, 3, 12)


def test_two_digit_years_follow_excel():
    assert parse_uk_date("01/01/00") == dt.date(2000, 1, 1)
    assert parse_uk_date("01/01/29") == dt.date(2029, 1, 1)
    assert parse_uk_date("01/01/30") == dt.date(1930, 1, 1)
    assert parse_uk_date("01/01/99") == dt.date(1999, 1, 1)
    assert parse_uk_date("1 Sept 24") == dt.date(2024, 9, 1)


def test_a_leap_day_is_a_date_only_in_a_leap_year():
    assert parse_uk_date("29/02/2024") == dt.date(2024, 2, 29)
    with pytest.raises(ValueError, match="'29/02/2023' is not a date that exists"):
        parse_uk_date("29/02/2023")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "03/25/2024",
            "'03/25/2024' reads month first (US style); dates are read day first, as in the UK, "
            "so write it as 25/03/2024",
        ),
        ("31/02/2024", "'31/02/2024' is not a date that exists"),
        ("12/03/202", "'12/03/202' is not a date: the year 202 has 3 digits"),
        ("12 Smarch 2024", "'12 Smarch 2024' is not a date: 'smarch' is not a month"),
        ("soon", "'soon' is not a date (write it as, for example, 12/03/2024)"),
        ("31st August", "'31st August' is not a date"),
    ],
)
def test_a_uk_date_that_cannot_be_read_says_why(text, reason):
    with pytest.raises(ValueError) as caught:
        parse_uk_date(text)
    assert str(caught.value).startswith(reason)


# -- Excel serial dates ---------------------------------------------------------------------
def test_excel_serials_allow_for_the_phantom_29_february_1900():
    assert excel_date(1) == dt.date(1900, 1, 1)
    assert excel_date(59) == dt.date(1900, 2, 28)
    assert excel_date(61) == dt.date(1900, 3, 1)
    with pytest.raises(ValueError, match="serial date 60 is Excel's 29 February 1900"):
        excel_date(60)
    assert excel_date(43900) == dt.date(2020, 3, 10)
    assert excel_date(45363.75) == dt.date(2024, 3, 12)  # the time of day is dropped
    assert excel_date(45351) == dt.date(2024, 2, 29)


def test_excel_serials_in_the_1904_system():
    assert excel_date(0, EPOCH_1904) == dt.date(1904, 1, 1)
    assert excel_date(60, EPOCH_1904) == dt.date(1904, 3, 1)  # 1904 was a leap year
    assert excel_date(43900 - 1462, EPOCH_1904) == excel_date(43900, EPOCH_1900)


def test_an_excel_serial_past_the_year_9999_is_not_a_date():
    with pytest.raises(ValueError, match="'9e\\+09' is not a date"):
        excel_date(9e9)


# -- academic years -------------------------------------------------------------------------
def test_year_labels_by_start_and_by_summer():
    assert year_label(2018) == "2018-19"
    assert year_label(1999) == "1999-00"
    assert summer_label(2019) == "2018-19"
    assert summer_label(2000) == "1999-00"


def test_the_academic_year_starts_in_september():
    assert academic_year(dt.date(2025, 8, 31)) == "2024-25"
    assert academic_year(dt.date(2025, 9, 1)) == "2025-26"
    assert academic_year(dt.date(2024, 2, 29)) == "2023-24"
    assert academic_year(dt.date(1999, 9, 1)) == "1999-00"
    assert academic_year_start(dt.date(2025, 8, 31)) == 2024
    assert academic_year_start(dt.date(2025, 9, 1)) == 2025


def test_dfe_statistics_by_date_are_filed_from_august():
    assert statistics_year(dt.date(2025, 7, 31)) == "2024-25"
    assert statistics_year(dt.date(2025, 8, 1)) == "2025-26"
    assert statistics_year(dt.date(2025, 9, 1)) == "2025-26"
    # The one month the two rules differ in:
    assert academic_year(dt.date(2025, 8, 15)) == "2024-25"
    assert statistics_year(dt.date(2025, 8, 15)) == "2025-26"


# -- DfE year labels ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("label", "year"),
    [
        ("2018-19", "2018-19"),
        ("2018/19", "2018-19"),
        ("2018 - 19", "2018-19"),
        ("201819", "2018-19"),
        ("2018/2019", "2018-19"),
        ("2019", "2018-19"),
        ("2025 (prov)", "2024-25"),
        ("2016-17 (OT)", "2016-17"),
        ("2018 (Rev)", "2017-18"),
        ("1999/00", "1999-00"),
        ("199900", "1999-00"),
    ],
)
def test_dfe_year_labels_become_academic_years(label, year):
    assert parse_year_label(label) == year


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("2014-16", "'2014-16' spans more than one academic year"),
        ("2018/2020", "'2018/2020' spans more than one academic year"),
        ("latest", "'latest' is not an academic year"),
        ("", "'' is not an academic year"),
    ],
)
def test_spans_and_words_are_not_year_labels(label, reason):
    with pytest.raises(ValueError, match=reason):
        parse_year_label(label)


def test_qualifiers_of_year_labels():
    assert label_qualifier("2025 (Prov)") == "prov"
    assert label_qualifier("2016-17 (OT)") == "ot"
    assert label_qualifier("2025") == ""


def test_the_form_the_app_writes_years_in():
    assert is_year_label("2026-27")
    assert not is_year_label("2026/27")
    assert not is_year_label("202627")
    assert not is_year_label("2026-27 ")


@pytest.mark.parametrize(
    ("label", "summer"),
    [
        ("2018-19", 2019),
        ("2018/2019", 2019),
        ("201819", 2019),
        ("2018 to 2019", 2019),
        ("1999-00", 2000),
        ("Dec 2030", 2030),
        ("IES target for 2029-30", 2030),
        ("", None),
        (None, None),
        ("soon", None),
    ],
)
def test_the_summer_a_year_label_ends_in(label, summer):
    assert year_end(label) == summer
