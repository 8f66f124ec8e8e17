"""One school's return as the LA holds it, in HTML for `ReturnView`: the cover, ratings by
section with the board's evidence, actions, the board and its training, every revision
received, and what to do when no return is held.

Every text from the file is escaped here before it is shown.
"""

from __future__ import annotations

from html import escape

from stoke_governor.ui.la.city_table import received_on

STATES = {
    "current": "used in the city picture",
    "superseded": "replaced by a later revision",
    "conflict": "conflicting copy: a person must choose",
}
NO_RETURN_STEPS = (
    "Send the board its pack (the <b>Packs for schools</b> page): it carries the framework "
    "and the school's signing key, so its return can be checked when it comes.",
    "Chase the return: ask the clerk or chair to open the <b>Self-evaluation</b> page, "
    "choose <b>Export return…</b> (a return can be sent at any stage) and email the file.",
    "When it arrives, choose <b>Import returns…</b> in the File menu, or drop the file on "
    "this window.",
)


def _e(value) -> str:
    return escape("" if value is None else str(value))


def _made(created) -> str:
    """'22 Nov 2026 at 13:59 UTC' from the payload's ISO timestamp."""
    text = str(created or "")
    day = received_on(text)
    return f"{day} at {text[11:16]} UTC" if len(text) >= 16 and text[10] == "T" else day


def _yes(flag) -> str:
    return "yes" if flag else "no"


def _table(header: list[str], rows: list[list[str]], widths: tuple[int, ...] = ()) -> str:
    head = "".join(
        f"<th align='left'{f' width={w}%' if w else ''}>{_e(h)}</th>"
        for h, w in zip(header, widths or (0,) * len(header), strict=True)
    )
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (
        f"<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        f"<tr style='background:#eeeeee'>{head}</tr>{body}</table>"
    )


def risk_html(risk) -> str:
    """The city picture's flag for this school and its reasons (none when not given)."""
    if risk is None:
        return ""
    word = {"at risk": "At risk", "watch": "Watch", "no concern": "No concern"}.get(
        risk.level, risk.level
    )
    reasons = "".join(f"<li>{_e(r)}</li>" for r in risk.reasons)
    return (
        f"<p><b>Risk flag: {_e(word)}</b>"
        f"{'' if reasons else ' (nothing in the rule applies)'}</p>"
        f"{f'<ul>{reasons}</ul>' if reasons else ''}"
    )


def cover_html(p: dict, held) -> str:
    school, ev = p.get("school") or {}, p.get("evaluation") or {}
    done = p.get("completeness") or {}
    fw = p.get("framework") or {}
    rows = [
        ("School", f"{_e(school.get('name'))} (URN {_e(school.get('urn'))})"),
        ("Phase", _e(school.get("phase") or "not given")),
        ("Academic year", _e(ev.get("year"))),
        ("Framework", f"{_e(fw.get('title'))} (version {_e(fw.get('version'))})"),
        ("Revision", f"{_e(p.get('revision'))}, made {_e(_made(p.get('created')))}"),
        (
            "Received by the LA",
            f"{_e(received_on(held.received_at))} ({_e(STATES.get(held.state, held.state))})",
        ),
        ("Signed with the school's key", _yes(held.signed)),
        (
            "Changed outside the app",
            "<b>yes: accepted and flagged; its figures are unchecked</b>" if held.edited else "no",
        ),
        ("Agreed by", _e(ev.get("agreed_by") or "not recorded")),
        ("Agreed on", _e(ev.get("agreed_on") or "not recorded")),
        (
            "How complete",
            f"{_e(done.get('rated'))} of {_e(done.get('items'))} items rated "
            f"({_e(done.get('percent'))}%)",
        ),
        ("File", _e(held.file_name)),
    ]
    body = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
    return f"<h3>Cover</h3><table cellpadding='3'>{body}</table>"


