"""Import a challenge log a board kept in Excel or as CSV: preview first, then all or nothing.

`preview_import` reads the file (`files.sheets`; the heading row found by what it says,
`challenges.headings`, or the row the user chose), maps its columns (the mapping the user
confirmed for the same headings last time, else one inferred from their names, with the
user's own choices over either) and converts every row (`challenges.rows`), collecting each
row's problem with the row number the user sees. Nothing is stored until `import_preview`,
which refuses the whole file while any row has a problem, unless the caller chose to skip
those rows; the rows go in through `challenges.add_challenges` in one transaction, after a
backup.

The meetings a clerk's log names are the meetings layer's business, above this one: the
caller passes `plan_meetings` (`meetings.from_log.plan_meetings`), whose plan says in the
preview what it will do and, inside the import's transaction, files each question under its
meeting, matching the board's meetings or making them.

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
from pathlib import Path
from typing import NamedTuple

from stoke_governor.challenges import mapping as cm
from stoke_governor.challenges.headings import choose_columns, locate_headings
from stoke_governor.challenges.preview import PlanMeetings, Preview, not_imported
from stoke_governor.challenges.rows import RowProblem, convert
from stoke_governor.core.errors import BadInputFileError, ChallengeError, MeetingError
from stoke_governor.core.settings import CHALLENGE_FILE, CHALLENGE_MAPPING
from stoke_governor.db.store import Store, bulk_change
from stoke_governor.files.sheets import Layout, Sheet, read_file, read_sheet

IMPORTED, UNCHANGED, REJECTED, CHECKED = "imported", "unchanged", "rejected", "checked"
PREVIEW_ROWS = 200


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
    header_row: int | None = None,
    choices: dict[str, str] | None = None,
    plan_meetings: PlanMeetings | None = None,
) -> Preview:
    """Read and check the file; raise BadInputFileError if it cannot be read at all.

    `header_row` is the row the user says holds the headings; `choices` are the user's own
    columns for some fields (field key → heading; "" for none), over the remembered or
    inferred ones (UnknownColumnError for a heading the file does not have)."""
    path = Path(path)
    if data is None:
        data = read_file(path, "challenge log")
    digest = hashlib.sha256(data).hexdigest()
    read = sheet_data or read_log(path, sheet=sheet, data=data, header_row=header_row)
    remembered = False
    if mapping is None:
        mapping, remembered = mapping_for(store, read.headers)
    if choices:
        mapping, remembered = choose_columns(read.headers, mapping, choices, read.where), False
    preview = Preview(read, urn, digest, dict(mapping), remembered)
    preview.already = _already(store, urn, digest)
    if not preview.missing:
        converted = convert(store, urn, read, preview.mapping)
        preview.rows, preview.row_numbers = converted.rows, converted.row_numbers
        preview.meeting_names, preview.problems = converted.meetings, converted.problems
        if plan_meetings is not None:
            preview.meetings = plan_meetings(store, preview)
    return preview


def read_log(
    path: str | Path,
    *,
    sheet: str | None = None,
    data: bytes | None = None,
    header_row: int | None = None,
) -> Sheet:
    """The log's headings and rows: on the row given, else the row that reads as headings."""
    layout = Layout(header_row=header_row, what="challenge log", locate=locate_headings)
    return read_sheet(path, sheet=sheet, data=data, layout=layout)


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
            rows, filed = list(preview.rows), list[str]()
            if preview.meetings is not None:
                rows, filed = preview.meetings.file(store, preview)
            ids = add_challenges(store, preview.urn, rows)
    except (ChallengeError, MeetingError) as exc:
        raise BadInputFileError(
            f"{preview.sheet.where}, {_row_named(exc, preview)}. Nothing was imported."
        ) from None
    if ids:
        marker.update(first_id=min(ids), last_id=max(ids))
    store.set_settings(**{key: json.dumps(marker)})
    remember_mapping(store, preview.headers, preview.mapping)
    preview.filed = filed
    return ids


def _row_named(exc: ChallengeError | MeetingError, preview: Preview) -> str:
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
    header_row: int = 0  # the row the headings were read from (0: the file was not read)
    ignored: tuple[str, ...] = ()  # headings of the columns not imported
    meetings: tuple[str, ...] = ()  # one line per meeting: the plan, or what was done

    @property
    def ignored_sentence(self) -> str:
        return not_imported(self.ignored)

    def as_dict(self) -> dict:
        problems = [{"row": p.row, "reason": p.reason} for p in self.problems]
        return {
            "file": self.file,
            "status": self.status,
            "reason": self.reason,
            "rows": self.rows,
            "problems": problems,
            "header_row": self.header_row,
            "columns_not_imported": list(self.ignored),
            "meetings": list(self.meetings),
        }


def import_file(
    store: Store,
    urn: int,
    path: str | Path,
    *,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    sheet: str | None = None,
    header_row: int | None = None,
    choices: dict[str, str] | None = None,
    plan_meetings: PlanMeetings | None = None,
) -> FileOutcome:
    """One file, start to end, as the command line does it; never raises for a bad file
    (a heading in `choices` the file does not have is the caller's mistake:
    UnknownColumnError)."""
    name = str(path)
    try:
        preview = preview_import(
            store,
            urn,
            path,
            sheet=sheet,
            header_row=header_row,
            choices=choices,
            plan_meetings=plan_meetings,
        )
    except BadInputFileError as exc:
        return FileOutcome(name, REJECTED, str(exc))
    problems = tuple(preview.problems)
    read = (preview.sheet.header_row, tuple(preview.ignored))
    if preview.already and not preview.missing:
        return FileOutcome(name, UNCHANGED, preview.refusal() or "", 0, (), *read)
    reason = preview.refusal()
    skippable = skip_bad_rows and problems and not preview.missing and preview.rows
    if reason and not skippable:
        return FileOutcome(name, REJECTED, reason, 0, problems, *read)
    skipped = len({p.row for p in problems})
    note = f"{skipped:,} row(s) with problems skipped" if skipped else ""
    plan = tuple(preview.meetings.lines) if preview.meetings else ()
    if dry_run:
        note = note or "nothing stored (--dry-run)"
        return FileOutcome(name, CHECKED, note, len(preview.rows), problems, *read, plan)
    try:
        ids = import_preview(store, preview, skip_bad_rows=skip_bad_rows)
    except BadInputFileError as exc:
        return FileOutcome(name, REJECTED, str(exc), 0, problems, *read)
    return FileOutcome(name, IMPORTED, note, len(ids), problems, *read, tuple(preview.filed))
