"""The school's side of an LA pack: what it will change, in plain words, then Apply.

The pack is read and checked when the dialog opens (a bad or tampered pack, or one for
another school, is refused there with its reason and nothing can be applied). So is the key
that signed it: the first pack shows its key's fingerprint to check with the LA before
**Trust and apply**; a pack signed with another key than the one trusted is refused, and
**Trust the new key…** asks for the new fingerprint the LA gave (after it changed its key).
Given the window's pool, the dialog reads and checks the pack there (it takes a moment), so
the window stays responsive. Applying is one transaction; afterwards the dialog says what
changed and what to do next.
"""

from __future__ import annotations

from html import escape as _escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
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
CHECK_KEY = (
    "{la}'s Governor Services publishes its key's fingerprint, and will read it to you over "
    "the phone. Check it matches before you trust it: from then on this app applies only "
    "packs signed with this key."
)
ASK_NEW_KEY = (
    "Only trust a new key if the LA's Governor Services told you it has changed its key.\n"
    "Type the fingerprint they gave you for the new key (by phone or on their page for "
    "governors, not from the message the pack came with):"
)


def escape(text: str) -> str:
    return _escape(text, quote=False)


def _changes_html(changes) -> str:
    items = "".join(f"<li><b>{escape(c.what)}:</b> {escape(c.detail)}</li>" for c in changes)
    return f"<ul>{items}</ul>"


class PackImportDialog(QDialog):
    applied = Signal(object)  # the PackSummary, once applied

    def __init__(
        self,
        store: Store,
        path: str | Path,
        parent: QWidget | None = None,
        pool: QThreadPool | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Apply an LA pack")
        self.resize(600, 320)
        self.store, self.path = store, Path(path)
        self.pack = None
        self.summary = None
        self.trust_key: str | None = None  # a fingerprint the user chose to trust
        self.task = None  # reading the pack, while it runs
        self.ask_fingerprint = self._ask_fingerprint  # tests answer the question here
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
        self.new_key_button = button("&Trust the new key…", self.trust_new_key)
        self.new_key_button.setToolTip(
            "The LA changed its key: type the new fingerprint it gave you (Alt+T)"
        )
        self.new_key_button.hide()
        self.cancel_button = button("Cancel", self.reject)
        self.cancel_button.setToolTip("Close without changing anything (Esc)")
        buttons = hbox(1, self.new_key_button, self.apply_button, self.cancel_button)
        vbox(self.heading, (self.body, 1), buttons, parent=self)
        if pool is None:
            self._preview()  # read here and now
        else:  # checking every part of a pack takes a moment: off the GUI thread
            from stoke_governor.la.packs.members import read_pack
            from stoke_governor.ui.common.worker import start

            self.heading.setText("<h3>Checking the pack…</h3>")
            self.body.setText(f"<p>Reading {escape(self.path.name)} and checking every part.</p>")
            self.apply_button.setEnabled(False)
            self.task = start(
                pool,
                lambda _progress, _cancelled: read_pack(self.path),
                finished=self._read,
                failed=self._read_failed,
            )

    def _read(self, pack) -> None:
        self.task = None
        self.pack = pack
        self.apply_button.setEnabled(True)
        self._preview()

    def _read_failed(self, message: str, _details: str) -> None:
        self._refused(message, False)

    def _refused(self, message: str, different_key: bool) -> None:
        self.task = None
        self.heading.setText("<h3>This pack cannot be applied</h3>")
        self.body.setText(
            f"<p>{escape(message)}</p><p>Nothing was changed. Ask the LA's "
            "Governor Services for a new pack if you need one.</p>"
        )
        self._closing_only()
        self.new_key_button.setVisible(different_key)

    def _preview(self) -> None:
        from stoke_governor.la.packs.apply import applied_on, pack_changes
        from stoke_governor.la.packs.members import read_pack
        from stoke_governor.la.packs.trust import DifferentPackKeyError, pack_trust

        self.new_key_button.hide()
        try:
            if self.pack is None:
                self.pack = read_pack(self.path)
            trust = pack_trust(self.store, self.pack)
            first_use = not trust.trusted and trust.held is None and self.trust_key is None
            trust_key = trust.fingerprint if first_use else self.trust_key
            changes = pack_changes(self.store, self.pack, trust_key)
            done = applied_on(self.store, self.pack)
        except StokeGovernorError as exc:
            self._refused(str(exc), isinstance(exc, DifferentPackKeyError))
            return
        p = self.pack
        if first_use:
            from stoke_governor.la.packs.trust import LA_NAME

            self.heading.setText(
                f"<h3>Check who signed this pack</h3><p>LA pack for {escape(p.school_name)} "
                f"(URN {p.for_urn}), made on {escape(p.made_at[:10])} by "
                f"{escape(p.made_by)}.</p>"
            )
            self.body.setText(
                f"<p>This pack is signed by key <b>{escape(trust.fingerprint)}</b>.</p>"
                f"<p>{escape(CHECK_KEY.format(la=LA_NAME))}</p>"
                "<p>If you trust it, applying the pack will make these changes, all together "
                "(nothing the board has entered is removed):</p>" + _changes_html(changes)
            )
            self.trust_key = trust.fingerprint
            self.apply_button.setText("&Trust and apply")
            self.apply_button.setToolTip(
                "Trust this key for the LA's packs, and make all of these changes in one step"
            )
            self.apply_button.setDefault(True)
            return
        self.heading.setText(
            f"<h3>LA pack for {escape(p.school_name)} (URN {p.for_urn})</h3>"
            f"<p>Made on {escape(p.made_at[:10])} by {escape(p.made_by)}, signed with the "
            f"LA's key {escape(trust.fingerprint)}; every part of the file passed the app's "
            "checks (nothing damaged or altered since the LA signed it).</p>"
        )
        if self.trust_key is not None:
            self.apply_button.setText("&Trust the new key and apply")
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

    def _ask_fingerprint(self) -> str:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(self, "Trust the LA's new key", ASK_NEW_KEY)
        return text if ok else ""

    def trust_new_key(self) -> None:
        """The LA changed its key: the user types the new fingerprint the LA gave them; if it
        is this pack's, the preview follows with Trust the new key and apply."""
        from stoke_governor.files.key_pairs import read_fingerprint
        from stoke_governor.la.packs.trust import pack_trust

        if self.pack is None:
            return
        typed = self.ask_fingerprint()
        if not typed.strip():
            return
        actual = pack_trust(self.store, self.pack).fingerprint
        if read_fingerprint(typed) != actual:
            self.body.setText(
                f"<p>The fingerprint you typed ({escape(typed.strip()[:60])}) is not the key "
                f"that signed this pack ({escape(actual)}). It was not applied, and nothing "
                "was changed.</p><p>Check the fingerprint with the LA's Governor Services "
                "again; if it is not this one, the pack did not come from them.</p>"
            )
            return
        self.trust_key = actual
        self.apply_button.show()
        self.cancel_button.setText("Cancel")
        self._preview()

    def apply(self) -> None:
        from PySide6.QtGui import QGuiApplication

        from stoke_governor.la.packs.apply import apply_pack

        if self.pack is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = apply_pack(self.store, self.pack, trust_key=self.trust_key)
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
