"""'Since last year' in the LA's view of one return: each section's mean rating this year
against the return used for the year before, in words with both ratings (`la.trend`)."""

from __future__ import annotations

from html import escape

from stoke_governor.la.trend import SAME_WITHIN, TRAINING_SAME_WITHIN, SchoolTrend

TINTS = {"better": "#dcefe0", "worse": "#fbe3d2"}  # pale; the word says it all again


def _cell(text: str, word: str = "") -> str:
    tint = TINTS.get(word)
    style = f" style='background:{tint}'" if tint else ""
    return f"<td{style}>{escape(text)}</td>"


def trend_html(trend: SchoolTrend) -> str:
    """The 'Since last year' part of the return view: a table of every section, then the
    overall mean, training and vacancies, with the rule for 'the same' underneath."""
    parts = [f"<h3>Since last year ({escape(trend.previous_year)})</h3>"]
    parts.append(f"<p>{escape(trend.sentence())}</p>")
    if not trend.returned_last_year:
        parts.append(
            "<p>No return is held for last year from this board, so nothing can be compared. "
            "Returns already held are used; none is typed in again.</p>"
        )
        return "".join(parts)
    rows = [
        f"<tr><td>{escape(s.title)}</td>{_cell(s.describe(), s.word)}</tr>" for s in trend.sections
    ]
    rows.append(
        "<tr><td><i>All sections rated in both years (mean)</i></td>"
        f"{_cell(trend.overall.describe(digits=2), trend.overall.word)}</tr>"
    )
    rows.append(
        "<tr><td><i>Governors with every core module done</i></td>"
        f"{_cell(trend.training.describe('%', 0), trend.training.word)}</tr>"
    )
    rows.append(
        "<tr><td><i>Vacancies on the board</i></td>"
        f"{_cell(trend.vacancies.describe(digits=0), trend.vacancies.word)}</tr>"
    )
    parts.append(
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        "<tr style='background:#eeeeee'><th align='left' width=45%>Section</th>"
        f"<th align='left'>Since last year ({escape(trend.previous_year)} → "
        f"{escape(trend.year)})</th></tr>{''.join(rows)}</table>"
    )
    parts.append(
        f"<p><i>A section's rating is the board's mean rating in it. A change of less than "
        f"{SAME_WITHIN:g} of a point reads “Same” (training: less than "
        f"{TRAINING_SAME_WITHIN:g} percentage points). Sections are matched across "
        "frameworks by their code, not their wording; one not in last year's framework is not "
        "compared.</i></p>"
    )
    return "".join(parts)
