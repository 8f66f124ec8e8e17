"""The city summary for the Education Improvement Partnership Board: XLSX read back, the
PDF's page size, and `returns report` on the command line."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from stoke_governor.cli import main as cli
from stoke_governor.core.errors import LAModeError, StokeGovernorError
from stoke_governor.la.risk import RISK_RULE
from stoke_governor.reports.city_export import export_city_report
from stoke_governor.reports.city_report import MISSING_NOTE
from tests.la.test_city import CO_OP, OTHER, imported, returns  # noqa: F401 (a fixture)

HOSTILE = '=HYPERLINK("http://example.invalid/x","click") <b>bold</b> & <img src="x"/>'


@pytest.fixture
def la(la_store, returns):  # noqa: F811
    imported(la_store, returns, "rev1", "rev2")
    with la_store.transaction():  # a name as hostile as any file could bring
        la_store.execute("UPDATE schools SET name = ? WHERE urn = ?", (HOSTILE, OTHER))
    return la_store


def sheet_rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_the_workbook_keeps_numbers_as_numbers_and_missing_as_blank(la, tmp_path):
    path = export_city_report(la, tmp_path / "city.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "At a glance",
        "Schools",
        "Projections",
        "By section",
        "Refused returns",
        "How it is worked out",
    ]
    ws = wb["Schools"]
    head = [c.value for c in ws[3]]
    assert head[:14] == [
        "School",
        "URN",
        "Phase",
        "Category",
        "Severity",
        "Why (heaviest first)",
        "Change since last year",
        "Mean rating last year (sections rated both years)",
        "Mean rating this year (sections rated both years)",
        "Since last year, section by section",
        "Returned",
        "Received by LA",
        "Revision",
        "Complete (%)",
    ]
    assert head[-2:] == ["Risk flag", "Risk reasons"] and "Accountability (mean, 1-4)" in head
    assert ws.freeze_panes == "B4" and ws.auto_filter.ref.startswith("A3:")
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    rows = {r[1]: dict(zip(head, r, strict=True)) for r in sheet_rows(ws)[3:]}
    co_op = rows[CO_OP]
    assert co_op["Revision"] == 2 and isinstance(co_op["Complete (%)"], int)
    assert co_op["Accountability (mean, 1-4)"] == 3.5
    assert co_op["Returned"].year == 2026  # a real date: the day the board exported it
    assert co_op["Received by LA"].date() == dt.date.today()  # the day the LA imported it
    assert co_op["Core training done (% of governors)"] == 0  # governors, none trained yet
    missing = rows[OTHER]
    known = ("School", "URN", "Phase", "Risk flag", "Risk reasons", "Category", "Severity")
    known += ("Why (heaviest first)", "Change since last year")
    known += ("Since last year, section by section",)
    numbers = [k for k in head if k not in known]
    assert all(missing[k] is None for k in numbers)  # blank, never 0
    assert missing["Change since last year"] == "no return this year"
    assert (missing["Risk flag"], missing["Risk reasons"]) == (
        "at risk",
        "No self-evaluation returned for 2026-27",
    )
    cell = next(c for c in ws["A"] if c.value == HOSTILE)
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula
    assert ws["A2"].value == MISSING_NOTE
    summary = sheet_rows(wb["At a glance"])
    values = {r[0]: r[1] for r in summary if r[0]}
    assert values["Returned a self-evaluation"] == 1
    assert values["Open schools in the city"] == len(rows)
    text = "\n".join(r[0] for r in sheet_rows(wb["How it is worked out"]) if r[0])
    assert RISK_RULE.split("\n")[0] in text and "by test officer" in text
    by_section = sheet_rows(wb["By section"])
    accountability = next(r for r in by_section if r[0] == "Accountability")
    assert accountability[1:5] == (0, 0, 0, 1) and accountability[6] == len(rows) - 1


def test_the_pdf_is_a4_landscape_and_escapes_names(la, tmp_path):
    path = export_city_report(la, tmp_path / "city.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    from reportlab.lib.pagesizes import A4, landscape

    boxes = {tuple(round(float(v)) for v in m.split()) for m in _media_boxes(data)}
    assert boxes == {(0, 0, round(landscape(A4)[0]), round(landscape(A4)[1]))}
    assert b"/Subtype /Image" not in data  # the <img> in a name stayed text


def _media_boxes(data: bytes) -> list[bytes]:
    import re

    return re.findall(rb"/MediaBox \[\s*([\d.\s]+?)\s*\]", data)


def test_only_an_xlsx_or_pdf_and_only_the_las_database(la, store, tmp_path):
    with pytest.raises(StokeGovernorError, match="ending in .xlsx or .pdf"):
        export_city_report(la, tmp_path / "city.csv")
    with pytest.raises(LAModeError):
        export_city_report(store, tmp_path / "city.xlsx")
    assert not list(tmp_path.glob("city*")) and not list(tmp_path.glob(".city*"))


def test_the_command_writes_both_and_refuses_a_school_database(
    la, la_path, db_path, tmp_path, capsys
):
    for name in ("city.xlsx", "city.pdf"):
        out = tmp_path / name
        assert cli.main(["--db", str(la_path), "returns", "report", "-o", str(out)]) == 0
        printed = capsys.readouterr().out
        assert f"Saved the city summary to {out}." in printed
        assert "2026-27: 1 of" in printed and "at risk" in printed
        assert out.stat().st_size > 0
    assert (
        cli.main(
            [
                "--db",
                str(la_path),
                "returns",
                "report",
                "-o",
                str(tmp_path / "x.pdf"),
                "--year",
                "last year",
            ]
        )
        == 2
    )
    assert "write it like 2026-27" in capsys.readouterr().err
    code = cli.main(["--db", str(db_path), "returns", "report", "-o", str(tmp_path / "s.xlsx")])
    assert code in (1, 2)
    assert "not the LA's" in capsys.readouterr().err
    assert not (tmp_path / "s.xlsx").exists()
