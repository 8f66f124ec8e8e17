"""The guide as a governor meets it: F1 on a page opens the guide to that page; typing in
its search shows the matching topics, best first; it fits a small laptop's screen."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from stoke_governor.help.search import no_matches
from stoke_governor.schools.register import select_school
from stoke_governor.ui.shell.app import open_main_window
from stoke_governor.ui.shell.main_window import LAZY_PAGES, MainWindow
from tests.conftest import BIRCHES_HEAD
from tests.help.test_help import BOARD_PAGES, LA_PAGES
from tests.keyboard_walk import assert_walked_by_tab


@pytest.fixture
def window(qtbot, store):
    win = MainWindow(store, select_school(store, BIRCHES_HEAD))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def la_window(qtbot, la_path):
    win = open_main_window(la_path, ask_for_school=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.pool.waitForDone(10000)
    win.store.close()


def row_of(win, title: str) -> int:
    return next(r for r in range(win.nav.count()) if win.nav.item(r).text() == title)


def press_f1(qtbot, win):
    """F1 in the app's window, as a user presses it there."""
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.keyClick(win.nav, Qt.Key.Key_F1)
    guide = win.help_window
    qtbot.waitUntil(guide.isActiveWindow)  # beside the app, and the one typed into
    return guide


def guide_titles(guide) -> list[str]:
    heading = guide.tree.topLevelItem(0)
    return [heading.child(i).text(0) for i in range(heading.childCount())]


def test_f1_on_the_challenge_log_opens_the_guide_to_the_challenge_log(window, qtbot):
    window.nav.setCurrentRow(row_of(window, "Challenge log"))
    guide = press_f1(qtbot, window)
    assert not guide.isModal()
    assert guide.shown_title() == "Challenge log"
    assert guide.tree.currentItem().text(0) == "Challenge log"
    text = guide.reader.toPlainText()
    assert text.startswith("Challenge log") and "Ctrl+N" in text
    qtbot.waitUntil(lambda: QApplication.focusWidget() is guide.search)  # type to search


def test_f1_on_another_page_brings_the_same_guide_to_that_page(window, qtbot):
    window.nav.setCurrentRow(row_of(window, "Challenge log"))
    guide = press_f1(qtbot, window)
    guide.search.setText("quorum")
    window.nav.setCurrentRow(row_of(window, "Meetings"))
    assert press_f1(qtbot, window) is guide
    assert guide.shown_title() == "Meetings"
    assert guide.search.text() == "" and guide.tree.isVisible()


def test_each_page_of_the_school_window_has_its_own_guide_titled_as_in_the_list(window):
    assert [window.show_help().contents.guide_for(p).page for p in BOARD_PAGES] == list(BOARD_PAGES)
    assert len(BOARD_PAGES) == window.nav.count() == len(LAZY_PAGES) + 1
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.show_help().shown_title() == window.nav.item(row).text()


def test_each_page_of_the_las_window_has_its_own_guide(la_window, qtbot):
    assert la_window.nav.count() == len(LA_PAGES)
    for row in range(la_window.nav.count()):
        la_window.nav.setCurrentRow(row)
        guide = press_f1(qtbot, la_window)
        assert guide.shown_title() == la_window.nav.item(row).text()
    # the LA's guides only, then the whole glossary
    assert guide_titles(guide) == [
        "Start here (Governor Services)",
        "City picture",
        "Returns",
        "Packs for schools",
        "City measures",
    ]
    assert guide.tree.topLevelItem(1).text(0) == "Glossary"


def test_both_help_menus_offer_the_guide_on_f1(window, la_window):
    for win in (window, la_window):
        menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Help")
        guide = next(a for a in menu.actions() if a.text() == "&Guide")
        assert guide.shortcut().toString() == "F1"


