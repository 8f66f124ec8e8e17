"""The words the returns preview and the Returns page use for the importer's outcomes:
labels, totals ('98 new, 2 already held, 1 refused'), reasons as sentences, table rows."""

from __future__ import annotations

import textwrap
from collections import Counter

from stoke_governor.ui.common.text_table import Cell

# status → (in the preview, after the import); words for the table and for the totals
LABELS = {
    "imported": ("New", "Imported"),
    "superseded": ("Newer revision", "Newer revision"),
    "duplicate": ("Already held", "Already held"),
    "stale": ("Older revision", "Older revision"),
    "conflict": ("Conflict", "Conflict"),
    "rejected": ("Refused", "Refused"),
}
TOTALS = {status: (before.lower(), after.lower()) for status, (before, after) in LABELS.items()}
PLURAL = {"newer revision", "older revision", "conflict"}  # the others read the same for many
EXPLAIN = {
    "imported": ("Not held yet: it will be added.", "Added."),
    "superseded": (
        "A newer revision of a return held: it will be used, and the older one kept in "
        "the history.",
        "Used from now on; the older revision stays in the history.",
    ),
    "duplicate": (
        "The same return is held already: nothing will change.",
        "Held already: nothing changed.",
    ),
    "stale": (
        "Older than the revision held: it will be recorded, not used.",
        "Older than the revision held: recorded, not used.",
    ),
    "conflict": (
        "Same revision as one held, but different answers: both will be kept for you to "
        "choose between on the Returns page.",
        "Both versions are kept: choose one on the Returns page.",
    ),
    "rejected": ("It will not be imported.", "Not imported."),
}
ORDER = ("rejected", "conflict", "stale", "superseded", "imported", "duplicate")  # problems first
EDITED_WARNING = (
    "Leave this off unless the school has told you why the file was changed after the board "
    "agreed it: such a return is then imported, and flagged as edited wherever it shows."
)


def totals(outcomes, after: bool) -> str:
    """'98 new, 2 already held, 1 refused' (only the outcomes there are)."""
    counts = Counter(o.status for o in outcomes)
    parts = []
    for status in ("imported", "superseded", "duplicate", "stale", "conflict", "rejected"):
        n = counts.get(status, 0)
        if n:
            word = TOTALS.get(status, (status, status))[after]
            parts.append(f"{n:,} {word}{'s' if n != 1 and word in PLURAL else ''}")
    return ", ".join(parts)


def outcome_row(o, after: bool, wrap: int = 0) -> list[Cell]:
    """File, school, what will happen (or happened) and why; `wrap` breaks the reason into
    lines of that many characters, so a long one is shown whole."""
    label = LABELS.get(o.status, (o.status, o.status))[after]
    reason = sentence(o.reason or EXPLAIN.get(o.status, ("", ""))[after], file_name(o.file))
    shown = textwrap.fill(reason, wrap) if wrap else reason  # wrapped: shown whole
    school = o.school or (f"URN {o.urn}" if o.urn else "—")
    detail = f"URN {o.urn}" if o.urn else ""
    if o.return_id:
        detail += f" · return {o.return_id}, revision {o.revision}"
    return [
        Cell(file_name(o.file), str(o.file)),
        Cell(school, detail.strip(" ·")),
        Cell(label),
        Cell(shown, reason),
    ]


def sentence(text: str | None, name: str = "") -> str:
    """The importer's reason as a sentence: a capital first letter, unless it starts with
    the file's own name."""
    text = text or ""
    return text if name and text.startswith(name) else text[:1].upper() + text[1:]


def file_name(path) -> str:
    return str(path).replace("\\", "/").rsplit("/", 1)[-1]
