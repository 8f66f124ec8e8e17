"""Widgets and layouts built the one way every page builds them: headings, buttons, tables."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

# A part of a layout: a widget or a layout, alone or with its stretch factor; or a number,
# which is stretchable space of that factor.
Part = QWidget | QLayout | tuple[QWidget | QLayout, int] | int


def heading(text: str = "", *, name: str, scale: float = 1.5, wrap: bool = False) -> QLabel:
    """A page's heading: bold, `scale` times the normal size, with the object name `name`."""
    label = QLabel(text, objectName=name, wordWrap=wrap)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def button(
    text: str, slot: Callable | None = None, *, tip: str = "", name: str = ""
) -> QPushButton:
    """A push button that calls `slot` when clicked, with an optional tool tip."""
    pushed = QPushButton(text, objectName=name)
    if tip:
        pushed.setToolTip(tip)
    if slot is not None:
        pushed.clicked.connect(slot)
    return pushed


def row_table(
    model: QAbstractItemModel,
    accessible_name: str,
    *,
    name: str = "",
    single: bool = False,
    read_only: bool = False,
    alternate: bool = False,
    tab_moves_on: bool = False,
) -> QTableView:
    """A table that selects whole rows and shows no row numbers.

    `single`: one row at a time; `read_only`: no editing; `alternate`: striped rows;
    `tab_moves_on`: Tab leaves the table instead of moving between its cells.
    """
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setAccessibleName(accessible_name)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    if read_only:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if alternate:
        view.setAlternatingRowColors(True)
    if tab_moves_on:
        view.setTabKeyNavigation(False)
    return view


# Qt.Orientation.Vertical by number: naming PySide6's `Qt` namespace builds every one of its
# enums at once (~12 ms), which the first window must not pay (tests/test_startup_time.py).
VERTICAL = 2


def splitter(*parts: tuple[QWidget, int], vertical: bool = False) -> QSplitter:
    """A splitter (side by side, or one above the other if `vertical`) holding each
    (widget, stretch) of `parts` in turn."""
    split = QSplitter()
    if vertical:
        split.setProperty("orientation", VERTICAL)
    for index, (widget, stretch) in enumerate(parts):
        split.addWidget(widget)
        split.setStretchFactor(index, stretch)
    return split


def fill(layout: QBoxLayout, *parts: Part) -> QBoxLayout:
    """Add `parts` to `layout` in order: widgets and layouts, each with its stretch if given,
    and a number as stretchable space."""
    for part in parts:
        item, stretch = part if isinstance(part, tuple) else (part, 0)
        if isinstance(item, int):
            layout.addStretch(item)
        elif isinstance(item, QLayout):
            layout.addLayout(item, stretch)
        else:
            layout.addWidget(item, stretch)
    return layout


def vbox(*parts: Part, parent: QWidget | None = None, margins: int | None = None) -> QVBoxLayout:
    """A vertical layout of `parts` (set on `parent` when given), with even margins if given."""
    layout = QVBoxLayout(parent) if parent is not None else QVBoxLayout()
    if margins is not None:
        layout.setContentsMargins(margins, margins, margins, margins)
    fill(layout, *parts)
    return layout


def hbox(*parts: Part) -> QHBoxLayout:
    """A horizontal layout of `parts`."""
    layout = QHBoxLayout()
    fill(layout, *parts)
    return layout
