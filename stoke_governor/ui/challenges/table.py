"""The challenge log's table (overdue rows tinted and labelled) and an entry's details."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from stoke_governor.challenges import records
from stoke_governor.ui.common.column_fit import ColumnFit
from stoke_governor.ui.common.text_table import Cell, TextTableModel

HEADER = [
    "Date",
    "Question",
    "Asked by",
    "Measure / priority",
    "Board's view",
    "Action",
    "Owner",
    "Due",
    "Status",
]
QUESTION = HEADER.index("Question")
QUESTION_CHARS = 30  # the question's column is never narrower than this (characters)
CAPS = {2: 16, 3: 20, 5: 18, 6: 14}  # asked by, measure, action, owner: elided beyond
WHOLE = (0, 7)  # the dates asked and due are never cut
OVERDUE = QColor("#f6c9c4")


def fit_columns(table) -> ColumnFit:
    """The log's columns: the question takes the width the others leave, never less than
    QUESTION_CHARS; the whole of a cut cell is on hover and in the details below."""
    # a heading cut short shows its start ("Measure / pri"), not a clipped middle
    table.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    return ColumnFit(table, HEADER, QUESTION, QUESTION_CHARS, caps=CAPS, whole=WHOLE)


class ChallengeModel(TextTableModel):
    """The log's rows; overdue rows are tinted (their status cell also says so)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[records.Challenge] = []

    def set_entries(self, entries: list[records.Challenge], today: str) -> None:
        self.entries = entries
        rows, overdue = [], []
        for i, e in enumerate(entries):
            late = e.overdue_on(today)
            if late:
                overdue.append(i)
            about = " / ".join(t for t in (e.measure_label, e.priority_label) if t)
            status = f"Overdue ({e.status})" if late else e.status.capitalize()
            rows.append(
                [
                    Cell(e.asked_on),
                    Cell(_short(e.question), e.question),
                    Cell(e.asker, e.asker),
                    Cell(_short(about, 50), e.snapshot_text),
                    Cell((e.board_view or "").capitalize()),
                    Cell(_short(e.action or ""), e.action or ""),
                    Cell(e.action_owner or "", e.action_owner or ""),
                    Cell(e.due_on or ""),
                    Cell(status, f"Due {e.due_on}: the follow-up is overdue." if late else ""),
                ]
            )
        self.set_rows(HEADER, rows, overdue)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.row() in self._highlight:
            if role == Qt.ItemDataRole.BackgroundRole:
                return OVERDUE
            if role == Qt.ItemDataRole.ForegroundRole:  # dark text on the tint, in dark mode too
                return QColor("#1b1b1b")
            if role == Qt.ItemDataRole.FontRole and index.column() != len(HEADER) - 1:
                return None  # only the status cell is bold
        return super().data(index, role)


def _short(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def detail_html(e: records.Challenge) -> str:
    def row(label, value):
        return f"<p><b>{escape(label)}:</b> {escape(value)}</p>" if value else ""

    late = e.overdue_on()
    parts = [
        f"<h3>{escape(e.question)}</h3>",
        row("Asked", " by ".join(t for t in (e.asked_on, e.asker) if t)),
        row("Meeting", " — ".join(t for t in (e.meeting_label, e.agenda_item) if t)),
        row(
            "Measure",
            e.snapshot_text + (f" (recorded {e.snapshot['taken_on']})" if e.snapshot else ""),
        ),
        row("Priority", e.priority_label),
        row("Leader's response", e.response or ""),
        row("Response given by", e.responder or ""),
        row("Board's view", (e.board_view or "").capitalize()),
        row("Follow-up action", e.action or ""),
        row("Owner", e.action_owner or ""),
        row("Due", (e.due_on or "") + (" — OVERDUE" if late else "")),
        row("Status", e.status.capitalize()),
        row("Impact seen later", e.impact or ""),
    ]
    return "".join(parts)
