"""Time stamps as people read them: the LA's pages (short month) and the city report (long)."""

from __future__ import annotations

import datetime as dt

from stoke_governor.core.dates import stamp_label


def when(stamp):
    return stamp_label(stamp) or ""


def test_a_local_stamp_reads_as_day_month_year_and_time():
    assert when("2026-11-20T14:03:09") == "20 Nov 2026 14:03"
    assert when("2026-03-05T09:00") == "5 Mar 2026 09:00"


def test_a_stamp_with_a_zone_is_shown_in_local_time():
    moment = dt.datetime(2026, 11, 20, 14, 3, tzinfo=dt.UTC)
    local = moment.astimezone()
    assert when(moment.isoformat()) == f"{local.day} {local:%b %Y %H:%M}"


def test_nothing_reads_as_nothing_and_odd_text_as_itself():
    assert when(None) == "" and when("") == ""
    assert when("yesterday") == "yesterday"


def test_the_report_spells_the_month_out():
    assert stamp_label("2026-11-20T14:03:09", long_month=True) == "20 November 2026, 14:03"
    assert stamp_label(None, long_month=True) is None
