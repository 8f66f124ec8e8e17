"""The guide's topics: one Markdown file per page of the app, and the glossary.

A guide file (`NN-<name>.md` in resources/help/; the number orders the list) starts with a
short header, then its text in Markdown::

    ---
    title: Meetings
    page: meetings.page
    window: board
    ---
    What the page is for, what each part means, the next step, its keys.

`page` is the page the guide explains, named by its module under stoke_governor.ui (the
main window's and the LA window's page lists name them the same way), or blank for a
window's general guide ("Start here"). `window` is `board` (the school's window) or `la`
(Governor Services' window).

`glossary.md` has the same header (a title), an introduction, then one entry per `## Term`
heading. Links between topics are written `[text](help:glossary/quorum)` or
`[text](help:guide/meetings)` (`help:glossary` is the whole glossary, `help:guides` the
list of guides); the guide never opens any other link.

The files are read when the guide is opened, never at start-up. A broken file is reported
by name with its reason and the others still load.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files.reading import read_limited

FOLDER = "help"  # under resources/
GLOSSARY_FILE = "glossary.md"
MAX_HELP_BYTES = 128 * 1024
GUIDE, GLOSSARY = "guide", "glossary"
ALL_GUIDES, WHOLE_GLOSSARY = "guides", "glossary"  # keys of the two lists' own pages
WINDOWS = ("board", "la")
LINK_SCHEME = "help"  # help:guide/<name> or help:glossary/<term>
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_EMPHASIS = re.compile(r"[*_`]+")
_MARKS = re.compile(r"[#>|]+")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[\s|:-]*-{3,}[\s|:-]*$", re.MULTILINE)


class Topic(NamedTuple):
    key: str  # 'guide/meetings' or 'glossary/quorum': what a help: link names
    kind: str  # GUIDE or GLOSSARY
    title: str
    page: str  # a guide's page (its module under stoke_governor.ui); '' for a general guide
    window: str  # 'board' or 'la' for a guide; '' (both windows) for a glossary entry
    text: str  # Markdown
    plain: str  # the text without Markdown's marks: what search reads and quotes

    @property
    def markdown(self) -> str:
        """The topic as the reader shows it: its title as a heading, then its text."""
        return f"# {self.title}\n\n{self.text}\n"


class HelpContents(NamedTuple):
    guides: tuple[Topic, ...]  # in file order
    glossary: tuple[Topic, ...]  # in the glossary's order
    glossary_intro: str  # Markdown: what comes before the first term
    problems: tuple[str, ...]  # one sentence per file that could not be used

    @property
    def topics(self) -> tuple[Topic, ...]:
        return self.guides + self.glossary

    def for_window(self, window: str) -> HelpContents:
        """The guides for one window's pages (and its general guide); the whole glossary."""
        return self._replace(guides=tuple(g for g in self.guides if g.window == window))

    def get(self, key: str) -> Topic | None:
        return next((t for t in self.topics if t.key == key), None)

    def guide_for(self, page: str | None) -> Topic | None:
        """The guide to this page; the general guide when the page has none (or no page)."""
        if page:
            found = next((g for g in self.guides if g.page == page), None)
            if found is not None:
                return found
        return next((g for g in self.guides if not g.page), None)

    @property
    def glossary_markdown(self) -> str:
        """The whole glossary as one page."""
        entries = "\n".join(f"## {t.title}\n\n{t.text}\n" for t in self.glossary)
        return f"# Glossary\n\n{self.glossary_intro}\n\n{entries}"


def help_folder() -> Path:
    from stoke_governor.core.paths import resources_dir

    return resources_dir() / FOLDER


