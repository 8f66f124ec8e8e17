"""The return file: the board's self-evaluation as a workbook a person reads and prints,
carrying the machine-readable return (see `selfeval.return_file`) as a custom XML part.

Every sheet is written from the payload, so what a person reads is what the LA imports.
User text goes through `workbooks.set_text` (never a formula). The file is written to a
temporary name beside the target and renamed, so a crash never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import NamedTuple

from stoke_governor.db.store import Store
from stoke_governor.files.workbooks import atomic_output, set_text
from stoke_governor.selfeval.evaluation import Evaluation
from stoke_governor.selfeval.return_file import PART, Prepared, envelope, prepare, record_export

CUSTOM_XML_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
PROPS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
PROPS_PART = "customXml/itemProps1.xml"
HEADER_FILL = "DCE6F1"
SECTION_FILL = "F2F2F2"


def return_file_name(urn: int, school: str, day: dt.date) -> str:
    """`<URN>_<school>_self-evaluation_<date>.xlsx`, the school's name made safe for any disk."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", school).strip("-")[:60] or "school"
    return f"{urn}_{slug}_self-evaluation_{day.isoformat()}.xlsx"


class Exported(NamedTuple):
    path: Path
    revision: int
    changed: bool  # a new revision (the evaluation changed since the last export)
    digest: str
    signed: bool
    completeness: dict


def export_return(
    store: Store, evaluation: Evaluation, target: str | os.PathLike, today: dt.date | None = None
) -> Exported:
    """Write the return; `target` is a file, or a folder to write the predictable name into."""
    today = today or dt.date.today()
    prepared = prepare(store, evaluation, today)
    school = prepared.payload["school"]
    path = Path(target)
    if path.is_dir():
        path = path / return_file_name(school["urn"], school["name"], today)
    workbook = build_workbook(prepared)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _write_atomically(add_return_part(buffer.getvalue(), prepared), path)
    record_export(store, evaluation, prepared)
    return Exported(
        path,
        prepared.payload["revision"],
        prepared.changed,
        prepared.digest,
        prepared.signature is not None,
        prepared.payload["completeness"],
    )


# -- the package part ---------------------------------------------------------------------
def add_return_part(xlsx: bytes, prepared: Prepared) -> bytes:
    """The workbook with the return as a custom XML part, related and typed as Excel expects."""
    guid = "{" + prepared.payload["return_id"].upper() + "}"
    props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{guid}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        '<ds:schemaRefs><ds:schemaRef ds:uri="urn:stoke-governor:return"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    ).encode()
    item_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{PROPS_REL}" Target="itemProps1.xml"/></Relationships>'
    ).encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest,
    ):
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "[Content_Types].xml":
                body = _add_content_types(body)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                body = _add_relationship(body)
            dest.writestr(info, body)
        dest.writestr(PART, envelope(prepared))
        dest.writestr(PROPS_PART, props)
        dest.writestr("customXml/_rels/item1.xml.rels", item_rels)
    return out.getvalue()


def _add_content_types(body: bytes) -> bytes:
    text = body.decode("utf-8")
    extra = f'<Override PartName="/{PROPS_PART}" ContentType="{PROPS_TYPE}"/>'
    if 'Extension="xml"' not in text:
        extra += '<Default Extension="xml" ContentType="application/xml"/>'
    return text.replace("</Types>", extra + "</Types>").encode("utf-8")


def _add_relationship(body: bytes) -> bytes:
    text = body.decode("utf-8")
    rel = f'<Relationship Id="rIdStokeGovernorReturn" Type="{CUSTOM_XML_REL}" Target="../{PART}"/>'
    return text.replace("</Relationships>", rel + "</Relationships>").encode("utf-8")


def _write_atomically(data: bytes, path: Path) -> None:
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)


# -- the sheets a person reads ------------------------------------------------------------
def build_workbook(prepared: Prepared):
    from openpyxl import Workbook

    p = prepared.payload
    wb = Workbook()
    _cover(wb.active, prepared)
    _ratings(wb.create_sheet("Ratings by section"), p)
    _actions(wb.create_sheet("Actions"), p)
    _board(wb.create_sheet("Board summary"), p)
    return wb


def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "bold": Font(bold=True),
        "title": Font(bold=True, size=16),
        "head": PatternFill("solid", fgColor=HEADER_FILL),
        "section": PatternFill("solid", fgColor=SECTION_FILL),
        "wrap": Alignment(wrap_text=True, vertical="top"),
    }


