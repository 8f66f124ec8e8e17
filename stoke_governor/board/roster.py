"""What the columns of a clerk's governor list mean, and what its cells say.

A clerk's list has its own headings ("Governor", "Type of governor", "Appointed by",
"Term of office ends"…); `FIELDS` names the common ones (matched by `files.columns`). `read_row`
turns one row's cells into a `Member` (only what the row gives: a blank cell leaves what the
app holds as it is), or says why it is left out, or lists its problems, each naming the field.

Decisions, so they are written once:
- Categories: the words clerks use are read as the app's categories: Parent, Staff (Teacher),
  Headteacher (Head, Principal), LA (Local authority, LEA), Co-opted (Community, as the
  category was called before 2012), Foundation (ex officio foundation too), Partnership,
  Associate member; "governor" after the word is optional.
- Roles: Chair, Vice-chair (Vice chair, Deputy chair) and the usual link roles ("Safeguarding
  governor", "SEN link", "PP") are read as the app's roles; any other role is kept as
  written. Several are separated by ; , / or new lines.
- The clerk, and a vacancy written as a name ("Vacancy", "Vacant", "TBC"), are not members:
  their rows are left out, and the preview says so. So is a row with one cell filled in
  outside the name column (a note or a sub-heading).
- Committees are separated like roles; "None" means none; the full board is not a committee.
- Appointed by and notes are kept in the member's note ("Appointed by: …" on its first line).
- Dates as `core.dates.cell_date` reads them: UK text, ISO text or a real Excel date.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from stoke_governor.board.governors import ROLES, clean_name
from stoke_governor.core.dates import cell_date, uk_date
from stoke_governor.core.errors import BoardError
from stoke_governor.files.columns import Field, cell_text, norm
from stoke_governor.files.sheets import Sheet

FIELDS = (
    Field(
        "name",
        "Name",
        True,
        ("name", "governor", "governor name", "full name", "member", "member name", "names")
        + ("name of governor", "governors", "governor s name", "governors name"),
    ),
    Field("first_name", "First name", False, ("first name", "forename", "forenames", "given name")),
    Field("surname", "Surname", False, ("surname", "last name", "family name")),
    Field(
        "category",
        "Category",
        True,
        ("category", "type", "governor type", "type of governor", "category of governor")
        + ("governor category", "constituency", "membership type", "type of member"),
    ),
    Field(
        "roles",
        "Role",
        False,
        ("role", "roles", "position", "positions", "office", "responsibility", "link role")
        + ("responsibilities", "link roles", "special responsibility", "position held"),
    ),
    Field(
        "appointed_by",
        "Appointed by",
        False,
        ("appointed by", "appointing body", "elected by", "appointed elected by", "nominated by")
        + ("appointed or elected by", "elected or appointed by", "elected appointed by"),
    ),
    Field(
        "term_start",
        "Term start",
        False,
        ("term start", "term starts", "start of term", "term start date", "date appointed")
        + ("appointed on", "date of appointment", "appointment date", "start date", "from")
        + ("date elected", "term of office from", "term of office starts", "appointed"),
    ),
    Field(
        "term_end",
        "Term end",
        False,
        ("term end", "term ends", "end of term", "term end date", "term expires", "end date")
        + ("date term ends", "expiry date", "term expiry", "to", "term of office to", "expires")
        + ("term of office ends", "term ends on", "end of term of office"),
    ),
    Field(
        "committees",
        "Committees",
        False,
        ("committees", "committee", "committee membership", "committee memberships", "sits on"),
    ),
    Field("note", "Note", False, ("note", "notes", "comments", "comment")),
)
LABELS = {f.key: f.label for f in FIELDS}


def missing_fields(mapping: dict[str, int]) -> list[str]:
    """What a file must have a column for: the name (or first name and surname), the category."""
    missing = []
    if "name" not in mapping and not {"first_name", "surname"} <= set(mapping):
        missing.append("Name (or First name and Surname)")
    if "category" not in mapping:
        missing.append("Category")
    return missing


# -- words --------------------------------------------------------------------------------
_CATEGORY_WORDS = {
    "parent": ("parent", "parents", "elected parent", "parent elected", "appointed parent"),
    "staff": ("staff", "elected staff", "staff elected", "teacher", "teaching staff"),
    "headteacher": ("headteacher", "head teacher", "head", "principal", "executive headteacher")
    + ("executive head", "head of school", "ex officio headteacher", "headteacher ex officio"),
    "la": ("la", "local authority", "lea", "local education authority", "la appointed"),
    "co-opted": ("co opted", "coopted", "co opt", "community"),
    "foundation": ("foundation", "ex officio foundation", "foundation ex officio"),
    "partnership": ("partnership",),
    "associate": ("associate", "associate member", "associate members"),
}
CATEGORY_WORDS = {w: key for key, words in _CATEGORY_WORDS.items() for w in words}
CLERK_WORDS = {"clerk", "clerk to governors", "clerk to the governors", "clerk to the board"} | {
    "clerk to the governing board",
    "governance professional",
    "governance clerk",
}
VACANCY_WORDS = {"vacancy", "vacant", "vacant post", "tbc", "tba", "to be appointed"} | {
    "to be elected",
    "to be confirmed",
}
NONE_WORDS = {"none", "n a", "na", "nil", "no", ""}
FULL_BOARD_WORDS = {"fgb", "full governing board", "full board", "full governing body", "all"}
_ROLE_WORDS = {
    "chair": ("chair", "chair of governors", "chair of the board", "chairperson", "chairman")
    + ("chairwoman", "chair of the governing board", "chair of the governing body"),
    "vice-chair": ("vice chair", "vicechair", "vice chair of governors", "deputy chair")
    + ("vice chairperson", "vice chair of the board", "vice chair of the governing board"),
    "safeguarding link": ("safeguarding", "child protection", "safeguarding and child protection"),
    "SEND link": ("send", "sen", "sen d", "special educational needs", "inclusion"),
    "pupil premium link": ("pupil premium", "pp", "disadvantaged pupils"),
    "early years link": ("early years", "eyfs"),
    "health and safety link": ("health and safety", "health safety", "h s"),
}
_ROLE_STEMS = {norm(r.removesuffix(" link")): r for r in ROLES if r.endswith(" link")}
ROLE_WORDS = _ROLE_STEMS | {w: role for role, words in _ROLE_WORDS.items() for w in words}
_ROLE_TAIL = re.compile(r"\s+(link governor|governor|link|lead)$")
SPLIT = re.compile(r"[;,/\n]+")


def _without_governor(word: str) -> str:
    return re.sub(r"\s+(governor|governors)$", "", word)


def category(value: object) -> str | None:
    """The app's category for what the cell says; None when blank; BoardError saying why."""
    word = norm(cell_text(value))
    if not word:
        return None
    found = CATEGORY_WORDS.get(word) or CATEGORY_WORDS.get(_without_governor(word))
    if found is None:
        choices = "Parent, Staff, Headteacher, LA, Co-opted, Foundation, Partnership or Associate"
        raise BoardError(f"'{cell_text(value)}' is not a category of governor (use {choices})")
    return found


