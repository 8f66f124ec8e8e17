"""Each row of an imported challenge log read as a challenge, or the reasons it cannot be.

Governors are matched by name (a name the board does not hold is kept as written), a
measure by its code or its name as the app shows it, a priority by the city's id or title
(anything else is the school's own). Every problem names the field and the column it came
from, for the row the user sees in their spreadsheet.
"""

from __future__ import annotations

from typing import NamedTuple

from stoke_governor.challenges import mapping as cm
from stoke_governor.db.store import Store
from stoke_governor.files.sheets import Sheet


class RowProblem(NamedTuple):
    row: int  # as the user sees it in their spreadsheet
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


class Converted(NamedTuple):
    rows: list[dict]  # challenges ready for add_challenges
    row_numbers: list[int]  # each one's row in the file
    meetings: list[str | None]  # the meeting or committee each one names, as written
    problems: list[RowProblem]


class _Context(NamedTuple):
    governors: dict[str, int]  # name (normalised) → id
    meetings: dict[str, int]  # date → the board's only meeting that day
    measures: dict[str, str]  # code or label (normalised) → code
    priorities: dict[str, str]  # id or title (normalised) → id


def _context(store: Store, urn: int) -> _Context:
    from stoke_governor.board.governors import list_governors
    from stoke_governor.measures.catalogue import catalogue
    from stoke_governor.measures.priorities import load_priorities

    governors: dict[str, int] = {}
    for g in list_governors(store, urn, include_former=True):
        governors.setdefault(cm.norm(g.name), g.id)
    meetings: dict[str, int | None] = {}
    for row in store.query("SELECT id, held_on FROM meetings WHERE urn = ?", (urn,)):
        meetings[row[1]] = None if row[1] in meetings else row[0]
    measures: dict[str, str] = {}
    for code, m in catalogue(store).items():
        measures.setdefault(cm.norm(m.label), code)
        measures[cm.norm(code)] = code
    priorities = {}
    for pid, p in load_priorities().items():
        priorities[cm.norm(p.title)] = pid
        priorities[cm.norm(pid)] = pid
    return _Context(governors, {d: i for d, i in meetings.items() if i}, measures, priorities)


def convert(store: Store, urn: int, sheet: Sheet, mapping: dict[str, int]) -> Converted:
    """Every row of the sheet read with this mapping (field key → column index)."""
    ctx = _context(store, urn)
    out = Converted([], [], [], [])
    columns = {k: i for k, i in mapping.items() if 0 <= i < len(sheet.headers)}
    brag = "status" in columns and cm.uses_brag(
        r[columns["status"]] for _, r in sheet.rows if columns["status"] < len(r)
    )
    for number, values in sheet.rows:
        row, reasons = _row(sheet, number, values, columns, ctx, brag)
        if reasons:
            out.problems.extend(RowProblem(number, r) for r in reasons)
        else:
            out.meetings.append(row.pop("meeting", None))
            out.rows.append(row)
            out.row_numbers.append(number)
    return out


def _row(sheet, number, values, columns, ctx: _Context, brag: bool):
    def cell(key):
        i = columns.get(key)
        if i is None or i >= len(values):
            return None
        if (number, i + 1) in sheet.uncached:
            raise cm.CellError(
                f"cell {sheet.uncached[(number, i + 1)]} is a formula saved without its value; "
                "open the file in Excel and save it again"
            )
        return values[i]

    out: dict = {}
    reasons: list[str] = []
    for f in cm.FIELDS:
        if f.key not in columns:
            continue
        label = f"{f.label} ({sheet.headers[columns[f.key]]})"
        try:
            raw = cell(f.key)
            if f.key in ("asked_on", "due_on"):
                out[f.key] = cm.parse_date(raw, epoch=sheet.epoch)
            elif f.key == "board_view":
                out[f.key] = cm.board_view(raw)
            elif f.key == "status":
                out[f.key] = cm.status(raw, brag=brag)
            elif f.key == "meeting":
                out[f.key] = cm.meeting_name(raw)
            elif f.key == "asked_by":
                name = cm.text(raw)
                gid = ctx.governors.get(cm.norm(name)) if name else None
                out["asked_by" if gid else "asked_by_name"] = gid or name
            elif f.key == "measure":
                out[f.key] = _measure(cm.text(raw), ctx)
            elif f.key == "priority":
                out[f.key] = _priority(cm.text(raw), ctx)
            else:
                out[f.key] = cm.text(raw)
        except cm.CellError as exc:
            reasons.append(f"{label}: {exc}")
    if not out.get("question") and not any("Question" in r for r in reasons):
        reasons.insert(0, "there is no question in this row")
    if "asked_on" in columns and not out.get("asked_on") and not any("Date" in r for r in reasons):
        reasons.append(f"there is no date in the {sheet.headers[columns['asked_on']]} column")
    if out.get("question") and len(out["question"]) > 10_000:
        reasons.append("the question is longer than 10,000 characters")
    meeting = ctx.meetings.get(out.get("asked_on") or "")
    if meeting:
        out["meeting_id"] = meeting
    return out, reasons


def _measure(value: str | None, ctx: _Context) -> str | None:
    if not value:
        return None
    code = ctx.measures.get(cm.norm(value))
    if code is None:
        raise cm.CellError(
            f"'{value[:40]}' is not a measure the app holds (give its code, such as ATT8SCR, "
            "or its name as the app shows it, or leave the column out of the import)"
        )
    return code


def _priority(value: str | None, ctx: _Context) -> str | None:
    """A city priority by its id or title; anything else is the school's own priority."""
    if not value:
        return None
    return ctx.priorities.get(cm.norm(value)) or f"school: {value[:200]}"
