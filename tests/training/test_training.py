"""Training: modules load from files (broken ones reported by name), knowledge checks are
scored and only passes stored, the clerk's records are checked, renewals and take-up."""

from __future__ import annotations

import datetime as dt

import pytest

from stoke_governor.board.governors import add_governor, remove_demo_board
from stoke_governor.core.dates import add_months
from stoke_governor.core.errors import TrainingError
from stoke_governor.core.paths import resources_dir
from stoke_governor.training.modules import MAX_MODULE_BYTES, load_modules, shipped_modules
from stoke_governor.training.records import (
    RENEWAL_WINDOW_DAYS,
    governor_record,
    record_pass,
    record_training,
    training_summary,
)
from tests.special_files import bounded, pipe, posix_only, zero

URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board
TODAY = dt.date(2026, 3, 1)
SHIPPED = resources_dir() / "modules"

MODULE = """---
id: {id}
title: {title}
version: 2026.1
core: {core}
renewal_months: {renewal}
pass_mark: 2
summary: A test module.
source: A document | https://example.org
---
# {title}

Some text.

## Knowledge check
1. First?
   - [ ] no
   - [x] yes
   > Because.
2. Second?
   - [x] yes
   - [ ] no
   > Because.
3. Third?
   - [ ] no
   - [x] yes
   > Because.
"""


def module_text(id="alpha", title="Alpha", core="true", renewal="12"):
    return MODULE.format(id=id, title=title, core=core, renewal=renewal)


def folder_with(tmp_path, **files):
    folder = tmp_path / "modules"
    folder.mkdir()
    for name, content in files.items():
        path = folder / name.replace("_", "-").replace("-md", ".md")
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


# -- loading ------------------------------------------------------------------------
def test_shipped_modules_all_load_with_five_core_modules_and_their_sources():
    result = shipped_modules()
    assert result.problems == ()
    assert len([m for m in result.modules if m.core]) >= 5
    for m in result.modules:
        assert m.sources, m.id
        assert 4 <= len(m.questions) <= 6, m.id
        assert 500 <= len(m.body.split()) <= 1300, m.id
    assert result.get("induction").renewal_months is None
    assert result.get("self-evaluation").renewal_text == "renew every 3 years"


def test_shipped_figures_are_the_city_fact_sheet_figures():
    """Every percentage the city-strategy module quotes appears in CITY_TARGETS.md."""
    import re

    from tests.conftest import SEEDS

    sheet = SEEDS / "CITY_TARGETS.md"
    facts = sheet.read_text(encoding="utf-8")
    text = shipped_modules().get("city-strategy").body
    for figure in set(re.findall(r"\b\d+\.\d+%|\b\d+%", text)):
        assert figure in facts, figure


def test_a_broken_module_is_reported_by_name_and_the_others_still_load(tmp_path):
    no_correct = module_text("beta", "Beta").replace(
        "- [x] yes\n   - [ ] no", "- [ ] yes\n   - [ ] no"
    )
    folder = folder_with(
        tmp_path,
        a_md=module_text(),
        b_md=no_correct,
        c_md=module_text("alpha", "Alpha again"),
        d_md=b"\xff\xfe not utf-8",
        e_md="no header at all",
        f_md="---\nid: x\n" + "x" * (MAX_MODULE_BYTES + 1),
    )
    result = load_modules(folder)
    assert [m.id for m in result.modules] == ["alpha"]
    problems = "\n".join(result.problems)
    assert "b.md: the knowledge check question 2 has no correct answer." in problems
    assert "c.md: the module id 'alpha' is already used by a.md" in problems
    assert "d.md: the file is not UTF-8 text" in problems
    assert "e.md: the file does not start with a '---' header block." in problems
    assert "f.md: the file is too large for a training module" in problems


@posix_only
def test_a_pipe_or_a_device_among_the_modules_is_reported_and_the_others_load(tmp_path):
    with_picture = module_text("b", "B").replace("Some text.", "![x](images/stuck.png)")
    folder = folder_with(tmp_path, a_md=module_text(), b_md=with_picture)
    pipe(folder / "p.md")
    zero(folder / "z.md")
    (folder / "images").mkdir()
    pipe(folder / "images" / "stuck.png")
    with bounded():
        result = load_modules(folder)
    assert [m.id for m in result.modules] == ["alpha"]
    assert set(result.problems) == {
        "p.md is a named pipe, not a training module the app can read; nothing was read from it.",
        "z.md is a link to /dev/zero, which is a device, not a training module the app can "
        "read; nothing was read from it.",
        "b.md: the picture 'images/stuck.png' is a named pipe, not a picture the app can show.",
    }


