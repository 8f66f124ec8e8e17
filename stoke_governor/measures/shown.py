"""How a line of the school's dashboard is written, wherever it is shown: the Dashboard's
table and the school data summary printed for the board's papers say the same words.

A figure that was not published stays missing: "Not published" with the DfE's marker, or
"—" where no comparable figure is held; never a number.
"""

from __future__ import annotations

from stoke_governor.measures.catalogue import Figure, Measure, MeasureRow

NONE_HELD = "—"  # no comparable figure held for that area and year
NO_TARGET = "No city target"


def figure_text(measure: Measure, figure: Figure | None) -> str:
    """A figure as the dashboard shows it: formatted, as published text, or why not."""
    if figure is None:
        return NONE_HELD
    if figure.text:
        return figure.text  # published as text: an A level average grade such as D
    if figure.value is None:
        return "Not published" if not figure.code else f"Not published ({figure.code})"
    return measure.format(figure.value)


def year_text(r: MeasureRow) -> str:
    """The row's year and release, and `old` in words when it is (not colour alone)."""
    text = f"{r.school.year}, {r.school.release}"
    return f"{text} — old" if r.old else text


def target_text(r: MeasureRow) -> str:
    """The target the row's status is judged by, with its year ("72% by 2026")."""
    return r.target.summary if r.target else NO_TARGET
