"""The Challenge log page's filters bar: meeting, priority, measure, who asked, status, the
dates asked between and words to search for; filled from the board's records.

A mixin of `ChallengePage`, which lays the bar out and refreshes its table when a filter
changes."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit

from stoke_governor.board.governors import list_governors
from stoke_governor.challenges import records
from stoke_governor.measures.priorities import SCHOOL_LABEL, load_priorities
from stoke_governor.meetings.meetings import list_meetings
from stoke_governor.ui.common.date_field import DateField
from stoke_governor.ui.common.widgets import button


class Filters:
    """Build the bar (`filter_bar`), fill its choices, read them and clear them."""

    def _build_filters(self) -> None:
        def combo(name):
            box = QComboBox(objectName=name)
            box.setAccessibleName(name)
            box.setMinimumContentsLength(7)  # the whole choice shows when it is open
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.currentIndexChanged.connect(self.refresh)
            return box

        self.meeting_filter = combo("Meeting")
        self.priority_filter = combo("Priority")
        self.measure_filter = combo("Measure")
        self.governor_filter = combo("Asked by")
        self.status_filter = combo("Status")
        self.since = DateField(name="Asked on or after", blank_text="any date")
        self.until = DateField(name="Asked on or before", blank_text="any date")
        for box in (self.since, self.until):
            box.date_changed.connect(self.refresh)
        self.search = QLineEdit(objectName="challengeSearch")
        self.search.setAccessibleName("Search the log")
        self.search.setPlaceholderText("Search questions, responses, actions, impact (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.clear_button = button("C&lear filters", self.clear_filters)
        grid = QGridLayout()
        cells = (
            ("Mee&ting:", self.meeting_filter),
            ("P&riority:", self.priority_filter),
            ("Mea&sure:", self.measure_filter),
            ("Asked b&y:", self.governor_filter),
            ("Stat&us:", self.status_filter),
            ("&From:", self.since),
            ("T&o:", self.until),
            ("Sear&ch:", self.search),
        )
        for i, (text, widget) in enumerate(cells):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, i // 4, (i % 4) * 2)
            grid.addWidget(widget, i // 4, (i % 4) * 2 + 1)
        grid.addWidget(self.clear_button, 1, 8)
        for column in (1, 3, 5, 7):
            grid.setColumnStretch(column, 1)
        self.filter_bar = grid

    def _fill_filters(self) -> None:
        """The choices from the board's meetings, governors and the measures it asked about,
        keeping each filter's choice where it still exists."""
        urn = self.school.urn
        used = {
            e.measure: e.measure_label
            for e in records.find_challenges(self.store, urn)
            if e.measure
        }
        fills = (
            (
                self.meeting_filter,
                "All meetings",
                [
                    (f"{m.held_on} — {m.title or m.kind_label}", m.id)
                    for m in list_meetings(self.store, urn)
                ],
            ),
            (
                self.priority_filter,
                "All priorities",
                [(p.title, p.id) for p in load_priorities().values()] + [(SCHOOL_LABEL, "school")],
            ),
            (self.measure_filter, "All measures", sorted((v, k) for k, v in used.items())),
            (
                self.governor_filter,
                "Anyone",
                [(g.name, g.id) for g in list_governors(self.store, urn, include_former=True)],
            ),
            (
                self.status_filter,
                "Any status",
                [(s.capitalize(), s) for s in records.STATUSES] + [("Overdue only", "overdue")],
            ),
        )
        for box, everything, items in fills:
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for text, data in items:
                box.addItem(text, data)
            box.setCurrentIndex(max(box.findData(current), 0) if current is not None else 0)
            box.blockSignals(False)

    def filters(self) -> dict:
        status = self.status_filter.currentData()
        dates = {}
        for key, box in (("since", self.since), ("until", self.until)):
            if box.date():
                dates[key] = box.date().isoformat()
        return {
            "meeting_id": self.meeting_filter.currentData(),
            "priority": self.priority_filter.currentData(),
            "measure": self.measure_filter.currentData(),
            "asked_by": self.governor_filter.currentData(),
            "status": None if status == "overdue" else status,
            "overdue_only": status == "overdue",
            "text": self.search.text(),
            **dates,
        }

    def clear_filters(self) -> None:
        for box in (
            self.meeting_filter,
            self.priority_filter,
            self.measure_filter,
            self.governor_filter,
            self.status_filter,
        ):
            box.setCurrentIndex(0)
        self.since.clear()
        self.until.clear()
        self.search.clear()
