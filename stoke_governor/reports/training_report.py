"""The board's training summary and one governor's training record, as XLSX and PDF.

Both come from the domain's queries (`training_summary`, `governor_record`), the same ones
the Training page and the self-evaluation return use. User text (names, titles, providers,
evidence) is written with `set_text` in workbooks (never a formula) and through `markup`
in PDFs (never reportlab markup). Files are replaced in one step, never half-written.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from stoke_governor.files.workbooks import atomic_output
from stoke_governor.reports.common import markup
from stoke_governor.training.records import Completion, GovernorRecord, TrainingSummary

XLSX, PDF = "xlsx", "pdf"
EXPECTATION = (
    "The city's Improving Education Strategy 2025-2030 expects the core training offered by "
    "the local authority to be taken up by all governors."
)


class Written(NamedTuple):
    path: Path
    summary: str  # one sentence for the user


def percent(value: float | None) -> str:
    return "no governors yet" if value is None else f"{value:.0f}%"


def _long(iso: str | None) -> str:
    import datetime as dt

    return "" if not iso else dt.date.fromisoformat(iso).strftime("%-d %B %Y")


def summary_lines(s: TrainingSummary) -> list[list[str]]:
    """Take-up per module: module, core, version, renewal, done, governors, percent."""
    return [
        [
            t.module.title,
            "core" if t.module.core else "optional",
            t.module.version,
            t.module.renewal_text,
            str(t.done),
            str(t.total),
            percent(t.percent),
        ]
        for t in s.take_up
    ]


def grid_lines(s: TrainingSummary) -> list[list[str]]:
    """One row per governor: name, category, each core module's status, missing."""
    return [
        [
            g.governor.name,
            g.governor.category_label,
            *(st.text for st in g.statuses),
            "all core modules current" if g.complete else "; ".join(g.missing),
        ]
        for g in s.governors
    ]


def record_lines(r: GovernorRecord) -> tuple[list[list[str]], list[list[str]]]:
    modules = [
        [
            m.title,
            "core" if m.core else "optional",
            st.text,
            _long(st.completed_on),
            _long(st.expires_on) or ("never" if st.completed_on else ""),
        ]
        for m, st in r.statuses
    ]
    return modules, [_completion_line(c) for c in r.completions]


def _completion_line(c: Completion) -> list[str]:
    version = f" (version {c.module_version})" if c.module_version else ""
    return [_long(c.completed_on), c.title + version, c.how, c.provider or "", c.evidence or ""]


SUMMARY_HEAD = ["Module", "Core?", "Version", "Renewal", "Done", "Governors", "Take-up"]
COMPLETION_HEAD = ["Completed", "Training", "How", "Provider", "Evidence"]
RECORD_HEAD = ["Module", "Core?", "Status", "Completed", "Expires"]


# -- XLSX -----------------------------------------------------------------------------
def write_summary_xlsx(s: TrainingSummary, path, *, school: str, demo: bool = False) -> Written:
    from openpyxl import Workbook

    from stoke_governor.files.workbooks import save_atomically

    wb = Workbook()
    ws = wb.active
    ws.title = "Take-up"
    _title(ws, f"Training summary: {school}", s.today, demo)
    ws.append([])
    _rows(ws, [[EXPECTATION]])
    _rows(
        ws,
        [
            [
                f"Governors who have completed every core module: {s.all_core_done} of "
                f"{len(s.governors)} ({percent(s.overall_percent)}). Associate members "
                f"({s.associates_excluded}) are not governors and are not counted."
            ]
        ],
    )
    ws.append([])
    _table(ws, SUMMARY_HEAD, summary_lines(s), [46, 10, 10, 24, 8, 11, 16])
    grid = wb.create_sheet("Governors")
    head = ["Governor", "Category", *(m.short for m in s.core), "Missing"]
    _table(grid, head, grid_lines(s), [28, 24, *([22] * len(s.core)), 50])
    path = save_atomically(wb, path)
    return Written(path, f"Saved the training summary ({len(s.governors)} governors) to {path}.")


def write_record_xlsx(r: GovernorRecord, path, *, school: str, demo: bool = False) -> Written:
    from openpyxl import Workbook

    from stoke_governor.files.workbooks import save_atomically

    modules, done = record_lines(r)
    wb = Workbook()
    ws = wb.active
    ws.title = "Modules"
    _title(ws, f"Training record: {r.governor.name}, {school}", r.today, demo)
    ws.append([])
    _table(ws, RECORD_HEAD, modules, [46, 10, 24, 18, 18])
    history = wb.create_sheet("Completions")
    _table(history, COMPLETION_HEAD, done, [18, 46, 18, 24, 50])
    path = save_atomically(wb, path)
    return Written(path, f"Saved {r.governor.name}'s training record to {path}.")


def _title(ws, text: str, today: str, demo: bool) -> None:
    from openpyxl.styles import Font

    from stoke_governor.files.workbooks import set_text

    ws.append([None])
    set_text(ws.cell(ws.max_row, 1), text).font = Font(bold=True, size=14)
    note = f"As on {_long(today)}." + (" Demo board: not real people." if demo else "")
    ws.append([None])
    set_text(ws.cell(ws.max_row, 1), note)


def _rows(ws, rows: list[list[str]]) -> None:
    from stoke_governor.files.workbooks import set_text

    for row in rows:
        ws.append([None] * len(row))
        for col, value in enumerate(row, start=1):
            set_text(ws.cell(ws.max_row, col), value)


