"""Dark mode: text on the app's pale tints stays dark, whatever the system palette."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from stoke_governor.measures.catalogue import school_dashboard
from stoke_governor.ui.common.text_table import Cell, TextTableModel
from stoke_governor.ui.measures.dashboard_model import STATUS, STATUS_COLOURS, DashboardModel

FG, BG = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole


def dark_on_light(model, index) -> bool:
    background, foreground = model.data(index, BG), model.data(index, FG)
    if background is None or foreground is None:
        return False
    return QColor(background.color()).lightness() - foreground.color().lightness() > 150


def test_tinted_status_cells_have_dark_text(qapp, store):
    model = DashboardModel()
    from stoke_governor.schools.register import get_school

    school = get_school(store, 124390)
    model.set_rows(school_dashboard(store, school.urn, school.phase))
    tinted = [
        model.index(r, STATUS)
        for r in range(model.rowCount())
        if model.data(model.index(r, STATUS)) in STATUS_COLOURS
    ]
    assert tinted and all(dark_on_light(model, i) for i in tinted)
    plain = [
        model.index(r, STATUS)
        for r in range(model.rowCount())
        if model.data(model.index(r, STATUS)) not in STATUS_COLOURS
    ]
    assert all(model.data(i, FG) is None for i in plain)  # the palette's own text colour


def test_highlighted_table_rows_have_dark_text(qapp):
    model = TextTableModel()
    model.set_rows(["Name"], [[Cell("Ann")], [Cell("Bo")]], highlight=[1])
    assert dark_on_light(model, model.index(1, 0))
    assert model.data(model.index(0, 0), FG) is None


def test_warning_text_stands_out_on_the_light_and_the_dark_theme(qapp):
    from PySide6.QtGui import QPalette

    from stoke_governor.ui.common.warning_colour import warning_colour, warning_style

    before = qapp.palette()
    try:
        for window in (QColor("#ffffff"), QColor("#202124")):
            palette = QPalette(before)
            palette.setColor(QPalette.ColorRole.Window, window)
            qapp.setPalette(palette)
            contrast = abs(warning_colour().lightness() - window.lightness())
            assert contrast > 90, (window.name(), warning_colour().name())
            colour = warning_colour().name()
            assert warning_style("font-weight: bold") == f"color: {colour}; font-weight: bold"
    finally:
        qapp.setPalette(before)
