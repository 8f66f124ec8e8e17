"""One school's return, as the LA holds it: the cover, ratings by section with the board's
evidence, actions, the board and its training, and every revision received.

Built from the payload held (`la.returns.held.payload_of`) by `return_html`, which escapes
every text from the file before it is shown. A school with no return says so, and what the
LA can do (with a reminder to copy for the board).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.core.errors import UnknownSchoolError
from stoke_governor.ui.common.widgets import heading
from stoke_governor.ui.la.city_table import received_on
from stoke_governor.ui.la.return_html import (
    STATES,
    actions_html,
    board_html,
    cover_html,
    history_html,
    missing_html,
    ratings_html,
    risk_html,
)

if TYPE_CHECKING:
    from stoke_governor.db.store import Store


class ReturnView(QDialog):
    """One school's return; `received_id` None shows that none is held for the year."""

    def __init__(
        self,
        store: Store,
        received_id: int | None,
        parent: QWidget | None = None,
        *,
        urn: int | None = None,
        year: str | None = None,
        risk=None,
    ):
        super().__init__(parent)
        from stoke_governor.la.returns.held import return_history, urn_of_return
        from stoke_governor.schools.register import get_school

        self.store = store
        self.history = []
        if received_id is not None:
            urn = urn_of_return(store, received_id) or urn
        self.urn, self.year, self.risk, self.used_id = urn, year, risk, received_id
        held = return_history(store, urn) if urn is not None else []
        self.history = sorted(held, key=lambda h: (h.year or "", h.revision, h.id), reverse=True)
        try:
            self.school = get_school(store, urn).name
        except UnknownSchoolError:
            self.school = f"URN {urn}"
        self.setWindowTitle(f"Return — {self.school}")
        self.setAccessibleName(f"The return of {self.school}")
        self.resize(900, 760)
        self.heading = heading(name="returnHeading", scale=1.3, wrap=True)
        self.revision = QComboBox(objectName="returnRevision")
        self.revision.setAccessibleName("Revision shown")
        for h in self.history:
            self.revision.addItem(
                f"{h.year} revision {h.revision}, received "
                f"{received_on(h.received_at)} — "
                f"{STATES.get(h.state, h.state)}",
                h.id,
            )
        self.revision.currentIndexChanged.connect(
            lambda _i: self.show_return(self.revision.currentData())
        )
        revision_label = QLabel("&Revision:")
        revision_label.setBuddy(self.revision)
        self.body = QTextBrowser(objectName="returnBody")
        self.body.setAccessibleName("The return")
        self.body.setTabChangesFocus(True)
        self.body.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Close")
        self.remind_button = buttons.addButton(
            "Copy a &reminder to send", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.remind_button.setToolTip(
            "A short message asking the board for its return, copied to paste into an email"
        )
        self.remind_button.clicked.connect(self.copy_reminder)
        self.remind_button.hide()
        self.note = QLabel(objectName="returnNote")
        row = QHBoxLayout()
        row.addWidget(revision_label)
        row.addWidget(self.revision, 1)
        self.revision_row = QWidget()
        self.revision_row.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.revision_row)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.revision_row.setVisible(len(self.history) > 1)
        if received_id is not None:
            self.revision.setCurrentIndex(max(self.revision.findData(received_id), 0))
            self.show_return(received_id)
        else:
            self.revision.blockSignals(True)
            self.revision.insertItem(0, f"No return for {year or 'this year'}", None)
            self.revision.setCurrentIndex(0)
            self.revision.blockSignals(False)
            self.show_missing()
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_return(self, received_id: int | None) -> None:
        from stoke_governor.la.returns.held import payload_of

        held = next((h for h in self.history if h.id == received_id), None)
        if held is None:
            self.show_missing()
            return
        p = payload_of(self.store, received_id)
        year = (p.get("evaluation") or {}).get("year") or held.year
        self.heading.setText(f"{self.school} — self-evaluation {year}, revision {held.revision}")
        flag = risk_html(self.risk) if held.id == self.used_id else ""
        self.body.setHtml(
            flag
            + cover_html(p, held)
            + self.since_last_year(p, held)
            + ratings_html(p)
            + actions_html(p)
            + board_html(p)
            + history_html(self.history, held.id)
        )
        self.body.moveCursor(self.body.textCursor().MoveOperation.Start)

    def since_last_year(self, p: dict, held) -> str:
        """The shown return against the one used for the year before (`la.trend`)."""
        from stoke_governor.la.trend import school_trend
        from stoke_governor.ui.la.return_trend import trend_html

        year = (p.get("evaluation") or {}).get("year") or held.year
        if not year or self.urn is None:
            return ""
        return trend_html(school_trend(self.store, self.urn, str(year), payload=p))

    def show_missing(self) -> None:
        year = self.year or "this year"
        self.heading.setText(f"{self.school} — no return for {year}")
        self.body.setHtml(missing_html(self.school, self.urn, year, self.history, self.risk))
        self.revision_row.setVisible(bool(self.history))
        self.remind_button.show()
        self.resize(760, 420 if not self.history else 620)

    def reminder(self) -> str:
        """The message the LA sends a board whose return has not come."""
        year = self.year or "this year"
        return (
            f"Dear Chair and Clerk of {self.school},\n\n"
            f"Governor Services has not yet received your board's self-evaluation return "
            f"for {year}. In Stoke Governor, open the Self-evaluation page and choose "
            "Export return… (it can be sent at any stage, even if not every item is "
            "rated), then email the file to Governor Services.\n\n"
            "Thank you,\nGovernor Services, Stoke-on-Trent City Council"
        )

    def copy_reminder(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.clipboard().setText(self.reminder())
        self.note.setText(
            "The reminder is on the clipboard: paste it into an email to the "
            "board's chair and clerk."
        )