def ratings_html(p: dict) -> str:
    scale = {
        v.get("value"): v.get("label")
        for v in (p.get("framework") or {}).get("scale") or []
        if isinstance(v, dict)
    }
    by_section: dict = {}
    for r in p.get("ratings") or []:
        if isinstance(r, dict):
            by_section.setdefault(r.get("section"), []).append(r)
    parts = ["<h3>Ratings by section</h3>"]
    for s in p.get("sections") or []:
        if not isinstance(s, dict):
            continue
        mean = s.get("mean")
        said = "nothing rated" if mean is None else f"mean {mean:.1f} of 4"
        parts.append(
            f"<h4>{_e(s.get('title'))} — {said} ({_e(s.get('rated'))} of "
            f"{_e(s.get('items'))} items rated)</h4>"
        )
        rows = []
        for r in by_section.get(s.get("id"), []):
            value = r.get("rating")
            rating = "Not rated" if value is None else f"{value} {scale.get(value, '')}"
            links = "; ".join(
                f"{_e(link.get('label'))}"
                for link in r.get("links") or []
                if isinstance(link, dict)
            )
            evidence = _e(r.get("evidence")) or "<i>none given</i>"
            rows.append(
                [
                    f"<b>{_e(r.get('item'))}</b> {_e(r.get('text'))}",
                    _e(rating),
                    evidence + (f"<br><i>Linked:</i> {links}" if links else ""),
                ]
            )
        parts.append(_table(["Item", "Rating", "The board's evidence"], rows, (48, 14, 38)))
    return "".join(parts)


def actions_html(p: dict) -> str:
    acts = [a for a in p.get("actions") or [] if isinstance(a, dict)]
    if not acts:
        return "<h3>Actions</h3><p>The board recorded no next actions.</p>"
    rows = [
        [_e(a.get("item")), _e(a.get("action")), _e(a.get("owner")), _e(a.get("due_on"))]
        for a in acts
    ]
    return "<h3>Actions</h3>" + _table(["Item", "Action", "Owner", "Due"], rows)


def board_html(p: dict) -> str:
    board, training = p.get("board"), p.get("training")
    parts = ["<h3>The board</h3>"]
    if isinstance(board, dict):
        facts = [
            ("Governors", board.get("governors")),
            ("Vacancies", board.get("vacancies")),
            (
                f"Terms ending within {board.get('terms_ending_within_days') or 60} days",
                board.get("terms_ending"),
            ),
        ]
        shown = "; ".join(f"{k}: {_e(v)}" for k, v in facts if v is not None)
        parts.append(
            f"<p>{_e(board.get('description'))}</p>"
            f"<p>{shown} (as of {_e(received_on(p.get('as_of')))}).</p>"
        )
    else:
        parts.append("<p>The return gives no board figures.</p>")
    parts.append("<h3>Training take-up</h3>")
    if isinstance(training, dict):
        pct = training.get("all_core_done_percent")
        parts.append(
            f"<p>{_e(training.get('all_core_done'))} of "
            f"{_e(training.get('governors'))} governors have done every core module"
            f"{'' if pct is None else f' ({_e(pct)}%)'}.</p>"
        )
        rows = [
            [
                _e(m.get("title")),
                "core" if m.get("core") else "optional",
                f"{_e(m.get('done'))} of {_e(m.get('total'))}",
            ]
            for m in training.get("modules") or []
            if isinstance(m, dict)
        ]
        if rows:
            parts.append(_table(["Module", "Kind", "Governors done"], rows))
    else:
        parts.append("<p>The return gives no training figures.</p>")
    return "".join(parts)


def history_html(history: list, shown_id: int | None) -> str:
    if not history:
        return ""
    rows = [
        [
            _e(h.year),
            _e(h.revision),
            _e(received_on(h.received_at)),
            _e(STATES.get(h.state, h.state)),
            _yes(h.signed),
            _yes(h.edited),
            "<b>shown above</b>" if h.id == shown_id else "",
        ]
        for h in history
    ]
    return "<h3>Revisions received</h3>" + _table(
        ["Year", "Revision", "Received", "State", "Signed", "Edited", ""], rows
    )


def missing_html(school: str, urn: int | None, year: str, history: list, risk) -> str:
    """No return held for the year: what the LA can do, and the revisions held of others."""
    steps = "".join(f"<li>{s}</li>" for s in NO_RETURN_STEPS)
    older = "<p>Returns from other years are held; choose one above.</p>" if history else ""
    return (
        risk_html(risk) + f"<p>No self-evaluation return from the board of {_e(school)} (URN "
        f"{_e(urn)}) has been imported for {_e(year)}.</p>"
        f"<h3>What you can do</h3><ol>{steps}</ol>{older}" + history_html(history, None)
    )
