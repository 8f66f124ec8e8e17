"""What the cells of someone else's challenge log say, read as a challenge's fields.

Which column holds which field is worked out from the headings in `challenges.headings`
(re-exported here: `infer_mapping`, `FIELDS`…; the matching itself is `files.columns`',
shared with the governor list's import); here each cell is read as its field,
or a CellError says in one sentence why it cannot be.

Decisions, so they are written once:
- Dates are read by the rules in `stoke_governor.core.dates`: day first, as in the UK, and
  Excel's serial numbers in the workbook's date system. A date that only works month first,
  Excel's 29 February 1900 and a day outside 1990-2100 are reported, not guessed.
- Board view (a clerk's "Governor view" or "Board's view"): Yes/Satisfied → satisfied;
  Partly/Partially/Partly satisfied/Somewhat → partly satisfied; No/Not satisfied → not
  satisfied.
- Status: Open/New/Not started → open; Ongoing/In progress → in progress; Done/Complete/
  Closed → done; No action/N/A → no action needed. A RAG rating reads Red → open, Amber →
  in progress, Green → done, as governors' action logs use it; when the column also uses
  Blue (a BRAG rating), Blue is done and Green only on track (in progress). A blank status
  is open.
"""

from __future__ import annotations

import datetime as dt

from stoke_governor.challenges.headings import FIELD_BY_KEY as FIELD_BY_KEY
from stoke_governor.challenges.headings import FIELDS as FIELDS
from stoke_governor.challenges.headings import REQUIRED as REQUIRED
from stoke_governor.challenges.headings import infer_mapping as infer_mapping
from stoke_governor.core.dates import EPOCH_1900, cell_date
from stoke_governor.core.errors import ChallengeError
from stoke_governor.files.columns import Field as Field
from stoke_governor.files.columns import cell_text as text
from stoke_governor.files.columns import norm as norm


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


def meeting_name(value: object) -> str | None:
    """The meeting or committee a row names ("FGB", "Resources committee"), as written."""
    name = " ".join((text(value) or "").split())
    if len(name) > 100:
        raise CellError(
            f"'{name[:40]}…' is too long for the name of a meeting or committee (choose the "
            "column that names the meeting, such as FGB or Resources)"
        )
    return name or None


def uses_brag(values) -> bool:
    """True when a status column uses Blue, so its Green means on track, not done."""
    return any(norm(text(v)) in ("blue", "b") for v in values)
