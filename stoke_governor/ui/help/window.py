"""The guide's window (Help → Guide, F1): search, the topics, and the reader.

Opened beside the app (not modal), on the guide to the page on show. The guides and the
glossary are read from resources/help/ when the window is first opened, never at start-up.
On the left, the topics: the guides to this window's pages, then the glossary; typing in
the search box replaces them with the topics that match, best first, each with a snippet.
Keys: Ctrl+F goes to the search box, Down from it to the matches, Esc clears the search
(or, with no search, closes the window).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stoke_governor import APP_NAME
from stoke_governor.help.search import no_matches, search, words_of
from stoke_governor.help.topics import (
    ALL_GUIDES,
    GLOSSARY,
    WHOLE_GLOSSARY,
    HelpContents,
    Topic,
    load_help,
)
from stoke_governor.ui.help.reader import HelpReader

KEY = Qt.ItemDataRole.UserRole  # a topic's key on its row
SIZE = (920, 640)  # the size it opens at, when the screen has room
TOPICS, MATCHES = 0, 1
OFFLINE = "Links are not opened from the app (it works offline). The address is: {}"


class HelpWindow(QDialog):
    def __init__(self, window: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("helpWindow")
        self.setWindowTitle(f"Guide — {APP_NAME}")
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self.contents: HelpContents = load_help().for_window(window)
        self.shown_key = ""
        self.search = QLineEdit(objectName="helpSearch")
        self.search.setAccessibleName("Search the guide")
        self.search.setPlaceholderText("Search the guide and the glossary, e.g. quorum (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)
        self.tree = QTreeWidget(objectName="helpTopics")
        self.tree.setAccessibleName("Topics")
        self.tree.setHeaderHidden(True)
        self.matches = QListWidget(objectName="helpMatches")
        self.matches.setAccessibleName("Topics that match the search")
        self.matches.setWordWrap(True)
        self.matches.setSpacing(2)
        self.count = QLabel(objectName="helpMatchCount", wordWrap=True)
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.reader = HelpReader()
        self.note = QLabel(objectName="helpNote", wordWrap=True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("Close", objectName="helpClose")
        close.clicked.connect(self.close)
        self._fill_tree()
        self._lay_out(search_label, close)
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._to_matches)
        self.search.installEventFilter(self)
        self.tree.currentItemChanged.connect(lambda item, _old: self._chosen(item))
        self.matches.currentItemChanged.connect(lambda item, _old: self._chosen(item))
        self.reader.topic_link.connect(self.show_topic)
        self.reader.other_link.connect(lambda url: self.note.setText(OFFLINE.format(url)))
        QShortcut(QKeySequence.StandardKey.Find, self, self._to_search)
        self.problems = (
            f"{len(self.contents.problems)} part(s) of the guide could not be read: "
            + " ".join(self.contents.problems)
            if self.contents.problems
            else ""
        )
        self.note.setText(self.problems)
        self._fit_screen()

    def _lay_out(self, search_label: QLabel, close: QPushButton) -> None:
        self.left = QStackedWidget()
        self.left.addWidget(self.tree)
        found = QWidget()
        found_layout = QVBoxLayout(found)
        found_layout.setContentsMargins(0, 0, 0, 0)
        found_layout.addWidget(self.count)
        found_layout.addWidget(self.matches, 1)
        self.left.addWidget(found)
        self.left.setMinimumWidth(200)
        split = QSplitter()
        split.addWidget(self.left)
        split.addWidget(self.reader)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([290, 630])
        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    def _fit_screen(self) -> None:
        """Its usual size, or less on a small screen (a 1024×600 netbook)."""
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(min(SIZE[0], screen.width() - 40), min(SIZE[1], screen.height() - 40))

    def _fill_tree(self) -> None:
        self.items: dict[str, QTreeWidgetItem] = {}
        for key, title, topics in (
            (ALL_GUIDES, "Guides to the pages", self.contents.guides),
            (WHOLE_GLOSSARY, "Glossary", self.contents.glossary),
        ):
            heading = QTreeWidgetItem([title])
            heading.setData(0, KEY, key)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            self.tree.addTopLevelItem(heading)
            self.items[key] = heading
            for topic in topics:
                item = QTreeWidgetItem([topic.title])
                item.setData(0, KEY, topic.key)
                item.setToolTip(0, topic.title)  # a long title is cut short in the list
                heading.addChild(item)
                self.items[topic.key] = item
            heading.setExpanded(True)

    # -- showing -------------------------------------------------------------------------
    def show_page(self, page: str | None) -> None:
        """The guide to this page (the window's general guide if it has none), search cleared."""
        self.search.clear()
        guide = self.contents.guide_for(page)
        self.show_topic(guide.key if guide else WHOLE_GLOSSARY)

    def show_topic(self, key: str, words: list[str] | tuple[str, ...] = ()) -> None:
        """Show a topic (or a heading's page) by its key; an unknown key shows the glossary."""
        topic = self.contents.get(key)
        if topic is None and key not in (ALL_GUIDES, WHOLE_GLOSSARY):
            key = WHOLE_GLOSSARY
        self.shown_key = key
        self.note.setText(self.problems)  # a link's address goes with the topic it was in
        self.reader.show_markdown(self._markdown(key, topic), words)
        item = self.items.get(key)
        if item is not None and self.tree.currentItem() is not item:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(item)
            self.tree.blockSignals(False)

    def shown_title(self) -> str:
        topic = self.contents.get(self.shown_key)
        return topic.title if topic else self.items[self.shown_key].text(0)

    def _markdown(self, key: str, topic: Topic | None) -> str:
        if topic is not None:
            if topic.kind == GLOSSARY:
                return topic.markdown + f"\n[The whole glossary](help:{WHOLE_GLOSSARY})\n"
            return topic.markdown
        if key == WHOLE_GLOSSARY:
            return self.contents.glossary_markdown
        links = "\n".join(f"- [{g.title}](help:{g.key})" for g in self.contents.guides)
        return f"# Guides to the pages\n\nOne short guide to each page of this window:\n\n{links}\n"

    def _chosen(self, item) -> None:
        if item is None:
            return
        key = item.data(0, KEY) if isinstance(item, QTreeWidgetItem) else item.data(KEY)
        searching = self.left.currentIndex() == MATCHES
        self.show_topic(key, words_of(self.search.text()) if searching else ())

    # -- searching -----------------------------------------------------------------------
    def _search(self, text: str) -> None:
        if not text.strip():
            self.left.setCurrentIndex(TOPICS)
            self.show_topic(self.shown_key)  # as it was, without highlights
            return
        self.left.setCurrentIndex(MATCHES)
        found = search(self.contents.topics, text)
        self.matches.blockSignals(True)
        self.matches.clear()
        for match in found:
            kind = "Glossary" if match.topic.kind == GLOSSARY else "Guide"
            item = QListWidgetItem(f"{match.topic.title} ({kind})\n{match.snippet}")
            item.setData(KEY, match.topic.key)
            item.setToolTip(match.snippet)
            self.matches.addItem(item)
        self.matches.blockSignals(False)
        self.matches.setVisible(bool(found))
        if not found:
            self.count.setText(no_matches(text))
            return
        n = len(found)
        self.count.setText(f"{n} topic{'s' if n != 1 else ''} match{'es' if n == 1 else ''}:")
        self.matches.setCurrentRow(0)
        self._chosen(self.matches.item(0))

    def _to_matches(self) -> None:
        if self.left.currentIndex() == MATCHES and self.matches.count():
            self.matches.setFocus()

    def _to_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        down = event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down
        if watched is self.search and down:
            self._to_matches()
            return True
        return super().eventFilter(watched, event)

    def reject(self) -> None:
        """Esc in the search box clears the search; otherwise it closes the window."""
        if self.search.hasFocus() and self.search.text():
            self.search.clear()
            return
        super().reject()


def show_help(owner: QWidget, window: str, page: str | None) -> HelpWindow:
    """Open the guide beside `owner` (one per window, kept open) on the guide to `page`."""
    guide = getattr(owner, "help_window", None)
    if guide is None:
        guide = HelpWindow(window, owner)
        owner.help_window = guide
    guide.show_page(page)
    guide.show()
    guide.raise_()
    guide.activateWindow()
    guide.search.setFocus()
    return guide
