"""The Self-evaluation page's item panel: what one framework item says, its rating and
evidence, the board's next actions for it and the evidence held in the app linked to it.

A mixin of `SelfEvalPage`, which owns the widgets (built in its `__init__`)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from stoke_governor.core.dates import uk_date
from stoke_governor.selfeval import evaluation as selfeval

ITEM_ROLE = Qt.ItemDataRole.UserRole


class ItemPanel:
    """Show and change the chosen item (`self.item_id`) of the page's evaluation."""

    def _show_item(self, item_id: str | None) -> None:
        self.item_id = item_id
        item = self.framework.item(item_id) if self.framework and item_id else None
        for w in (
            self.rating,
            self.evidence,
            self.save_evidence_button,
            self.action_text,
            self.action_owner,
            self.action_due,
            self.add_action_button,
            self.link_kind,
            self.link_choice,
            self.add_link_button,
            self.remove_action_button,
            self.remove_link_button,
        ):
            w.setEnabled(item is not None)
        self.actions_list.clear()
        self.links_list.clear()
        if item is None:
            self.statement.setText("Choose an item on the left to rate it.")
            self.guidance.clear()
            self.evidence.setPlainText("")
            return
        r = selfeval.ratings(self.store, self.evaluation.id).get(item.id)
        self.statement.setText(f"<b>{item.id}</b> {_html(item.text)}")
        self.guidance.setText(_html(item.guidance))
        self.rating.setCurrentIndex(max(self.rating.findData(r.rating if r else None), 0))
        self.evidence.setPlainText((r.evidence if r else None) or "")
        self.evidence.document().setModified(False)
        for a in selfeval.actions(self.store, self.evaluation.id):
            if a.item_id == item.id:
                text = (
                    a.action
                    + (f" — {a.owner}" if a.owner else "")
                    + (f", due {uk_date(a.due_on)}" if a.due_on else "")
                )
                self.actions_list.addItem(text)
                self.actions_list.item(self.actions_list.count() - 1).setData(ITEM_ROLE, a.id)
        for link in selfeval.links(self.store, self.evaluation.id):
            if link.item_id == item.id:
                self.links_list.addItem(f"{selfeval.LINK_KINDS[link.kind]}: {link.label}")
                self.links_list.item(self.links_list.count() - 1).setData(ITEM_ROLE, link.id)
        self._fill_link_choices()

    def _fill_link_choices(self) -> None:
        self.link_choice.clear()
        if self.school is None:
            return
        kind = self.link_kind.currentData()
        for ref, label in selfeval.link_choices(self.store, self.school.urn, kind)[:500]:
            self.link_choice.addItem(label, ref)

    def add_action(self) -> None:
        if self.item_id and self._do(
            selfeval.add_action,
            self.store,
            self.evaluation.id,
            self.item_id,
            self.action_text.text(),
            self.action_owner.text(),
            self.action_due.iso(),
        ):
            for w in (self.action_text, self.action_owner, self.action_due):
                w.clear()
            self._show_item(self.item_id)

    def remove_action(self) -> None:
        self._remove_selected(self.actions_list, selfeval.remove_action)

    def add_link(self) -> None:
        ref = self.link_choice.currentData()
        if (
            self.item_id
            and ref is not None
            and self._do(
                selfeval.add_link,
                self.store,
                self.evaluation.id,
                self.item_id,
                self.link_kind.currentData(),
                ref,
            )
        ):
            self._show_item(self.item_id)

    def remove_link(self) -> None:
        self._remove_selected(self.links_list, selfeval.remove_link)

    def _remove_selected(self, listing, remove) -> None:
        """Remove the action or link selected in `listing` with `remove`, and show the item."""
        row = listing.currentItem()
        if row is not None:
            remove(self.store, row.data(ITEM_ROLE))
            self._show_item(self.item_id)


def _html(text: str) -> str:
    from html import escape

    return escape(text or "")
