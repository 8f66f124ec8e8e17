"""The board's self-evaluation as a PDF for its own papers (reportlab, A4).

Written from the same content as the return, so the papers and the return agree. All
user text is escaped before reportlab reads it as markup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.db.store import Store
from stoke_governor.selfeval.evaluation import Evaluation
from stoke_governor.selfeval.return_file import content


def _p(text: object, style) -> object:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def write_selfeval_pdf(
    store: Store, evaluation: Evaluation, path: str | os.PathLike, today: dt.date | None = None
) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    p = content(store, evaluation, today or dt.date.today())
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8.5, leading=10.5)
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dce6f1")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    done, ev = p["completeness"], p["evaluation"]
    story = [
        _p(ev["title"], styles["Title"]),
        _p(f"{p['school']['name']} (URN {p['school']['urn']})", styles["Heading2"]),
        _p(
            f"Framework: {p['framework']['title']} (version {p['framework']['version']}). "
            f"{done['rated']} of {done['items']} items rated ({done['percent']}%). "
            f"Agreed by: {ev['agreed_by'] or 'not yet agreed'}"
            f"{', on ' + ev['agreed_on'] if ev['agreed_on'] else ''}.",
            body,
        ),
        Spacer(1, 4 * mm),
        _p("Summary by section", styles["Heading2"]),
    ]
    rows: list[list[object]] = [["Section", "Rated", "Mean rating"]]
    rows += [
        [
            s["title"],
            f"{s['rated']} of {s['items']}",
            "–" if s["mean"] is None else f"{s['mean']:.1f}",
        ]
        for s in p["sections"]
    ]
    story.append(Table(rows, colWidths=[90 * mm, 30 * mm, 30 * mm], style=grid))
    titles = {s["id"]: s["title"] for s in p["framework"]["sections"]}
    for section in p["sections"]:
        story.append(_p(titles[section["id"]], styles["Heading2"]))
        rows = [
            [_p("Item", small), _p("Statement", small), _p("Rating", small), _p("Evidence", small)]
        ]
        for r in (r for r in p["ratings"] if r["section"] == section["id"]):
            links = "".join(
                f"\n{link['kind'].capitalize()}: {link['label']}" for link in r["links"]
            )
            rating = r["label"] if r["rating"] is None else f"{r['rating']} {r['label']}"
            rows.append(
                [
                    _p(r["item"], small),
                    _p(r["text"], small),
                    _p(rating, small),
                    _p(r["evidence"] + links, small),
                ]
            )
        story.append(
            Table(rows, colWidths=[12 * mm, 68 * mm, 24 * mm, 76 * mm], style=grid, repeatRows=1)
        )
    story.append(_p("Actions", styles["Heading2"]))
    if p["actions"]:
        rows = [[_p(h, small) for h in ("Item", "Action", "Owner", "Due")]]
        rows += [
            [
                _p(a["item"], small),
                _p(a["action"], small),
                _p(a["owner"], small),
                _p(a["due_on"], small),
            ]
            for a in p["actions"]
        ]
        story.append(
            Table(rows, colWidths=[12 * mm, 110 * mm, 35 * mm, 23 * mm], style=grid, repeatRows=1)
        )
    else:
        story.append(_p("No actions agreed yet.", body))

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise StokeGovernorError(
            f"Cannot save {path.name} in {folder}: {exc.strerror or exc}."
        ) from exc
    try:
        margin = 15 * mm
        doc = SimpleDocTemplate(
            tmp_name,
            pagesize=A4,
            title=ev["title"],
            leftMargin=margin,
            rightMargin=margin,
            topMargin=margin,
            bottomMargin=margin,
        )
        doc.build(story)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError as exc:
        raise StokeGovernorError(f"Cannot save {path}: {exc.strerror or exc}.") from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
    return path