def test_pictures_must_be_inside_the_module_folder(tmp_path):
    outside = module_text().replace("Some text.", "![x](../secret.png)")
    missing = module_text("b", "B").replace("Some text.", "![x](images/none.svg)")
    remote = module_text("c", "C").replace("Some text.", "![x](http://example.org/a.png)")
    result = load_modules(folder_with(tmp_path, a_md=outside, b_md=missing, c_md=remote))
    assert result.modules == ()
    assert len(result.problems) == 3
    assert all("picture" in p for p in result.problems)


def test_a_later_folder_replaces_a_shipped_module_with_the_same_id(tmp_path):
    pack = folder_with(tmp_path, a_md=module_text("induction", "Induction (LA pack)"))
    result = load_modules(SHIPPED, pack)
    assert result.get("induction").title == "Induction (LA pack)"
    assert len(result.modules) == len(shipped_modules().modules)


# -- recording ----------------------------------------------------------------------
@pytest.fixture
def board(store):
    remove_demo_board(store)
    ids = [add_governor(store, URN, name, "parent") for name in ("Ann", "Bob", "Cy", "Di")]
    add_governor(store, URN, "Ed (associate)", "associate")
    return ids


@pytest.fixture
def catalogue(tmp_path):
    return load_modules(
        folder_with(
            tmp_path,
            a_md=module_text("alpha", "Alpha", renewal="12"),
            b_md=module_text("beta", "Beta", renewal="none"),
            c_md=module_text("gamma", "Gamma", core="false"),
        )
    )


def count(store):
    return store.query_one("SELECT count(*) FROM training_records")[0]


def test_a_failed_check_stores_nothing_and_names_the_wrong_answers(store, board, catalogue):
    alpha = catalogue.get("alpha")
    result = record_pass(store, board[0], alpha, [0, 1, 1], today=TODAY)
    assert not result.passed and result.score == 1 and result.wrong == (1, 2)
    assert "Questions to look at again: 1, 2" in result.message
    assert count(store) == 0
    short = record_pass(store, board[0], alpha, [1], today=TODAY)
    assert short.wrong == (2, 3) and count(store) == 0


def test_a_pass_is_stored_as_a_knowledge_check(store, board, catalogue):
    result = record_pass(store, board[0], catalogue.get("alpha"), [1, 0, 0], today=TODAY)
    assert result.passed and result.score == 2
    row = store.query_one(
        "SELECT module_id, module_version, how, score, completed_on FROM training_records"
    )
    assert tuple(row) == ("alpha", "2026.1", "knowledge check", 2, "2026-03-01")


def test_the_clerk_cannot_record_the_future_an_unknown_version_or_an_unknown_governor(
    store, board, catalogue
):
    def rec(**kw):
        args = dict(title="LA course", completed_on="2026-02-01", provider="LA", evidence="cert")
        args.update(kw)
        return record_training(
            store, args.pop("gid", board[0]), catalogue=catalogue, today=TODAY, **args
        )

    with pytest.raises(TrainingError, match="2026-03-02 is in the future"):
        rec(completed_on="2026-03-02")
    with pytest.raises(TrainingError, match="Version 2019.1 of 'Alpha' no longer exists"):
        rec(module_id="alpha", module_version="2019.1")
    with pytest.raises(TrainingError, match="no governor with the id 99999"):
        rec(gid=99999)
    with pytest.raises(TrainingError, match="not a date"):
        rec(completed_on="31/02/2026")
    with pytest.raises(TrainingError, match="title"):
        rec(title="  ")
    assert count(store) == 0
    rec(module_id="alpha", title="")  # today's version, named after the module
    rec(completed_on=TODAY.isoformat(), title='=HYPERLINK("x")')
    assert count(store) == 2


def test_a_version_already_recorded_can_be_recorded_again(store, board, catalogue):
    with store.transaction():
        store.execute(
            "INSERT INTO training_records (governor_id, module_id, module_version, title, "
            "completed_on, how, recorded_at) VALUES (?, 'alpha', '2025.1', 'Alpha', "
            "'2025-06-01', 'recorded by clerk', '2025-06-01')",
            (board[0],),
        )
    record_training(
        store,
        board[1],
        title="Alpha",
        completed_on="2025-06-01",
        module_id="alpha",
        module_version="2025.1",
        catalogue=catalogue,
        today=TODAY,
    )
    assert count(store) == 2