def test_typing_in_the_search_shows_the_matching_topics_best_first(window, qtbot):
    guide = press_f1(qtbot, window)
    qtbot.keyClicks(guide.search, "quorum")
    assert guide.matches.isVisible() and not guide.tree.isVisible()
    shown = [guide.matches.item(i).text() for i in range(guide.matches.count())]
    assert shown[0].startswith("Quorum (Glossary)\nThe least number of governors")
    assert any(s.startswith("Meetings (Guide)\n") for s in shown)
    assert guide.count.text() == f"{len(shown)} topics match:"
    assert guide.shown_title() == "Quorum"  # the best match is open to read
    assert {w.casefold() for w in guide.reader.highlighted()} == {"quorum"}
    qtbot.keyClick(guide.search, Qt.Key.Key_Down)
    assert guide.matches.hasFocus()
    guide.matches.setCurrentRow(next(i for i, s in enumerate(shown) if s.startswith("Meetings")))
    assert guide.shown_title() == "Meetings"
    assert len(guide.reader.highlighted()) >= 3  # every quorum in the Meetings guide


def test_a_search_that_finds_nothing_says_so_and_esc_brings_back_the_topics(window, qtbot):
    guide = press_f1(qtbot, window)
    qtbot.keyClicks(guide.search, "xyzzy")
    assert not guide.matches.isVisible()
    assert guide.count.text() == no_matches("xyzzy")
    guide.show_topic("guide/dashboard")
    guide.search.setText("frobnicate quorum")  # pasted: the reader keeps what it shows
    assert guide.count.text() == no_matches("frobnicate quorum")
    assert guide.shown_title() == "School dashboard" and guide.reader.highlighted() == []
    guide.search.setText("xyzzy")
    qtbot.keyClick(guide.search, Qt.Key.Key_Escape)
    assert guide.search.text() == "" and guide.tree.isVisible() and guide.isVisible()
    qtbot.keyClick(guide.search, Qt.Key.Key_Escape)
    assert not guide.isVisible()


def test_links_to_topics_open_in_the_guide_and_no_other_link_is_ever_opened(
    window, qtbot, monkeypatch
):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    guide = press_f1(qtbot, window)
    assert not guide.reader.openLinks() and not guide.reader.openExternalLinks()
    guide.reader.anchorClicked.emit(QUrl("help:glossary/trajectory"))
    assert guide.shown_title() == "Trajectory"
    guide.reader.anchorClicked.emit(QUrl("help:glossary"))
    assert guide.reader.toPlainText().startswith("Glossary")
    guide.reader.anchorClicked.emit(QUrl("https://www.gov.uk/governance"))
    assert "https://www.gov.uk/governance" in guide.note.text()
    assert "offline" in guide.note.text()
    assert opened == [] and guide.shown_title() == "Glossary"
    guide.show_topic("glossary/quorum")
    assert guide.note.text() == ""  # the address goes with the topic it was in
    assert guide.reader.loadResource(2, QUrl("file:///etc/hostname")) is None


def test_the_guide_fits_a_1024_by_600_screen(window, qtbot):
    guide = press_f1(qtbot, window)
    screen = guide.screen().availableGeometry()
    assert guide.width() <= screen.width() and guide.height() <= screen.height()
    hint = guide.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 600
    guide.resize(1024, 600)
    qtbot.waitUntil(lambda: guide.width() == 1024)
    QApplication.processEvents()
    for part in (guide.search, guide.tree, guide.reader):
        assert part.isVisible()
        corner = part.mapTo(guide, part.rect().bottomRight())
        assert corner.x() <= guide.width() and corner.y() <= guide.height()
    assert guide.reader.width() >= 550 and guide.reader.viewport().height() >= 380
    assert guide.tree.width() >= 200


def test_the_guide_is_walked_by_tab_and_names_each_control(window, qtbot):
    guide = press_f1(qtbot, window)
    assert_walked_by_tab(qtbot, guide, "Guide")


def test_a_guide_file_that_cannot_be_read_is_named_and_the_rest_still_shows(
    window, qtbot, monkeypatch, tmp_path
):
    from stoke_governor.help import topics
    from stoke_governor.ui.help import window as help_window

    for path in topics.help_folder().glob("*.md"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "04-meetings.md").write_text("Meetings, without its header.\n", "utf-8")
    monkeypatch.setattr(help_window, "load_help", lambda: topics.load_help(tmp_path))
    window.nav.setCurrentRow(row_of(window, "Meetings"))
    guide = press_f1(qtbot, window)
    assert guide.note.text().startswith("1 part(s) of the guide could not be read: 04-meetings")
    assert guide.shown_title() == "Start here"  # the page's guide is missing: the start
    assert "Meetings" not in guide_titles(guide) and len(guide_titles(guide)) == 7
