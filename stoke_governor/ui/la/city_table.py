"""The City picture's table: one row per open city school, most serious category first,
sortable by any column (numbers as numbers, blanks last) and filtered by risk, return and a
search for name or URN."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a number, a date string, or None (blank)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Risk words and their tints: pale Okabe-Ito vermillion, yellow and sky blue; the word
# always carries the meaning, the tint only helps the eye.
RISK_WORDS = {"at risk": "At risk", "watch": "Watch", "no concern": "No concern"}
RISK_TINTS = {
    "at risk": QColor("#F7C9AE"),
    "watch": QColor("#F8EFA0"),
    "no concern": QColor("#D3E9F7"),
}
RISK_ORDER = {"at risk": 0, "watch": 1, "no concern": 2}
FILTERS = (
    ("All schools", None),
    ("At risk", "at risk"),
    ("To watch", "watch"),
    ("Not returned", "not returned"),
)
SCHOOL, CATEGORY, RISK, PHASE, RETURNED, COMPLETE = range(6)
# Categories (la.categories), most serious first, tinted like the risk flags.
CATEGORY_TINTS = ("#F7C9AE", "#F8EFA0", "#E4E4E4")


def weight_text(weight: float) -> str:
    return f"{weight:g}"


def category_tip(placed, rule: str) -> str:
    """A school's category, its reasons heaviest first with their weights, then the rule."""
    if placed is None:
        return ""
    reasons = "".join(
        f"<li>{escape(r.text)} <i>({r.side}, weight {weight_text(r.weight)})</i></li>"
        for r in placed.reasons
    )
    return (
        f"<b>{escape(placed.name)}: {escape(placed.category)}</b> (severity "
        f"{weight_text(placed.severity)}, from {len(placed.concerns)} "
        f"{'reason' if len(placed.concerns) == 1 else 'reasons'})"
        f"<ul style='margin-top:2px'>{reasons}</ul>{rule_html(rule)}"
    )


def received_on(received_at: str | None) -> str:
    """'20 Nov 2026' from an ISO date or timestamp (as held); the text itself if odd."""
    if not received_at:
        return ""
    try:
        day = dt.date.fromisoformat(str(received_at)[:10])
        return f"{day.day} {day:%b %Y}"
    except ValueError:
        return str(received_at)[:10]


def returned_text(s) -> tuple[str, str | None]:
    """(text, sort value): '12 Nov 2026 (received 14 Nov 2026)', the day the board exported
    the return and the day the LA received it; 'Return refused: edited after signing' when
    the only file sent was refused; 'Not returned'."""
    if not s.returned:
        refusal = getattr(s, "refusal", None)
        return (refusal.headline, None) if refusal is not None else ("Not returned", None)
    exported, received = received_on(s.exported_at), received_on(s.received_at)
    text = exported or received
    if exported and received and received != exported:
        text += f" (received {received})"
    flags = [w for w, on in (("edited", s.edited), ("conflict", s.conflict)) if on]
    if getattr(s, "refusal", None) is not None:
        flags.append("a later copy refused")
    text += f" ({', '.join(flags)})" if flags else ""
    return text, str(s.exported_at or s.received_at or "")


def returned_tip(s) -> str | None:
    """The revision, both dates in full, any predecessor's URN, and a refused file's name."""
    lines = []
    if s.returned:
        exported = s.exported_at or "at a time the return does not give"
        lines.append(
            f"Revision {s.revision}: exported by the board {exported}, "
            f"received by the LA {s.received_at}"
        )
    if getattr(s, "filed_under", None) is not None:
        lines.append(f"Filed under URN {s.filed_under}, the school this one replaced")
    refusal = getattr(s, "refusal", None)
    if refusal is not None:
        lines.append(
            f"{refusal.headline}: {refusal.file}, refused {refusal.refused_on}. {refusal.detail}"
        )
    return "\n".join(lines) or None


def rule_html(rule: str) -> str:
    """The written risk rule as rich text: a paragraph per line, so a tooltip wraps it."""
    paragraphs = "".join(
        f"<p style='margin:2px 0'>{escape(line)}</p>" for line in rule.splitlines() if line.strip()
    )
    return (
        f"<p style='margin:6px 0 2px 0'><i>The rule, the same for every school:</i></p>{paragraphs}"
    )


def level(s) -> str:
    return s.risk.level if s.risk is not None else ""


