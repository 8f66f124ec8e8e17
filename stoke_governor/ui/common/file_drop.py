"""Files and folders dropped on a window open as if chosen from its File menu."""

from __future__ import annotations


class OpensDroppedFiles:
    """Mixed into a window (before QMainWindow) that has `open_files(paths)`: it accepts
    drops of local files and folders and hands their paths over."""

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_files(paths)  # type: ignore[attr-defined]  # the window's own
