"""'Find a measure': a box on the Dashboard and the School data page that finds a measure
by part of its plain-English name or its DfE code, as typed in a meeting.

The list under the box offers every measure whose name or code contains what is typed;
Enter (or a click in the list) chooses the one picked, or else the best one: the measure
with exactly that code or name, or the first in the list. Ctrl+F puts the cursor in the
box while its page is on show. Choosing a measure emits `chosen` with its code; typing
that names none says so beside the box.

The list is built the first time the box takes the focus, so the first window opens
without it (tests/ui/test_startup_time.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from stoke_governor.measures.catalogue import Measure
from stoke_governor.ui.common.warning_colour import warning_style
from stoke_governor.ui.common.widgets import hbox

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCompleter

PLACEHOLDER = "Find a measure (Ctrl+F)"


def shown(measure: Measure) -> str:
    """How a measure is listed: its name, then its DfE code."""
    return f"{measure.label} ({measure.code})"


class FindBox(QLineEdit):
    """The box itself: its list of measures is made when it first takes the focus."""

    def __init__(self, finder: MeasureFinder):
        super().__init__(objectName="findMeasure")
        self.finder = finder

    def focusInEvent(self, event) -> None:
        self.finder.make_list()
        super().focusInEvent(event)


class MeasureFinder(QWidget):
    """The box and, when typing names no measure, a note beside it saying so (for the
    right of a page's heading)."""

    chosen = Signal(str)  # a measure code

    def __init__(self, page: QWidget):
        super().__init__()
        self.box = FindBox(self)
        self.box.setPlaceholderText(PLACEHOLDER)
        self.box.setAccessibleName("Find a measure by its name or DfE code")
        self.box.setClearButtonEnabled(True)
        wide = self.box.fontMetrics().horizontalAdvance(PLACEHOLDER)
        self.box.setMinimumWidth(wide * 3 // 2)
        self.box.setMaximumWidth(wide * 5 // 2)
        self.note = QLabel(objectName="findMeasureNote", wordWrap=True)
        self.note.setMaximumWidth(wide * 3 // 2)
        self.note.setStyleSheet(warning_style())
        self.note.hide()
        self.entries: list[tuple[str, str]] = []  # (as listed, code), in the page's order
        self.completer: QCompleter | None = None
        layout = hbox(self.note, (self.box, 1))
        layout.setContentsMargins(0, 0, 0, 0)
        self.setLayout(layout)
        self.setFocusProxy(self.box)
        find = QShortcut(QKeySequence("Ctrl+F"), page)  # only while the page is on show
        find.activated.connect(self.find)
        self.box.returnPressed.connect(self.choose_typed)
        self.box.textEdited.connect(lambda _text: self.note.hide())

    def set_measures(self, measures: Iterable[Measure]) -> None:
        """The measures the page can show, in its order."""
        self.entries = [(shown(m), m.code) for m in measures]
        if self.completer is not None:
            self.completer.model().setStringList([text for text, _code in self.entries])

    def make_list(self) -> None:
        if self.completer is not None:
            return
        from PySide6.QtCore import QStringListModel, Qt
        from PySide6.QtWidgets import QCompleter

        completer = QCompleter(self.box)
        completer.setModel(QStringListModel([text for text, _code in self.entries], completer))
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(self.choose)
        self.box.setCompleter(completer)
        self.completer = completer

    def find(self) -> None:
        """Ctrl+F: the cursor in the box, what was typed before selected."""
        self.box.setFocus()
        self.box.selectAll()

    def code_for(self, text: str) -> str | None:
        """The measure the text names: exactly its code or name, else the first listed
        whose name or code contains it (None if none does)."""
        wanted = " ".join(text.split()).casefold()
        if not wanted:
            return None
        for listed, code in self.entries:
            if wanted in (code.casefold(), listed.casefold(), listed.casefold()[: -len(code) - 3]):
                return code
        return next((code for listed, code in self.entries if wanted in listed.casefold()), None)

    def choose_typed(self) -> None:
        self.choose(self.box.text())

    def choose(self, text: str) -> None:
        code = self.code_for(text)
        if code is None:
            if text.strip():
                self.note.setText(f"No measure matches “{text.strip()}”.")
                self.note.show()
            return
        self.note.hide()
        self.box.setText(next(listed for listed, c in self.entries if c == code))
        self.box.selectAll()
        self.chosen.emit(code)
