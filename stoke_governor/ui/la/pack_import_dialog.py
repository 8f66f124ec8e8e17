"""The school's side of an LA pack: what it will change, in plain words, then Apply.

The pack is read and checked when the dialog opens (a bad or tampered pack, or one for
another school, is refused there with its reason and nothing can be applied). Applying is
one transaction; afterwards the dialog says what changed and what to do next.
"""

from __future__ import annotations

from html import escape as _escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.ui.common.widgets import button, hbox, vbox

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

NEXT_SIGNED = (
    "Next: export the board's return from the Self-evaluation page when it is agreed; it "
    "will be signed with the key the LA issued, so the LA knows it came from this board."
)
NEXT_PLAIN = (
    "Next: the dashboard, training and self-evaluation pages now use what the pack brought."
)


def escape(text: str) -> str:
    return _escape(text, quote=False)


def _changes_html(changes) -> str:
    items = "".join(f"<li><b>{escape(c.what)}:</b> {escape(c.detail)}</li>" for c in changes)
    return f"<ul>{items}</ul>"


class PackImportDialog(QDialog):
    applied = Signal(object)  # the PackSummary, once applied

    def __init__(self, store: Store, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Apply an LA pack")
        self.resize(600, 320)
        self.store, self.path = store, Path(path)
        self.pack = None
        self.summary = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("The pack")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setAccessibleName("What the pack will change")
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.apply_button = button("&Apply", self.apply)
        self.apply_button.setToolTip("Make all of these changes in one step (Alt+A)")
        self.cancel_button = button("Cancel", self.reject)
        self.cancel_button.setToolTip("Close without changing anything (Esc)")
        buttons = hbox(1, self.apply_button, self.cancel_button)
        vbox(self.heading, (self.body, 1), buttons, parent=self)
        self._preview()

    def _preview(self) -> None:
        from stoke_governor.la.packs.apply import applied_on, pack_changes
        from stoke_governor.la.packs.members import read_pack

        try:
            self.pack = read_pack(self.path)
            changes = pack_changes(self.store, self.pack)
            done = applied_on(self.store, self.pack)
        except StokeGovernorError as exc:
            self.heading.setText("<h3>This pack cannot be applied</h3>")
            self.body.setText(
                f"<p>{escape(str(exc))}</p><p>Nothing was changed. Ask the LA's "
                "Governor Services for a new pack if you need one.</p>"
            )
            self._closing_only()
            return
        p = self.pack
        self.heading.setText(
            f"<h3>LA pack for {escape(p.school_name)} (URN {p.for_urn})</h3>"
            f"<p>Made on {escape(p.made_at[:10])} by {escape(p.made_by)}; every part of the "
            "file passed the app's checks (nothing damaged or altered since it was made).</p>"
        )
        if done:
            self.body.setText(
                f"<p>This pack was already applied on {escape(done[:10])}; "
                "applying it again would change nothing.</p>"
            )
            self._closing_only()
        elif not changes:
            self.body.setText(
                "<p>Everything in this pack is already held: applying it changes "
                "nothing, and records that it was applied.</p>"
            )
        else:
            self.body.setText(
                "<p>Applying the pack will make these changes, all together "
                "(nothing the board has entered is removed):</p>" + _changes_html(changes)
            )
        self.apply_button.setDefault(True)

    def _closing_only(self) -> None:
        self.apply_button.hide()
        self.cancel_button.setText("Close")
        self.cancel_button.setDefault(True)

    def apply(self) -> None:
        from PySide6.QtGui import QGuiApplication

        from stoke_governor.la.packs.apply import apply_pack

        if self.pack is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = apply_pack(self.store, self.pack)
        except Exception as exc:  # a plain sentence for ours; the database is as it was
            text = str(exc) if isinstance(exc, StokeGovernorError) else f"{exc or type(exc)}"
            self.body.setText(
                f"<p>The pack was not applied: {escape(text)}</p><p>Nothing was changed.</p>"
            )
            self._closing_only()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.summary = summary
        if summary.already_applied:
            done = f"<p>{escape(summary.text)}</p>"
        elif summary.changes:
            done = "<p>The pack was applied. What changed:</p>" + _changes_html(summary.changes)
        else:
            done = "<p>The pack was applied; nothing needed changing.</p>"
        signed = any(c.what == "Signing key" for c in summary.changes)
        self.heading.setText(f"<h3>Applied the LA pack for {escape(summary.school)}</h3>")
        self.body.setText(done + f"<p>{escape(NEXT_SIGNED if signed else NEXT_PLAIN)}</p>")
        self._closing_only()
        self.applied.emit(summary)
