"""The school dashboard: who the school is, and its latest figures against the city's goals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from stoke_governor.measures.age import figures_age
from stoke_governor.measures.catalogue import MeasureRow, school_dashboard
from stoke_governor.schools.register import School
from stoke_governor.ui.common.column_fit import ColumnFit
from stoke_governor.ui.common.widgets import hbox, heading, row_table, splitter, vbox
from stoke_governor.ui.measures.dashboard_model import (
    CITY,
    COLUMNS,
    ENGLAND,
    MEASURE,
    SCHOOL,
    STATUS,
    TARGET,
    WM,
    YEAR,
    DashboardModel,
)
from stoke_governor.ui.measures.find_measure import MeasureFinder

if TYPE_CHECKING:
    from PySide6.QtCore import QItemSelection, QModelIndex

    from stoke_governor.db.store import Store

HINT = (
    "Select a measure to see what it means, where each figure comes from and what the "
    "city is aiming for; press Enter or double-click it to see it on a chart over the years. "
    "Use these figures to frame your questions to school leaders."
)

TARGET_CHARS = 20  # the city target's column is never narrower than this (characters)
CAPS = {MEASURE: 28, YEAR: 11, STATUS: 14}  # wider text wraps onto a second line
WHOLE = (YEAR, SCHOOL, CITY, WM, ENGLAND)  # never a word cut: years and figures


class DashboardPage(QWidget):
    title = "School dashboard"
    chart_requested = Signal(str)  # a measure code
    print_requested = Signal()  # the school data summary, in the print preview
    save_requested = Signal()  # the school data summary, saved as a PDF

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.school: School | None = None
        self.heading = heading(name="dashboardHeading", wrap=True)  # a long name wraps
        self.heading.setAccessibleName("School")
        self.facts = QLabel(objectName="schoolFacts")
        self.facts.setWordWrap(True)
        self.age = QLabel(objectName="figuresAge")  # how recent the figures are, and what to do
        self.age.setWordWrap(True)
        self.age.setAccessibleName("How recent the school's figures are")
        self.finder = MeasureFinder(self)  # before the table: first on Tab
        self.finder.chosen.connect(self.select_measure)
        self.model = DashboardModel(self)
        self.table = row_table(  # Tab moves on; arrows move within (keyboard.py)
            self.model,
            "Latest measures against the city, region, England and city targets",
            name="dashboardTable",
            single=True,
            alternate=True,
            tab_moves_on=True,
        )
        self.table.setSortingEnabled(False)
        # Long words wrap onto a second line (rows grow to fit), so at 1024×600 the measure,
        # its year and the city target stay readable; the whole text is on hover too.
        self.table.setWordWrap(True)
        self.columns = ColumnFit(
            self.table, COLUMNS, TARGET, TARGET_CHARS, caps=CAPS, whole=WHOLE, tall_rows=True
        )
        self.detail = QTextBrowser(objectName="measureDetail")
        self.detail.setTabChangesFocus(True)
        self.detail.setAccessibleName("About the selected measure")
        self.detail.setOpenExternalLinks(False)
        self.detail.setPlainText(HINT)
        split = splitter((self.table, 3), (self.detail, 1), vertical=True)  # table above detail
        self.print_button = QPushButton("&Print school data summary…")
        self.print_button.setToolTip(
            "One or two A4 pages for the meeting pack: these measures, the charts of the "
            "measures the board challenged this school year, and the sources (also File ▸ "
            "Print, Ctrl+P)."
        )
        self.save_button = QPushButton("Save summary as P&DF…")
        self.save_button.setToolTip("The same school data summary, saved as a PDF file.")
        self.print_button.clicked.connect(self.print_requested)
        self.save_button.clicked.connect(self.save_requested)
        buttons = hbox(1, self.print_button, self.save_button)
        top = hbox((self.heading, 1), self.finder)
        vbox(top, self.facts, self.age, (split, 1), buttons, parent=self)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.activated.connect(self._on_activated)

    def show_school(self, school: School) -> None:
        self.school = school
        self.heading.setText(school.name)
        self.facts.setText(_facts(school))
        rows = school_dashboard(self.store, school.urn, school.phase)
        self.model.set_rows(rows)
        self.finder.set_measures(r.measure for r in rows)
        self.columns.refit()
        age = figures_age(rows)
        self.age.setVisible(age is not None)
        if age is not None:
            self.age.setText(f"{age.text}." + (f"\n{age.advice}" if age.advice else ""))
        if not rows:
            self.detail.setPlainText(
                "No published figures are held for this school yet. Schools that opened "
                "recently, and some special and independent schools, have none in the DfE "
                "files shipped with the app."
            )
        else:
            self.detail.setPlainText(HINT)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.detail.setHtml(_detail_html(self.model.row_at(indexes[0].row())))

    def select_measure(self, code: str) -> bool:
        """Select the measure's row, scrolled into view, with the keyboard on it."""
        rows = [self.model.row_at(i).measure.code for i in range(self.model.rowCount())]
        if code not in rows:
            return False
        index = self.model.index(rows.index(code), 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        self.table.setFocus()
        return True

    def _on_activated(self, index: QModelIndex) -> None:
        self.chart_requested.emit(self.model.row_at(index.row()).measure.code)


def _facts(s: School) -> str:
    facts = [f"URN {s.urn}", s.phase or "phase not published", s.type, s.locality]
    if s.age_range:
        facts.append(f"ages {s.age_range}")
    return (
        " · ".join(f for f in facts if f) + f"\nOfsted: {s.ofsted_label} · Status: {s.status_label}"
    )


def _detail_html(r: MeasureRow) -> str:
    from html import escape

    m = r.measure
    parts = [
        f"<h3 style='margin:0'>{escape(m.label)}</h3>",
        f"<p>{escape(m.description or '')}</p>",
    ]
    if m.dfe_description:
        parts.append(
            f"<p><i>DfE description ({escape(m.code)}):</i> {escape(m.dfe_description)}</p>"
        )
    rows = []
    for name, fig in (
        ("This school", r.school),
        ("Stoke-on-Trent", r.city),
        ("West Midlands", r.west_midlands),
        ("England", r.england),
    ):
        if fig is None:
            rows.append(f"<li>{name}: no comparable figure held</li>")
            continue
        shown = (
            fig.text
            or m.format(fig.value)
            or f"not published — {fig.missing_reason} ({fig.code or 'blank'})"
        )
        rows.append(
            f"<li>{name}: <b>{escape(shown)}</b> — {escape(fig.source)}, "
            f"{escape(fig.year)}, {escape(fig.release)}"
            + (" — <b>old</b>" if name == "This school" and r.old else "")
            + "</li>"
        )
    parts.append("<ul>" + "".join(rows) + "</ul>")
    for t in r.targets:
        parts.append(
            f"<p><b>City target:</b> {escape(t.summary)}. "
            f"<i>{escape(t.citation)}:</i> “{escape(t.passage)}”</p>"
        )
    if not r.targets:
        parts.append("<p>The city's strategy sets no target for this measure.</p>")
    elif r.special:
        parts.append(
            "<p>The city's targets are for all its pupils: a special school is compared with "
            "England's special schools, not with them.</p>"
        )
    parts.append(f"<p><b>Status:</b> {escape(r.status)}</p>")
    parts.append("<p><i>Press Enter or double-click the measure to see it on a chart.</i></p>")
    return "".join(parts)
