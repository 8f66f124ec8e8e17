"""Recent files: the files the user imported or opened, newest first, for File ▸ Open Recent.

Kept in the app's settings file (see ui/common/user_settings.py) as a list of (path, kind):
`kind` says what the file was opened as ("data", "challenges", "returns", …) so choosing
it again opens it the same way. At most MAX_RECENT; opening a file again moves it to the
top. A file that is no longer there is shown greyed out, and "Remove missing files" drops
such entries; "Clear recent files" empties the list.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from stoke_governor.core.settings import RECENT_FILES

MAX_RECENT = 8


class Recent(NamedTuple):
    path: Path
    kind: str

    @property
    def exists(self) -> bool:
        return self.path.is_file()


def _settings(settings: QSettings | None) -> QSettings:
    if settings is not None:
        return settings
    from stoke_governor.ui.common.user_settings import app_settings

    return app_settings()


def recent_files(settings: QSettings | None = None) -> list[Recent]:
    """The list, newest first (entries that cannot be read are skipped)."""
    s = _settings(settings)
    found: list[Recent] = []
    size = s.beginReadArray(RECENT_FILES.key)
    for i in range(min(size, MAX_RECENT)):
        s.setArrayIndex(i)
        path, kind = s.value("path"), s.value("kind")
        if isinstance(path, str) and path and isinstance(kind, str):
            found.append(Recent(Path(path), kind))
    s.endArray()
    return found


def _write(entries: list[Recent], s: QSettings) -> None:
    s.remove(RECENT_FILES.key)
    s.beginWriteArray(RECENT_FILES.key, len(entries))
    for i, entry in enumerate(entries):
        s.setArrayIndex(i)
        s.setValue("path", str(entry.path))
        s.setValue("kind", entry.kind)
    s.endArray()
    s.sync()


def _same(a: Path, b: Path) -> bool:
    return os.path.normcase(str(a)) == os.path.normcase(str(b))


def add_recent(path, kind: str = "data", settings: QSettings | None = None) -> list[Recent]:
    """Put this file at the top (moving it if listed already); the list after."""
    s = _settings(settings)
    new = Recent(Path(os.path.abspath(path)), kind)
    entries = [new] + [e for e in recent_files(s) if not _same(e.path, new.path)]
    _write(entries[:MAX_RECENT], s)
    return entries[:MAX_RECENT]


def remove_missing(settings: QSettings | None = None) -> list[Recent]:
    s = _settings(settings)
    entries = [e for e in recent_files(s) if e.exists]
    _write(entries, s)
    return entries


def clear_recent(kinds=None, settings: QSettings | None = None) -> None:
    """Forget the recent files (only those of these kinds, if given)."""
    s = _settings(settings)
    _write([e for e in recent_files(s) if kinds is not None and e.kind not in kinds], s)


def fill_menu(menu: QMenu, chosen: Callable[[str, str], None], kinds=None) -> None:
    """(Re)fill an Open Recent menu: the files newest first (a missing one greyed out,
    saying so), then Remove missing files and Clear recent files. Choosing a file moves it
    to the top and calls `chosen(path, kind)`. Connect a plain QMenu's aboutToShow to this
    so start-up reads nothing. `kinds` (e.g. ("returns", "packs")) lists only the files a
    window opens itself."""
    menu.clear()
    menu.setToolTipsVisible(True)
    entries = [e for e in recent_files() if kinds is None or e.kind in kinds]
    for number, entry in enumerate(entries, start=1):
        label = entry.path.name.replace("&", "&&")
        text = f"&{number} {label}" if entry.exists else f"{label} (not found)"
        action = QAction(text, menu)
        action.setToolTip(str(entry.path))
        action.setStatusTip(str(entry.path))
        action.setEnabled(entry.exists)
        action.triggered.connect(lambda _c=False, e=entry: _open(menu, e, chosen, kinds))
        menu.addAction(action)
    if not entries:
        none = QAction("No recent files", menu)
        none.setEnabled(False)
        menu.addAction(none)
    menu.addSeparator()
    missing = QAction("Remove &missing files", menu)
    missing.setEnabled(any(not e.exists for e in entries))
    missing.triggered.connect(lambda: (remove_missing(), fill_menu(menu, chosen, kinds)))
    menu.addAction(missing)
    clear = QAction("&Clear recent files", menu)
    clear.setEnabled(bool(entries))
    clear.triggered.connect(lambda: (clear_recent(kinds), fill_menu(menu, chosen, kinds)))
    menu.addAction(clear)


def _open(menu: QMenu, entry: Recent, chosen, kinds) -> None:
    if entry.exists:
        add_recent(entry.path, entry.kind)
        chosen(str(entry.path), entry.kind)
    else:  # gone since the menu was filled
        fill_menu(menu, chosen, kinds)


class RecentFilesMenu(QMenu):
    """File ▸ Open Recent as a menu of its own (filled each time it opens); `chosen(path,
    kind)` when the user picks a file that is still there."""

    chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None, kinds=None):
        super().__init__("Open &Recent", parent)
        self.kinds = kinds
        self.setAccessibleName("Open recent files")
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        fill_menu(self, self.chosen.emit, self.kinds)