def _two_lines(title: str) -> str:
    """A long section title on two lines in the header, so the columns stay narrow."""
    if len(title) <= 12 or " " not in title:
        return title
    middle = len(title) // 2
    spaces = [i for i, c in enumerate(title) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return title[:cut] + "\n" + title[cut + 1 :]


def _mean(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


class CityModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []  # city.SchoolStatus
        self.sections: list[tuple[str, str]] = []
        self.rule = ""
        self.placed: dict = {}  # urn -> la.categories.Placed
        self.category_rule = ""
        self.header = self._header()
        self._bold = QFont()
        self._bold.setBold(True)

    def _header(self) -> list[str]:
        return [
            "School",
            "Category",
            "Risk",
            "Phase",
            "Returned",
            "Complete",
            *(_two_lines(title) for _id, title in self.sections),
            "Core\ntraining",
            "Vacancies",
            "Terms\nending",
        ]

    risk_column = RISK

    def set_picture(self, picture, rule: str, placed=(), category_rule: str = "") -> None:
        """The picture's rows, with the risk rule and (when given) each school's category
        (`la.categories.categorise`) and the categorisation rule in words."""
        self.beginResetModel()
        self.rows, self.sections, self.rule = list(picture.rows), list(picture.sections), rule
        self.placed = {p.urn: p for p in placed}
        self.category_rule = category_rule
        self.header = self._header()
        self.endResetModel()

    def row_at(self, row: int):
        return self.rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header)

    def headerData(self, section, orientation, role=DISPLAY):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == DISPLAY:
            return self.header[section]
        if role == TOOLTIP:
            n = len(self.sections)
            if COMPLETE < section <= COMPLETE + n:
                title = self.sections[section - COMPLETE - 1][1]
                return (
                    f"{title}: the board's own mean rating in this section (1 Not yet in "
                    "place to 4 Strong); blank when it rated nothing there or sent no "
                    "return"
                )
            if section == self.risk_column:
                return rule_html(self.rule)
            if section == CATEGORY:
                return rule_html(self.category_rule)
            return {
                RETURNED: (
                    "When the board exported the return used here (the latest revision), "
                    "and when the LA received it; or why a return sent was refused"
                ),
                COMPLETE: "How much of the self-evaluation the board had rated",
                COMPLETE + n + 1: "Governors who have done every core training module",
                COMPLETE + n + 2: "Empty places on the board, as the return gave them",
                COMPLETE + n + 3: "Governors' terms ending soon, as the return gave them",
            }.get(section)
        return None

    def _cell(self, s, column: int):
        """(text, sort value) of one cell."""
        n = len(self.sections)
        if column == SCHOOL:
            return s.name, s.name.casefold()
        if column == CATEGORY:
            p = self.placed.get(s.urn)
            if p is None:
                return "", None
            # ascending: the most serious category first, then the heaviest, then most reasons
            return p.category, p.rank * 1000.0 - p.severity - len(p.concerns) / 1000
        if column == RISK:
            return RISK_WORDS.get(level(s), level(s)), RISK_ORDER.get(level(s), 3)
        if column == PHASE:
            return s.phase or "", (s.phase or "").casefold() or None
        if column == RETURNED:
            return returned_text(s)
        if column == COMPLETE:
            c = s.completeness
            return ("", None) if c is None else (f"{c}%", float(c))
        if column <= COMPLETE + n:
            mean = (s.section_means or {}).get(self.sections[column - COMPLETE - 1][0])
            return _mean(mean), mean
        if column == COMPLETE + n + 1:
            t = s.training_percent
            return ("", None) if t is None else (f"{t:.0f}%", float(t))
        v = s.vacancies if column == COMPLETE + n + 2 else s.terms_ending
        return ("", None) if v is None else (str(v), float(v))

    def risk_tip(self, s) -> str:
        """This school's flag and reasons, then the rule (rich text, so it wraps)."""
        why = s.risk.reasons if s.risk is not None else ()
        reasons = (
            "".join(f"<li>{escape(r)}</li>" for r in why) or "<li>Nothing in the rule applies.</li>"
        )
        return (
            f"<b>{escape(s.name)}: {RISK_WORDS.get(level(s), level(s))}</b>"
            f"<ul style='margin-top:2px'>{reasons}</ul>{rule_html(self.rule)}"
        )

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        s, column = self.rows[index.row()], index.column()
        if role == DISPLAY:
            return self._cell(s, column)[0]
        if role == SORT_ROLE:
            return self._cell(s, column)[1]
        if role == TOOLTIP:
            if column == self.risk_column:
                return self.risk_tip(s)
            if column == CATEGORY:
                return category_tip(self.placed.get(s.urn), self.category_rule) or None
            if column == SCHOOL:
                return f"{s.name} (URN {s.urn}). Press Enter to see its return."
            if column == RETURNED:
                return returned_tip(s)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column > RETURNED:
            return RIGHT
        if column == CATEGORY and s.urn in self.placed:
            rank = self.placed[s.urn].rank
            if role == Qt.ItemDataRole.BackgroundRole and rank < len(CATEGORY_TINTS):
                return QBrush(QColor(CATEGORY_TINTS[rank]))
            if role == Qt.ItemDataRole.ForegroundRole and rank < len(CATEGORY_TINTS):
                return QBrush(QColor("#111111"))  # dark text on the pale tint
            if role == Qt.ItemDataRole.FontRole and rank == 0:
                return self._bold
        if column == self.risk_column:
            if role == Qt.ItemDataRole.BackgroundRole and level(s) in RISK_TINTS:
                return QBrush(RISK_TINTS[level(s)])
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#111111"))  # dark text on the pale tint, in dark mode too
            if role == Qt.ItemDataRole.FontRole and level(s) == "at risk":
                return self._bold
        return None


class CityFilter(QSortFilterProxyModel):
    """Sorts by SORT_ROLE (blanks always last) and keeps rows matching the filter and search."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.show_only: str | None = None  # a FILTERS value
        self.search = ""
        self.setSortRole(SORT_ROLE)

    def set_filter(self, show_only: str | None, search: str) -> None:
        self.beginFilterChange()
        self.show_only, self.search = show_only, search.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 (Qt)
        s = self.sourceModel().row_at(row)
        if self.show_only == "not returned" and s.returned:
            return False
        if self.show_only in ("at risk", "watch") and level(s) != self.show_only:
            return False
        return not self.search or self.search in s.name.casefold() or self.search in str(s.urn)

    def lessThan(self, left, right) -> bool:  # noqa: N802 (Qt)
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:  # blanks last whichever way the column is sorted
            blank_last = self.sortOrder() == Qt.SortOrder.AscendingOrder
            return (a is not None) == blank_last and (a is None) != (b is None)
        if type(a) is not type(b):
            a, b = str(a), str(b)
        if a == b:  # ties: by school name, so the order is stable and predictable
            return left.siblingAtColumn(SCHOOL).data(SORT_ROLE) < right.siblingAtColumn(
                SCHOOL
            ).data(SORT_ROLE)
        return a < b
