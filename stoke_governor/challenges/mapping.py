"""What a column of someone else's challenge log means, and what its cells say.

A board's own log has its own headings ("Question asked", "Raised by", "Head's response",
"RAG"…). `infer_mapping` matches headings to the app's fields by common names (ignoring
case, spaces and punctuation; the matching is `files.columns`', shared with the governor
list's import); each cell reader turns a cell into a challenge's value, or says in one
sentence why it cannot.

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

from stoke_governor.core.dates import EPOCH_1900, cell_date
from stoke_governor.core.errors import ChallengeError
from stoke_governor.files import columns
from stoke_governor.files.columns import Field, norm
from stoke_governor.files.columns import cell_text as text

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
    """Field key → column index, for the headings that match a field's common names."""
    return columns.infer_mapping(headers, FIELDS)


# -- cell values ------------------------------------------------------------------------------
class CellError(ChallengeError):
    """A cell that cannot be read as its field: the message is the reason, for the row."""


def parse_date(value: object, *, epoch: dt.date = EPOCH_1900) -> str | None:
    """An ISO date (YYYY-MM-DD) from any of the forms Excel or a person writes one in."""
    try:
        day = cell_date(value, epoch=epoch)
    except ValueError as exc:
        raise CellError(str(exc)) from None
    return None if day is None else day.isoformat()


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
