"""Returns whose payload breaks its schema, and faults while importing one: each file ends
rejected with its own sentence, nothing of it is stored, and the rest of the batch imports.

Every bad file is a real export of the app (unsigned, as any board may send) with its
payload tampered and its digest made good again, as a hostile sender would."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3

import pytest

from stoke_governor.cli import main as cli
from stoke_governor.la.returns import storing
from stoke_governor.la.returns.importer import IMPORTED, REJECTED, import_returns
from tests.la.test_returns_import import integrity, rewrite, school_store
from tests.return_files import copy_as, make_return

CO_OP, BIRCHES = 136102, 124390
NEXT_YEAR = f"{dt.date.today().year + 1}-01-15"
IMPORTABLE = "is not a return the app can import: "


def _set(path: list, value):
    def change(p):
        target = p
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


# name -> (how the payload is tampered: a change to the JSON, or a bytes replacement; what the
# user reads after the file's name)
CASES = {
    "nan": (
        (b'"mean":3.0', b'"mean":NaN'),
        "its payload holds NaN (not a number) as section strategic-leadership's mean rating; "
        "a return holds only real numbers.",
    ),
    "infinity": (
        (b'"mean":3.0', b'"mean":Infinity'),
        "its payload holds Infinity (not a real number) as section strategic-leadership's "
        "mean rating; a return holds only real numbers.",
    ),
    "minus-infinity": (
        (b'"mean":2.0', b'"mean":-Infinity'),
        "its payload holds -Infinity (not a real number) as section accountability's mean "
        "rating; a return holds only real numbers.",
    ),
    "rating-7": (
        _set(["ratings", 0, "rating"], 7),
        "item SL1's rating is 7, but ratings run from 1 to 4.",
    ),
    "negative-count": (
        _set(["board", "vacancies"], -1),
        "the number of vacancies on the board is -1, but it cannot be negative.",
    ),
    "percent-140": (
        _set(["completeness", "percent"], 140),
        "the percentage of items rated is 140, but it must be from 0 to 100.",
    ),
    "percent-text": (
        _set(["completeness", "percent"], "40"),
        "the percentage of items rated is '40', which is not a number.",
    ),
    "id-not-uuid": (
        _set(["return_id"], "return-1"),
        "the return id is 'return-1', which is not a UUID (such as "
        "28e3e2a5-aea1-49df-98e2-ae3d3136b3f1).",
    ),
    "not-a-date": (
        _set(["evaluation", "agreed_on"], "not a date"),
        "the day the evaluation was agreed is 'not a date', which is not a date written as "
        "YYYY-MM-DD.",
    ),
    "next-year": (
        _set(["as_of"], NEXT_YEAR),
        f"the day of the figures is '{NEXT_YEAR}', which is in the future (after tomorrow on "
        "this computer).",
    ),
    "version-text": (
        _set(["format_version"], "1"),
        "the format version is '1', which is not a whole number.",
    ),
    "lone-surrogate": (
        (b'"evidence":""', b'"evidence":"fine \\ud800"'),
        "its payload holds a broken character (a lone surrogate, \\ud800) in item SL1's "
        "evidence; text in a return holds only whole characters.",
    ),
    "nul": (
        (b'"evidence":""', b'"evidence":"a\\u0000b"'),
        "its payload holds a NUL character (\\u0000) in item SL1's evidence; text in a return "
        "never holds one.",
    ),
}


@pytest.fixture(scope="module")
def files(seeded_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("schema")
    school = school_store(seeded_template, root)
    try:
        good = copy_as(make_return(school, CO_OP, root / "tmp"), root / "good", "a-co-op.xlsx")
        other = copy_as(make_return(school, BIRCHES, root / "tmp"), root / "good", "z-birches.xlsx")
    finally:
        school.close()
    bad = {}
    for name, (tamper, _) in CASES.items():
        dest = root / "bad" / f"{name}.xlsx"
        if isinstance(tamper, tuple):
            old, new = tamper
            data = _payload(good)
            assert old in data, name
            bad[name] = rewrite(good, dest, data=data.replace(old, new, 1))
        else:
            bad[name] = rewrite(good, dest, change=tamper)
    return good, other, bad


def _payload(path) -> bytes:
    from stoke_governor.selfeval.return_file import read_return

    return read_return(path).data


def _counts(la) -> tuple:
    return tuple(
        la.query_one(f"SELECT count(*) FROM {t}")[0]
        for t in ("returns_received", "return_import_log")
    )


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_bad_payload_is_rejected_with_its_sentence_and_nothing_stored(case, la_store, files):
    bad = files[2][case]
    [outcome] = import_returns(la_store, [bad])
    assert outcome.status == REJECTED
    assert outcome.reason == f"{case}.xlsx {IMPORTABLE}{CASES[case][1]}"
    assert _counts(la_store) == (0, 1)  # nothing stored; the refusal is in the import log
    [(logged,)] = la_store.query("SELECT reason FROM return_import_log")
    assert logged == outcome.reason
    assert integrity(la_store) == "ok"


def test_a_batch_with_bad_returns_among_good_ones_imports_the_good_ones(la_store, files):
    good, other, bad = files
    batch = [good, *bad.values(), other]
    got = import_returns(la_store, batch)
    assert [o.status for o in got] == [IMPORTED] + [REJECTED] * len(bad) + [IMPORTED]
    assert sorted(r[0] for r in la_store.query("SELECT urn FROM returns_received")) == [
        BIRCHES,
        CO_OP,
    ]
    assert _counts(la_store) == (2, len(batch))


def test_a_fault_in_one_file_rejects_that_file_alone_and_rolls_it_back(
    la_store, files, monkeypatch, caplog
):
    """The LA's import once ended with `sqlite3.OperationalError: malformed JSON` and a
    traceback, the rest of the batch unprocessed. Any such fault now stays with its file."""
    good, other, _ = files
    settle = storing._settle_year

    def fails_for_the_co_op(store, urn, year):
        if urn == CO_OP:  # after the return's row was written in the file's transaction
            raise sqlite3.OperationalError("malformed JSON")
        return settle(store, urn, year)

    monkeypatch.setattr(storing, "_settle_year", fails_for_the_co_op)
    with caplog.at_level(logging.ERROR, logger="stoke_governor"):
        got = import_returns(la_store, [good, other])
    assert [(o.status, o.reason) for o in got] == [
        (
            REJECTED,
            "a-co-op.xlsx could not be imported: malformed JSON; nothing from it was stored.",
        ),
        (IMPORTED, "a new return for 2026-27."),
    ]
    assert [r[0] for r in la_store.query("SELECT urn FROM returns_received")] == [BIRCHES]
    log = la_store.query("SELECT file, status FROM return_import_log ORDER BY id")
    assert [(r[0].rsplit("/", 1)[-1], r[1]) for r in log] == [
        ("a-co-op.xlsx", REJECTED),
        ("z-birches.xlsx", IMPORTED),
    ]
    [record] = [r for r in caplog.records if "a-co-op.xlsx" in r.getMessage()]
    assert record.exc_info and "malformed JSON" in str(record.exc_info[1])  # the traceback
    # A dry run meets the same fault the same way, and writes nothing.
    monkeypatch.setattr(storing, "_settle_year", fails_for_the_co_op)
    again = import_returns(la_store, [good], dry_run=True)
    assert [o.status for o in again] == [REJECTED]
    assert integrity(la_store) == "ok"


def test_the_command_line_says_the_sentence_and_no_traceback(la_path, files, capsys):
    bad = files[2]["nan"]
    assert cli.main(["--db", str(la_path), "returns", "import", str(bad), str(files[0])]) == 1
    out = capsys.readouterr()
    assert f"nan.xlsx: rejected — nan.xlsx {IMPORTABLE}its payload holds NaN" in out.out
    assert "a-co-op.xlsx: imported" in out.out
    assert "Traceback" not in out.err