def _table(ws, head: list[str], rows: list[list[str]], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    _rows(ws, [head])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = ws.cell(ws.max_row + 1, 1)
    _rows(ws, rows)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=ws.max_row - len(rows) + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# -- PDF ------------------------------------------------------------------------------
def write_summary_pdf(s: TrainingSummary, path, *, school: str, demo: bool = False) -> Written:
    story = _heading(f"Training summary: {school}", s.today, demo)
    story += [
        _p(EXPECTATION),
        _p(
            f"<b>Governors who have completed every core module: {s.all_core_done} of "
            f"{len(s.governors)} ({percent(s.overall_percent)}).</b> Associate members "
            f"({s.associates_excluded}) are not governors and are not counted.",
            raw=True,
        ),
        _h("Take-up of each module"),
        _grid(SUMMARY_HEAD, summary_lines(s), [70, 18, 18, 36, 14, 20, 24]),
        _h("Who is missing what"),
    ]
    missing = [g for g in s.governors if not g.complete]
    if not s.governors:
        story.append(_p("The board has no governors recorded yet."))
    elif not missing:
        story.append(_p("Every governor has every core module current."))
    for g in missing:
        story.append(
            _p(f"<b>{markup(g.governor.name)}</b>: {markup('; '.join(g.missing))}", raw=True)
        )
    story.append(_h("Each governor's core modules"))
    head = ["Governor", *(m.short for m in s.core)]
    rows = [[line[0], *line[2:-1]] for line in grid_lines(s)]
    width = (260 - 50) / max(len(s.core), 1)
    story.append(_grid(head, rows, [50, *([width] * len(s.core))]))
    path = _build(story, path, f"Training summary — {school}")
    return Written(path, f"Saved the training summary ({len(s.governors)} governors) to {path}.")


def write_record_pdf(r: GovernorRecord, path, *, school: str, demo: bool = False) -> Written:
    modules, done = record_lines(r)
    story = _heading(f"Training record: {r.governor.name}", r.today, demo, school)
    story += [_h("Modules"), _grid(RECORD_HEAD, modules, [90, 20, 50, 45, 45]), _h("Completions")]
    if done:
        story.append(_grid(COMPLETION_HEAD, done, [35, 80, 35, 45, 65]))
    else:
        story.append(_p("No training recorded yet."))
    path = _build(story, path, f"Training record — {r.governor.name}")
    return Written(path, f"Saved {r.governor.name}'s training record to {path}.")


def _styles():
    from reportlab.lib.styles import getSampleStyleSheet

    return getSampleStyleSheet()


def _p(text: str, *, raw: bool = False):
    from reportlab.platypus import Paragraph

    return Paragraph(text if raw else markup(text), _styles()["BodyText"])


def _h(text: str):
    from reportlab.platypus import Paragraph

    return Paragraph(markup(text), _styles()["Heading2"])


def _heading(title: str, today: str, demo: bool, school: str = "") -> list:
    from reportlab.platypus import Paragraph

    story = [Paragraph(markup(title), _styles()["Title"])]
    line = (f"{school}. " if school else "") + f"As on {_long(today)}."
    if demo:
        line += " Demo board: not real people."
    story.append(_p(line))
    return story


def _grid(head: list[str], rows: list[list[str]], widths_mm: list[float]):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    small = ParagraphStyle("cell", fontName="Helvetica", fontSize=8.5, leading=10.5)
    bold = ParagraphStyle("cellhead", parent=small, fontName="Helvetica-Bold")
    data = [[Paragraph(markup(h), bold) for h in head]]
    data += [[Paragraph(markup(v), small) for v in row] for row in rows]
    table = Table(data, colWidths=[w * mm for w in widths_mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e9ef")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _build(story: list, path, title: str) -> Path:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from stoke_governor import APP_NAME

    with atomic_output(path) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=landscape(A4),
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=title,
            author=APP_NAME,
        )
        doc.build(story)
    return Path(path)


# -- entry points (the GUI's workers and the CLI call these) ---------------------------
def export_training_summary(
    store, urn: int, path, fmt: str = XLSX, *, catalogue=None, today=None
) -> Written:
    """The board's training summary as an XLSX workbook or a PDF."""
    from stoke_governor.board.governors import get_board
    from stoke_governor.schools.register import get_school
    from stoke_governor.training.records import training_summary

    summary = training_summary(store, urn, catalogue, today)
    board = get_board(store, urn)
    writer = write_summary_pdf if fmt == PDF else write_summary_xlsx
    return writer(
        summary, path, school=get_school(store, urn).name, demo=bool(board and board.demo)
    )


def export_training_record(
    store, governor_id: int, path, fmt: str = XLSX, *, catalogue=None, today=None
) -> Written:
    """One governor's training record as an XLSX workbook or a PDF."""
    from stoke_governor.board.governors import get_board
    from stoke_governor.schools.register import get_school
    from stoke_governor.training.records import governor_record

    record = governor_record(store, governor_id, catalogue, today)
    board = get_board(store, record.governor.urn)
    writer = write_record_pdf if fmt == PDF else write_record_xlsx
    return writer(
        record,
        path,
        school=get_school(store, record.governor.urn).name,
        demo=bool(board and board.demo),
    )
