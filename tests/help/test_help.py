"""The guide: a guide to every page of both windows and the glossary a governor needs,
accurate to the app (its keys, its markers, its self-evaluation's sections), and a search
that finds the right topic first, or says plainly that nothing matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import stoke_governor
from stoke_governor.core.markers import MARKERS
from stoke_governor.help.search import no_matches, search, snippet
from stoke_governor.help.topics import (
    ALL_GUIDES,
    GLOSSARY,
    WHOLE_GLOSSARY,
    help_folder,
    help_links,
    load_help,
)
from tests.special_files import bounded, pipe, posix_only

# The pages of each window, named as their page lists name them (the module under
# stoke_governor.ui); tests/ui/test_help_window.py checks these against the windows.
BOARD_PAGES = (
    "measures.dashboard_page",
    "measures.data_page",
    "meetings.page",
    "challenges.page",
    "board.page",
    "training.page",
    "selfeval.page",
)
LA_PAGES = ("la.city_page", "la.returns_page", "la.packs_page", "la.measures_page")
TERMS = (
    "Progress 8",
    "Attainment 8",
    "English and maths grade 4+ and 5+",
    "EBacc (English Baccalaureate)",
    "Expected standard (key stage 2)",
    "GLD (good level of development)",
    "Trajectory",
    "Target",
    "Baseline year",
    "On track and off track",
    "Before the strategy",
    "Suppressed",
    "Provisional, revised and final",
    "Series break",
    "Quorum",
    "Apologies",
    "Matters arising",
    "Declarations of interest",
    "The six features of effective governance",
    "LA pack",
    "Return",
    "Receipt",
)
# Terms whose meaning is the DfE's (or the law's): the entry says where it comes from.
SOURCED = {
    "Progress 8": "DfE",
    "Attainment 8": "DfE",
    "EBacc (English Baccalaureate)": "DfE",
    "Expected standard (key stage 2)": "DfE",
    "GLD (good level of development)": "DfE",
    "Provisional, revised and final": "DfE",
    "Suppressed": "DfE",
    "Declarations of interest": "DfE",
    "The six features of effective governance": "DfE",
    "Quorum": "Regulations 2013",
    "Apologies": "Regulations 2012",
}


@pytest.fixture(scope="module")
def shipped():
    return load_help()


def entry(contents, title):
    found = [t for t in contents.glossary if t.title == title]
    assert found, f"the glossary has no entry '{title}'"
    return found[0]


def test_the_shipped_guide_loads_whole(shipped):
    assert shipped.problems == ()
    assert len(shipped.guides) == len(BOARD_PAGES) + len(LA_PAGES) + 2  # and a start each
    assert len(shipped.glossary) >= len(TERMS)


def test_every_page_of_both_windows_has_a_guide_and_each_window_a_start(shipped):
    for window, pages in (("board", BOARD_PAGES), ("la", LA_PAGES)):
        guides = shipped.for_window(window).guides
        assert sorted(g.page for g in guides if g.page) == sorted(pages)
        start = [g for g in guides if not g.page]
        assert len(start) == 1 and start[0].title.startswith("Start here")
        assert shipped.for_window(window).guide_for(None) == start[0]
        assert shipped.for_window(window).guide_for("no.such_page") == start[0]
    assert shipped.for_window("board").guide_for("meetings.page").title == "Meetings"
    assert not {g.page for g in shipped.for_window("board").guides} & set(LA_PAGES)


def test_every_glossary_term_asked_for_is_there_in_a_few_sentences(shipped):
    for term in TERMS:
        text = entry(shipped, term).plain
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z(“\"])", text)
        assert 1 <= len(sentences) <= 3, f"{term}: {len(sentences)} sentences"


@pytest.mark.parametrize("term", sorted(SOURCED))
def test_a_definition_from_the_dfe_or_the_law_names_its_source(shipped, term):
    assert SOURCED[term] in entry(shipped, term).plain


def test_the_suppressed_entry_says_what_the_app_shows_for_each_marker(shipped):
    suppressed = entry(shipped, "Suppressed")
    rows = dict(re.findall(r"^\| *(\S+) *\| *([^|]+?) *\|$", suppressed.text, re.MULTILINE))
    for marker in ("c", "x", "z", "u", "low", "SUPP", "NE", "NA", "NP"):
        assert rows.get(marker) == MARKERS[marker], marker
    assert "never counts it as zero" in suppressed.plain


def test_the_six_features_are_the_sections_of_the_boards_self_evaluation(shipped):
    from stoke_governor.selfeval.frameworks import DEFAULT_FRAMEWORK, shipped_frameworks

    framework = next(f for f in shipped_frameworks().frameworks if f.id == DEFAULT_FRAMEWORK)
    text = entry(shipped, "The six features of effective governance").plain.casefold()
    assert len(framework.sections) == 6
    for section in framework.sections:
        assert section.title.casefold() in text


def test_every_link_between_topics_leads_to_one(shipped):
    keys = {t.key for t in shipped.topics} | {ALL_GUIDES, WHOLE_GLOSSARY}
    broken = [
        f"{t.key} → {link}"
        for t in shipped.topics
        for link in help_links(t.text)
        if link not in keys
    ]
    assert broken == []
    assert any(help_links(g.text) for g in shipped.guides)  # guides do link to the glossary


# Qt's standard keys the app uses, as Windows and Linux bind them.
STANDARD = {"New": "Ctrl+N", "Find": "Ctrl+F", "Print": "Ctrl+P", "Quit": "Ctrl+Q"}
KEYS = re.compile(r"\b(?:Ctrl|Alt|Shift)\+[A-Za-z0-9]+(?:\+[A-Za-z0-9]+)*|\bF1\b")


def test_every_shortcut_a_guide_names_is_one_the_app_has(shipped):
    """Ctrl and F-keys as the code sets them (QKeySequence texts and Qt's standard keys);
    Alt+letter as a button's or label's underlined letter (the & in its text)."""
    ui_folder = Path(stoke_governor.__file__).parent / "ui"
    ui = "\n".join(p.read_text(encoding="utf-8") for p in ui_folder.rglob("*.py"))
    set_in_code = set(re.findall(r"\"((?:Ctrl|Shift)\+[^\"]+|F1)\"", ui))
    set_in_code |= {STANDARD[k] for k in re.findall(r"StandardKey\.(\w+)", ui) if k in STANDARD}
    underlined = {c.upper() for c in re.findall(r"&([A-Za-z0-9])", ui)}
    missing = set()
    for guide in shipped.guides:
        for keys in KEYS.findall(guide.plain):
            if keys.startswith("Alt+"):
                ok = len(keys) == 5 and keys[-1].upper() in underlined
            else:
                ok = keys in set_in_code or keys == "Shift+Tab"
            if not ok:
                missing.add(f"{guide.title}: {keys}")
    assert sorted(missing) == []


def test_quorum_finds_its_glossary_entry_first_then_the_meetings_guide(shipped):
    found = search(shipped.topics, "quorum")
    assert found[0].topic.title == "Quorum" and found[0].topic.kind == GLOSSARY
    titles = [m.topic.title for m in found]
    assert "Meetings" in titles
    meetings = found[titles.index("Meetings")]
    assert meetings.text_hits >= 3 and "quorum" in meetings.snippet.casefold()


def test_search_ignores_capitals_and_little_words(shipped):
    plain = [m.topic.key for m in search(shipped.topics, "quorum")]
    assert [m.topic.key for m in search(shipped.topics, "What is the QUORUM?")] == plain


def test_a_word_in_the_title_ranks_above_many_in_the_text(shipped):
    found = search(shipped.topics, "target")
    assert found[0].topic.title == "Target"
    assert found[1].title_hits == 0 and found[1].text_hits > found[0].text_hits
    assert search(shipped.topics, "P8")[0].topic.title == "Progress 8"


def test_every_word_must_be_found_and_words_match_at_their_start(shipped):
    both = {m.topic.key for m in search(shipped.topics, "quorum committee")}
    assert both and both <= {m.topic.key for m in search(shipped.topics, "quorum")}
    assert "glossary/trajectory" in {m.topic.key for m in search(shipped.topics, "trajector")}
    assert search(shipped.topics, "orum") == []  # inside a word: not a match


def test_a_snippet_is_the_text_around_the_first_word_found():
    text = " ".join(f"word{i}" for i in range(60)) + " the quorum is met " + "tail " * 40
    cut = snippet(text, ["quorum"])
    assert cut.startswith("…") and cut.endswith("…") and "the quorum is met" in cut
    assert len(cut) < 200
    assert snippet("Short text.", ["missing"]) == "Short text."


def test_nonsense_finds_nothing_and_says_so_kindly(shipped):
    assert search(shipped.topics, "xyzzy frobnicate") == []
    assert search(shipped.topics, "   ") == []
    message = no_matches("xyzzy frobnicate")
    assert "“xyzzy frobnicate”" in message and "clear the search" in message


GUIDE = "---\ntitle: {title}\npage: {page}\nwindow: board\n---\nWhat the {title} page is for.\n"
GLOSSARY_TEXT = "---\ntitle: Glossary\n---\nIntro.\n\n## Quorum\nEnough governors present.\n"


def test_a_broken_file_is_reported_by_name_and_the_others_still_load(tmp_path):
    (tmp_path / "01-good.md").write_text(GUIDE.format(title="Good", page="a.page"), "utf-8")
    (tmp_path / "02-no-header.md").write_text("Just text.\n", "utf-8")
    (tmp_path / "03-window.md").write_text(
        GUIDE.format(title="W", page="b.page").replace("board", "office"), "utf-8"
    )
    (tmp_path / "04-bytes.md").write_bytes(b"---\ntitle: \xff\n---\n")
    (tmp_path / "glossary.md").write_text(GLOSSARY_TEXT, "utf-8")
    contents = load_help(tmp_path)
    assert [g.title for g in contents.guides] == ["Good"]
    assert [t.title for t in contents.glossary] == ["Quorum"]
    assert [p.split(":")[0] for p in contents.problems] == [
        "02-no-header.md",
        "03-window.md",
        "04-bytes.md",
    ]
    assert "not UTF-8" in contents.problems[2]


def test_a_missing_folder_or_glossary_is_said_plainly(tmp_path):
    assert "missing" in load_help(tmp_path / "nowhere").problems[0]
    (tmp_path / "01-good.md").write_text(GUIDE.format(title="Good", page="a.page"), "utf-8")
    assert load_help(tmp_path).problems == ("glossary.md: the glossary is missing.",)


@posix_only
def test_a_pipe_among_the_help_files_is_refused_not_read(tmp_path):
    (tmp_path / "glossary.md").write_text(GLOSSARY_TEXT, "utf-8")
    pipe(tmp_path / "05-pipe.md")
    with bounded():
        contents = load_help(tmp_path)
    assert contents.problems[0].startswith("05-pipe.md is a named pipe")
    assert [t.title for t in contents.glossary] == ["Quorum"]


def test_the_guide_is_shipped_in_resources():
    assert help_folder().parts[-2:] == ("resources", "help")
    assert (help_folder() / "glossary.md").is_file()
