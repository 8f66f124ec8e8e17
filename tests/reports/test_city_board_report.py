"""The city report the Partnership Board reads: on the city's real schools with varied boards
and two years of returns, page 1 names the categories with their counts and the ten schools
of most concern, every page is A4 landscape, the workbook's counts and percentages are
numbers, and each school shows its change since last year."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from stoke_governor.cli import main as cli
from stoke_governor.la.categories import CATEGORIES
from stoke_governor.la.returns.importer import import_returns
from stoke_governor.la.trend import BETTER, COMPARED, NO_RETURN_BEFORE, SAME, WORSE, school_trend
from stoke_governor.reports.city_export import write_report
from stoke_governor.reports.city_pdf_glance import LISTED_LATER
from stoke_governor.reports.city_report import city_report
from tests.city_boards import two_years
from tests.conftest import copy_database
from tests.return_files import TODAY

YEAR = "2026-27"
MISSING_THIS_YEAR = 3  # the last schools send nothing this year
MISSING_LAST_YEAR = 10


@pytest.fixture(scope="module")
def city(seeded_template, tmp_path_factory):
    """Every open city school's board, varied at random (fixed seeds), over two years; the
    LA's database holds both years' returns. Yields (LA database, its path)."""
    from stoke_governor.la.mode import la_init
    from stoke_governor.startup import open_database

    root = tmp_path_factory.mktemp("city-board-report")
    copy_database(seeded_template, root / "school.sqlite")
    copy_database(seeded_template, root / "la.sqlite")
    la = open_database(root / "la.sqlite")
    la_init(la)
    urns = [r[0] for r in la.query("SELECT urn FROM schools WHERE status != 'closed' ORDER BY urn")]
    with open_database(root / "school.sqlite") as school:
        last, now = two_years(school, root / "returns", urns, missing_last_year=MISSING_LAST_YEAR)
    import_returns(la, [*last, *now[:-MISSING_THIS_YEAR]], by="test officer")
    yield la, root / "la.sqlite"
    la.close()


@pytest.fixture(scope="module")
def report(city):
    return city_report(city[0], YEAR, today=TODAY)


def pdf_pages(path) -> list[str]:
    """Each page's text, whitespace run together (a name may wrap inside its cell)."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return [" ".join(page.split()) for page in out.stdout.split("\f") if page.strip()]


needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed"
)


def test_no_category_holds_more_than_half_and_the_top_ten_are_the_most_serious(report):
    g = report.glance
    assert sum(g.categories.values()) == g.schools == len(report.picture.rows) > 100
    assert max(g.categories.values()) <= g.schools / 2, g.categories
    assert len(g.top) == 10
    assert [p.urn for p in g.top] == [p.urn for p in report.placed if p.concerns][:10]
    assert all(p.one_line() for p in g.top)
    assert {r.urn for r in g.not_returned} == {r.urn for r in report.picture.rows if not r.returned}
    assert len(g.not_returned) == MISSING_THIS_YEAR and not g.refused
    assert [r.name for r in g.not_returned] == sorted(r.name for r in g.not_returned)


@needs_pdftotext
def test_the_first_page_names_the_top_ten_categories_training_and_projections(report, tmp_path):
    pages = pdf_pages(write_report(report, tmp_path / "city.pdf"))
    first = pages[0]
    assert "at a glance" in first
    for name, n in report.glance.categories.items():
        assert re.search(rf"{name} {n}\b", first), (name, n)
    for placed in report.glance.top:
        assert " ".join(placed.name.split()) in first, placed.name
        assert placed.concerns[0].text[:40] in first
    for status in report.glance.not_returned:  # few enough to be named on page 1
        assert status.name in first
    training = report.glance.training
    assert f"{training.trained} of {training.governors} governors" in first
    assert "taken up by all governors" in first
    assert "Vacancies:" in first
    for measure in ("good level of development", "Grade 4 or above in English and maths"):
        assert measure in first
    assert first.count("the likely range is") >= 2
    # each category then starts a page of its own, most serious first
    heads = [
        next(n for n, page in enumerate(pages) if page.startswith(f"{name}: "))
        for name in CATEGORIES
    ]
    assert heads == sorted(heads) and heads[0] == 1


