"""The headings of someone else's challenge log: which row holds them, and what each one means.

A board's own log has its own headings ("Question asked", "Raised by", "Head's response",
"RAG"…), and a clerk's log puts a title and a line of notes above them. `heading_score` says
how much a row reads as headings, so the heading row is found by what it says;
`infer_mapping` matches headings to the app's fields by common names (ignoring case, spaces
and punctuation; the matching is `files.columns`', shared with the governor list's import);
`choose_columns` applies the choices a user made by name (the command line's
`--map "Date asked=Date of meeting"`).
"""

from __future__ import annotations

import datetime as dt
import re

from stoke_governor.core.errors import ChallengeError
from stoke_governor.files import columns
from stoke_governor.files.columns import Field, norm


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(";"))


def _field(key: str, label: str, names: str, required: bool = False) -> Field:
    return Field(key, label, required, _names(names))


FIELDS = (
    _field(
        "question",
        "Question asked",
        "question; questions; challenge; challenges; question asked; questions asked; "
        "challenge question; governor question; governors question; question challenge; "
        "challenge raised; query; challenge or question; question or challenge",
        required=True,
    ),
    _field(
        "asked_on",
        "Date asked",
        "date; meeting date; date asked; date raised; asked on; raised on; date of meeting; "
        "meeting held on; date of question",
        required=True,
    ),
    _field(
        "meeting",
        "Meeting or committee",
        "meeting; meeting name; committee; committee name; meeting type; type of meeting; "
        "meeting or committee; committee or meeting; board or committee; fgb or committee; "
        "committee or fgb; fgb committee; meeting committee; governing body or committee",
    ),
    _field(
        "asked_by",
        "Asked by",
        "governor; asked by; raised by; governor name; who asked; questioner; name of governor; "
        "governor asking; asked by governor; by",
    ),
    _field(
        "priority",
        "Strategy priority",
        "priority; sdp priority; strategy priority; school priority; sdp; link to sdp; sdp link; "
        "development priority; improvement priority; linked priority; sip priority; key priority",
    ),
    _field(
        "measure",
        "Measure",
        "measure; data; kpi; linked measure; performance measure; measure target; data measure",
    ),
    _field(
        "response",
        "Leader's response",
        "response; answer; heads response; headteachers response; head teachers response; "
        "headteacher response; school response; leader response; leaders response; "
        "response from school; reply; answer given; response received; response from head",
    ),
    _field(
        "responder",
        "Responded by",
        "responder; responded by; answered by; who responded; response by; respondent; answered",
    ),
    _field(
        "board_view",
        "Board's view of the response",
        "board view; boards view; governors view; governor view; governing board view; "
        "satisfied; satisfied with response; were governors satisfied; board satisfied; "
        "governors satisfied; assurance; assured; satisfied y n; view of response; "
        "board view of response; governors view of response; level of assurance",
    ),
    _field(
        "action",
        "Follow-up action",
        "action; actions; follow up; follow up action; action required; next steps; "
        "agreed action; action agreed; further action; actions agreed",
    ),
    _field(
        "action_owner",
        "Action owner",
        "owner; responsible; action owner; by whom; lead; responsible person; action by; who",
    ),
    _field(
        "due_on",
        "Due date",
        "due; deadline; due date; due by; target date; by when; date due; completion date; "
        "review date",
    ),
    _field(
        "status",
        "Status",
        "status; rag; rag rating; rag status; progress; action status; brag; state",
    ),
    _field(
        "impact",
        "Impact",
        "impact; outcome; result; difference made; evidence of impact; impact outcome; outcomes",
    ),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
REQUIRED = tuple(f.key for f in FIELDS if f.required)
# Headings clerks use for columns a challenge has no place for: they still mark the heading row.
OTHER_HEADINGS = frozenset(
    _names(
        "ref; reference; ref no; no; number; item; item no; id; notes; note; comments; comment; "
        "clerks notes; minute ref; minute reference; minute no; source; evidence; term; "
        "academic year; year; link; page; agenda item",
    )
)
KNOWN_HEADINGS = frozenset(n for f in FIELDS for n in f.names) | OTHER_HEADINGS
READS_AS_HEADINGS = 1.5  # at least two headings the app knows, or more that contain one


def infer_mapping(headers: list[str]) -> dict[str, int]:
    """Field key → column index, for the headings that match a field's common names."""
    return columns.infer_mapping(headers, FIELDS)


# -- the heading row --------------------------------------------------------------------------
_NUMBER_OR_DATE = re.compile(r"[\d\s/.:,£%\-]+")


def heading_score(values) -> float:
    """How much a row reads as a log's headings: +1 for each heading the app knows, +½ for a
    short one containing a known name, −1 for each date, number or sentence (headings are
    none of those). A row with one value (a title, merged across the columns or not) is 0."""
    cells = []
    for v in values:
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if v not in cells:
            cells.append(v)
    if len(cells) < 2:
        return 0.0
    score = 0.0
    for v in cells:
        if isinstance(v, int | float | dt.date | dt.datetime) or _NUMBER_OR_DATE.fullmatch(str(v)):
            score -= 1
            continue
        text = " ".join(str(v).split())
        h = norm(text)
        words = h.split()
        if len(text) > 60 or len(words) > 8:
            score -= 1
        elif h in KNOWN_HEADINGS:
            score += 1
        elif len(words) <= 5 and any(f" {n} " in f" {h} " for n in KNOWN_HEADINGS if len(n) > 2):
            score += 0.5
    return score


def locate_headings(rows: list[tuple]) -> int | None:
    """Which of a sheet's first rows (blank ones left out) holds the headings: the first that
    reads most as headings, if any reads as them at all."""
    scores = [heading_score(values) for values in rows]
    best = max(scores, default=0.0)
    return scores.index(best) if best >= READS_AS_HEADINGS else None


# -- choosing by name -------------------------------------------------------------------------
class UnknownColumnError(ChallengeError):
    """A field or a heading named by the user that the app or the file does not have."""


def field_named(name: str) -> str:
    """The field a user means by its label as the import window shows it ("Date asked"), its
    first words ("Question") or its key; UnknownColumnError listing the labels otherwise."""
    wanted = norm(name)
    for f in FIELDS:
        if wanted in (norm(f.label), norm(f.key)):
            return f.key
    starts = [f.key for f in FIELDS if wanted and norm(f.label).startswith(wanted + " ")]
    if len(starts) == 1:
        return starts[0]
    raise UnknownColumnError(
        f"'{name}' is not a part of a challenge the app imports; use one of: "
        + ", ".join(f.label for f in FIELDS)
        + "."
    )


def choose_columns(
    headers: list[str], mapping: dict[str, int], choices: dict[str, str], where: str = ""
) -> dict[str, int]:
    """The mapping with each field in `choices` (key → heading as written; "" for none) set to
    the column with that heading; each column still serves one field."""
    out = dict(mapping)
    position = {norm(h): i for i, h in reversed(list(enumerate(headers)))}
    for key, heading in choices.items():
        out.pop(key, None)
        if not heading.strip():
            continue
        col = position.get(norm(heading))
        if col is None:
            raise UnknownColumnError(
                f"{where or 'The file'} has no column headed '{heading}'; its headings are: "
                + ", ".join(headers)
                + "."
            )
        out = {k: c for k, c in out.items() if c != col}
        out[key] = col
    return out
