"""Searching the guide: the topics that hold every word typed, best first, each with a
snippet of its text around the first word found.

Words are matched without regard to capitals, at the start of a word ("track" finds "on
track" and "tracked"; "on" does not find "governor"). Little words ("what", "is", "the"…)
are left out unless nothing else was typed, so "what is quorum" finds what "quorum" finds.
A topic ranks higher for each word in its title, then for each time the words appear in
its text; ties keep the guide's own order (the pages' guides, then the glossary).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from stoke_governor.help.topics import Topic

SNIPPET_BEFORE, SNIPPET_AFTER = 60, 120  # characters of text around the first word found
_WORD = re.compile(r"[\w+]+")
LITTLE_WORDS = frozenset(
    _WORD.findall(
        "a an and are about as at be by can do does for from how i in is it me mean means my "
        "of or the this to what when where which who why with"
    )
)


class Match(NamedTuple):
    topic: Topic
    title_hits: int  # how many of the words are in the title
    text_hits: int  # how many times the words appear in the text
    snippet: str  # the text around the first word found, with … where it is cut


def words_of(query: str) -> list[str]:
    """The words searched for: lower case, each once, the little words left out."""
    found = list(dict.fromkeys(_WORD.findall(query.casefold())))
    meaningful = [w for w in found if w not in LITTLE_WORDS]
    return meaningful or found


def search(topics: Iterable[Topic], query: str) -> list[Match]:
    """The topics holding every word of `query` (in the title or the text), best first."""
    words = words_of(query)
    if not words:
        return []
    patterns = [_starts(w) for w in words]
    ranked = []
    for order, topic in enumerate(topics):
        title, text = topic.title.casefold(), topic.plain.casefold()
        in_title = [bool(p.search(title)) for p in patterns]
        in_text = [len(p.findall(text)) for p in patterns]
        if not all(t or x for t, x in zip(in_title, in_text, strict=True)):
            continue
        ranked.append((-sum(in_title), -sum(in_text), order, topic))
    ranked.sort(key=lambda r: r[:3])
    return [Match(t, -th, -xh, snippet(t.plain, words)) for th, xh, _o, t in ranked]


def _starts(word: str) -> re.Pattern[str]:
    """The word at the start of a word (not inside one), in casefolded text."""
    return re.compile(r"(?<!\w)" + re.escape(word))


def snippet(text: str, words: list[str]) -> str:
    """About a sentence of `text` around the first of `words` in it (its start if none)."""
    folded = text.casefold()
    starts = [m.start() for w in words if (m := _starts(w).search(folded))]
    first = min(starts) if starts else 0
    begin = max(0, first - SNIPPET_BEFORE)
    end = min(len(text), first + SNIPPET_AFTER)
    if begin > 0:  # start on a whole word
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < first else begin
    if end < len(text):  # and end on one
        space = text.rfind(" ", first, end)
        end = space if space > first else end
    cut = text[begin:end].strip()
    return ("…" if begin > 0 else "") + cut + ("…" if end < len(text) and cut[-1:] != "…" else "")


def no_matches(query: str) -> str:
    """What the guide says when nothing matches: the words searched for, and what to try."""
    shown = " ".join(query.split())
    if len(shown) > 40:
        shown = shown[:39] + "…"
    return (
        f"Nothing in the guide matches “{shown}”. Check the spelling, try fewer or shorter "
        "words (such as quorum, target or return), or clear the search to see every topic."
    )