def test_every_page_is_a4_landscape(report, tmp_path):
    from reportlab.lib.pagesizes import A4, landscape

    data = write_report(report, tmp_path / "city.pdf").read_bytes()
    boxes = re.findall(rb"/MediaBox \[\s*([\d.\s]+?)\s*\]", data)
    assert len(boxes) > 5
    sizes = {tuple(round(float(v)) for v in box.split()) for box in boxes}
    assert sizes == {(0, 0, round(landscape(A4)[0]), round(landscape(A4)[1]))}


def test_the_workbooks_counts_and_percentages_are_numbers(report, tmp_path):
    wb = load_workbook(write_report(report, tmp_path / "city.xlsx"))
    assert wb.sheetnames[:3] == ["At a glance", "Schools", "Projections"]
    ws = wb["At a glance"]
    cells = {r[0].value: r[1] for r in ws.iter_rows(min_row=5, max_col=2) if r[0].value}
    for name, n in report.glance.categories.items():
        assert cells[f"Category: {name}"].value == n
    assert cells["Open schools in the city"].value == report.glance.schools
    assert cells["No return"].value == MISSING_THIS_YEAR
    take_up = cells["Governors with every core module done"]
    assert isinstance(take_up.value, float) and take_up.number_format == "0%"
    training = report.glance.training
    assert take_up.value == pytest.approx(training.trained / training.governors, abs=1e-4)
    assert all(ws.page_setup.orientation == "landscape" for ws in wb.worksheets)

    rows = list(wb["Projections"].iter_rows(min_row=3, values_only=True))
    head, body = rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0]]
    assert head[:8] == (
        "Measure",
        "Latest figure",
        "Latest year (summer)",
        "Target",
        "Target year",
        "Projected",
        "Likely range, low",
        "Likely range, high",
    )
    gld = [r for r in body if "good level of development" in r["Measure"]]
    assert gld and {r["Target year"] for r in gld} >= {2027}
    for row in gld:
        assert isinstance(row["Latest figure"], float) and 0 < row["Latest figure"] < 1
        assert row["Likely range, low"] <= row["Projected"] <= row["Likely range, high"]
        assert row["Target"] in (0.72, 0.75)


def test_each_school_shows_its_change_since_last_year(city, report, tmp_path):
    la, _path = city
    wb = load_workbook(write_report(report, tmp_path / "city.xlsx"))
    rows = list(wb["Schools"].iter_rows(min_row=3, values_only=True))
    schools = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(schools) == len(report.picture.rows)
    said = {s["URN"]: s["Change since last year"] for s in schools}
    assert set(said.values()) >= {BETTER, SAME, WORSE, NO_RETURN_BEFORE}
    for urn in list(said)[::9]:  # the same as the school's two returns, read apart
        assert said[urn] == school_trend(la, urn, YEAR).overall.word, urn
    compared = [s for s in schools if s["Change since last year"] in COMPARED]
    last_year = "Mean rating last year (sections rated both years)"
    assert compared and all(isinstance(s[last_year], int | float) for s in compared)


@needs_pdftotext
def test_each_school_in_the_pdf_says_better_same_or_worse(report, tmp_path):
    text = " ".join(pdf_pages(write_report(report, tmp_path / "city.pdf"))[1:])
    for placed, _row in report.in_category(CATEGORIES[1])[:5]:
        trend = report.trends[placed.urn]
        assert placed.name in text
        assert trend.overall.word.capitalize() in text


@needs_pdftotext
def test_too_many_missing_returns_are_counted_on_page_one_and_listed_later(report, tmp_path):
    missing = sorted(report.picture.rows, key=lambda r: r.name)[:12]
    crowded = report._replace(glance=report.glance._replace(not_returned=missing))
    pages = pdf_pages(write_report(crowded, tmp_path / "city.pdf"))
    assert f"12 with no return and 0 refused: listed under “{LISTED_LATER}”" in pages[0]
    assert "No return:" not in pages[0]
    later = next(page for page in pages[1:] if page.startswith(LISTED_LATER))
    assert all(r.name in later for r in missing)


def test_the_command_still_writes_both(city, tmp_path, capsys):
    _la, path = city
    for name in ("city.xlsx", "city.pdf"):
        out = tmp_path / name
        code = cli.main(["--db", str(path), "returns", "report", "--year", YEAR, "-o", str(out)])
        assert code == 0 and out.stat().st_size > 0
        printed = capsys.readouterr().out
        assert "Saved the city summary" in printed
        assert "Schools by category: Intensive support " in printed
    assert load_workbook(tmp_path / "city.xlsx").sheetnames[0] == "At a glance"
    assert (tmp_path / "city.pdf").read_bytes().startswith(b"%PDF")
