"""Windows open where the user left them: size, place, maximised or not, docks and toolbars.

Any QMainWindow calls `remember(window, key)` once, after building its widgets: the saved
geometry and state (if any) are put back at once, and saved again when the window closes.
Settings live in an INI file in the user data folder (`paths.settings_file()`), so portable
mode keeps them beside its data and nothing is left in the registry.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtWidgets import QMainWindow

from stoke_governor.core.settings import WINDOW_GEOMETRY, WINDOW_STATE
from stoke_governor.ui.common.user_settings import app_settings


def restore(window: QMainWindow, key: str, settings: QSettings | None = None) -> bool:
    """Put back the window's saved geometry and state; False if none was saved (or it was
    unreadable: the window keeps the size it was given). Qt moves a window whose saved
    place is on a screen no longer attached back onto a visible one."""
    settings = settings or app_settings()
    geometry = settings.value(WINDOW_GEOMETRY.name(window=key))
    if not isinstance(geometry, QByteArray) or not window.restoreGeometry(geometry):
        return False  # none saved, or a hand-edited file: the window keeps its own size
    state = settings.value(WINDOW_STATE.name(window=key))
    if isinstance(state, QByteArray):
        window.restoreState(state)
    return True


def save(window: QMainWindow, key: str, settings: QSettings | None = None) -> None:
    settings = settings or app_settings()
    settings.setValue(WINDOW_GEOMETRY.name(window=key), window.saveGeometry())
    settings.setValue(WINDOW_STATE.name(window=key), window.saveState())
    settings.sync()


class _SaveOnClose(QObject):
    def __init__(self, window: QMainWindow, key: str):
        super().__init__(window)
        self.target, self.key = window, key

    def eventFilter(self, watched, event) -> bool:
        # getattr: Qt may call in while the objects are being torn down
        target = getattr(self, "target", None)
        if target is not None and watched is target and event.type() == QEvent.Type.Close:
            save(target, self.key)
        return False


def forget(window: QMainWindow) -> None:
    """Stop saving the window's place (a smoke test must leave the user's settings alone)."""
    for name in [n for n in vars(window) if n.startswith("_window_state_")]:
        window.removeEventFilter(getattr(window, name))
        delattr(window, name)


def remember(window: QMainWindow, key: str) -> bool:
    """Restore the window's saved size and place now and save them whenever it closes.
    `key` names the window ("main", "la"); True if a saved geometry was applied."""
    saver = _SaveOnClose(window, key)
    window.installEventFilter(saver)
    setattr(window, f"_window_state_{key}", saver)  # kept alive with the window
    return restore(window, key)
