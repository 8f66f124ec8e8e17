"""The draft minutes as a Word document the clerk edits before the chair approves them.

What the minutes say, and in what order, is `reports.minutes_content`, as for the PDF; this
lays its blocks out with python-docx: A4 with the PDF's margins, the title and sections as
Word's own Heading 1, 2 and 3 styles (so the navigation pane and a table of contents find
them), tables with a header row repeated on every page, the DRAFT marking in the page
header and the school, the meeting and "Page N of M" in the footer. The file is written in
one step (never half a file); it opens in Word and LibreOffice Writer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stoke_governor import APP_NAME
from stoke_governor.files.workbooks import atomic_output
from stoke_governor.meetings.minutes import MinutesRecord
from stoke_governor.reports import minutes_content as content
from stoke_governor.reports.common import ExportCancelled

MARGIN_MM = 18
FONT = "Arial"  # as the PDF's Helvetica; LibreOffice shows it as Liberation Sans
INK, MUTED, DRAFT_RED, HEADER_FILL = "1B1B1B", "555555", "9B1C1C", "E4E9EF"
Progress = Callable[[int, int, str], None]


def write_minutes_docx(
    record: MinutesRecord,
    path: str | Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the minutes to `path` as a .docx (replaced in one step); the path."""
    from docx import Document

    path = Path(path)
    blocks = content.minutes_blocks(record)
    if progress:
        progress(0, len(blocks), "Writing the minutes")
    doc = Document()
    _set_up(doc, record)
    for n, block in enumerate(blocks, 1):
        if cancelled and cancelled():
            raise ExportCancelled("The export was cancelled; no file was written.")
        _add(doc, block)
        if progress and n % 25 == 0:
            progress(n, len(blocks), "Writing the minutes")
    with atomic_output(path) as tmp:
        doc.save(str(tmp))
    if progress:
        progress(len(blocks), len(blocks), "Saved")
    return path


def _set_up(doc, r: MinutesRecord) -> None:
    """A4, margins, the styles' fonts, the page header and footer, the file's properties."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt, RGBColor

    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        section.header_distance = section.footer_distance = Mm(8)
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(header, content.page_marking(r), bold=True, colour=DRAFT_RED, size=8.5)
        footer = section.footer.paragraphs[0]
        footer.paragraph_format.tab_stops.add_tab_stop(
            Mm(210 - 2 * MARGIN_MM), WD_TAB_ALIGNMENT.RIGHT
        )
        _run(footer, content.page_footer(r) + "\tPage ", colour=MUTED, size=8)
        _field(footer, "PAGE")
        _run(footer, " of ", colour=MUTED, size=8)
        _field(footer, "NUMPAGES")
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    normal.font.color.rgb = RGBColor.from_string(INK)
    normal.paragraph_format.space_after = Pt(4)
    for level, size in ((1, 17), (2, 13), (3, 11)):
        style = styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = RGBColor.from_string(INK)
        _no_theme_font(style)
        style.paragraph_format.space_before = Pt((4, 12, 9)[level - 1])
        style.paragraph_format.space_after = Pt((6, 5, 3)[level - 1])
    props = doc.core_properties
    props.title = content.document_title(r)[:255]
    props.subject = content.document_subject(r)[:255]
    props.author = content.document_author(r)[:255]
    props.comments = f"Made with {APP_NAME}"
    props.language = "en-GB"
    _british_english(doc)


def _add(doc, block: content.Block) -> None:
    from docx.shared import Pt

    if isinstance(block, content.Heading):
        doc.add_heading(block.text, level=block.level + 1)
    elif isinstance(block, content.Table):
        _table(doc, block)
    else:
        para = doc.add_paragraph()
        fmt = para.paragraph_format
        if block.style in ("entry", "question"):
            fmt.left_indent = Pt(10)
        if block.style == "question":
            fmt.space_before = Pt(5)
        if block.style == "signature":
            fmt.space_before = Pt(24)
        size = 8.5 if block.style == "small" else 11 if block.style == "mark" else None
        colour = DRAFT_RED if block.style in ("mark", "check") else None
        for r in block.runs:
            _run(
                para,
                r.text,
                bold=r.bold or block.style == "mark",
                colour=DRAFT_RED if r.flag else MUTED if r.muted else colour,
                size=size,
            )
        if block.style in ("mark", "check"):  # two sizes: Word joins boxes drawn alike
            _border(para, DRAFT_RED, "8" if block.style == "mark" else "4")


def _table(doc, block: content.Table) -> None:
    from docx.shared import Mm, Pt

    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for cell, title in zip(table.rows[0].cells, block.header, strict=True):
        _cell_text(cell, (content.Run(title, bold=True),))
        _shade(cell, HEADER_FILL)
    _repeat_header(table.rows[0])
    for row in block.rows:
        cells = table.add_row().cells
        for cell, runs in zip(cells, row, strict=True):
            _cell_text(cell, runs)
    for column, width in zip(table.columns, block.widths_mm, strict=True):
        column.width = Mm(width)  # the table's grid, which Writer goes by
        for cell in column.cells:  # each cell's own width, which Word goes by
            cell.width = Mm(width)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _cell_text(cell, runs: content.Runs) -> None:
    from docx.shared import Pt

    para = cell.paragraphs[0]
    para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(1.5)
    for r in runs:
        _run(para, r.text, bold=r.bold, colour=DRAFT_RED if r.flag else MUTED if r.muted else None)
    for run in para.runs:
        run.font.size = Pt(8.5)


def _run(para, text: str, *, bold=False, colour: str | None = None, size: float | None = None):
    """A run of text; "\\n" in it is a line break (python-docx writes <w:br/>)."""
    from docx.shared import Pt, RGBColor

    run = para.add_run(_xml_safe(text))
    run.bold = bold or None
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    if size:
        run.font.size = Pt(size)
    return run


def _xml_safe(text: str) -> str:
    """Text XML can hold: content's text is already `plain`, so this is belt and braces."""
    return "".join(c for c in text if c in "\t\n" or ord(c) >= 0x20)


# -- what python-docx has no call for: small pieces of the document's XML --------------------
def _field(para, code: str) -> None:
    """A field Word and Writer fill in (PAGE: this page's number, NUMPAGES: how many)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = _run(para, "1", colour=MUTED, size=8)
    para._p.remove(run._r)
    field.append(run._r)
    para._p.append(field)


def _no_theme_font(style) -> None:
    """The template's headings name the theme's font, which wins over the one set here."""
    from docx.oxml.ns import qn

    fonts = style.element.rPr.rFonts
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)


def _british_english(doc) -> None:
    """The document's language (for spelling and hyphenation) is British English."""
    from docx.oxml.ns import qn

    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), "en-GB")


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    after = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
    row._tr.get_or_add_trPr().insert_element_before(header, *after)


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    after = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *after)


def _border(para, colour: str, size: str) -> None:
    """A box round a paragraph (the DRAFT marking, the things to check)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", size), ("space", "4"), ("color", colour)):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    para._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDERS)


# What may follow w:pBdr in a paragraph's properties (the schema fixes their order).
_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
