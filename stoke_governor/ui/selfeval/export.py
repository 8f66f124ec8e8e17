"""The Self-evaluation page's exports, off the GUI thread: the return for the LA and the PDF
for the board's papers; and the LA's receipt for the return. A mixin of `SelfEvalPage`,
which owns the buttons and the status line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from stoke_governor.selfeval import evaluation as selfeval
from stoke_governor.ui.common.worker import start


class Exports:
    """Export the return and the PDF on the page's pool (its window's); one at a time."""

    def export_return(self, path: str | None = None) -> None:
        from stoke_governor.reports.return_workbook import return_file_name

        self.save_evidence()
        if not path:
            name = return_file_name(self.school.urn, self.school.name, dt.date.today())
            path, _ = QFileDialog.getSaveFileName(
                self, "Export the return", str(Path.home() / name), "Excel workbook (*.xlsx)"
            )
            if not path:
                return
        from stoke_governor.reports.return_workbook import export_return

        store, ev = self.store, selfeval.get_evaluation(self.store, self.evaluation.id)
        self._run(
            "Exporting the return", lambda _p, _c: export_return(store, ev, path), self._return_done
        )

    def _return_done(self, out) -> None:
        self.task = None
        self.evaluation = selfeval.get_evaluation(self.store, self.evaluation.id)
        state = "a new revision" if out.changed else "unchanged since the last export"
        self.show_receipt()
        self._message(
            f"Saved the return to {out.path} (revision {out.revision}, {state}). "
            "Send this file to the LA's Governor Services, then import the "
            "receipt it sends back."
        )

    def export_pdf(self, path: str | None = None) -> None:
        self.save_evidence()
        if not path:
            name = f"{self.school.urn}_self-evaluation_{self.evaluation.year}.pdf"
            path, _ = QFileDialog.getSaveFileName(
                self, "PDF of the self-evaluation", str(Path.home() / name), "PDF (*.pdf)"
            )
            if not path:
                return
        from stoke_governor.reports.selfeval_pdf import write_selfeval_pdf

        store, ev = self.store, self.evaluation
        self._run(
            "Making the PDF",
            lambda _p, _c: write_selfeval_pdf(store, ev, path),
            lambda out: self._message(f"Saved the PDF to {out}."),
        )

    def _run(self, what: str, work, finished) -> None:
        if self.task is not None:
            self._message("An export is still running; wait for it to finish.")
            return
        self._message(f"{what}…")

        def done(result):
            self.task = None
            finished(result)

        def failed(message, _details):
            self.task = None
            self._message(f"{what} failed: {message}")

        self.task = start(self.pool, work, finished=done, failed=failed)

    # -- the LA's receipt ----------------------------------------------------------------
    def show_receipt(self) -> None:
        """Say whether the LA has confirmed it holds the return, as the page shows it now."""
        from stoke_governor.la.receipts import describe_receipt, receipt_for

        ev = self.evaluation and selfeval.get_evaluation(self.store, self.evaluation.id)
        text = describe_receipt(self.store, ev) if ev else ""
        received = text.startswith("Received by the LA")
        self.receipt_line.setText(("✓ " if received else "") + text)
        dark = self.palette().window().color().lightness() < 128  # a dark system theme
        colour = (
            ("#8fd6a5" if dark else "#1b6e3a") if received else ("#f2b46b" if dark else "#8a4b00")
        )
        self.receipt_line.setStyleSheet(f"color: {colour};")
        self.receipt_line.setAccessibleName(text or "No return yet")
        held = receipt_for(self.store, ev) if ev else None
        self.receipt_line.setToolTip(
            f"The LA holds revision {held.revision} of the return with the SHA-256 digest "
            f"{held.payload_digest}; the cover of the return file shows its digest."
            if held
            else "Governor Services sends a receipt when it has received the return."
        )
        self.receipt_line.setVisible(bool(text))
        self.receipt_button.setVisible(bool(ev and ev.revision))

    def import_receipt(self, path: str | None = None) -> bool:
        """Import the receipt Governor Services sent for one of this board's returns."""
        from stoke_governor.core.errors import StokeGovernorError
        from stoke_governor.la.receipts import import_receipt

        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, "Import the LA's receipt", str(Path.home()), "LA receipt (*.sgreceipt)"
            )
            if not path:
                return False
        try:
            receipt = import_receipt(self.store, path)
        except StokeGovernorError as exc:
            self._message(f"The receipt was not imported: {exc}")
            return False
        self.show_receipt()
        this = self.evaluation is not None and receipt.return_id == self.evaluation.return_id
        which = "" if this else " (for another year's evaluation)"
        again = "" if receipt.new else " This receipt was already held; nothing changed."
        self._message(f"{receipt.describe()}{which}.{again}")
        return True
