"""The LA's "Export receipts…" on the Returns page: a receipt for each school's latest
return held, written to a folder the officer chooses, on the window's worker pool. Each
school imports its own file and its Self-evaluation page says the LA received the return.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from stoke_governor.core.settings import EXPORT_FOLDER
from stoke_governor.ui.common.user_settings import last_folder
from stoke_governor.ui.common.worker import start


def add_receipts_button(page: QWidget) -> QPushButton:
    """Put the button beside the page's other buttons (`page.buttons`, before its stretch)."""
    button = QPushButton("E&xport receipts…", page, objectName="exportReceipts")
    button.setToolTip(
        "A receipt file for each school's latest return held, to send back to "
        "the school: its board then sees that the LA received it"
    )
    button.clicked.connect(lambda: export_receipts_to(page))
    page.buttons.insertWidget(max(page.buttons.count() - 1, 0), button)
    return button


def _say(page: QWidget, text: str) -> None:
    window = page.window()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, 20000)
    page.receipts_message = text  # what was last said (for tests and screen readers)
    page.setAccessibleDescription(text)


def export_receipts_to(page: QWidget, folder: str | None = None):
    """Ask for a folder (unless given), then write the receipts off the GUI thread, on the
    page's pool (the one its window gave it)."""
    store = page.store
    if not folder:
        start_in = last_folder(EXPORT_FOLDER, store)
        folder = QFileDialog.getExistingDirectory(page, "Folder for the receipts", start_in)
        if not folder:
            return None
    if getattr(page, "receipts_task", None) is not None:
        _say(page, "Receipts are still being written; wait for them to finish.")
        return None

    def work(_progress, _cancelled):
        from stoke_governor.la.receipts import export_receipts

        return export_receipts(store, folder)

    def done(paths):
        page.receipts_task = None
        if not paths:
            _say(page, "No receipts written: no returns are held yet; import them first.")
            return
        _say(
            page,
            f"Wrote {len(paths)} receipt(s) to {folder}. Send each school its own "
            "file (<URN>_<school>_receipt_<revision>.sgreceipt).",
        )

    def failed(message, _details):
        page.receipts_task = None
        _say(page, f"The receipts could not be written: {message}")

    page.receipts_task = start(page.pool, work, finished=done, failed=failed)
    return page.receipts_task
