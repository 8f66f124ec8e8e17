"""Draws the PDFs this app writes onto a QPainter (a printer, a preview page, an image).

PySide6-Essentials has no PDF renderer (QtPdf ships only in PySide6-Addons), so this reads
the app's own reportlab output: A4 pages of vector text, lines and filled rectangles in
the standard PDF fonts (Helvetica and friends), page-count forms. Text is drawn in the
system's Helvetica-compatible font (Arial, Liberation Sans, Helvetica), each run stretched
to reportlab's own width for it, so lines break and align as in the PDF. Anything else (an
image, an embedded font, a PDF from elsewhere) raises UnsupportedPdf rather than
printing something wrong; the caller offers the system's PDF viewer instead.
"""

from __future__ import annotations

import base64
import re
import zlib
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)

from ..errors import StokeGovernorError

MAX_STREAM = 20_000_000  # bytes of one decoded content stream


class UnsupportedPdf(StokeGovernorError):
    """The PDF uses something this renderer does not draw (it only reads the app's own)."""


_OBJ = re.compile(rb"(\d+) 0 obj\b(.*?)endobj", re.S)
_REF = rb"(\d+) 0 R"
_TOKEN = re.compile(
    rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|\[|\]|/[^\s/\[\]()<>]+|<<|>>"
    rb"|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+|%[^\n]*",
    re.S,
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
FAMILIES = {"Helvetica": "Helvetica", "Times": "Times", "Courier": "Courier"}


def _string(token: bytes) -> str:
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        c = body[i : i + 1]
        if c == b"\\" and i + 1 < len(body):
            n = body[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            out += _ESCAPES.get(n, n if n not in b"\r\n" else b"")
            i += 2
            continue
        out += c
        i += 1
    return bytes(out).decode("cp1252", errors="replace")


class PdfDocument:
    """The pages of one of the app's PDFs, ready to draw."""

    def __init__(self, path: str | Path):
        data = Path(path).read_bytes()
        if not data.startswith(b"%PDF-") or b"ReportLab" not in data[:400]:
            raise UnsupportedPdf(f"{Path(path).name} was not written by this app.")
        self.objects = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(data)}
        root = re.search(rb"/Root " + _REF, data[data.rfind(b"trailer") :])
        if not root:
            raise UnsupportedPdf(f"{Path(path).name} has no page list.")
        pages = re.search(rb"/Pages " + _REF, self.objects[int(root.group(1))])
        self.pages: list[int] = []
        self._collect(int(pages.group(1)), depth=0)
        if not self.pages:
            raise UnsupportedPdf(f"{Path(path).name} has no pages.")

    def _collect(self, number: int, depth: int) -> None:
        body = self.objects.get(number, b"")
        if depth > 20:
            raise UnsupportedPdf("The PDF's page list is too deep.")
        if re.search(rb"/Type /Pages\b", body):
            kids = re.search(rb"/Kids \[([^\]]*)\]", body)
            for ref in re.findall(_REF, kids.group(1) if kids else b""):
                self._collect(int(ref), depth + 1)
        elif re.search(rb"/Type /Page\b", body):
            self.pages.append(number)

    def __len__(self) -> int:
        return len(self.pages)

    def page_size(self, index: int) -> QSizeF:
        """The page's size in points (1/72 inch)."""
        box = re.search(rb"/MediaBox \[([^\]]*)\]", self.objects[self.pages[index]])
        x0, y0, x1, y1 = (float(v) for v in box.group(1).split()) if box else (0, 0, 595, 842)
        return QSizeF(x1 - x0, y1 - y0)

    def _stream(self, number: int) -> bytes:
        body = self.objects[number]
        start = re.search(rb"stream\r?\n", body)
        end = body.rfind(b"endstream")
        if not start or end < 0:
            raise UnsupportedPdf("A page's contents cannot be read.")
        raw, head = body[start.end() : end].strip(), body[: start.start()]
        filters = re.findall(rb"/(ASCII85Decode|FlateDecode|\w+Decode)", head)
        for name in filters:
            if name == b"ASCII85Decode":
                raw = base64.a85decode(raw[:-2] if raw.endswith(b"~>") else raw)
            elif name == b"FlateDecode":
                inflater = zlib.decompressobj()
                raw = inflater.decompress(raw, MAX_STREAM)
                if inflater.unconsumed_tail:
                    raise UnsupportedPdf("A page of the PDF is too large to draw.")
            else:
                raise UnsupportedPdf(f"The PDF uses {name.decode()}, which is not drawn here.")
        return raw

    def _resources(self, body: bytes) -> tuple[dict[str, str], dict[str, int]]:
        """Font names → base fonts, and form names → object numbers, for a page or form."""
        fonts: dict[str, str] = {}
        font_dict = re.search(rb"/Font (?:" + _REF + rb"|<<(.*?)>>)", body, re.S)
        if font_dict:
            text = (self.objects.get(int(font_dict.group(1)), b"") if font_dict.group(1)
                    else font_dict.group(2))  # fmt: skip
            for name, ref in re.findall(rb"/(\w+) " + _REF, text):
                base = re.search(rb"/BaseFont /([\w-]+)", self.objects.get(int(ref), b""))
                fonts[name.decode()] = base.group(1).decode() if base else "Helvetica"
        forms: dict[str, int] = {}
        xobjects = re.search(rb"/XObject <<(.*?)>>", body, re.S)
        if xobjects:
            for name, ref in re.findall(rb"/([^\s/]+) " + _REF, xobjects.group(1)):
                forms[name.decode()] = int(ref)
        return fonts, forms

    def render(self, painter: QPainter, index: int, target: QRectF) -> None:
        """Draw page `index` scaled into `target` (keeping its shape, top left)."""
        size = self.page_size(index)
        scale = min(target.width() / size.width(), target.height() / size.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        # PDF space: origin bottom left, y up, in points
        painter.translate(target.left(), target.top() + size.height() * scale)
        painter.scale(scale, -scale)
        page = self.objects[self.pages[index]]
        contents = re.search(rb"/Contents (?:" + _REF + rb"|\[([^\]]*)\])", page)
        refs = ([contents.group(1)] if contents and contents.group(1)
                else re.findall(_REF, contents.group(2)) if contents else [])  # fmt: skip
        code = b"\n".join(self._stream(int(r)) for r in refs)
        _Interpreter(self, painter, *self._resources(page)).run(code, depth=0)
        painter.restore()


class _State:
    def __init__(self):
        self.fill, self.stroke, self.width = QColor("black"), QColor("black"), 1.0
        self.cap, self.join = Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.MiterJoin
        self.dash: list[float] = []

    def copy(self) -> _State:
        other = _State()
        other.__dict__.update(self.__dict__)
        other.dash = list(self.dash)
        return other


CAPS = (Qt.PenCapStyle.FlatCap, Qt.PenCapStyle.RoundCap, Qt.PenCapStyle.SquareCap)
JOINS = (Qt.PenJoinStyle.MiterJoin, Qt.PenJoinStyle.RoundJoin, Qt.PenJoinStyle.BevelJoin)
IGNORED = {"BDC", "BMC", "EMC", "MP", "DP", "gs", "i", "ri", "M", "d0", "d1", "BX", "EX"}


class _Interpreter:
    """Runs one content stream: graphics state, paths and text."""

    def __init__(self, doc: PdfDocument, painter: QPainter, fonts, forms):
        self.doc, self.p, self.fonts, self.forms = doc, painter, fonts, forms
        self.gs, self.stack = _State(), []
        self.path = QPainterPath()
        self.clip_next = False
        self.font, self.size, self.leading = "Helvetica", 12.0, 0.0
        self.word_space = self.char_space = 0.0
        self.scale_h = 1.0
        self.tm = self.tlm = QTransform()

    def run(self, code: bytes, depth: int) -> None:
        args: list = []
        array: list | None = None
        for m in _TOKEN.finditer(code):
            t = m.group()
            if t.startswith(b"%"):
                continue
            if t == b"[":
                array = []
            elif t == b"]":
                args.append(array or [])
                array = None
            elif t.startswith(b"(") or t.startswith(b"/") or t[:1] in b"+-.0123456789":
                value = (_string(t) if t.startswith(b"(") else t[1:].decode() if
                         t.startswith(b"/") else float(t))  # fmt: skip
                (array if array is not None else args).append(value)
            elif t in (b"<<", b">>"):
                raise UnsupportedPdf("The PDF uses inline dictionaries, not drawn here.")
            else:
                self.op(t.decode(), args, depth)
                args = []

    def op(self, op: str, a: list, depth: int) -> None:  # noqa: C901 (one operator table)
        p, gs = self.p, self.gs
        if op == "q":
            self.stack.append(gs.copy())
            p.save()
        elif op == "Q":
            if self.stack:
                self.gs = self.stack.pop()
                p.restore()
        elif op == "cm":
            p.setTransform(QTransform(*a[:4], a[4], a[5]), combine=True)
        elif op in ("rg", "RG", "g", "G", "k", "K"):
            color = (QColor.fromRgbF(*a[:3]) if op in ("rg", "RG") else
                     QColor.fromRgbF(a[0], a[0], a[0]) if op in ("g", "G") else
                     QColor.fromCmykF(*a[:4]))  # fmt: skip
            if op.islower():
                gs.fill = color
            else:
                gs.stroke = color
        elif op == "w":
            gs.width = a[0]
        elif op == "J":
            gs.cap = CAPS[int(a[0]) % 3]
        elif op == "j":
            gs.join = JOINS[int(a[0]) % 3]
        elif op == "d":
            gs.dash = list(a[0]) if a and isinstance(a[0], list) else []
        elif op == "m":
            self.path.moveTo(a[0], a[1])
        elif op == "l":
            self.path.lineTo(a[0], a[1])
        elif op == "c":
            self.path.cubicTo(a[0], a[1], a[2], a[3], a[4], a[5])
        elif op in ("v", "y"):
            cur = self.path.currentPosition()
            c1 = cur if op == "v" else QPointF(a[0], a[1])
            self.path.cubicTo(c1, QPointF(a[-4], a[-3]) if op == "v" else QPointF(a[2], a[3]),
                              QPointF(a[-2], a[-1]))  # fmt: skip
        elif op == "h":
            self.path.closeSubpath()
        elif op == "re":
            self.path.addRect(QRectF(a[0], a[1], a[2], a[3]).normalized())
        elif op in ("f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "n"):
            self._paint(op)
        elif op in ("W", "W*"):
            self.clip_next = True
        elif op == "BT":
            self.tm = self.tlm = QTransform()
        elif op == "ET":
            pass
        elif op == "Tf":
            self.font, self.size = self.fonts.get(str(a[0]), "Helvetica"), a[1]
        elif op == "TL":
            self.leading = a[0]
        elif op == "Tw":
            self.word_space = a[0]
        elif op == "Tc":
            self.char_space = a[0]
        elif op == "Tz":
            self.scale_h = a[0] / 100
        elif op in ("Ts", "Tr"):
            pass
        elif op == "Tm":
            self.tm = self.tlm = QTransform(*a[:4], a[4], a[5])
        elif op in ("Td", "TD"):
            if op == "TD":
                self.leading = -a[1]
            self.tm = self.tlm = QTransform.fromTranslate(a[0], a[1]) * self.tlm
        elif op == "T*":
            self.tm = self.tlm = QTransform.fromTranslate(0, -self.leading) * self.tlm
        elif op == "Tj":
            self._show(a[0])
        elif op == "'":
            self.op("T*", [], depth)
            self._show(a[0])
        elif op == '"':
            self.word_space, self.char_space = a[0], a[1]
            self.op("T*", [], depth)
            self._show(a[2])
        elif op == "TJ":
            for part in a[0]:
                if isinstance(part, str):
                    self._show(part)
                else:
                    move = -part / 1000 * self.size * self.scale_h
                    self.tm = QTransform.fromTranslate(move, 0) * self.tm
        elif op == "Do":
            self._form(str(a[0]), depth)
        elif op not in IGNORED:
            raise UnsupportedPdf(f"The PDF uses '{op}', which is not drawn here.")

    def _paint(self, op: str) -> None:
        p, gs, path = self.p, self.gs, self.path
        if self.clip_next:
            p.setClipPath(path, Qt.ClipOperation.IntersectClip)
            self.clip_next = False
        if op != "n":
            path.setFillRule(Qt.FillRule.OddEvenFill if "*" in op else Qt.FillRule.WindingFill)
            if op in ("s", "b", "b*"):
                path.closeSubpath()
            fill = op not in ("S", "s")
            stroke = op in ("S", "s", "B", "B*", "b", "b*")
            pen = QPen(gs.stroke, gs.width, Qt.PenStyle.SolidLine, gs.cap, gs.join)
            if gs.dash and gs.width > 0:
                pen.setDashPattern([max(v / gs.width, 0.01) for v in gs.dash])
            if gs.width == 0:
                pen.setCosmetic(True)
            p.setPen(pen if stroke else Qt.PenStyle.NoPen)
            p.setBrush(QBrush(gs.fill) if fill else Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        self.path = QPainterPath()

    def _qfont(self) -> QFont:
        base = self.font
        family = next((f for prefix, f in FAMILIES.items() if base.startswith(prefix)), "")
        if not family:
            raise UnsupportedPdf(f"The PDF uses the font {base}, which is not drawn here.")
        font = QFont(family)
        font.setStyleHint({"Helvetica": QFont.StyleHint.SansSerif, "Times": QFont.StyleHint.Serif,
                           "Courier": QFont.StyleHint.TypeWriter}[family])  # fmt: skip
        font.setPixelSize(100)
        font.setBold("Bold" in base)
        font.setItalic("Oblique" in base or "Italic" in base)
        return font

    def _show(self, text: str) -> None:
        """Draw a run of text at the text position, as wide as reportlab measured it."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if not text:
            return
        width = stringWidth(text, self.font, self.size)
        width += self.char_space * len(text) + self.word_space * text.count(" ")
        width *= self.scale_h
        p = self.p
        font = self._qfont()
        qt_width = QFontMetricsF(font).horizontalAdvance(text)
        p.save()
        p.setTransform(self.tm, combine=True)
        p.scale(self.size / 100, -self.size / 100)  # glyphs upright, 100 px font → size
        if qt_width > 0:
            p.scale(width / (qt_width * self.size / 100), 1)
        p.setFont(font)
        p.setPen(QPen(self.gs.fill))
        p.drawText(QPointF(0, 0), text)
        p.restore()
        self.tm = QTransform.fromTranslate(width, 0) * self.tm

    def _form(self, name: str, depth: int) -> None:
        number = self.forms.get(name)
        if number is None or depth > 5:
            return
        body = self.doc.objects.get(number, b"")
        if not re.search(rb"/Subtype /Form", body):
            raise UnsupportedPdf("The PDF holds an image, which is not drawn here.")
        fonts, forms = self.doc._resources(body)
        matrix = re.search(rb"/Matrix \[([^\]]*)\]", body)
        self.p.save()
        if matrix:
            self.p.setTransform(QTransform(*(float(v) for v in matrix.group(1).split())),
                                combine=True)  # fmt: skip
        inner = _Interpreter(self.doc, self.p, fonts or self.fonts, forms)
        inner.gs = self.gs.copy()
        inner.run(self.doc._stream(number), depth + 1)
        self.p.restore()