def _print_setup(ws, landscape: bool, header_row: int | None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "&A, page &P of &N"
    if header_row:
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        ws.print_title_rows = f"{header_row}:{header_row}"


def _fit_height(ws, row: int) -> None:
    """Row height for wrapped text (spreadsheet programs do not all work it out on opening)."""
    from openpyxl.utils import get_column_letter

    lines = 1
    for cell in ws[row]:
        if isinstance(cell.value, str) and cell.value:
            width = ws.column_dimensions[get_column_letter(cell.column)].width or 10
            per_line = max(int(width * 1.15) - 1, 1)
            lines = max(
                lines, sum(-(-max(len(part), 1) // per_line) for part in cell.value.split("\n"))
            )
    ws.row_dimensions[row].height = 15 * min(lines, 30) + 2


def _table_header(ws, row: int, titles: list[str], widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    st = _styles()
    for col, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = set_text(ws.cell(row=row, column=col), title)
        cell.font, cell.fill, cell.alignment = st["bold"], st["head"], st["wrap"]
        ws.column_dimensions[get_column_letter(col)].width = width
    _fit_height(ws, row)


def _cover(ws, prepared: Prepared) -> None:
    p = prepared.payload
    st = _styles()
    ws.title = "Cover"
    set_text(ws["A1"], p["evaluation"]["title"]).font = st["title"]
    set_text(ws["A2"], p["school"]["name"]).font = st["bold"]
    done = p["completeness"]
    ev = p["evaluation"]
    rows = [
        ("School", p["school"]["name"]),
        ("URN", str(p["school"]["urn"])),
        ("Academic year", ev["year"]),
        ("Agreed by", ev["agreed_by"] or "Not yet agreed"),
        ("Agreed on", ev["agreed_on"] or "Not yet agreed"),
        ("Framework", f"{p['framework']['title']} (version {p['framework']['version']})"),
        ("How complete", f"{done['rated']} of {done['items']} items rated ({done['percent']}%)"),
        ("Actions agreed", str(len(p["actions"]))),
        ("Figures as of", p["as_of"]),
        ("Return id", p["return_id"]),
        ("Revision", f"{p['revision']}, made {p['created']}"),
        ("Digest (SHA-256)", prepared.digest),
        ("Signed for the LA", "Yes" if prepared.signature else "No (the school holds no LA key)"),
        ("Made with", f"{p['app']['name']} {p['app']['version']}"),
    ]
    for n, (label, value) in enumerate(rows, start=4):
        set_text(ws.cell(row=n, column=1), label).font = st["bold"]
        set_text(ws.cell(row=n, column=2), value).alignment = st["wrap"]
    note = len(rows) + 5
    set_text(
        ws.cell(row=note, column=1),
        (
            "This workbook is the board's self-evaluation return to Stoke-on-Trent Governor "
            "Services. The sheets are for reading and printing; the LA's import reads the copy "
            "of the return held inside the file, so changes typed here are not imported."
        ),
    ).alignment = st["wrap"]
    ws.merge_cells(start_row=note, start_column=1, end_row=note, end_column=2)
    ws.row_dimensions[note].height = 48
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 70
    _print_setup(ws, landscape=False, header_row=None)


def _ratings(ws, p: dict) -> None:
    st = _styles()
    _table_header(
        ws,
        1,
        [
            "Item",
            "What the board rates itself on",
            "Rating",
            "Evidence",
            "Linked evidence held in the app",
        ],
        [7, 48, 16, 48, 36],
    )
    titles = {s["id"]: s["title"] for s in p["framework"]["sections"]}
    row = 2
    for section in p["sections"]:
        mean = "no ratings yet" if section["mean"] is None else f"mean rating {section['mean']}"
        heading = f"{titles[section['id']]}: {section['rated']} of {section['items']} rated, {mean}"
        for col in range(1, 6):
            ws.cell(row=row, column=col).fill = st["section"]
        set_text(ws.cell(row=row, column=1), heading).font = st["bold"]
        row += 1
        for r in (r for r in p["ratings"] if r["section"] == section["id"]):
            rating = r["label"] if r["rating"] is None else f"{r['rating']} {r['label']}"
            linked = "\n".join(
                f"{link['kind'].capitalize()}: {link['label']}" for link in r["links"]
            )
            for col, value in enumerate([r["item"], r["text"], rating, r["evidence"], linked], 1):
                set_text(ws.cell(row=row, column=col), value).alignment = st["wrap"]
            _fit_height(ws, row)
            row += 1
    _print_setup(ws, landscape=True, header_row=1)


def _actions(ws, p: dict) -> None:
    st = _styles()
    _table_header(ws, 1, ["Item", "Action", "Owner", "Due"], [7, 70, 24, 12])
    for n, a in enumerate(p["actions"], start=2):
        for col, value in enumerate(
            [a["item"], a["action"], a["owner"] or "", a["due_on"] or ""], start=1
        ):
            set_text(ws.cell(row=n, column=col), value).alignment = st["wrap"]
        _fit_height(ws, n)
    if not p["actions"]:
        set_text(ws.cell(row=2, column=2), "No actions agreed yet.")
    _print_setup(ws, landscape=False, header_row=1)


def _board(ws, p: dict) -> None:
    st = _styles()
    _table_header(ws, 1, ["The board", "Number"], [50, 16])
    board = p["board"]
    rows: list[tuple[str, object]] = []
    if board is None:
        rows.append(("Board membership is not held in this version of the app", ""))
    else:
        rows += [
            ("Governors", board["governors"]),
            ("Members, associate members included", board["members"]),
            ("Places in the constitution", board["places"] or "not set"),
            ("Vacancies", board["vacancies"]),
            (
                f"Terms ending within {board['terms_ending_within_days']} days or ended",
                board["terms_ending"],
            ),
        ]
    training = p["training"]
    if training is None:
        rows.append(("Training take-up is not held in this version of the app", ""))
    else:
        share = training["all_core_done_percent"]
        rows.append(
            (
                "Governors with every core training module current",
                f"{training['all_core_done']} of {training['governors']}"
                + ("" if share is None else f" ({share}%)"),
            )
        )
    for n, (label, value) in enumerate(rows, start=2):
        set_text(ws.cell(row=n, column=1), label).alignment = st["wrap"]
        set_text(ws.cell(row=n, column=2), value)
        _fit_height(ws, n)
    if training:
        top = len(rows) + 3
        _table_header(ws, top, ["Training module", "Governors with it current"], [50, 16])
        for n, m in enumerate(training["modules"], start=top + 1):
            title = m["title"] + (" (core)" if m["core"] else "")
            set_text(ws.cell(row=n, column=1), title).alignment = st["wrap"]
            set_text(ws.cell(row=n, column=2), f"{m['done']} of {m['total']}")
            _fit_height(ws, n)
    _print_setup(ws, landscape=False, header_row=1)
