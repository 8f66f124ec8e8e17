"""The school data summary for the meeting pack: what it says (the Dashboard's words, the
figures' age, the charts of the measures challenged this school year, the sources) and the
A4 PDF of one or two pages it prints as."""

from __future__ import annotations

import datetime as dt
import subprocess

from stoke_governor.challenges.log import add_challenge
from stoke_governor.measures.catalogue import school_dashboard
from stoke_governor.measures.snapshot import every_measure
from stoke_governor.measures.trends import history
from stoke_governor.reports.common import words_file_name
from stoke_governor.reports.data_summary import MAX_CHARTS, SPECIAL, data_summary
from stoke_governor.reports.data_summary_pdf import export_data_summary
from tests.conftest import BIRCHES_HEAD

TODAY = dt.date(2026, 12, 6)  # school year 2026-27: the demo board's October meeting
FOUNDATION_BRIDGE = 143928  # its Attainment 8 for 2018-19 was not published (NA)
ABBEY_HILL = 124500  # a special school, no board of its own


def pdf_text(path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


def pdf_pages(path) -> tuple[int, str]:
    """The number of pages and the first page's size, as pdfinfo gives them."""
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    info = dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    return int(info["Pages"]), info["Page size"].strip()


def rows_by_code(summary):
    return {r.code: r for r in summary.rows}


def test_the_headline_measures_say_what_the_dashboard_says(store):
    s = data_summary(store, BIRCHES_HEAD, TODAY)
    assert s.title == "School data summary – Birches Head Academy – 6 December 2026"
    dashboard = school_dashboard(store, BIRCHES_HEAD, "Secondary")
    assert [r.code for r in s.rows] == [r.measure.code for r in dashboard]
    assert [r.status for r in s.rows] == [r.status for r in dashboard]  # each row's own
    rows = rows_by_code(s)
    # Birches Head's 2018-19 KS4 file: 33.9; the city 42.8, West Midlands 45.6, England 46.7.
    a8 = rows["ATT8SCR"]
    assert (a8.year, a8.school, a8.city, a8.west_midlands, a8.england) == (
        "2018-19, provisional",
        "33.9",
        "42.8",
        "45.6",
        "46.7",
    )
    assert a8.status == "Behind England"
    basics = rows["PTL2BASICS_95"]
    assert basics.target == "over 65% of young people (if read as grade 5+) by Dec 2030"
    assert basics.status == "Before the strategy"
    assert basics.west_midlands == "—"  # none held: blank, never 0
    assert s.age.startswith("School results: 2018-19, provisional — seven years old.")
    assert "Import the DfE's current files" in s.age


def test_a_figure_not_published_stays_missing(store):
    rows = rows_by_code(data_summary(store, FOUNDATION_BRIDGE, TODAY))
    assert rows["ATT8SCR"].school == "Not published (NA)"
    assert rows["ATT8SCR"].status == "Not published"


def test_the_charts_are_the_measures_challenged_this_school_year(store):
    s = data_summary(store, BIRCHES_HEAD, TODAY)
    assert s.school_year == "2026-27"
    # The October meeting's five measures, in the order asked; the July meeting's were
    # last school year. Four charts fit on the second page; the fifth is named.
    assert [c.measure.code for c in s.charts] == [
        "PERCTOT",
        "NOT_SUSTAINEDPER",
        "ATT8SCR",
        "PTEBACC_E_PTQ_EE",
    ]
    assert len(s.charts) == MAX_CHARTS
    assert s.more_text == (
        "1 more measure challenged (Pupils with an education, health and care plan): "
        "see the School data page."
    )
    assert all(c.challenged_on == ["2026-10-15"] for c in s.charts)
    statuses = {r.measure.code: r.status for r in every_measure(store, BIRCHES_HEAD)}
    for c in s.charts:  # the chart's status is the Dashboard's for the same measure
        assert c.status == statuses[c.measure.code]
    july = data_summary(store, BIRCHES_HEAD, dt.date(2026, 8, 1))
    assert july.school_year == "2025-26"
    assert [c.measure.code for c in july.charts][:2] == ["PPERSABS10", "PTL2BASICS_94"]


def test_a_chart_breaks_where_the_series_breaks_and_says_why(store):
    s = data_summary(store, BIRCHES_HEAD, TODAY)
    a8 = next(c for c in s.charts if c.measure.code == "ATT8SCR")
    assert "2019-20 to 2020-21, school figures: not published (no exams: COVID-19)." in a8.notes
    assert "Up to 2015-16: not comparable (before 9 to 1 points)." in a8.notes
    assert a8.bands == [2016, 2020, 2021]
    city = next(line for line in a8.lines if line.name == "Stoke-on-Trent")
    # Joined only where the School data page joins them: never across a break.
    assert [[x for x, _ in run] for run in city.runs] == [
        [2016],
        [2017, 2018, 2019],
        [2020],
        [2021],
        [2022, 2023, 2024, 2025],
    ]
    h = history(store, BIRCHES_HEAD, "ATT8SCR", "Secondary", "Birches Head Academy")
    assert city.runs[1] == [(x, h.areas[0].at(x).value) for x in (2017, 2018, 2019)]
    absence = next(c for c in s.charts if c.measure.code == "PERCTOT")
    england = next(line for line in absence.lines if line.name == "England")
    points = dict(p for run in england.runs for p in run)
    assert 2020 not in points  # not published in 2019-20 ("-"): a gap, never 0
    assert [[x for x, _ in run] for run in england.runs] == [
        [2016, 2017, 2018, 2019],
        [2021, 2022, 2023, 2024, 2025],
    ]
    cohort = next(c for c in s.charts if c.measure.code == "NOT_SUSTAINEDPER")
    assert cohort.notes == [
        "The year shown is when the pupils finished Year 11; the DfE publishes their "
        "destinations two years later."
    ]


def test_the_sources_name_each_publication_with_its_years_and_release(store):
    s = data_summary(store, BIRCHES_HEAD, TODAY)
    assert (
        "Key stage 4 results (provisional), England (2018-19) — Department for Education; "
        "figures used: 2018-19 (provisional)" in s.sources
    )
    assert (
        "Local Authority Interactive Tool (LAIT) data set — Department for Education; "
        "figures used: 2015-16 to 2024-25 (final)" in s.sources
    )
    assert "City targets: Stoke-on-Trent Improving Education Strategy 2025-2030" in s.sources
    assert "Series breaks: DfE, Key stage 4 performance, academic year 2021/22" in s.sources


def test_a_special_school_is_compared_with_special_schools(store):
    s = data_summary(store, ABBEY_HILL, TODAY)
    assert SPECIAL in s.notes
    assert {r.target for r in s.rows} == {"No city target"}
    assert not any(line.startswith("City targets") for line in s.sources)
    assert s.charts == [] and s.more_text == ""  # no board, no challenges


def test_the_pdf_is_one_or_two_a4_pages_with_the_school_and_its_charts(store, tmp_path):
    path = tmp_path / "summary.pdf"
    written = export_data_summary(store, BIRCHES_HEAD, path, TODAY)
    assert written.path == path
    assert "Birches Head Academy (13 measures, 4 charts)" in written.summary
    pages, size = pdf_pages(path)
    assert pages in (1, 2) and size.startswith("595.276 x 841.89")  # A4
    text = " ".join(pdf_text(path).split())
    assert "School data summary – Birches Head Academy – 6 December 2026" in text
    assert "School results: 2018-19, provisional — seven years old." in text
    assert "Measures the board challenged in 2026-27" in text
    assert "Attainment 8 (average score)" in text and "Pupils entered for the English" in text
    assert "2019-20 to 2020-21, school figures: not published (no exams: COVID-19)." in text
    assert "1 more measure challenged" in text
    assert "Sources" in text and "Page 1 of 2" in text


def test_many_challenged_measures_still_print_on_two_pages(store, tmp_path):
    codes = [r.measure.code for r in every_measure(store, BIRCHES_HEAD)][:12]
    for code in codes:
        add_challenge(
            store,
            BIRCHES_HEAD,
            question=f"Why is {code} where it is?",
            measure=code,
            asked_on="2026-11-26",
        )
    written = export_data_summary(store, BIRCHES_HEAD, tmp_path / "many.pdf", TODAY)
    assert pdf_pages(written.path)[0] <= 2
    s = data_summary(store, BIRCHES_HEAD, TODAY)
    assert [c.measure.code for c in s.charts] == codes[:MAX_CHARTS]  # the latest asked first
    october = {"PERCTOT", "NOT_SUSTAINEDPER", "ATT8SCR", "PTEBACC_E_PTQ_EE", "PSENELSE"}
    assert len(s.charts) + len(s.more_challenged) == len(set(codes) | october)
    assert s.more_text.startswith(f"{len(s.more_challenged)} more measures challenged (")
    text = " ".join(pdf_text(written.path).split())
    assert f"{len(s.more_challenged)} more measures challenged (" in text


def test_no_challenges_this_year_says_so(store, tmp_path):
    written = export_data_summary(store, ABBEY_HILL, tmp_path / "abbey.pdf", TODAY)
    assert pdf_pages(written.path)[0] in (1, 2)
    text = " ".join(pdf_text(written.path).split())
    assert "The board has recorded no challenge about a measure in 2026-27." in text
    assert "A special school is compared with England's special schools" in text


def test_file_names_are_in_words():
    assert (
        words_file_name(
            "Birches Head Academy", "Grade 5 or above in English and maths", suffix=".png"
        )
        == "Birches Head Academy – Grade 5 or above in English and maths.png"
    )
    assert words_file_name('St. Mary\'s C/E: "Primary"', "Key stage 2?", suffix=".pdf") == (
        "St. Mary's C E Primary – Key stage 2.pdf"
    )
    assert words_file_name("", "...", suffix=".pdf") == "Untitled.pdf"
