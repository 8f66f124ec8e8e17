"""The shared page pieces: headings, buttons, tables of rows and layouts built from parts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from stoke_governor.ui.common.text_table import TextTableModel
from stoke_governor.ui.common.widgets import button, hbox, heading, row_table, splitter, vbox


def test_a_heading_is_bold_and_larger(qtbot):
    plain = QLabel("x")
    label = heading("Board", name="boardHeading", scale=1.5, wrap=True)
    qtbot.addWidget(label)
    assert label.objectName() == "boardHeading" and label.text() == "Board"
    assert label.font().bold() and label.wordWrap()
    assert label.font().pointSizeF() == plain.font().pointSizeF() * 1.5


def test_a_button_calls_its_slot_and_carries_its_tip(qtbot):
    pressed = []
    pushed = button("&Go", lambda: pressed.append(1), tip="Go now", name="go")
    qtbot.addWidget(pushed)
    pushed.click()
    assert pressed == [1] and pushed.toolTip() == "Go now" and pushed.objectName() == "go"
    assert button("Plain").toolTip() == ""


def test_a_row_table_selects_rows_and_only_what_it_is_asked(qtbot):
    model = TextTableModel()
    loose = row_table(model, "Figures")
    qtbot.addWidget(loose)
    assert loose.accessibleName() == "Figures" and loose.model() is model
    assert loose.verticalHeader().isHidden()
    assert loose.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert loose.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    assert loose.tabKeyNavigation() and not loose.alternatingRowColors()
    tight = row_table(
        model, "Pick", name="pick", single=True, read_only=True, alternate=True, tab_moves_on=True
    )
    qtbot.addWidget(tight)
    assert tight.objectName() == "pick"
    assert tight.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert tight.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert tight.alternatingRowColors() and not tight.tabKeyNavigation()


def test_layouts_take_widgets_layouts_stretches_and_spacing(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    a, b, c = QLabel("a"), QLabel("b"), QLabel("c")
    across = hbox(1, a, (b, 2))
    down = vbox(across, (c, 3), parent=host, margins=0)
    assert host.layout() is down and down.contentsMargins().left() == 0
    assert [down.stretch(i) for i in range(down.count())] == [0, 3]
    assert across.itemAt(0).spacerItem() is not None and across.stretch(0) == 1
    assert across.itemAt(2).widget() is b and across.stretch(2) == 2


def test_a_splitter_holds_its_parts_with_their_stretch(qtbot):
    a, b = QLabel("a"), QLabel("b")
    split = splitter((a, 3), (b, 1), vertical=True)
    qtbot.addWidget(split)
    assert split.orientation() == Qt.Orientation.Vertical
    assert split.widget(0) is a and split.widget(1) is b
