"""Storing what the file readers return (`data.store_figures`), and data flowing one way."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from stoke_governor.core.areas import CITY, ENGLAND
from stoke_governor.data.gias import GiasChanges
from stoke_governor.data.store_figures import (
    file_source,
    store_figures,
    store_gias,
    store_template,
)
from stoke_governor.data.template_reader import TemplateFigures
from stoke_governor.schools.register import get_school
from tests.conftest import REPO

WATERSIDE, BLURTON, NEW_URN = 123993, 124002, 150999
DATA = REPO / "stoke_governor" / "data"
READERS = ("cells", "perf_tables", "lait", "ees", "gias", "template_reader")


def school_row(urn: int, measure: str, value: float | None, code: str | None = None) -> dict:
    raw = code or ("" if value is None else str(value))
    return {
        "urn": urn,
        "measure": measure,
        "year": "2018-19",
        "value": value,
        "code": code,
        "raw": raw,
        "release": "final",
    }


def area_row(area: str, measure: str, value: float | None, code: str | None = None) -> dict:
    return {
        "area": area,
        "measure": measure,
        "year": "2018-19",
        "year_label": "2018-19",
        "breakdown": "",
        "value": value,
        "code": code,
        "raw": code or str(value),
        "release": "final",
    }


def new_school(urn: int, name: str) -> dict:
    return {"urn": urn, "la_code": 861, "name": name, "phase": "", "type": "", "status": "open"}


def source_of(store, sha: str):
    return store.query_one("SELECT * FROM sources WHERE sha256 = ?", (sha,))


def test_a_file_is_stored_with_its_source_and_markers_stay_markers(store):
    source = file_source("ks4.csv", "a" * 64, "performance tables", "ks4.csv (2018-19, final)")
    store_figures(
        store,
        {**source, "year": "2018-19", "release": "final"},
        schools=[new_school(NEW_URN, "New Academy")],
        school_rows=[
            school_row(NEW_URN, "PTL2BASICS", 58.6),
            school_row(WATERSIDE, "X", None, "SUPP"),
        ],
        area_rows=[area_row(CITY, "PTL2BASICS", 41.0), area_row(ENGLAND, "PTL2BASICS", None, "NE")],
    )
    held = source_of(store, "a" * 64)
    assert (held["file"], held["publisher"], held["kind"]) == (
        "ks4.csv",
        "Department for Education",
        "performance tables",
    )
    assert held["imported_at"]
    figures = store.query(
        "SELECT urn, value, code, source_id FROM school_figures WHERE source_id = ? ORDER BY urn",
        (held["id"],),
    )
    assert [tuple(r) for r in figures] == [
        (WATERSIDE, None, "SUPP", held["id"]),
        (NEW_URN, 58.6, None, held["id"]),
    ]
    areas = store.query(
        "SELECT area, value, code FROM area_figures WHERE source_id = ? ORDER BY area",
        (held["id"],),
    )
    assert {tuple(r) for r in areas} == {(CITY, 41.0, None), (ENGLAND, None, "NE")}
    assert get_school(store, NEW_URN).name == "New Academy"


def test_a_file_that_cannot_be_stored_leaves_nothing_behind(store):
    before = store.query_one("SELECT count(*) FROM sources")[0]
    repeated = [school_row(WATERSIDE, "PTL2BASICS", 58.6)] * 2
    with pytest.raises(sqlite3.IntegrityError):
        store_figures(store, file_source("bad.csv", "b" * 64, "x", "bad"), school_rows=repeated)
    assert store.query_one("SELECT count(*) FROM sources")[0] == before
    assert source_of(store, "b" * 64) is None


def test_many_rows_go_in_over_several_statements(store):
    rows = [{**area_row(CITY, f"M{n}", float(n))} for n in range(2500)]
    store_figures(store, file_source("big.csv", "c" * 64, "LAIT", "big"), area_rows=rows)
    source_id = source_of(store, "c" * 64)["id"]
    stored = store.query(
        "SELECT measure, value FROM area_figures WHERE source_id = ? ORDER BY value",
        (source_id,),
    )
    assert [(r["measure"], r["value"]) for r in stored] == [
        (f"M{n}", float(n)) for n in range(2500)
    ]


def test_a_gias_extract_adds_and_updates_schools_with_its_source(store):
    blurton_before = dict(store.query_one("SELECT * FROM schools WHERE urn = ?", (BLURTON,)))
    changes = GiasChanges(
        new_schools=[new_school(NEW_URN, "New Academy")],
        updates={WATERSIDE: {"name": "Waterside Primary", "postcode": "ST1 1AA"}},
    )
    store_gias(store, file_source("gias.csv", "d" * 64, "GIAS", "gias"), changes)
    source_id = source_of(store, "d" * 64)["id"]
    waterside = store.query_one("SELECT * FROM schools WHERE urn = ?", (WATERSIDE,))
    assert (waterside["name"], waterside["postcode"], waterside["source_id"]) == (
        "Waterside Primary",
        "ST1 1AA",
        source_id,
    )
    added = store.query_one("SELECT name, source_id FROM schools WHERE urn = ?", (NEW_URN,))
    assert tuple(added) == ("New Academy", source_id)
    assert dict(store.query_one("SELECT * FROM schools WHERE urn = ?", (BLURTON,))) == (
        blurton_before
    )


def test_a_template_stores_only_new_figures_and_replaces_its_own_earlier_ones(store):
    school = get_school(store, WATERSIDE)

    def template(value: float) -> TemplateFigures:
        rows = [{**school_row(WATERSIDE, "SCH_GLD", value), "release": "school"}]
        return TemplateFigures(school, rows)

    assert store_template(store, "first.xlsx", "e" * 64, template(65.0)) == (1, 0)
    first = source_of(store, "e" * 64)
    assert (first["publisher"], first["release"], first["year"]) == (
        school.name,
        "school",
        "2018-19",
    )
    assert store_template(store, "again.xlsx", "f" * 64, template(65.0)) == (0, 0)
    assert source_of(store, "f" * 64) is None  # nothing new: no source either
    assert store_template(store, "fixed.xlsx", "0" * 64, template(66.0)) == (1, 1)
    held = store.query(
        "SELECT value FROM school_figures WHERE urn = ? AND measure = 'SCH_GLD'", (WATERSIDE,)
    )
    assert [r["value"] for r in held] == [66.0]


def imports_of(module: Path) -> set[str]:
    """The modules a file imports when it runs (imports only for type hints left out)."""
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(module.read_text(encoding="utf-8")))
    return names


@pytest.mark.parametrize("reader", READERS)
def test_the_readers_know_nothing_of_the_store_or_the_importer(reader):
    used = imports_of(DATA / f"{reader}.py")
    assert not {m for m in used if m.startswith("stoke_governor.db")}
    assert not used & {"stoke_governor.data.importer", "stoke_governor.data.store_figures"}


def test_only_the_writer_writes_and_no_module_uses_a_raw_connection():
    for module in DATA.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        assert ".conn" not in text, module.name
        assert ".db[" not in text and ".atomic(" not in text, module.name
        if module.name != "store_figures.py":
            assert "store.execute" not in text and "store.transaction" not in text, module.name
