"""What the draft minutes say, in order, as plain blocks that the PDF and Word writers lay
out: so both say the same thing in the same order, and neither decides any wording.

The order is the one clerks write: a DRAFT marking (and anything to check before sending),
the meeting's heading, attendance with apologies and whether they were accepted, the
quorum, declarations of interest, matters arising from earlier meetings, each agenda item
(its discussion, the challenge questions with responses, the board's view and any action,
its decisions and the actions arising from them), a summary of decisions, the table of
actions, the close of the meeting and the date of the next one, and the chair's signature
line. Every action carries its number from `meetings.actions` ("5.1"), as the action log.

A block is a `Heading` (level 0 the document's title, 1 a section, 2 an agenda item), a
`Para` (runs of text, some bold, muted or flagged as a warning; "\\n" breaks a line) or a
`Table` (a header row and rows of cells, each cell runs). User text is shortened here
(`reports.common.shorten`), so both documents shorten it alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from stoke_governor import APP_NAME
from stoke_governor.meetings.actions import Action
from stoke_governor.meetings.minutes import (
    ATTENDANCE_LABELS,
    ItemMinutes,
    MinutesRecord,
    status_label,
    view_label,
)
from stoke_governor.reports.common import MAX_TEXT, long_date, plain, short_date, shorten

SHORT_FIELD = 300  # names, owners, titles: a narrow column would otherwise run for pages
DUE_BEFORE = "due before this meeting: check the date"


class Run(NamedTuple):
    text: str
    bold: bool = False
    muted: bool = False  # secondary text, e.g. the question under an action
    flag: bool = False  # something to check, shown in red


Runs = tuple[Run, ...]


class Heading(NamedTuple):
    level: int  # 0 the title, 1 a section, 2 an agenda item
    text: str


class Para(NamedTuple):
    runs: Runs
    style: str = "body"  # body, entry (indented), question, small, mark, check, signature


class Table(NamedTuple):
    header: tuple[str, ...]
    rows: Sequence[Sequence[Runs]]
    widths_mm: tuple[float, ...]  # on A4 with 18 mm margins: 174 mm in all


Block = Heading | Para | Table


def text(value: object, limit: int = MAX_TEXT, *, bold=False, muted=False) -> Run:
    """A run of user text, shortened as every document shortens it."""
    return Run(shorten(value, limit), bold=bold, muted=muted)


def short(value: object) -> str:
    return shorten(value, SHORT_FIELD)


# -- what frames every page, and the file's properties ------------------------------------------
def page_marking(r: MinutesRecord) -> str:
    marking = "DRAFT minutes — for approval"
    return "DEMO BOARD (example data) — " + marking if r.demo else marking


def page_footer(r: MinutesRecord) -> str:
    left = f"{plain(r.school)} — {plain(r.title)}, {long_date(r.meeting.held_on)}"
    return " ".join(left.split())


def document_title(r: MinutesRecord) -> str:
    demo = "DEMO - " if r.demo else ""
    return f"{demo}Draft minutes: {plain(r.title)}, {r.meeting.held_on} - {plain(r.school)}"


def document_subject(r: MinutesRecord) -> str:
    return (
        f"Draft minutes of the meeting of {plain(r.board)} held on "
        f"{long_date(r.meeting.held_on)}, for approval"
    )


def document_author(r: MinutesRecord) -> str:
    return plain(r.meeting.clerk) or plain(r.board)


# -- the blocks -------------------------------------------------------------------------------
def minutes_blocks(r: MinutesRecord) -> list[Block]:
    """Everything the minutes say, in order."""
    m = r.meeting
    marking = "DRAFT minutes — for approval by the next meeting"
    if r.demo:
        marking = (
            "DEMO BOARD — these minutes are an example made from the app's demo data; the "
            "people and questions are not real. " + marking
        )
    out: list[Block] = [Para((Run(marking),), "mark")]
    if r.warnings:
        runs = [Run("Check before sending:", bold=True)]
        runs += [Run(f"\n• {w}") for w in r.warnings]
        out.append(Para(tuple(runs), "check"))
    out.append(Heading(0, f"Minutes: {short(r.title)}"))
    when = long_date(m.held_on) + (f" at {short(m.starts_at)}" if m.starts_at else "")
    where = f", {short(m.location)}" if m.location else ""
    out.append(
        Para(
            (
                text(r.board, SHORT_FIELD, bold=True),
                Run(f"\n{short(r.school)} (URN {r.urn})\nHeld on {when}{where}"),
            )
        )
    )
    out += _attendance(r)
    out += _declarations(r)
    out += _matters_arising(r)
    out.append(Heading(1, "Agenda items"))
    if not r.items:
        out.append(Para((Run("No agenda items were recorded for this meeting."),)))
    for item in r.items:
        out += _item(item)
    out += _summary(r)
    out += _close(r)
    return out


def _attendance(r: MinutesRecord) -> list[Block]:
    m = r.meeting
    out: list[Block] = [Heading(1, "Attendance and quorum")]
    if r.attendance:
        rows = [
            [
                (text(a.name, SHORT_FIELD),),
                (Run(_category(a.category)),),
                (Run(short(", ".join(a.roles)) or "—"),),
                (Run(ATTENDANCE_LABELS.get(a.status, str(a.status))),),
            ]
            for a in r.attendance
        ]
        out.append(Table(("Name", "Category", "Role", "Attendance"), rows, (58, 48, 38, 30)))
    else:
        out.append(Para((Run("No attendance has been recorded for this meeting."),)))
    for status, label in (
        ("apologies accepted", "Apologies received and accepted"),
        ("apologies not accepted", "Apologies received and not accepted"),
        ("absent", "Absent without apologies"),
    ):
        if names := r.names(status):
            out.append(Para((Run(f"{label}:", bold=True), Run(f" {short(', '.join(names))}."))))
    if r.attendance and not any(
        r.names(s) for s in ("apologies accepted", "apologies not accepted")
    ):
        out.append(Para((Run("Apologies:", bold=True), Run(" none were received."))))
    out.append(Para((Run("Quorum:", bold=True), Run(f" {r.quorum.explanation}."))))
    if m.in_attendance:
        out.append(Para((Run("Also in attendance:", bold=True), Run(f" {short(m.in_attendance)}"))))
    clerk = short(m.clerk) or "not recorded"
    out.append(Para((Run("Clerk:", bold=True), Run(f" {clerk}"))))
    return out


def _declarations(r: MinutesRecord) -> list[Block]:
    out: list[Block] = [Heading(1, "Declarations of interest")]
    if not r.declarations:
        return [*out, Para((Run("No declarations of interest were made."),))]
    rows = [
        [
            (text(d.name, SHORT_FIELD),),
            (Run(short(d.item_label)),),
            (Run(d.kind_label),),
            (text(d.note) if d.note else Run("—"),),
        ]
        for d in r.declarations
    ]
    out.append(Table(("Name", "Agenda item", "Interest", "Details"), rows, (42, 50, 26, 56)))
    return out


def _matters_arising(r: MinutesRecord) -> list[Block]:
    out: list[Block] = [Heading(1, "Matters arising from earlier meetings")]
    if not r.matters_arising:
        return [*out, Para((Run("No open actions were carried forward from earlier meetings."),))]
    rows = []
    for a in r.matters_arising:
        action: Runs = (text(a.action),)
        if a.question:
            action += (Run("\nQuestion: ", muted=True), text(a.question, muted=True))
        due = (short_date(a.due_on) or "—") + (" (overdue)" if a.overdue(r.made_on) else "")
        rows.append(
            [
                (Run(short_date(a.meeting_held_on) or "Outside a meeting"),),
                (Run(a.number or "—"),),
                action,
                (Run(short(a.action_owner) or "—"),),
                (Run(due),),
                (Run(status_label(a.status)),),
            ]
        )
    header = ("From meeting", "Action no.", "Action", "Owner", "Due", "Status")
    out.append(Table(header, rows, (22, 15, 73, 26, 21, 17)))
    return out


def _item(item: ItemMinutes) -> list[Block]:
    out: list[Block] = [Heading(2, f"{item.number}. {short(item.title)}")]
    if item.notes:
        out.append(Para((Run("Discussion:", bold=True), Run(f" {shorten(item.notes)}"))))
    for label, e, action in item.questions():
        about = [plain(x) for x in (e.priority_label, e.measure_label) if (x or "").strip()]
        asker = short(e.asker)
        asked = f"asked by {asker}" if asker else "asker not recorded"
        extra = f"; {short(', '.join(about))}" if about else ""
        runs = [Run(f"Question {label}", bold=True), Run(f" ({asked}{extra}): "), text(e.question)]
        response = shorten(e.response)
        who = f" ({short(e.responder)})" if short(e.responder) else ""
        runs += [
            Run(f"\nResponse{who}:", bold=True),
            Run(f" {response or 'no response recorded.'}"),
        ]
        runs += [Run("\nBoard's view:", bold=True), Run(f" {view_label(e)}.")]
        if action is not None:
            runs += [Run(" "), *_action_runs(action)]
        out.append(Para(tuple(runs), "question"))
    if not item.entries and item.on_agenda:
        out.append(Para((Run("No challenge questions were recorded under this item."),), "entry"))
    if item.on_agenda:
        decisions = shorten(item.decisions) or "No decisions recorded."
        out.append(Para((Run("Decisions:", bold=True), Run(f" {decisions}"))))
    for action in item.decision_actions:
        out.append(Para(tuple(_action_runs(action)), "entry"))
    return out


def _action_runs(a: Action) -> list[Run]:
    """'Action 5.1: Circulate the link (Open; owner Clerk; due 15 Oct 2026).'"""
    owner = f"; owner {short(a.owner)}" if short(a.owner) else ""
    due = f"; due {short_date(a.due_on)}" if a.due_on else ""
    runs = [Run(f"Action {a.number}:", bold=True), Run(f" {shorten(a.text)}")]
    runs.append(Run(f" ({status_label(a.status)}{owner}{due})."))
    if a.due_before_meeting:
        runs.append(Run(f" [{DUE_BEFORE.capitalize()}.]", bold=True, flag=True))
    return runs


def _summary(r: MinutesRecord) -> list[Block]:
    out: list[Block] = [Heading(1, "Decisions")]
    for number, title, decisions in r.decisions:
        out.append(
            Para((Run(f"Item {number}, {short(title)}:", bold=True), Run(f" {shorten(decisions)}")))
        )
    if not r.decisions:
        out.append(Para((Run("No decisions recorded."),)))
    out.append(Heading(1, "Actions agreed"))
    if not r.actions:
        return [*out, Para((Run("No actions were agreed at this meeting."),))]
    rows = []
    for a in r.actions:
        due: Runs = (Run(short_date(a.due_on) or "—"),)
        if a.due_before_meeting:
            due += (Run(f"\n{DUE_BEFORE}", bold=True, flag=True),)
        rows.append(
            [
                (Run(a.number),),
                (text(a.text),),
                (Run("Decision" if a.from_decision else "Question"),),
                (Run(short(a.owner) or "—"),),
                due,
                (Run(status_label(a.status)),),
            ]
        )
    header = ("Action no.", "Action", "From", "Owner", "Due", "Status")
    out.append(Table(header, rows, (15, 73, 19, 28, 22, 17)))
    return out


def _close(r: MinutesRecord) -> list[Block]:
    m = r.meeting
    closed = f"The meeting closed at {short(m.closed_at)}." if m.closed_at else None
    nxt = long_date(m.next_meeting_on) if m.next_meeting_on else "not yet set"
    return [
        Heading(1, "Close of the meeting"),
        Para((Run(closed or "The time the meeting closed was not recorded."),)),
        Para((Run("Date of the next meeting:", bold=True), Run(f" {nxt}."))),
        Para(
            (Run("Signed (chair): ________________________________    Date: ________________"),),
            "signature",
        ),
        Para(
            (
                Run(
                    f"Prepared with {APP_NAME} on {long_date(r.made_on.isoformat())}. "
                    f"{r.entry_count} challenge question(s) recorded at this meeting."
                ),
            ),
            "small",
        ),
    ]


def _category(key: str) -> str:
    from stoke_governor.board.governors import CATEGORIES

    return CATEGORIES.get(key, key)
