"""Asking before a data import changes the school list: what each GIAS extract would do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

SHOWN = 12  # changes listed for each file in the message; all of them are in its details


def changes_text(changes, shown: int = SHOWN) -> tuple[str, str]:
    """What the extracts (their dry-run outcomes) would change, in words: the message, with
    each file's summary and its first `shown` changes, and every change for the details."""
    text: list[str] = []
    details: list[str] = []
    for o in changes:
        name = Path(o.file).name
        text.append(f"{name} would change the school list: {o.reason}.")
        text += [f"  • {line}" for line in o.details[:shown]]
        if len(o.details) > shown:
            text.append(f"  … and {len(o.details) - shown} more (see the details)")
        details += [f"{name}:", *(f"  {line}" for line in o.details)]
    return "\n".join(text), "\n".join(details)


def confirm_changes(parent: QWidget, changes) -> bool:
    """Show the changes and ask; True if the user chose to make them."""
    text, details = changes_text(changes)
    box = QMessageBox(QMessageBox.Icon.Question, "Changes to the school list", text, parent=parent)
    box.setInformativeText("Import the files and make these changes?")
    if details:
        box.setDetailedText(details)
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    box.setStandardButtons(yes | no)
    box.button(yes).setText("&Make the changes and import")
    box.button(no).setText("&Don't import")
    box.setDefaultButton(no)
    return box.exec() == yes
