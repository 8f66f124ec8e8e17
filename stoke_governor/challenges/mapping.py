"""What a column of someone else's challenge log means, and what its cells say.

A board's own log has its own headings ("Question asked", "Raised by", "Head's response",
"RAG"…). `infer_mapping` matches headings to the app's fields by common names (ignoring
case, spaces and punctuation); `convert` turns one row's cells into a challenge, or says
in one sentence why it cannot.

Decisions, so they are written once:
- Dates are read by the rules in `stoke_governor.core.dates`: day first, as in the UK, and
  Excel's serial numbers in the workbook's date system. A date that only works month first,
  Excel's 29 February 1900 and a day outside 1990-2100 are reported, not guessed.
- Board view: Yes/Satisfied → satisfied; Partly/Partially/Somewhat → partly satisfied;
  No/Not satisfied → not satisfied.
- Status: Open/New/Not started → open; Ongoing/In progress → in progress; Done/Complete/
  Closed → done; No action/N/A → no action needed. A RAG rating reads Red → open, Amber →
  in progress, Green → done, as governors' action logs use it; when the column also uses
  Blue (a BRAG rating), Blue is done and Green only on track (in progress). A blank status
  is open.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from stoke_governor.core.dates import EPOCH_1900, excel_date, parse_uk_date
from stoke_governor.core.errors import ChallengeError
from stoke_governor.files.workbooks import safe_text


class Field(NamedTuple):
    key: str
    label: str
    required: bool
    names: tuple[str, ...]  # common column headings, normalised


def norm(text: object) -> str:
    """A heading or word as compared: lower case, apostrophes dropped, other punctuation a space."""
    s = str(text or "").lower().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


FIELDS = (
    Field(
        "question",
        "Question asked",
        True,
        (
            "question",
            "questions",
            "challenge",
            "challenges",
            "question asked",
            "questions asked",
            "challenge question",
            "governor question",
            "governors question",
            "question challenge",
            "challenge raised",
            "query",
            "challenge or question",
            "question or challenge",
        ),
    ),
    Field(
        "asked_on",
        "Date asked",
        True,
        (
            "date",
            "meeting date",
            "date asked",
            "date raised",
            "asked on",
            "raised on",
            "date of meeting",
            "meeting held on",
            "date of question",
        ),
    ),
    Field(
        "asked_by",
        "Asked by",
        False,
        (
            "governor",
            "asked by",
            "raised by",
            "governor name",
            "who asked",
            "questioner",
            "name of governor",
            "governor asking",
            "asked by governor",
            "by",
        ),
    ),
    Field(
        "priority",
        "Strategy priority",
        False,
        (
            "priority",
            "sdp priority",
            "strategy priority",
            "school priority",
            "sdp",
            "link to sdp",
            "sdp link",
            "development priority",
            "improvement priority",
            "linked priority",
            "sip priority",
            "key priority",
        ),
    ),
    Field(
        "measure",
        "Measure",
        False,
        (
            "measure",
            "data",
            "kpi",
            "linked measure",
            "performance measure",
            "measure target",
            "data measure",
        ),
    ),
    Field(
        "response",
        "Leader's response",
        False,
        (
            "response",
            "answer",
            "heads response",
            "headteachers response",
            "head teachers response",
            "headteacher response",
            "school response",
            "leader response",
            "leaders response",
            "response from school",
            "reply",
            "answer given",
            "response received",
            "response from head",
        ),
    ),
    Field(
        "responder",
        "Responded by",
        False,
        (
            "responder",
            "responded by",
            "answered by",
            "who responded",
            "response by",
            "respondent",
            "answered",
        ),
    ),
    Field(
        "board_view",
        "Board's view of the response",
        False,
        (
            "board view",
            "boards view",
            "governors view",
            "satisfied",
            "satisfied with response",
            "were governors satisfied",
            "board satisfied",
            "governors satisfied",
            "assurance",
            "assured",
            "satisfied y n",
            "view of response",
            "board view of response",
        ),
    ),
    Field(
        "action",
        "Follow-up action",
        False,
        (
            "action",
            "actions",
            "follow up",
            "follow up action",
            "action required",
            "next steps",
            "agreed action",
            "action agreed",
            "further action",
            "actions agreed",
        ),
    ),
    Field(
        "action_owner",
        "Action owner",
        False,
        (
            "owner",
            "responsible",
            "action owner",
            "by whom",
            "lead",
            "responsible person",
            "action by",
            "who",
        ),
    ),
    Field(
        "due_on",
        "Due date",
        False,
        (
            "due",
            "deadline",
            "due date",
            "due by",
            "target date",
            "by when",
            "date due",
            "completion date",
            "review date",
        ),
    ),
    Field(
        "status",
        "Status",
        False,
        ("status", "rag", "rag rating", "rag status", "progress", "action status", "brag", "state"),
    ),
    Field(
        "impact",
        "Impact",
        False,
        (
            "impact",
            "outcome",
            "result",
            "difference made",
            "evidence of impact",
            "impact outcome",
            "outcomes",
        ),
    ),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
REQUIRED = tuple(f.key for f in FIELDS if f.required)


def infer_mapping(headers: list[str]) -> dict[str, int]:
    """Field key → column index, for the headings that match a field's common names.

    An exact heading beats one that only contains a common name ("Date of the FGB
    meeting" contains "date"); longer names beat shorter ones; each column serves one field.
    """
    scored = []
    for col, header in enumerate(headers):
        h = norm(header)
        if not h:
            continue
        padded = f" {h} "
        for order, f in enumerate(FIELDS):
            best = 0.0
            for name in f.names:
                if h == name:
                    best = max(best, 3.0)
                elif len(name) > 2 and f" {name} " in padded:
                    best = max(best, 1.0 + len(name.split()) / 10)
            if best:
                scored.append((-best, col, order, f.key))
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for _score, col, _order, key in sorted(scored):
        if key not in mapping and col not in used:
            mapping[key] = col
            used.add(col)
    return mapping


# -- cell values ------------------------------------------------------------------------------
class CellError(ChallengeError):
    """A cell that cannot be read as its field: the message is the reason, for the row."""


def text(value: object) -> str | None:
    """A cell as stored text: numbers without a stray .0, dates as ISO, blanks as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    s = safe_text(value).strip()
    return s or None


EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)  # a board's log is in between


