"""The City picture's sentences: its headline, a school's category and risk in a line, the
count of schools in each category."""

from __future__ import annotations

from stoke_governor.ui.la.city_table import RISK_WORDS, weight_text


def headline(picture) -> str:
    """'20 of 104 boards have returned their 2026-27 self-evaluation. Of those, 9 are at
    risk and 4 to watch; the 84 without a return are flagged at risk too.'"""
    rows = picture.rows
    back = [r for r in rows if r.returned]
    levels = [r.risk.level for r in back if r.risk is not None]
    missing = len(rows) - len(back)
    at_risk, watch = levels.count("at risk"), levels.count("watch")
    text = (
        f"{len(back)} of {len(rows)} boards have returned their {picture.year} "
        f"self-evaluation. Of those, {at_risk} {'is' if at_risk == 1 else 'are'} at risk "
        f"and {watch} to watch"
    )
    refused = sum(1 for r in rows if not r.returned and r.refusal is not None)
    if missing:
        text += (
            f"; the {missing} without a return"
            + (f" ({refused} of them refused)" if refused else "")
            + f" {'is' if missing == 1 else 'are'} flagged at risk too"
        )
    return text + "."


def category_line(placed) -> str:
    """'Ball Green Primary School — Targeted support (severity 5): Requires improvement …
    (2); 60% of … (1).'"""
    if placed is None:
        return ""
    reasons = "; ".join(f"{r.text} ({weight_text(r.weight)})" for r in placed.concerns)
    return (
        f"{placed.name} — {placed.category} (severity {weight_text(placed.severity)}): "
        f"{reasons or 'nothing in the rule applies'}."
    )


def category_counts(placed) -> str:
    """'Categories: 6 intensive support, 25 targeted support, 34 monitor, 39 universal
    support.'"""
    from stoke_governor.la.categories import counts

    held = counts(placed)
    return "Categories: " + ", ".join(f"{n} {name.lower()}" for name, n in held.items()) + "."


def why(s) -> str:
    """'Ball Green Primary School — Watch: the return is only 35% complete.'"""
    if s.risk is None:
        return s.name
    word = RISK_WORDS.get(s.risk.level, s.risk.level)
    reasons = "; ".join(r[:1].lower() + r[1:] for r in s.risk.reasons)
    return f"{s.name} — {word}: {reasons or 'nothing in the rule applies'}."
