"""The words a benchmark prints for a median against its reference: the ratio and its verdict."""

from __future__ import annotations


def ratio_words(med: float, ref: float | None, budget: float | None, over: str = "FAIL") -> str:
    """`   ratio R ×`, with ` (budget ≤ B ×) PASS` (or `over`) when a budget is given; "" with no
    reference to compare with."""
    if not ref:
        return ""
    text = f"   ratio {med / ref:4.2f} ×"
    if budget is not None:
        text += f" (budget ≤ {budget:g} ×) " + ("PASS" if med / ref <= budget else over)
    return text
