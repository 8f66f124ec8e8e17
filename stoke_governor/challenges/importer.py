"""Import a challenge log a board kept in Excel or as CSV: preview first, then all or nothing.

`preview_import` reads the file (`challenges.sheet`), maps its columns (the mapping the
user confirmed for the same headings last time, else one inferred from their names,
`challenges.mapping`) and converts every row, collecting each row's problem with the row
number the user sees. Nothing is stored until `import_preview`, which refuses the whole
file while any row has a problem, unless the caller chose to skip those rows; the rows
go in through `challenges.add_challenges` in one transaction, after a backup.

The same spreadsheet layout maps itself next time: the mapping is kept in the settings
table under a digest of the headings. A file already imported for a board (same SHA-256)
is recognised and not imported twice: its digest is kept in the settings table, written
in the same transaction as the challenges.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from stoke_governor.challenges import mapping as cm
from stoke_governor.challenges.sheet import Sheet, read_log, read_sheet
from stoke_governor.core.errors import BadInputFileError, ChallengeError
from stoke_governor.core.settings import CHALLENGE_FILE, CHALLENGE_MAPPING
from stoke_governor.db.store import Store, bulk_change

IMPORTED, UNCHANGED, REJECTED, CHECKED = "imported", "unchanged", "rejected", "checked"
PREVIEW_ROWS = 200


class RowProblem(NamedTuple):
    row: int  # as the user sees it in their spreadsheet
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


@dataclass
class Preview:
    """What importing the file would do; nothing has been stored."""

    sheet: Sheet
    urn: int
    digest: str  # SHA-256 of the file
    mapping: dict[str, int]  # field key → column index
    remembered: bool = False  # the mapping is the one confirmed for these headings before
    rows: list[dict] = field(default_factory=list)  # challenges ready for add_challenges
    row_numbers: list[int] = field(default_factory=list)  # each one's row in the file
    problems: list[RowProblem] = field(default_factory=list)
    already: dict | None = None  # when and how much, if this file was imported before

    @property
    def file(self) -> str:
        return self.sheet.file

    @property
    def headers(self) -> list[str]:
        return self.sheet.headers

    @property
    def missing(self) -> list[str]:
        """Labels of required fields no column is chosen for."""
        return [cm.FIELD_BY_KEY[k].label for k in cm.REQUIRED if k not in self.mapping]

    @property
    def summary(self) -> str:
        if self.missing:
            return (
                f"Choose the column that holds: {', '.join(self.missing)}; "
                "nothing can be imported without it."
            )
        n, bad = len(self.rows), len({p.row for p in self.problems})
        text = f"{n:,} challenge{'s' if n != 1 else ''} will be added"
        if bad:
            text += f"; {bad:,} row{'s have' if bad != 1 else ' has'} problems"
        return text + "."

    def refusal(self) -> str | None:
        """Why the file cannot be imported as it stands (None if it can)."""
        if self.missing:
            return f"{self.sheet.where}: {self.summary}"
        if self.already:
            return (
                f"{self.file} was already imported on {self.already.get('on', '?')} "
                f"({self.already.get('rows', 0):,} challenges); it is not imported twice."
            )
        if self.problems:
            first = self.problems[0]
            more = len({p.row for p in self.problems}) - 1
            tail = f" ({more:,} more row{'s' if more != 1 else ''} with problems)" if more else ""
            return (
                f"{self.sheet.where}, {first}{tail}. Nothing was imported; fix the rows or "
                "choose to skip them."
            )
        if not self.rows:
            return f"{self.sheet.where} has no challenges below its headings."
        return None


# -- remembered mappings ----------------------------------------------------------------------
def _signature(headers: list[str]) -> str:
    joined = "\x1f".join(cm.norm(h) for h in headers)
    return hashlib.sha256(joined.encode()).hexdigest()[:24]


def remembered_mapping(store: Store, headers: list[str]) -> dict[str, int] | None:
    raw = store.setting(CHALLENGE_MAPPING.name(headings=_signature(headers)))
    if not raw:
        return None
    try:
        saved = json.loads(raw)
        position = {h: i for i, h in enumerate(headers)}
        return {k: position[h] for k, h in saved.items() if k in cm.FIELD_BY_KEY and h in position}
    except (ValueError, AttributeError, TypeError):
        return None


def remember_mapping(store: Store, headers: list[str], mapping: dict[str, int]) -> None:
    saved = {k: headers[i] for k, i in mapping.items() if 0 <= i < len(headers)}
    store.set_settings(**{CHALLENGE_MAPPING.name(headings=_signature(headers)): json.dumps(saved)})


def mapping_for(store: Store, headers: list[str]) -> tuple[dict[str, int], bool]:
    """The mapping confirmed before for these headings, else one inferred; and which."""
    saved = remembered_mapping(store, headers)
    return (saved, True) if saved is not None else (cm.infer_mapping(headers), False)


# -- preview ------------------------------------------------------------------------------
def preview_import(
    store: Store,
    urn: int,
    path: str | Path,
    *,
    mapping: dict[str, int] | None = None,
    sheet: str | None = None,
    data: bytes | None = None,
    sheet_data: Sheet | None = None,
) -> Preview:
    """Read and check the file; raise BadInputFileError if it cannot be read at all."""
    path = Path(path)
    if data is None:
        data = read_log(path)
    digest = hashlib.sha256(data).hexdigest()
    read = sheet_data or read_sheet(path, sheet=sheet, data=data)
    remembered = False
    if mapping is None:
        mapping, remembered = mapping_for(store, read.headers)
    preview = Preview(read, urn, digest, dict(mapping), remembered)
    preview.already = _already(store, urn, digest)
    if not preview.missing:
        _convert(store, preview)
    return preview


def _already(store: Store, urn: int, digest: str) -> dict | None:
    raw = store.setting(CHALLENGE_FILE.name(urn=urn, digest=digest))
    if not raw:
        return None
    try:
        seen = json.loads(raw)
    except ValueError:
        return None
    first, last = seen.get("first_id"), seen.get("last_id")
    if first is not None and not store.query_one(
        "SELECT 1 FROM challenges WHERE urn = ? AND id BETWEEN ? AND ? LIMIT 1",
        (urn, first, last),
    ):
        return None  # every challenge it brought in has since been deleted
    return seen


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


def _convert(store: Store, preview: Preview) -> None:
    ctx = _context(store, preview.urn)
    sheet, mapping = preview.sheet, preview.mapping
    columns = {k: i for k, i in mapping.items() if 0 <= i < len(sheet.headers)}
    brag = "status" in columns and cm.uses_brag(
        r[columns["status"]] for _, r in sheet.rows if columns["status"] < len(r)
    )
    for number, values in sheet.rows:
        row, reasons = _row(sheet, number, values, columns, ctx, brag)
        if reasons:
            preview.problems.extend(RowProblem(number, r) for r in reasons)
        else:
            preview.rows.append(row)
            preview.row_numbers.append(number)


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


# -- importing ----------------------------------------------------------------------------
def import_preview(store: Store, preview: Preview, *, skip_bad_rows: bool = False) -> list[int]:
    """Store the previewed challenges in one transaction (after a backup); their ids.

    Raises BadInputFileError, storing nothing, if the file cannot be imported as it stands
    (see Preview.refusal); with `skip_bad_rows`, rows with problems are left out instead.
    """
    from stoke_governor.board.governors import ensure_board
    from stoke_governor.challenges.log import add_challenges

    reason = preview.refusal()
    if reason and not (
        skip_bad_rows
        and preview.problems
        and not preview.missing
        and not preview.already
        and preview.rows
    ):
        raise BadInputFileError(reason)
    ensure_board(store, preview.urn)  # committed on its own, before the import's transaction
    marker = {"file": preview.file, "on": dt.date.today().isoformat(), "rows": len(preview.rows)}
    key = CHALLENGE_FILE.name(urn=preview.urn, digest=preview.digest)
    # After a backup, the marker row and the challenges are stored together: all or none.
    try:
        with bulk_change(store, "before-challenge-import"):
            store.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                (key, json.dumps(marker)),
            )
            ids = add_challenges(store, preview.urn, preview.rows)
    except ChallengeError as exc:
        raise BadInputFileError(
            f"{preview.sheet.where}, {_row_named(exc, preview)}. Nothing was imported."
        ) from None
    if ids:
        marker.update(first_id=min(ids), last_id=max(ids))
    store.set_settings(**{key: json.dumps(marker)})
    remember_mapping(store, preview.headers, preview.mapping)
    return ids


def _row_named(exc: ChallengeError, preview: Preview) -> str:
    """add_challenges counts rows from 1; say the row the user sees instead."""
    text = str(exc)
    m = re.match(r"Row (\d+): (.*)", text, re.S)
    if m and 1 <= int(m.group(1)) <= len(preview.row_numbers):
        return f"row {preview.row_numbers[int(m.group(1)) - 1]}: {m.group(2).rstrip('.')}"
    return text.rstrip(".")


class FileOutcome(NamedTuple):
    file: str
    status: str  # imported, unchanged (already imported), rejected, checked (--dry-run)
    reason: str = ""
    rows: int = 0
    problems: tuple[RowProblem, ...] = ()

    def as_dict(self) -> dict:
        problems = [{"row": p.row, "reason": p.reason} for p in self.problems]
        return {
            "file": self.file,
            "status": self.status,
            "reason": self.reason,
            "rows": self.rows,
            "problems": problems,
        }


def import_file(
    store: Store,
    urn: int,
    path: str | Path,
    *,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    sheet: str | None = None,
) -> FileOutcome:
    """One file, start to end, as the command line does it; never raises for a bad file."""
    name = str(path)
    try:
        preview = preview_import(store, urn, path, sheet=sheet)
    except BadInputFileError as exc:
        return FileOutcome(name, REJECTED, str(exc))
    problems = tuple(preview.problems)
    if preview.already:
        return FileOutcome(name, UNCHANGED, preview.refusal() or "")
    reason = preview.refusal()
    skippable = skip_bad_rows and problems and not preview.missing and preview.rows
    if reason and not skippable:
        return FileOutcome(name, REJECTED, reason, 0, problems)
    skipped = len({p.row for p in problems})
    note = f"{skipped:,} row(s) with problems skipped" if skipped else ""
    if dry_run:
        return FileOutcome(
            name, CHECKED, note or "nothing stored (--dry-run)", len(preview.rows), problems
        )
    try:
        ids = import_preview(store, preview, skip_bad_rows=skip_bad_rows)
    except BadInputFileError as exc:
        return FileOutcome(name, REJECTED, str(exc), 0, problems)
    return FileOutcome(name, IMPORTED, note, len(ids), problems)