def role(text: str) -> str:
    """One role as the app keeps it: the usual ones in their usual words, others as written."""
    word = norm(text)
    return ROLE_WORDS.get(word) or ROLE_WORDS.get(_ROLE_TAIL.sub("", word)) or text.strip()


def split_list(value: object) -> list[str]:
    """The items of a cell listing several ("Finance; Curriculum"), without blanks."""
    return [part.strip() for part in SPLIT.split(cell_text(value) or "") if part.strip()]


def is_clerk(value: object) -> bool:
    return norm(cell_text(value)) in CLERK_WORDS


def committee_key(name: str) -> str:
    """A committee's name as compared: "The Finance Committee" is "Finance"."""
    return re.sub(r"^the\s+|\s+committee$", "", norm(name))


# -- one row ------------------------------------------------------------------------------
class RowProblem(NamedTuple):
    row: int  # as the user sees it in their spreadsheet
    field: str  # the field's label; "" for the row as a whole
    reason: str

    def __str__(self) -> str:
        where = f"Row {self.row}, {self.field}" if self.field else f"Row {self.row}"
        return f"{where}: {self.reason}"


class Member(NamedTuple):
    """One row of the file as the board will hold it: None where the file says nothing."""

    row: int
    name: str
    category: str | None = None
    term_start: str | None = None
    term_end: str | None = None
    roles: tuple[str, ...] | None = None
    appointed_by: str | None = None
    note: str | None = None
    committees: tuple[str, ...] | None = None


