"""The guide's reader: a topic's Markdown, shown by Qt's own renderer, offline.

No HTML from the files, no pictures, nothing fetched: `loadResource` gives nothing for any
address. A link to another topic (`help:glossary/quorum`) opens it in the guide; any other
link is never opened, its address is shown instead. The words searched for are highlighted
and the first is scrolled into view.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from stoke_governor.help.topics import LINK_SCHEME

MARKDOWN = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
HIGHLIGHT, HIGHLIGHT_TEXT = "#ffe27a", "#1b1b1b"  # dark text on pale yellow, dark mode too
HEADING_SIZE = {1: 2, 2: 1, 3: 0}  # Qt's size steps above the text's, by heading level


class HelpReader(QTextBrowser):
    topic_link = Signal(str)  # the key of a topic a help: link names
    other_link = Signal(str)  # the address of any other link (never opened)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("helpReader")
        self.setAccessibleName("Guide text")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTabChangesFocus(True)
        # Tab moves on to the next control, never from link to link (the app's keyboard
        # rule), and the arrow keys scroll; every topic a link names is in the topic list.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9) * 1.1)
        self.document().setDefaultFont(font)
        self.document().setDocumentMargin(14)
        self.anchorClicked.connect(self._clicked)

    def show_markdown(self, markdown: str, words: list[str] | tuple[str, ...] = ()) -> None:
        """Show this Markdown from the top, with `words` highlighted (the first in view)."""
        self.document().setMarkdown(markdown, MARKDOWN)
        self._size_headings()
        self.setExtraSelections(self._highlights(words))
        first = self.extraSelections()
        cursor = QTextCursor(self.document())
        if first:
            cursor.setPosition(first[0].cursor.selectionStart())
        self.setTextCursor(cursor)
        if first:
            self.ensureCursorVisible()
        else:
            self.verticalScrollBar().setValue(0)

    def _size_headings(self) -> None:
        """Headings a step smaller than Qt's own (more text in view on a small screen)."""
        block = self.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level in HEADING_SIZE:
                look = QTextCharFormat()
                look.setProperty(QTextFormat.Property.FontSizeAdjustment, HEADING_SIZE[level])
                cursor = QTextCursor(block)
                cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
                cursor.mergeCharFormat(look)
            block = block.next()

    def _highlights(self, words) -> list[QTextEdit.ExtraSelection]:
        look = QTextCharFormat()
        look.setBackground(QColor(HIGHLIGHT))
        look.setForeground(QColor(HIGHLIGHT_TEXT))
        found = []
        for word in words:
            pattern = QRegularExpression(
                r"(?<!\w)" + QRegularExpression.escape(word),
                QRegularExpression.PatternOption.CaseInsensitiveOption,
            )
            cursor = self.document().find(pattern)
            while not cursor.isNull() and len(found) < 500:
                selection = QTextEdit.ExtraSelection()
                selection.cursor, selection.format = cursor, look
                found.append(selection)
                cursor = self.document().find(pattern, cursor)
        found.sort(key=lambda s: s.cursor.selectionStart())
        return found

    def highlighted(self) -> list[str]:
        """The words highlighted now, as they appear in the text (for tests and checks)."""
        return [s.cursor.selectedText() for s in self.extraSelections()]

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == LINK_SCHEME:
            self.topic_link.emit(url.path())
        else:
            self.other_link.emit(url.toString())

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt)
        """Nothing is ever fetched: no pictures, no files, no network."""
        return None
