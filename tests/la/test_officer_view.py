"""What the LA officer reads is right: a refused return says why (not "no return"), a return
is dated by the board's export with the LA's receipt beside it, and a school listed under two
URNs (an open predecessor and its successor) is one school. Real returns, no Qt."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from stoke_governor.la.city import city_picture, summary
from stoke_governor.la.returns.importer import IMPORTED, REJECTED, import_returns, newest_year
from stoke_governor.la.returns.refusals import standing_refusals
from stoke_governor.la.risk import AT_RISK, RISK_RULE
from stoke_governor.reports.city_export import export_city_report
from stoke_governor.reports.city_report import city_report, refused_cells
from stoke_governor.schools.successors import counted_twice, successors
from tests.la.test_returns_hostile import key_of
from tests.la.test_returns_import import hold_key, rewrite, school_store
from tests.return_files import copy_as, make_return

SIGNED, PLAIN, CO_OP = 123993, 124002, 136102  # open city schools: Waterside, Blurton, Co-op
ASH_GREEN_OLD, ASH_GREEN = 124028, 142990  # a maintained school and the academy it became
EXPORTED = "2026-11-12T09:30:00+00:00"  # when the board exported (earlier than the LA's import)


def edit_in_place(src: Path, dest: Path) -> Path:
    """Change a rating in the payload and keep the old digest and signature, as a person
    editing the file by hand would."""
    with zipfile.ZipFile(src) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    part = members["customXml/item1.xml"]
    edited = part.replace(b"&quot;rating&quot;:3", b"&quot;rating&quot;:4", 1)
    if edited == part:
        edited = part.replace(b'"rating":3', b'"rating":4', 1)
    assert edited != part
    members["customXml/item1.xml"] = edited
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for name, body in members.items():
            out.writestr(name, body)
    return dest


@pytest.fixture(scope="module")
def files(seeded_template, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("officer")
    school = school_store(seeded_template, root)
    out, tmp = root / "files", root / "tmp"
    f: dict[str, Path] = {}
    try:
        signed = make_return(school, SIGNED, tmp, ratings={"SL1": 3}, key=key_of(SIGNED, 7))
        f["signed"] = copy_as(signed, out, "waterside-signed.xlsx")
        plain = make_return(school, PLAIN, tmp, ratings={"SL1": 3, "AC1": 3})
        f["plain"] = copy_as(plain, out, "blurton.xlsx")
        f["old-urn"] = copy_as(
            make_return(school, ASH_GREEN_OLD, tmp, ratings={"SL1": 4}), out, "ash-green-old.xlsx"
        )
        f["co-op"] = copy_as(make_return(school, CO_OP, tmp), out, "co-op-src.xlsx")
    finally:
        school.close()
    f["edited-signed"] = edit_in_place(f["signed"], out / "waterside-edited.xlsx")
    f["edited-plain"] = edit_in_place(f["plain"], out / "blurton-edited.xlsx")
    f["exported-earlier"] = rewrite(
        f["co-op"], out / "co-op.xlsx", change=lambda p: p.update(created=EXPORTED)
    )
    return f


@pytest.fixture
def la(la_store):
    hold_key(la_store, key_of(SIGNED, 7))
    return la_store


def row(picture, urn):
    return next(r for r in picture.rows if r.urn == urn)


# -- a refused return -----------------------------------------------------------------------
def test_a_return_edited_after_signing_reads_refused_not_missing(la, files):
    [o] = import_returns(la, [files["edited-signed"]])
    assert o.status == REJECTED and (o.claimed_urn, o.year) == (SIGNED, "2026-27")
    assert o.urn is None  # the file's claim is not taken as its school
    assert newest_year([o]) == "2026-27"  # the City picture turns to it
    picture = city_picture(la, "2026-27")
    waterside = row(picture, SIGNED)
    assert not waterside.returned  # nothing from the file is used
    assert waterside.refusal is not None
    assert waterside.refusal.headline == "Return refused: edited after signing"
    assert waterside.refusal.file == "waterside-edited.xlsx"
    assert waterside.flag.level == AT_RISK
    assert waterside.flag.reasons[0].startswith(
        "Return refused: edited after signing (waterside-edited.xlsx, "
    )
    assert not any("No self-evaluation returned" in r for r in waterside.flag.reasons)
    assert "only one the LA refused" in RISK_RULE
    other = row(picture, PLAIN)  # a school that sent nothing still reads so
    assert other.refusal is None and other.flag.reasons == (
        "No self-evaluation returned for 2026-27",
    )


def test_an_edited_unsigned_return_says_edited_after_export(la, files):
    import_returns(la, [files["edited-plain"]])
    [refusal] = standing_refusals(la, "2026-27")
    assert (refusal.urn, refusal.school, refusal.reason) == (
        PLAIN,
        "Blurton Primary School",
        "edited after it was exported",
    )
    assert "changed outside the app" in refusal.detail
    assert standing_refusals(la, "2025-26") == []  # only the year the file names


def test_a_later_accepted_return_makes_the_refusal_history(la, files):
    import_returns(la, [files["edited-signed"]])
    [o] = import_returns(la, [files["signed"]])  # the board sends the file as exported
    assert o.status == IMPORTED
    waterside = row(city_picture(la, "2026-27"), SIGNED)
    assert waterside.returned and waterside.refusal is None
    assert standing_refusals(la, "2026-27") == []
    assert refused_cells(city_report(la, "2026-27")) == []


def test_a_refused_copy_after_an_accepted_one_is_named_but_the_earlier_is_used(la, files):
    import_returns(la, [files["signed"]])
    import_returns(la, [files["edited-signed"]])
    waterside = row(city_picture(la, "2026-27"), SIGNED)
    assert waterside.returned and waterside.refusal is not None
    assert any(
        r.startswith("A later copy of the return was refused: edited after signing")
        for r in waterside.flag.reasons
    )


def test_the_report_lists_refused_files_with_school_file_reason_and_date(la, files, tmp_path):
    import_returns(la, [files["edited-signed"], files["edited-plain"]])
    today = dt.datetime.now(dt.UTC).date()
    assert refused_cells(city_report(la, "2026-27")) == [
        [
            "Blurton Primary School",
            PLAIN,
            "blurton-edited.xlsx",
            "edited after it was exported",
            today,
        ],
        [
            "Waterside Primary School",
            SIGNED,
            "waterside-edited.xlsx",
            "edited after signing",
            today,
        ],
    ]
    wb = load_workbook(export_city_report(la, tmp_path / "city.xlsx", year="2026-27"))
    sheet = [r for r in wb["Refused returns"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert sheet[0] == ("School", "URN", "File", "Why it was refused", "Refused on")
    assert [r[:4] for r in sheet[1:]] == [
        ("Blurton Primary School", PLAIN, "blurton-edited.xlsx", "edited after it was exported"),
        ("Waterside Primary School", SIGNED, "waterside-edited.xlsx", "edited after signing"),
    ]
    schools = list(wb["Schools"].iter_rows(min_row=3, values_only=True))
    head = schools[0]
    waterside = dict(zip(head, next(r for r in schools if r[1] == SIGNED), strict=True))
    assert waterside["Returned"] is None  # nothing accepted: blank, never a date
    assert waterside["Risk reasons"].startswith("Return refused: edited after signing")


def test_a_file_that_is_not_a_return_names_no_school(la, tmp_path):
    junk = tmp_path / "minutes.xlsx"
    junk.write_text("not a workbook")
    [o] = import_returns(la, [junk])
    assert o.status == REJECTED and o.claimed_urn is None and o.refusal is None
    assert standing_refusals(la, "2026-27") == []


# -- the Returned date ----------------------------------------------------------------------
def test_returned_is_the_boards_export_and_received_is_the_las_import(la, files, tmp_path):
    import_returns(la, [files["exported-earlier"]])
    co_op = row(city_picture(la, "2026-27"), CO_OP)
    assert co_op.exported_at == EXPORTED
    assert co_op.received_at[:10] == dt.datetime.now(dt.UTC).date().isoformat()
    wb = load_workbook(export_city_report(la, tmp_path / "city.xlsx", year="2026-27"))
    rows = list(wb["Schools"].iter_rows(min_row=3, values_only=True))
    cells = dict(zip(rows[0], next(r for r in rows if r[1] == CO_OP), strict=True))
    assert cells["Returned"].date() == dt.date(2026, 11, 12)
    assert cells["Received by LA"].date() == dt.datetime.now(dt.UTC).date()


# -- one school under two URNs --------------------------------------------------------------
def test_the_shipped_list_links_each_closed_school_to_the_one_that_replaced_it(la):
    links = successors(la)
    assert links[ASH_GREEN_OLD] == ASH_GREEN  # the academy names its predecessor too
    assert ASH_GREEN not in links  # the link read both ways, not a loop
    assert counted_twice(la) == {}  # no pair is listed open on the shipped list


def test_a_predecessor_still_listed_open_is_counted_once_as_its_successor(la, files):
    before = city_picture(la, "2026-27")
    with la.transaction():  # the list not yet updated when the academy opened
        la.execute("UPDATE schools SET status = 'open' WHERE urn = ?", (ASH_GREEN_OLD,))
    assert counted_twice(la) == {ASH_GREEN_OLD: ASH_GREEN}
    [o] = import_returns(la, [files["old-urn"]])  # filed under the old URN
    assert o.status == IMPORTED
    picture = city_picture(la, "2026-27")
    urns = [r.urn for r in picture.rows]
    assert ASH_GREEN_OLD not in urns and urns.count(ASH_GREEN) == 1
    assert len(picture.rows) == len(before.rows)
    academy = row(picture, ASH_GREEN)
    assert academy.returned and academy.filed_under == ASH_GREEN_OLD
    assert academy.section_means["strategic-leadership"] is not None
    assert summary(picture).returned == 1 and summary(picture).schools == len(before.rows)
    report = city_report(la, "2026-27")
    assert [r.urn for r in report.ordered_rows()].count(ASH_GREEN) == 1


def test_a_school_proposed_to_close_is_the_predecessor_of_the_open_one(la):
    with la.transaction():
        la.execute(
            "UPDATE schools SET status = 'closing', successor_urn = ? WHERE urn = ?",
            (PLAIN, CO_OP),  # a constructed pair: the higher URN is the one closing
        )
    assert counted_twice(la) == {CO_OP: PLAIN}
    assert CO_OP not in [r.urn for r in city_picture(la, "2026-27").rows]


# -- round axis steps in the report ---------------------------------------------------------
def test_the_reports_section_charts_step_their_axis_in_round_numbers(la, files):
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    from stoke_governor.reports.city_pdf import _chart

    import_returns(la, [files["plain"], files["exported-earlier"]])
    report = city_report(la, "2026-27")
    sid, title = report.picture.sections[0]
    chart = next(c for c in _chart(report, sid, title).contents if isinstance(c, VerticalBarChart))
    axis = chart.valueAxis
    tallest = max(chart.data[0])  # the schools with no return: about a hundred
    assert tallest > 50 and axis.valueStep in (10, 20, 25, 50)
    assert axis.valueMin == 0 and axis.valueMax >= tallest and axis.valueMax % axis.valueStep == 0