class LeftOut(NamedTuple):
    row: int
    name: str
    reason: str


def read_row(
    sheet: Sheet, number: int, values: tuple, mapping: dict[str, int]
) -> Member | LeftOut | list[RowProblem]:
    """One row of the governor list: a member, a row left out (and why), or its problems."""

    def cell(key: str) -> object:
        return sheet.cell(number, values, mapping.get(key))

    def quiet(key: str) -> object:  # a formula saved without its value is reported by `read`
        try:
            return cell(key)
        except ValueError:
            return None

    problems: list[RowProblem] = []

    def read(key: str, reader):
        try:
            return reader(cell(key))
        except (BoardError, ValueError) as exc:
            problems.append(RowProblem(number, LABELS[key], str(exc)))
            return None

    name = read("name", cell_text) if "name" in mapping else None
    if not name:
        parts = [read(k, cell_text) for k in ("first_name", "surname") if k in mapping]
        name = " ".join(p for p in parts if p)
    filled = sum(1 for v in values if cell_text(v))
    name_filled = bool(name)
    if is_clerk(quiet("category")) or any(is_clerk(r) for r in split_list(quiet("roles"))):
        return LeftOut(number, name or "", "the clerk is not a member of the board")
    if name and (norm(name) in VACANCY_WORDS or norm(name).startswith("vacan")):
        return LeftOut(number, name, "a vacant place, not a governor")
    if filled == 1 and (not name_filled or _looks_like_heading(name)):
        return LeftOut(number, name or "", "a note or sub-heading, not a governor")
    if not name:
        problems.insert(0, RowProblem(number, "Name", "there is no name in this row"))
        name = ""
    else:
        name = clean_name(name)

    def date(value: object) -> str | None:
        day = cell_date(value, epoch=sheet.epoch)
        return None if day is None else day.isoformat()

    category_key = read("category", category)
    start, end = read("term_start", date), read("term_end", date)
    if start and end and end < start:
        problems.append(
            RowProblem(
                number,
                "Term end",
                f"{uk_date(end)} is before the term starts ({uk_date(start)})",
            )
        )
    roles = read("roles", split_list) if "roles" in mapping else None
    committees = read("committees", split_list) if "committees" in mapping else None
    if problems:
        return problems
    return Member(
        number,
        name,
        category_key,
        start,
        end,
        tuple(role(r) for r in roles) if roles else None,
        read("appointed_by", cell_text),
        read("note", cell_text),
        _committees(committees),
    )


def _looks_like_heading(name: str | None) -> bool:
    word = norm(name)
    return (
        word in CATEGORY_WORDS
        or _without_governor(word) in CATEGORY_WORDS
        or word.endswith(("governors", "members"))
    )


def _committees(names: list[str] | None) -> tuple[str, ...] | None:
    """The committees a cell names; () for "None"; None when the cell is blank."""
    if not names:
        return None
    named = [n for n in names if norm(n) not in FULL_BOARD_WORDS]
    if all(norm(n) in NONE_WORDS for n in named):
        return ()
    return tuple(n for n in named if norm(n) not in NONE_WORDS)
