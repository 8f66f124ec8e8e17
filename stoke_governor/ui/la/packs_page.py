"""The LA's Packs page: every open city school, its signing key and its last pack; making
packs for every school or for the one selected (on the window's worker, with progress);
the fingerprint of the LA's own key that signs every pack, to publish, and its public key
saved as the file the LA ships with the app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QProgressBar,
    QWidget,
)

from stoke_governor.core.dates import stamp_label
from stoke_governor.ui.common.text_table import Cell, TextTableModel
from stoke_governor.ui.common.widgets import button, hbox, row_table, vbox

if TYPE_CHECKING:
    from stoke_governor.db.store import Store

INTRO = (
    "A pack is one file per school with the city targets, the measure catalogue, the training "
    "modules, the frameworks, the figures the LA holds for that school and the school's own "
    "signing key. Send each school its own file (email or the shared drive); the board "
    "applies it with <i>Apply an LA pack</i> in the app's File menu. After that its returns "
    "are signed, so the LA can tell they came from that board."
)
KEY_TEXT = (
    "Every pack is signed with the LA's key <b>{fingerprint}</b>, so a board can tell it "
    "came from the LA. Publish this fingerprint where boards can check it (the LA's page "
    "for governors), and read it out when a board phones to check. Keep this database safe: "
    "whoever has it, or a backup of it, can sign packs as the LA."
)
HEADER = ["School", "URN", "Signing key", "Last pack made", "Packs made"]


class PacksPage(QWidget):
    title = "Packs for schools"
    changed = Signal()  # after packs were made (keys issued, packs recorded)
    message = Signal(str)  # the result shown at the end (for the status bar and tests)

    def __init__(self, store: Store, pool: QThreadPool, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.pool = pool  # the window's: packs are made on it
        self.task = None
        self.choose_folder = self._ask_folder  # tests answer the folder dialog here
        self.choose_key_file = self._ask_key_file  # and the save dialog for the public key
        self._urns: list[int] = []
        heading = QLabel("<h2>Packs for schools</h2>")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setAccessibleName("Packs summary")
        self.summary.setWordWrap(True)
        self.key_text = QLabel()
        self.key_text.setAccessibleName("The LA's key that signs packs")
        self.key_text.setWordWrap(True)
        self.key_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_button = button("Save the LA's public &key…", self.save_public_key)
        self.key_button.setToolTip(
            "Save the key as la-public-key.txt, to ship in the app's resources folder: that "
            "app then trusts the LA's packs from the start"
        )
        self.all_button = button("Make packs for &every school…", self.make_all)
        self.all_button.setToolTip("Choose a folder: one pack file per open city school")
        self.one_button = button("Make a pack for the &selected school…", self.make_selected)
        self.one_button.setToolTip("Choose a folder: the pack for the school selected below")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress making packs")
        self.progress.hide()
        self.result = QLabel()
        self.result.setAccessibleName("Result of making packs")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = TextTableModel(self)
        self.view = row_table(
            self.model, "Schools and their packs", single=True, read_only=True, alternate=True
        )
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.doubleClicked.connect(lambda _index: self.make_selected())
        buttons = hbox(self.all_button, self.one_button, 1)
        vbox(
            heading,
            intro,
            hbox((self.key_text, 1), self.key_button),
            self.summary,
            buttons,
            self.progress,
            self.result,
            (self.view, 1),
            parent=self,
        )
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

    # -- showing -------------------------------------------------------------------------
    def refresh(self) -> None:
        from stoke_governor.la.mode import la_pack_key
        from stoke_governor.la.packs.make import packs_made

        self.key_text.setText(KEY_TEXT.format(fingerprint=la_pack_key(self.store).fingerprint))
        rows = packs_made(self.store)
        selected = self.selected_urn()
        self._urns = [r.urn for r in rows]
        self.model.set_rows(
            HEADER,
            [
                [
                    Cell(r.name),
                    Cell(str(r.urn), number=True),
                    Cell(
                        f"Issued {stamp_label(r.key_issued_at) or ''}"
                        if r.key_id
                        else "Not yet issued",
                        f"Key id {r.key_id}" if r.key_id else "Issued with the school's first pack",
                    ),
                    Cell(stamp_label(r.last_made_at) or "Never", r.last_file or ""),
                    Cell(str(r.packs_made), number=True),
                ]
                for r in rows
            ],
        )
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        keys = sum(1 for r in rows if r.key_id)
        made = sum(1 for r in rows if r.last_made_at)
        self.summary.setText(
            f"{len(rows)} open schools: {made} have had a pack, {keys} have a signing key."
            + ("" if made else " Next: make packs for every school.")
        )
        if selected in self._urns:
            self.view.selectRow(self._urns.index(selected))
        self._update_buttons()

    def selected_urn(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self._urns[rows[0].row()] if rows and rows[0].row() < len(self._urns) else None

    def _update_buttons(self, *args) -> None:
        busy = self.task is not None
        self.all_button.setEnabled(not busy and bool(self._urns))
        self.one_button.setEnabled(not busy and self.selected_urn() is not None)

    # -- the LA's key ----------------------------------------------------------------------
    def _ask_key_file(self) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the LA's public key", "la-public-key.txt", "Text files (*.txt)"
        )
        return path

    def save_public_key(self) -> None:
        from stoke_governor.core.errors import StokeGovernorError
        from stoke_governor.la.packs.make import write_published_key

        path = self.choose_key_file()
        if not path:
            return
        try:
            written = write_published_key(self.store, path)
        except StokeGovernorError as exc:
            self.result.setText(f"The public key was not saved: {exc}")
            return
        text = (
            f"Saved the LA's public key in {written}. To have the app trust the LA's packs "
            "from the start, put it in the app's resources folder as la-public-key.txt for "
            "the build the LA hands out."
        )
        self.result.setText(text)
        self.message.emit(text)

    # -- making packs ----------------------------------------------------------------------
    def make_all(self) -> None:
        self._make(None)

    def make_selected(self) -> None:
        urn = self.selected_urn()
        if urn is not None:
            self._make([urn])

    def _ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Choose the folder for the packs")

    def _make(self, urns: list[int] | None) -> None:
        if self.task is not None:
            return
        folder = self.choose_folder()
        if not folder:
            return
        from stoke_governor.la.packs.make import export_packs
        from stoke_governor.ui.common.worker import start

        store, target = self.store, Path(folder)

        def work(progress, cancelled):
            return export_packs(store, target, urns=urns, progress=progress, cancelled=cancelled)

        self.progress.setRange(0, 0)
        self.progress.show()
        self.result.setText("Making packs…")
        self.task = start(
            self.pool, work, progress=self._progress, finished=self._finished, failed=self._failed
        )
        self._update_buttons()

    def _progress(self, done, total, detail) -> None:
        if total:
            self.progress.setRange(0, int(total))
            self.progress.setValue(int(done))
        if detail:
            self.result.setText(f"Making packs: {detail}…")

    def _end(self, text: str) -> None:
        self.task = None
        self.progress.hide()
        self.result.setText(text)
        self.refresh()
        self.message.emit(text)

    def _finished(self, written) -> None:
        if not written:
            self._end("No packs were made.")
            return
        folder = written[0].parent
        what = f"the pack {written[0].name}" if len(written) == 1 else f"{len(written)} packs"
        self._end(
            f"Made {what} in {folder}. Next: send each school its own file; the board "
            "applies it in its app (File menu, Apply an LA pack)."
        )
        self.changed.emit()

    def _failed(self, message: str, _details: str) -> None:
        self._end(f"The packs were not all made: {message}")
        self.changed.emit()  # keys issued and packs made before the failure are kept