def load_help(folder: Path | None = None) -> HelpContents:
    """Every guide and the glossary in `folder` (the shipped resources/help/ by default)."""
    folder = Path(folder) if folder is not None else help_folder()
    if not folder.is_dir():
        return HelpContents((), (), "", ("The guide's folder (resources/help) is missing.",))
    guides: list[Topic] = []
    glossary: tuple[Topic, ...] = ()
    intro = ""
    problems: list[str] = []
    for path in sorted(folder.glob("*.md")):
        try:
            if path.name == GLOSSARY_FILE:
                intro, glossary = _glossary(path.name, _read(path))
            else:
                guides.append(_guide(path.name, _read(path)))
        except BadInputFileError as exc:
            problems.append(str(exc))
    if not (folder / GLOSSARY_FILE).is_file():
        problems.append(f"{GLOSSARY_FILE}: the glossary is missing.")
    seen: dict[str, str] = {}
    for g in guides:
        if g.page and g.page in seen:
            problems.append(f"Two guides are for the same page ({g.page}): {seen[g.page]}.")
        seen.setdefault(g.page, g.title)
    return HelpContents(tuple(guides), glossary, intro, tuple(problems))


def slug(text: str) -> str:
    """'Progress 8' → 'progress-8': the part of a topic's key after 'guide/' or 'glossary/'."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def plain_text(markdown: str) -> str:
    """Markdown as words: links by their text, marks and line breaks gone."""
    text = _LINK.sub(r"\1", markdown)
    text = _TABLE_RULE.sub(" ", _LIST_MARK.sub("", text))
    text = _MARKS.sub(" ", _EMPHASIS.sub("", text))
    return " ".join(text.split())


def help_links(markdown: str) -> list[str]:
    """The topic keys this Markdown links to (`help:` links), in order."""
    prefix = f"{LINK_SCHEME}:"
    return [url[len(prefix) :] for _t, url in _LINK.findall(markdown) if url.startswith(prefix)]


def _read(path: Path) -> str:
    try:  # the app's own file, read as any other: a regular file, never past the limit
        data = read_limited(path, MAX_HELP_BYTES, "help page")  # its refusal names the file
    except OSError as exc:
        raise BadInputFileError(
            f"{path.name}: the file cannot be read ({exc.strerror or exc})."
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInputFileError(f"{path.name}: the file is not UTF-8 text.") from None
    return text.replace("\r\n", "\n")


def _header(name: str, text: str) -> tuple[dict[str, str], str]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise BadInputFileError(f"{name}: the file does not start with a '---' header block.")
    header: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return header, "\n".join(lines[number:]).strip()
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise BadInputFileError(f"{name}: header line {number} is not 'key: value'.")
        header[key.strip().lower()] = value.strip()
    raise BadInputFileError(f"{name}: the header block is not closed with '---'.")


def _guide(name: str, text: str) -> Topic:
    header, body = _header(name, text)
    title, window = header.get("title", ""), header.get("window", "")
    if not title:
        raise BadInputFileError(f"{name}: the header has no 'title'.")
    if window not in WINDOWS:
        raise BadInputFileError(f"{name}: 'window' must be one of {', '.join(WINDOWS)}.")
    if not body:
        raise BadInputFileError(f"{name}: the guide has no text.")
    stem = re.sub(r"^\d+-", "", Path(name).stem)
    page = header.get("page", "")
    return Topic(f"{GUIDE}/{stem}", GUIDE, title, page, window, body, plain_text(body))


def _glossary(name: str, text: str) -> tuple[str, tuple[Topic, ...]]:
    _header_values, body = _header(name, text)
    parts = re.split(r"^## +(.+?) *$", body, flags=re.MULTILINE)
    intro, entries = parts[0].strip(), []
    keys: set[str] = set()
    for title, entry in zip(parts[1::2], parts[2::2], strict=True):
        entry = entry.strip()
        if not entry:
            raise BadInputFileError(f"{name}: the entry '{title}' has no text.")
        key = f"{GLOSSARY}/{slug(title)}"
        if key in keys:
            raise BadInputFileError(f"{name}: the entry '{title}' is there twice.")
        keys.add(key)
        entries.append(Topic(key, GLOSSARY, title, "", "", entry, plain_text(entry)))
    if not entries:
        raise BadInputFileError(f"{name}: the glossary has no '## Term' entries.")
    return intro, tuple(entries)
