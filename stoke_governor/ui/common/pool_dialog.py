"""What an import dialog shares: its reading and storing run on the window's pool.

Only the latest task's result is shown: choosing another file while one is read makes the
first report to nobody. The dialog will not close while an import is being stored; closing
it cancels a preview still running. A workbook's sheets are offered only when it has several.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QProgressBar, QWidget

from stoke_governor.ui.common.worker import Task, Work, start


class PoolDialog(QDialog):
    """A dialog that runs its work on `pool`; `summary` says what happened, `enable()` sets
    its buttons (called whenever a task starts or ends)."""

    waiting = "Please wait: the import is being stored."

    def __init__(self, pool: QThreadPool, parent: QWidget | None = None):
        super().__init__(parent)
        self.pool = pool
        self.task: Task | None = None
        self.importing = False
        self.generation = 0
        self.summary = QLabel(wordWrap=True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setRange(0, 0)
        self.progress.hide()

    def enable(self) -> None:
        """Set what can be pressed now (a subclass says)."""

    def run(
        self,
        work: Work,
        finished: Callable[[object], None],
        failed: Callable[[str], None],
        text: str,
        *,
        importing: bool = False,
    ) -> None:
        """Start `work`; its result goes to `finished` (or its message to `failed`) only while
        no later task has started."""
        self.generation += 1
        generation = self.generation
        self.importing = importing
        self.progress.setFormat(text)
        self.progress.show()
        self.task = start(
            self.pool,
            work,
            finished=lambda result: self._ended(generation) and finished(result),
            failed=lambda message, _details: self._ended(generation) and failed(message),
            owner=self,
        )
        self.enable()

    def _ended(self, generation: int) -> bool:
        if generation != self.generation:
            return False
        self.task, self.importing = None, False
        self.progress.hide()
        return True

    def reject(self) -> None:
        if self.importing:
            self.summary.setText(self.waiting)
            return
        self.generation += 1  # a preview still running reports to nobody
        if self.task is not None:
            self.task.cancel()
        super().reject()


def show_sheet_choice(
    combo: QComboBox, label: QLabel, sheets: list[str], current: str = ""
) -> None:
    """Offer the workbook's sheets (the one read chosen); hidden unless there are several."""
    combo.clear()
    combo.addItems(sheets)
    if current:
        combo.setCurrentText(current)
    for w in (label, combo):
        w.setVisible(len(sheets) > 1)
