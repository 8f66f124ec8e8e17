"""Time stamps as people read them: '20 Nov 2026 14:03', in local time."""

from __future__ import annotations


def when(stamp: str | None) -> str:
    """An ISO time stamp as people read it, in local time: '20 Nov 2026 14:03'."""
    import datetime as dt

    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.day} {moment:%b %Y %H:%M}"
