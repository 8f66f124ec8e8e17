"""Reading a training module offline, and taking its knowledge check.

The reader shows the module's Markdown with Qt's own renderer: no network, no HTML from
the file, pictures only from the module's own folder. A link is never opened; its
address is shown so the governor can visit it later, when online.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import QFont, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from stoke_governor.board.governors import Governor
from stoke_governor.core.errors import BadInputFileError
from stoke_governor.files.reading import read_limited
from stoke_governor.training.modules import IMAGE_SUFFIXES, MAX_IMAGE_BYTES, Module
from stoke_governor.training.records import record_pass

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

READING_WIDTH = 720  # pixels: a comfortable line length
MARKDOWN = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


def module_markdown(module: Module) -> str:
    """The page a governor reads: a line about the module, its text, then its sources."""
    kind = "Core module" if module.core else "Optional module"
    intro = (
        f"*{kind} · version {module.version} · {module.renewal_text} · "
        f"knowledge check: {module.pass_mark} of {len(module.questions)} to pass*\n\n"
    )
    sources = "\n".join(f"- {s.title}" + (f" — {s.url}" if s.url else "") for s in module.sources)
    return intro + module.body + ("\n## Sources\n\n" + sources + "\n" if sources else "")


class ModuleReader(QTextBrowser):
    link_shown = Signal(str)  # the address of a link the reader clicked (never opened)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("moduleReader")
        self.setAccessibleName("Training module text")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setLineWrapColumnOrWidth(READING_WIDTH)  # narrower when the window is (resize)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9) * 1.15)
        self.document().setDefaultFont(font)
        self.document().setDocumentMargin(18)
        self.anchorClicked.connect(lambda url: self.link_shown.emit(url.toString()))
        self.folder: Path | None = None

    def show_module(self, module: Module | None) -> None:
        self.folder = None if module is None else module.folder.resolve()
        self.setSearchPaths([] if module is None else [str(self.folder)])
        if module is None:
            self.setMarkdown("")
            return
        self.document().setMarkdown(module_markdown(module), MARKDOWN)
        self.moveCursor(QTextCursor.MoveOperation.Start)  # it opens at its start, left edge
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        """Lines no longer than READING_WIDTH; in a narrower reader, as wide as it is (no
        scrolling sideways to read a line)."""
        super().resizeEvent(event)
        fits = self.viewport().width() >= READING_WIDTH
        wrap = QTextEdit.LineWrapMode
        mode = wrap.FixedPixelWidth if fits else wrap.WidgetWidth
        if self.lineWrapMode() != mode:
            self.setLineWrapMode(mode)

    def loadResource(self, kind: int, url: QUrl):
        """Pictures from the module's folder only; nothing else is ever fetched."""
        if kind != QTextDocument.ResourceType.ImageResource.value or self.folder is None:
            return None
        if url.scheme() not in ("", "file") or url.host():
            return None
        path = (self.folder / url.path()).resolve()
        if not path.is_relative_to(self.folder) or path.suffix.lower() not in IMAGE_SUFFIXES:
            return None
        try:  # a regular file, never more than a picture may hold: the one reader
            return QByteArray(read_limited(path, MAX_IMAGE_BYTES, "picture"))
        except (OSError, BadInputFileError):
            return None  # the Training page reports the module's broken picture


class KnowledgeCheckDialog(QDialog):
    """Choose the governor, answer the questions, submit: a pass is recorded at once."""

    recorded = Signal(int)  # the governor's id, after a pass is stored

    def __init__(self, store: Store, module: Module, governors: list[Governor], parent=None):
        super().__init__(parent)
        self.store, self.module = store, module
        self.setWindowTitle(f"Knowledge check: {module.title}")
        self.resize(720, 640)
        self.governor_box = QComboBox(objectName="checkGovernor")
        self.governor_box.setAccessibleName("Governor taking the check")
        for g in governors:
            self.governor_box.addItem(f"{g.name} ({g.category_label})", g.id)
        form = QFormLayout()
        who = QLabel("&Who is taking the check?")
        who.setBuddy(self.governor_box)
        form.addRow(who, self.governor_box)
        intro = QLabel(
            f"Answer all {len(module.questions)} questions; {module.pass_mark} right is a pass. "
            "Use Tab to move between questions and the arrow keys to choose an answer."
        )
        intro.setWordWrap(True)
        self.groups: list[QButtonGroup] = []
        self.feedback: list[QLabel] = []
        questions = QWidget()
        qlayout = QVBoxLayout(questions)
        for n, q in enumerate(module.questions, start=1):
            box = QGroupBox(f"Question {n}", objectName=f"question{n}")
            box.setAccessibleName(f"Question {n}: {q.text}")
            blayout = QVBoxLayout(box)
            asked = QLabel(q.text)
            asked.setWordWrap(True)
            asked.setTextFormat(Qt.TextFormat.PlainText)
            font = asked.font()
            font.setBold(True)
            asked.setFont(font)
            blayout.addWidget(asked)
            group = QButtonGroup(self)
            for i, option in enumerate(q.options):
                radio = QRadioButton(option, objectName=f"q{n}a{i + 1}")
                group.addButton(radio, i)
                blayout.addWidget(radio)
            note = QLabel(objectName=f"feedback{n}")
            note.setWordWrap(True)
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.hide()
            blayout.addWidget(note)
            self.groups.append(group)
            self.feedback.append(note)
            qlayout.addWidget(box)
        qlayout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(questions)
        self.result_label = QLabel(objectName="checkResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setAccessibleName("Result of the knowledge check")
        buttons = QDialogButtonBox()
        self.submit = QPushButton("&Submit answers", objectName="submitAnswers")
        self.submit.setDefault(True)
        buttons.addButton(self.submit, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)
        self.submit.clicked.connect(self.submit_answers)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.result = None

    def answers(self) -> list[int | None]:
        return [g.checkedId() if g.checkedId() >= 0 else None for g in self.groups]

    def submit_answers(self) -> None:
        from stoke_governor.core.errors import StokeGovernorError

        answers = self.answers()
        blank = [str(n) for n, a in enumerate(answers, start=1) if a is None]
        if blank:
            self.result_label.setText(f"Please answer question(s) {', '.join(blank)} first.")
            return
        try:
            result = record_pass(self.store, self.governor_box.currentData(), self.module, answers)
        except StokeGovernorError as exc:
            self.result_label.setText(str(exc))
            return
        self.result = result
        for n, (q, note) in enumerate(zip(self.module.questions, self.feedback, strict=True), 1):
            right = n not in result.wrong
            note.setText(("✓ Right. " if right else "✗ Not quite. ") + q.explanation)
            note.show()
        name = self.governor_box.currentText()
        self.result_label.setText(f"{name}: {result.message}")
        if result.passed:
            self.submit.setEnabled(False)
            self.governor_box.setEnabled(False)
            for g in self.groups:
                for b in g.buttons():
                    b.setEnabled(False)
            self.close_button.setFocus()
            self.recorded.emit(self.governor_box.currentData())