# -- renewals and take-up ------------------------------------------------------------
def test_add_months_keeps_the_day_or_the_month_end():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 3, 15), 24) == dt.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("completed", "expected"),
    [
        ("2025-03-01", "expired"),  # expires today
        ("2025-03-02", "renewal due in 1 day"),
        (add_months(TODAY, -12) + dt.timedelta(days=RENEWAL_WINDOW_DAYS), "renewal due in 60 days"),
        (add_months(TODAY, -12) + dt.timedelta(days=RENEWAL_WINDOW_DAYS + 1), "done"),
        ("2020-01-01", "expired"),
    ],
)
def test_renewal_status_at_the_edges_of_the_window(store, board, catalogue, completed, expected):
    record_training(
        store,
        board[0],
        title="Alpha",
        completed_on=completed,
        module_id="alpha",
        catalogue=catalogue,
        today=TODAY,
    )
    summary = training_summary(store, URN, catalogue, today=TODAY)
    ann = next(r for r in summary.governors if r.governor.name == "Ann")
    assert ann.statuses[0].text == expected


def test_take_up_counts_current_completions_of_governors_only(store, board, catalogue):
    for gid in board[:3]:
        record_pass(store, gid, catalogue.get("alpha"), [1, 0, 1], today=TODAY)
    record_pass(store, board[0], catalogue.get("beta"), [1, 0, 1], today=TODAY)
    record_training(
        store,
        board[3],
        title="Alpha",
        completed_on="2020-01-01",
        module_id="alpha",
        catalogue=catalogue,
        today=TODAY,
    )  # expired
    summary = training_summary(store, URN, catalogue, today=TODAY)
    assert summary.associates_excluded == 1
    assert len(summary.governors) == 4
    assert [m.id for m in summary.core] == ["alpha", "beta"]
    alpha, beta = summary.for_module("alpha"), summary.for_module("beta")
    assert (alpha.done, alpha.total, alpha.percent) == (3, 4, 75.0)
    assert (beta.done, beta.percent) == (1, 25.0)
    assert summary.all_core_done == 1 and summary.overall_percent == 25.0
    missing = {r.governor.name: r.missing for r in summary.governors}
    assert missing == {"Ann": (), "Bob": ("Beta",), "Cy": ("Beta",), "Di": ("Alpha", "Beta")}
    record = governor_record(store, board[3], catalogue, today=TODAY)
    assert [s.text for _m, s in record.statuses] == ["expired", "not done", "not done"]
    assert record.completions[0].how == "recorded by clerk"


def test_an_empty_board_has_no_percentages(store, catalogue):
    remove_demo_board(store)
    summary = training_summary(store, URN, catalogue, today=TODAY)
    assert summary.governors == () and summary.overall_percent is None
    assert summary.for_module("alpha").percent is None


# -- outputs --------------------------------------------------------------------------
def test_summary_and_record_outputs_open_hold_the_text_and_no_formulas(
    store, board, catalogue, tmp_path
):
    import subprocess

    from stoke_governor.files.workbooks import check_xlsx, load_xlsx
    from stoke_governor.reports.training_report import (
        PDF,
        export_training_record,
        export_training_summary,
    )

    record_pass(store, board[0], catalogue.get("alpha"), [1, 0, 1], today=TODAY)
    record_training(
        store,
        board[1],
        title='=HYPERLINK("http://x","y")',
        completed_on="2026-01-05",
        provider="<b>LA</b> & co",
        evidence="+cmd",
        catalogue=catalogue,
        today=TODAY,
    )
    out = export_training_summary(store, URN, tmp_path / "s.xlsx", catalogue=catalogue, today=TODAY)
    assert "4 governors" in out.summary
    check_xlsx(out.path)
    wb = load_xlsx(out.path, data_only=False)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells)
    text = "\n".join(str(c.value) for c in cells)
    assert "Alpha" in text and "25%" in text and "Di" in text and "not done" in text

    rec = export_training_record(
        store, board[1], tmp_path / "r.xlsx", catalogue=catalogue, today=TODAY
    )
    wb = load_xlsx(rec.path, data_only=False)
    formula = next(
        c
        for row in wb["Completions"].iter_rows()
        for c in row
        if str(c.value).startswith("=HYPERLINK")
    )
    assert formula.data_type == "s" and formula.quotePrefix

    for exporter, target, needle in (
        (export_training_summary, URN, "Who is missing what"),
        (export_training_record, board[1], "<b>LA</b> & co"),
    ):
        pdf = exporter(store, target, tmp_path / "x.pdf", PDF, catalogue=catalogue, today=TODAY)
        assert pdf.path.read_bytes().startswith(b"%PDF")
        words = subprocess.run(
            ["pdftotext", "-layout", str(pdf.path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert needle in words