def parse_date(value: object, *, epoch: dt.date = EPOCH_1900) -> str | None:
    """An ISO date (YYYY-MM-DD) from any of the forms Excel or a person writes one in."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return _plausible(value.date(), str(value))
    if isinstance(value, dt.date):
        return _plausible(value, str(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value), epoch)
    s = str(value).strip()
    if re.fullmatch(r"\d{4,5}(\.\d+)?", s):
        return _serial(float(s), epoch)
    try:
        day = parse_uk_date(s)
    except ValueError as exc:
        raise CellError(str(exc)) from None
    return _plausible(day, s)


def _serial(serial: float, epoch: dt.date) -> str:
    try:
        date = excel_date(serial, epoch)
    except ValueError as exc:
        raise CellError(str(exc)) from None
    return _plausible(date, f"{serial:g}")


def _plausible(date: dt.date, whole: str) -> str:
    if not EARLIEST <= date <= LATEST:
        raise CellError(
            f"'{whole}' reads as {date:%d %B %Y}, outside the years a challenge log covers"
            if date != dt.date.max
            else f"'{whole}' is not a date"
        )
    return date.isoformat()


_VIEWS = {
    "satisfied": (
        "satisfied",
        "yes",
        "y",
        "fully satisfied",
        "assured",
        "fully assured",
        "fully",
        "satisfactory",
    ),
    "partly satisfied": (
        "partly satisfied",
        "partially satisfied",
        "partly",
        "partially",
        "partial",
        "somewhat",
        "somewhat satisfied",
        "partly assured",
        "partially assured",
        "in part",
        "mostly",
    ),
    "not satisfied": (
        "not satisfied",
        "no",
        "n",
        "unsatisfied",
        "dissatisfied",
        "not assured",
        "not yet satisfied",
        "unsatisfactory",
    ),
}
VIEW_WORDS = {w: view for view, words in _VIEWS.items() for w in words}
_STATUSES = {
    "open": (
        "open",
        "new",
        "not started",
        "outstanding",
        "raised",
        "pending",
        "to do",
        "todo",
        "awaiting response",
        "awaiting",
        "red",
        "r",
    ),
    "in progress": (
        "in progress",
        "ongoing",
        "on going",
        "underway",
        "under way",
        "started",
        "in hand",
        "progressing",
        "on track",
        "partly done",
        "wip",
        "amber",
        "a",
    ),
    "done": (
        "done",
        "complete",
        "completed",
        "closed",
        "resolved",
        "finished",
        "actioned",
        "green",
        "g",
        "blue",
        "b",
        "achieved",
        "met",
    ),
    "no action needed": (
        "no action",
        "no action needed",
        "no action required",
        "no further action",
        "nfa",
        "n a",
        "na",
        "not applicable",
        "none",
        "no action necessary",
    ),
}
STATUS_WORDS = {w: status for status, words in _STATUSES.items() for w in words}


def board_view(value: object) -> str | None:
    word = norm(text(value))
    if not word:
        return None
    if word in VIEW_WORDS:
        return VIEW_WORDS[word]
    raise CellError(
        f"'{(text(value) or '')[:40]}' is not a view of the response the app knows "
        "(use Satisfied, Partly satisfied or Not satisfied)"
    )


def status(value: object, *, brag: bool = False) -> str:
    word = norm(text(value))
    if not word:
        return "open"
    if brag and word in ("green", "g"):
        return "in progress"
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    raise CellError(
        f"'{(text(value) or '')[:40]}' is not a status the app knows (use Open, In progress, Done "
        "or No action needed, or a RAG rating)"
    )


def uses_brag(values) -> bool:
    """True when a status column uses Blue, so its Green means on track, not done."""
    return any(norm(text(v)) in ("blue", "b") for v in values)
