"""The report each page of the main window prints: minutes, training summary, evaluation,
school data summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stoke_governor.ui.common.print_preview import Report

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from stoke_governor.db.store import Store

SCHOOL_DATA_PAGES = ("measures.dashboard_page", "measures.data_page")


def report_of(module: str, page: QWidget, store: Store, urn: int) -> Report | None:
    """The report of this page (named by its module under stoke_governor.ui), or None if
    it has none: the Meetings page prints the chosen meeting's draft minutes, the Training
    page the board's training summary, the Self-evaluation page the self-evaluation, and
    the Dashboard and School data page the school data summary for the meeting pack."""
    if module in SCHOOL_DATA_PAGES:
        from stoke_governor.reports.data_summary import TITLE
        from stoke_governor.reports.data_summary_pdf import export_data_summary

        return Report(TITLE, lambda path: export_data_summary(store, urn, path))
    if module == "meetings.page":
        meeting = getattr(page, "meeting", None)
        if meeting is None:
            return None
        from stoke_governor.meetings.minutes import meeting_title
        from stoke_governor.reports.minutes_export import export_minutes

        mid = meeting.id
        return Report(
            f"Draft minutes of the {meeting_title(meeting)}",
            lambda path: export_minutes(store, urn, path, meeting_id=mid),
        )
    if module == "training.page":
        from stoke_governor.reports.training_report import PDF, export_training_summary

        return Report(
            "Training summary", lambda path: export_training_summary(store, urn, path, PDF)
        )
    if module == "selfeval.page":
        evaluation = getattr(page, "evaluation", None)
        if evaluation is None:
            return None
        from stoke_governor.reports.selfeval_pdf import write_selfeval_pdf

        return Report(
            f"Self-evaluation {evaluation.year}",
            lambda path: write_selfeval_pdf(store, evaluation, path),
        )
    return None
