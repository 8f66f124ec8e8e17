"""Writing a return: the payload a board's self-evaluation export carries, its revision,
digest and signature, and the custom XML part (the envelope) that holds it in the workbook.

Each export of a changed evaluation gets the next revision; an unchanged one reproduces
the same payload (its `created` is the time of its revision).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from stoke_governor import APP_NAME, __version__
from stoke_governor.core.settings import LA_RETURN_KEY, LA_RETURN_KEY_ID
from stoke_governor.db.store import Store
from stoke_governor.files.canonical import canonical, digest, sign
from stoke_governor.schools.register import get_school
from stoke_governor.selfeval.evaluation import (
    Evaluation,
    actions,
    framework_of,
    get_evaluation,
    links,
    ratings,
)
from stoke_governor.selfeval.frameworks import Framework
from stoke_governor.selfeval.return_format import FORMAT, FORMAT_VERSION, NAMESPACE
from stoke_governor.selfeval.summary import progress, section_summary

# Characters JSON may carry but XML 1.0 cannot, and lone surrogates UTF-8 cannot.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# -- the payload --------------------------------------------------------------------------
def _clean(value):
    if isinstance(value, str):
        return _UNSAFE.sub("", value)
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _board_summary(store: Store, urn: int, today: dt.date) -> dict | None:
    try:
        from stoke_governor.board.constitution import board_summary
    except ImportError:
        return None
    s = board_summary(store, urn, today)
    return {
        "members": s.members,
        "governors": s.governors,
        "places": s.places,
        "vacancies": s.vacancies,
        "terms_ending": s.terms_ending,
        "terms_ending_within_days": s.within_days,
        "description": s.describe(),
    }


def _training(store: Store, urn: int, today: dt.date) -> dict | None:
    try:
        from stoke_governor.training.records import training_summary
    except ImportError:
        return None
    s = training_summary(store, urn, today=today)
    percent = s.overall_percent
    return {
        "governors": len(s.governors),
        "all_core_done": s.all_core_done,
        "all_core_done_percent": None if percent is None else round(percent),
        "modules": [
            {
                "id": t.module.id,
                "title": t.module.title,
                "core": bool(t.module.core),
                "done": t.done,
                "total": t.total,
            }
            for t in s.take_up
        ],
    }


def content(store: Store, evaluation: Evaluation, today: dt.date) -> dict:
    """Everything the return says, except its revision and the time of that revision."""
    fw: Framework = framework_of(evaluation, store=store)
    school = get_school(store, evaluation.urn)
    held = ratings(store, evaluation.id)
    linked: dict[str, list[dict]] = {}
    for link in links(store, evaluation.id):
        linked.setdefault(link.item_id, []).append(
            {"kind": link.kind, "ref": link.ref, "label": link.label}
        )
    done = progress(held, fw)
    items = []
    for item in fw.items:
        r = held.get(item.id)
        value = r.rating if r else None
        items.append(
            {
                "item": item.id,
                "section": item.section,
                "text": item.text,
                "rating": value,
                "label": fw.scale.label(value),
                "evidence": (r.evidence if r else None) or "",
                "links": linked.get(item.id, []),
            }
        )
    return _clean(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "return_id": evaluation.return_id,
            "app": {"name": APP_NAME, "version": __version__},
            "school": {
                "urn": school.urn,
                "name": school.name,
                "laestab": school.laestab,
                "phase": school.phase,
            },
            "framework": {
                "id": fw.id,
                "version": fw.version,
                "title": fw.title,
                "scale": [{"value": v.value, "label": v.label} for v in fw.scale.values],
                "sections": [{"id": s.id, "title": s.title} for s in fw.sections],
            },
            "evaluation": {
                "year": evaluation.year,
                "title": evaluation.title,
                "agreed_by": evaluation.agreed_by,
                "agreed_on": evaluation.agreed_on,
            },
            "completeness": {
                "items": done.total,
                "rated": done.rated,
                "percent": round(done.percent),
            },
            "sections": [
                {
                    "id": s.section_id,
                    "title": s.title,
                    "items": s.items,
                    "rated": s.rated,
                    "mean": s.mean,
                    "counts": {str(k): n for k, n in s.counts.items()},
                }
                for s in section_summary(held, fw)
            ],
            "ratings": items,
            "actions": [
                {"item": a.item_id, "action": a.action, "owner": a.owner, "due_on": a.due_on}
                for a in actions(store, evaluation.id)
            ],
            "board": _board_summary(store, evaluation.urn, today),
            "training": _training(store, evaluation.urn, today),
            "as_of": today.isoformat(),
        }
    )


class Prepared(NamedTuple):
    payload: dict
    data: bytes  # canonical payload bytes
    digest: str
    signature: str | None
    key_id: str | None
    content_digest: str  # what decides whether the revision moves on
    changed: bool


def prepare(
    store: Store,
    evaluation: Evaluation,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Prepared:
    """The payload to export: the next revision if the content changed, else the same one."""
    body = content(store, evaluation, today or dt.date.today())
    content_digest = digest(canonical(body))
    changed = content_digest != evaluation.exported_digest or not evaluation.revision
    revision = evaluation.revision + 1 if changed else evaluation.revision
    created = (
        (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
        if changed
        else evaluation.revised_at
    )
    payload = dict(body, revision=revision, created=created)
    data = canonical(payload)
    key_hex = store.setting(LA_RETURN_KEY.key)
    signature = sign(data, bytes.fromhex(key_hex)) if key_hex else None
    return Prepared(
        payload,
        data,
        digest(data),
        signature,
        store.setting(LA_RETURN_KEY_ID.key) if key_hex else None,
        content_digest,
        changed,
    )


def record_export(store: Store, evaluation: Evaluation, prepared: Prepared) -> Evaluation:
    """After the file is written: remember the revision and the content it carries."""
    if prepared.changed:
        with store.transaction():
            store.execute(
                "UPDATE evaluations SET revision = ?, revised_at = ?, exported_digest = ? "
                "WHERE id = ?",
                (
                    prepared.payload["revision"],
                    prepared.payload["created"],
                    prepared.content_digest,
                    evaluation.id,
                ),
            )
    return get_evaluation(store, evaluation.id)


def envelope(prepared: Prepared) -> bytes:
    """The custom XML part that carries the payload, its digest and signature."""
    sig = ""
    if prepared.signature:
        sig = (
            f'<signature algorithm="HMAC-SHA256" key-id={quoteattr(prepared.key_id or "")}>'
            f"{prepared.signature}</signature>"
        )
    text = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<return xmlns="{NAMESPACE}" format="{FORMAT}" version="{FORMAT_VERSION}">'
        f'<digest algorithm="SHA-256">{prepared.digest}</digest>{sig}'
        f'<payload encoding="json">{escape(prepared.data.decode("utf-8"))}</payload></return>'
    )
    return text.encode("utf-8")
