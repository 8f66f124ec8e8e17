"""The Self-evaluation page's exports, off the GUI thread: the return for the LA and the PDF
for the board's papers. A mixin of `SelfEvalPage`, which owns the buttons and status line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QFileDialog

from .. import selfeval
from .worker import start


class Exports:
    """Export the return and the PDF on the window's worker pool; one export at a time."""

    def _pool(self) -> QThreadPool:
        pool = self.pool or getattr(self.window(), "pool", None)
        if pool is None:
            self.pool = pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
        return pool

    def export_return(self, path: str | None = None) -> None:
        from ..reports.return_workbook import return_file_name

        self.save_evidence()
        if not path:
            name = return_file_name(self.school.urn, self.school.name, dt.date.today())
            path, _ = QFileDialog.getSaveFileName(
                self, "Export the return", str(Path.home() / name), "Excel workbook (*.xlsx)"
            )
            if not path:
                return
        from ..reports.return_workbook import export_return

        store, ev = self.store, selfeval.get_evaluation(self.store, self.evaluation.id)
        self._run("Exporting the return", lambda _p, _c: export_return(store, ev, path),
                  self._return_done)  # fmt: skip

    def _return_done(self, out) -> None:
        self.task = None
        self.evaluation = selfeval.get_evaluation(self.store, self.evaluation.id)
        state = "a new revision" if out.changed else "unchanged since the last export"
        self._message(f"Saved the return to {out.path} (revision {out.revision}, {state}). "
                      "Send this file to the LA's Governor Services.")  # fmt: skip

    def export_pdf(self, path: str | None = None) -> None:
        self.save_evidence()
        if not path:
            name = f"{self.school.urn}_self-evaluation_{self.evaluation.year}.pdf"
            path, _ = QFileDialog.getSaveFileName(
                self, "PDF of the self-evaluation", str(Path.home() / name), "PDF (*.pdf)"
            )
            if not path:
                return
        from ..reports.selfeval_pdf import write_selfeval_pdf

        store, ev = self.store, self.evaluation
        self._run("Making the PDF", lambda _p, _c: write_selfeval_pdf(store, ev, path),
                  lambda out: self._message(f"Saved the PDF to {out}."))  # fmt: skip

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

        self.task = start(self._pool(), work, finished=done, failed=failed)
