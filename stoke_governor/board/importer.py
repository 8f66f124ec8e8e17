"""Import the board's governor list from a clerk's spreadsheet: preview first, then all or none.

`preview_import` reads the file (`files.sheets`, the heading row found by the column names
in `board.roster`), reads every row and then tries every change on the board as it is held,
inside `Store.undone()`: so the preview applies the board's own rules (one chair, one
headteacher, terms that end after they start…) exactly as the import will, and stores
nothing. Each row comes out new, updated (saying what changes), unchanged, left out (the
clerk, a vacancy) or with its problems, each naming the row and the field.

`import_preview` stores the rows in one transaction after a backup: while any row has a
problem, nothing, unless the caller chose to skip those rows. A governor already held (the
same name, whatever the capitals and spacing) is updated, never added twice; a blank cell
leaves what the app holds; a committee the board does not have yet is made (the preview
names each one first, so a misspelt name is seen before it is made).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from stoke_governor.board import roster
from stoke_governor.board.changes import (
    LEFT_OUT,
    NEW,
    PROBLEM,
    UNCHANGED,
    UPDATED,
    RowResult,
    apply,
)
from stoke_governor.board.committees import list_committees
from stoke_governor.board.governors import list_governors, same_person
from stoke_governor.board.roster import LeftOut, Member, RowProblem
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.db.store import Store, bulk_change
from stoke_governor.files.columns import infer_mapping
from stoke_governor.files.sheets import (
    Layout,
    Sheet,
    read_file,
    read_sheet,
    refusal_for_problems,
)

__all__ = ["LEFT_OUT", "NEW", "PROBLEM", "UNCHANGED", "UPDATED", "import_preview", "preview_import"]


@dataclass
class Preview:
    """What importing the file would do; nothing has been stored."""

    sheet: Sheet
    urn: int
    mapping: dict[str, int]
    members: list[Member] = field(default_factory=list)  # the rows to store
    results: list[RowResult] = field(default_factory=list)  # every row, in the file's order
    problems: list[RowProblem] = field(default_factory=list)
    new_committees: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)  # current members the file leaves out

    @property
    def missing(self) -> list[str]:
        return roster.missing_fields(self.mapping)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def changes(self) -> int:
        return self.count(NEW) + self.count(UPDATED)

    @property
    def summary(self) -> str:
        if self.missing:
            return (
                f"No column is headed {' or '.join(self.missing)}: give the column that "
                "heading in your file, then import it again."
            )
        parts = [
            f"{self.count(s):,} {w}"
            for s, w in ((NEW, "new"), (UPDATED, "updated"), (UNCHANGED, "unchanged"))
            if self.count(s)
        ]
        bad = self.count(PROBLEM)
        text = (", ".join(parts) or "no governors") + (f"; {bad:,} with problems" if bad else "")
        if self.new_committees:
            text += f". New committees will be made: {', '.join(self.new_committees)}"
        if self.not_in_file:
            text += (
                f". Not in the file, so kept as they are: {', '.join(self.not_in_file)}"
                " (record leaving on the Board page if they have left)"
            )
        return text + "."

    def refusal(self, skip_bad_rows: bool = False) -> str | None:
        """Why the file cannot be imported as it stands (None if it can)."""
        where = self.sheet.where
        if self.missing:
            return f"{where}: {self.summary}"
        if self.problems and not skip_bad_rows:
            rows = len({p.row for p in self.problems})
            return refusal_for_problems(where, self.problems[0], rows)
        if not self.members:
            return f"{where} has no governors below its headings."
        return None


# -- preview ------------------------------------------------------------------------------
def preview_import(
    store: Store,
    urn: int,
    path: str | Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Preview:
    """Read and check the file; raise BadInputFileError if it cannot be read at all."""
    path = Path(path)
    data = read_file(path, "governor list")
    layout = Layout(roster.FIELDS, header_row, "governor list")
    read = read_sheet(path, sheet=sheet, data=data, layout=layout)
    preview = Preview(read, urn, infer_mapping(read.headers, roster.FIELDS))
    if preview.missing:
        return preview
    held = list_governors(store, urn)
    rows: dict[int, RowResult] = {}
    seen: dict[str, int] = {}  # each name (as compared) → the first row with it
    for number, values in read.rows:
        got = roster.read_row(read, number, values, preview.mapping)
        if isinstance(got, LeftOut):
            rows[number] = RowResult(number, got.name, LEFT_OUT, got.reason)
            continue
        name = got.name if isinstance(got, Member) else _row_name(values, preview.mapping)
        key = " ".join(name.split()).casefold()
        if key in seen:
            got = [RowProblem(number, "Name", f"{name} is also in row {seen[key]}")]
        elif key:
            seen[key] = number
        if (
            isinstance(got, Member)
            and got.category is None
            and not any(same_person(g.name, got.name) for g in held)
        ):
            got = [RowProblem(number, "Category", f"blank: say which category {name} is")]
        if isinstance(got, Member):
            preview.members.append(got)
        else:
            _problems(preview, rows, number, name, got)
    before = {c.id for c in list_committees(store, urn)}
    with store.undone():
        outcomes = apply(store, urn, preview.members)
        made = [c.name for c in list_committees(store, urn) if c.id not in before]
    good = []
    for m in preview.members:
        outcome = outcomes[m.row]
        if isinstance(outcome, RowResult):
            rows[m.row] = outcome
            good.append(m)
        else:
            _problems(preview, rows, m.row, m.name, [RowProblem(m.row, "", outcome)])
    preview.members, preview.new_committees = good, made
    preview.problems.sort(key=lambda p: p.row)
    preview.results = [rows[n] for n, _values in read.rows if n in rows]
    named = [r.name for r in preview.results]
    preview.not_in_file = [g.name for g in held if not any(same_person(g.name, n) for n in named)]
    return preview


def _row_name(values: tuple, mapping: dict[str, int]) -> str:
    keys = ("name",) if "name" in mapping else ("first_name", "surname")
    cells = [values[mapping[k]] for k in keys if k in mapping and mapping[k] < len(values)]
    return " ".join(str(c).strip() for c in cells if c is not None and str(c).strip())


def _problems(
    preview: Preview, rows: dict, number: int, name: str, problems: list[RowProblem]
) -> None:
    preview.problems.extend(problems)
    detail = "; ".join(f"{p.field}: {p.reason}" if p.field else p.reason for p in problems)
    rows[number] = RowResult(number, name, PROBLEM, detail)


# -- importing ----------------------------------------------------------------------------
class Imported(NamedTuple):
    new: int
    updated: int
    unchanged: int
    skipped: int  # rows with problems left out


def import_preview(store: Store, preview: Preview, *, skip_bad_rows: bool = False) -> Imported:
    """Store the previewed rows in one transaction (after a backup): all of them or none.

    Raises BadInputFileError, storing nothing, if the file cannot be imported as it stands
    (see Preview.refusal) or the board changed since the preview so a row no longer fits.
    """
    reason = preview.refusal(skip_bad_rows)
    if reason:
        raise BadInputFileError(reason)
    skipped = {p.row for p in preview.problems}
    if not preview.changes:
        return Imported(0, 0, preview.count(UNCHANGED), len(skipped))
    with bulk_change(store, "before-governor-import"):
        outcomes = apply(store, preview.urn, preview.members)
        refused = {row: o for row, o in outcomes.items() if isinstance(o, str)}
        if refused and not skip_bad_rows:  # the board changed since the preview
            row, why = next(iter(refused.items()))
            raise BadInputFileError(
                f"{preview.sheet.where}, row {row}: {why}. Nothing was imported."
            )
    done = [o.status for o in outcomes.values() if isinstance(o, RowResult)]
    return Imported(
        done.count(NEW), done.count(UPDATED), done.count(UNCHANGED), len(skipped | set(refused))
    )
