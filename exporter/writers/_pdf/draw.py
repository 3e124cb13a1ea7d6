"""Painting laid-out pages: each page's body (rectangles, rules, status symbols and
text, one text object per page) is turned into PDF content-stream operators by
`Encoder` as soon as the layout engine finishes the page, and kept only compressed;
`paint` then lets a reportlab canvas make each page (running header and footer,
images) and joins the body's compressed bytes after the canvas's part into the page's
one content stream, without compressing the body again.

The encoder writes the operators itself instead of going through reportlab's
drawString / text objects (whose per-call overhead was most of the drawing time), but
lets reportlab's TrueType font assign the subset codes (`TTFont.splitString`), so
the fonts are subset and embedded exactly as reportlab does it; strings are escaped
with reportlab's own `escapePDF`, character by character once, then with
`str.translate`. The outline (bookmarks) is written by `Outline` in place of
reportlab's, whose generic formatting cost a tenth of the time.
"""

from __future__ import annotations

import codecs
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFStream
from reportlab.pdfgen.canvas import Canvas

from ...model import Status
from .layout import Colour, Mark, Page, TextStyle

__all__ = ["Encoder", "Painted", "draw_symbol", "paint"]


def draw_symbol(canv: Canvas, status: Status, colour: Colour, cx: float, cy: float, size: float) -> None:
    """The status as a vector shape in its colour, centred on (cx, cy); each status has
    its own shape, so that colour is never the only carrier of the meaning:
    a tick (done), a half-filled circle (partly done), a cross (not done), an arrow up
    (expected done), an arrow down (not expected done), a dashed circle (unknown)."""
    r = size * 0.4
    canv.saveState()
    canv.setStrokeColorRGB(*colour)
    canv.setFillColorRGB(*colour)
    canv.setLineWidth(max(0.8, size * 0.13))
    canv.setLineCap(1)
    canv.setLineJoin(1)
    path = canv.beginPath()
    if status is Status.DONE:
        path.moveTo(cx - r, cy)
        path.lineTo(cx - r * 0.25, cy - r * 0.8)
        path.lineTo(cx + r, cy + r * 0.85)
        canv.drawPath(path, stroke=1, fill=0)
    elif status is Status.PARTLY_DONE:
        canv.setLineWidth(max(0.6, size * 0.08))
        canv.circle(cx, cy, r, stroke=1, fill=0)
        path.moveTo(cx, cy + r)
        path.arcTo(cx - r, cy - r, cx + r, cy + r, startAng=90, extent=180)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
    elif status is Status.NOT_DONE:
        path.moveTo(cx - r, cy - r)
        path.lineTo(cx + r, cy + r)
        path.moveTo(cx - r, cy + r)
        path.lineTo(cx + r, cy - r)
        canv.drawPath(path, stroke=1, fill=0)
    elif status in (Status.EXPECTED_DONE, Status.EXPECTED_NOT_DONE):
        up = 1 if status is Status.EXPECTED_DONE else -1
        tip = (cx + r, cy + up * r)
        path.moveTo(cx - r, cy - up * r)
        path.lineTo(tip[0] - r * 0.35, tip[1] - up * r * 0.35)
        canv.drawPath(path, stroke=1, fill=0)
        head = canv.beginPath()
        head.moveTo(*tip)
        head.lineTo(tip[0] - r * 0.95, tip[1])
        head.lineTo(tip[0], tip[1] - up * r * 0.95)
        head.close()
        canv.drawPath(head, stroke=0, fill=1)
    else:
        canv.setLineWidth(max(0.6, size * 0.09))
        canv.setDash(size * 0.16, size * 0.12)
        canv.circle(cx, cy, r, stroke=1, fill=0)
        canv.circle(cx, cy, r * 0.22, stroke=0, fill=1)
    canv.restoreState()



def _pack(body: bytes) -> tuple[bytes, int, int]:
    """A page body as raw Deflate blocks (to be joined after the canvas's part of the
    page, see `_join`), with its Adler-32 and length."""
    return zlib.compress(body, 6, -15), zlib.adler32(body), len(body)


@dataclass(frozen=True, slots=True)
class Painted:
    """A page whose body is encoded and compressed (`_pack`), with its bookmarks and
    its images (drawn through the canvas, which lists them in the page's resources)."""

    packed: tuple[bytes, int, int]
    marks: tuple[Mark, ...]
    images: tuple[tuple[str, float, float, float, float], ...]


_BASE = 65521  # Adler-32's modulus


def _adler32_combine(adler1: int, adler2: int, len2: int) -> int:
    """The Adler-32 of A + B from those of A and B and the length of B (zlib's
    adler32_combine, which Python's zlib module does not offer)."""
    rem = len2 % _BASE
    sum1 = adler1 & 0xFFFF
    sum2 = (rem * sum1) % _BASE
    sum1 += (adler2 & 0xFFFF) + _BASE - 1
    sum2 += ((adler1 >> 16) & 0xFFFF) + ((adler2 >> 16) & 0xFFFF) + _BASE - rem
    sum1 %= _BASE
    sum2 %= _BASE
    return sum1 | (sum2 << 16)


def _join(head: bytes, body: tuple[bytes, int, int]) -> bytes:
    """One zlib stream of `head` followed by the page's body, without compressing the
    body again: `head` is deflated with a sync flush (ending on a byte boundary, not
    final), the body's raw Deflate blocks (final) follow, and the checksum of the
    whole is combined from the two parts'. A small window is plenty for the head and
    quick to set up."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -9, 1)
    head_raw = packer.compress(head) + packer.flush(zlib.Z_SYNC_FLUSH)
    raw, body_adler, size = body
    adler = _adler32_combine(zlib.adler32(head), body_adler, size)
    return b"".join((b"\x78\x9c", head_raw, raw, adler.to_bytes(4, "big")))


class _FontCodes:
    """One TrueType font's characters as escaped PDF string bytes, per subset.

    reportlab assigns a character its subset and code the first time the font's
    `splitString` sees it; that is asked once per character, in the order the
    characters are first drawn, and remembered."""

    def __init__(self, font, doc) -> None:
        self.font = font
        self.doc = doc
        self.codes: dict[str, tuple[int, str]] = {}
        self.table0: dict[int, str] = {}  # ord -> escaped code, for subset 0
        self.known0: set[str] = set()
        self.names: dict[int, str] = {}
        # Escaped words all of whose characters are in subset 0: prose repeats its
        # words, and a line is mostly quicker joined from them than translated.
        self.words: dict[str, str] = {}
        self.learn(" ")

    def learn(self, text: str) -> None:
        codes = self.codes
        for ch in text:
            if ch not in codes:
                ((subset, code),) = self.font.splitString(ch, self.doc)
                escaped = escapePDF(code)
                codes[ch] = (subset, escaped)
                if subset == 0:
                    self.table0[ord(ch)] = escaped
                    self.known0.add(ch)

    def plain(self, line: str) -> str | None:
        """`line` escaped, if all its characters are in subset 0; else None."""
        words = line.split(" ")
        cache = self.words
        escaped = list(map(cache.get, words))
        if None not in escaped:
            return " ".join(escaped)
        if not self.known0.issuperset(line):
            return None
        table0 = self.table0
        if len(cache) < 200_000:
            for word, done in zip(words, escaped):
                if done is None:
                    cache[word] = word.translate(table0)
        return line.translate(table0)

    def runs(self, text: str) -> list[tuple[int, str]]:
        """`text` as (subset, escaped string) runs."""
        if self.known0.issuperset(text):
            return [(0, text.translate(self.table0))]
        self.learn(text)
        runs: list[tuple[int, str]] = []
        current, part = -1, []
        codes = self.codes
        for ch in text:
            subset, escaped = codes[ch]
            if subset != current:
                if part:
                    runs.append((current, "".join(part)))
                current, part = subset, []
            part.append(escaped)
        if part:
            runs.append((current, "".join(part)))
        return runs

    def name(self, subset: int) -> str:
        name = self.names.get(subset)
        if name is None:
            name = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return name


class Encoder:
    """Turns laid-out pages into compressed content streams for the document of
    `canv` (whose fonts assign the subset codes)."""

    def __init__(self, canv: Canvas, colours: Mapping[Status, Colour], pagesize: tuple[float, float],
                 symbols: Mapping[Status, str] | None = None, symbol_font: str | None = None) -> None:
        """`symbols`: the theme's symbol of each status that `symbol_font` can draw; a
        status without one is drawn as its vector shape (`draw_symbol`)."""
        self.doc = canv._doc
        self.colours = colours
        self.pagesize = pagesize
        self.symbol_texts = dict(symbols or {})
        self.symbol_font = symbol_font
        self._fonts: dict[str, _FontCodes] = {}
        self._styles: dict[TextStyle, tuple[_FontCodes, str, str]] = {}
        self._symbols: dict[tuple[Status, float], str] = {}
        self._fills: dict[Colour, str] = {}

    def _codes(self, font: str) -> _FontCodes:
        codes = self._fonts.get(font)
        if codes is None:
            codes = self._fonts[font] = _FontCodes(pdfmetrics.getFont(font), self.doc)
        return codes

    def _style(self, style: TextStyle) -> tuple[_FontCodes, str, str]:
        known = self._styles.get(style)
        if known is None:
            codes = self._codes(style.font)
            known = self._styles[style] = (codes, f" {fp_str(style.size)} Tf {fp_str(style.leading)} TL",
                                           self._fill(style.colour))
        return known

    def _fill(self, colour: Colour) -> str:
        op = self._fills.get(colour)
        if op is None:
            op = self._fills[colour] = f"{fp_str(*colour)} rg"
        return op

    def _symbol(self, status: Status, size: float) -> str:
        """The operators of a status symbol centred on (0, 0): the theme's symbol where
        the typeface has it, else the status's vector shape, drawn once on a scratch
        canvas by `draw_symbol`."""
        key = (status, size)
        ops = self._symbols.get(key)
        if ops is None and status in self.symbol_texts and self.symbol_font:
            # The theme's own symbol, in its colour, centred on (0, 0).
            text = self.symbol_texts[status]
            codes = self._codes(self.symbol_font)
            size *= 1.1
            width = pdfmetrics.stringWidth(text, self.symbol_font, size)
            parts = [f"BT {self._fill(self.colours[status])} 1 0 0 1 {-width / 2:.4f} {-size * 0.36:.4f} Tm"]
            for subset, escaped in codes.runs(text):
                parts.append(f"{codes.name(subset)} {fp_str(size)} Tf ({escaped}) Tj")
            parts.append("ET")
            ops = self._symbols[key] = " ".join(parts)
        if ops is None:
            scratch = Canvas(None, pagesize=self.pagesize, invariant=1)
            start = len(scratch._code)
            draw_symbol(scratch, status, self.colours[status], 0.0, 0.0, size)
            ops = self._symbols[key] = "\n".join(scratch._code[start:])
        return ops

    def body(self, page: Page) -> bytes:
        """The page's operators, uncompressed."""
        return self.ops(page).encode("ascii")

    def ops(self, page: Page) -> str:
        """The page's operators: rectangles, rules, symbols, then text (escaped: ASCII).
        Shapes are placed to 1/10,000 point, as reportlab's canvas places them; text
        origins to 1/100."""
        out: list[str] = []
        add = out.append
        fill = None
        for x, y, w, h, colour in page.rects:
            op = self._fill(colour)
            if op != fill:
                add(op)
                fill = op
            add(f"{x:.4f} {y:.4f} {w:.4f} {h:.4f} re f")
        stroke = None
        for x1, y1, x2, y2, colour, width in page.rules:
            if (colour, width) != stroke:
                add(f"{fp_str(*colour)} RG {fp_str(width)} w")
                stroke = (colour, width)
            add(f"{x1:.4f} {y1:.4f} m {x2:.4f} {y2:.4f} l S")
        for status, cx, cy, size in page.symbols:
            add(f"q 1 0 0 1 {cx:.4f} {cy:.4f} cm")
            add(self._symbol(status, size))
            add("Q")
        if page.texts:
            add("BT")
            style = None
            font = ""  # the font operator in force
            for x, y, s, line in page.texts:
                if s is not style:
                    codes, tail, colour = self._style(s)
                    plain = codes.plain
                    op0 = None
                    if colour != fill:
                        add(colour)
                        fill = colour
                    style = s
                if not line:
                    continue
                escaped = plain(line)
                if escaped is not None:  # every character already has a code in subset 0
                    if op0 is None:
                        op0 = codes.name(0) + tail
                    if op0 != font:
                        add(op0)
                        font = op0
                    add(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({escaped}) Tj")
                    continue
                add(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
                for subset, escaped in codes.runs(line):
                    op = codes.name(subset) + tail
                    if op != font:
                        add(op)
                        font = op
                    add(f"({escaped}) Tj")
            add("ET")
        return "\n".join(out) + "\n"

    def finish(self, page: Page) -> Painted:
        """`page` encoded and compressed, ready for `paint`."""
        return Painted(_pack(self.body(page)), tuple(page.marks), tuple(page.images))


def _text_string(text: str) -> bytes:
    """`text` as a PDF literal text string: PDFDocEncoding where it can be (as reportlab
    writes it), else UTF-16BE with a byte order mark; backslash, parentheses and line
    ends escaped."""
    try:
        data = text.encode("extpdfdoc")  # reportlab's PDFDocEncoding codec
    except UnicodeEncodeError:
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    for raw, escaped in _STRING_ESCAPES:
        if raw in data:
            data = data.replace(raw, escaped)
    return b"(" + data + b")"


_STRING_ESCAPES = ((b"\\", b"\\\\"), (b"(", b"\\("), (b")", b"\\)"), (b"\r", b"\\r"), (b"\n", b"\\n"))


class _OutlineItem(PDFObject):
    """One bookmark: its title, the page it opens (by reportlab's page name) at the
    height `top`, and its place in the tree."""

    __RefOnly__ = 1

    def __init__(self, title: str, page: str, top: float) -> None:
        self.title = title
        self.page = page
        self.top = top
        self.name = ""
        self.parent = ""
        self.prev: _OutlineItem | None = None
        self.next: _OutlineItem | None = None
        self.children: list[_OutlineItem] = []
        self.count = 0

    def format(self, document) -> bytes:
        number = document.idToObjectNumberAndVersion

        def ref(name: str) -> bytes:
            return b"%d %d R" % number[name]

        parts = [b"<<\n"]
        if self.children:
            parts.append(b"/Count %d /First %s /Last %s " % (self.count, ref(self.children[0].name),
                                                            ref(self.children[-1].name)))
        parts.append(b"/Dest [ %s /XYZ null %s null ] " % (ref(self.page), fp_str(self.top).encode("ascii")))
        if self.next is not None:
            parts.append(b"/Next %s " % ref(self.next.name))
        parts.append(b"/Parent %s " % ref(self.parent))
        if self.prev is not None:
            parts.append(b"/Prev %s " % ref(self.prev.name))
        parts.append(b"/Title " + _text_string(self.title) + b"\n>>")
        return b"".join(parts)


class Outline(PDFObject):
    """The document outline, put in place of reportlab's (whose generic formatting of
    every entry was a tenth of the time of a report with many assignments): entries are
    added in order with their level, as with `Canvas.addOutlineEntry`, and written
    with direct /XYZ destinations, all open."""

    __RefOnly__ = 1

    def __init__(self, canv: Canvas) -> None:
        self.root = _OutlineItem("", "", 0.0)
        self._stack = [self.root]
        self.ready: int | None = None
        doc = canv._doc
        doc.outline = doc.Outlines = doc.Catalog.Outlines = self

    def add(self, title: str, level: int, page: str, top: float) -> None:
        """An entry at `level` (at most one deeper than the one before) opening reportlab's
        page `page` (`PDFDocument.thisPageName()`) at the height `top`."""
        stack = self._stack
        if not 0 <= level < len(stack):
            raise ValueError(f"can't jump from outline level {len(stack) - 2} to level {level} ({title!r})")
        del stack[level + 1:]
        item = _OutlineItem(title, page, top)
        siblings = stack[level].children
        if siblings:
            siblings[-1].next = item
            item.prev = siblings[-1]
        siblings.append(item)
        stack.append(item)

    def prepare(self, document, canvas) -> None:
        """Number the entries (depth first, as reportlab does) and count them, before the
        document is formatted."""
        if not self.root.children:
            self.ready = -1
            return
        self.root.name = document.Reference(self).name

        def number(item: _OutlineItem) -> int:
            total = 0
            for child in item.children:
                child.parent = item.name
                child.name = document.Reference(child).name
                total += 1 + number(child)
            item.count = total
            return total

        number(self.root)
        self.ready = 1

    def format(self, document) -> bytes:
        number = document.idToObjectNumberAndVersion
        first, last = self.root.children[0], self.root.children[-1]
        return b"<<\n/Count %d /First %d %d R /Last %d %d R /Type /Outlines\n>>" % (
            self.root.count, *number[first.name], *number[last.name])


_FLATE = PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])})


class _Body(PDFStream):
    """A page's content stream, already compressed. The document formats every object
    once; the compressed bytes are let go as soon as they are copied into the file,
    so that the whole file is not held twice at the end."""

    def __init__(self, data: bytes) -> None:
        super().__init__(_FLATE, data)

    def format(self, document) -> bytes:
        formatted = super().format(document)
        self.content = b""
        return formatted


def paint(canv: Canvas, pages: list[Painted | None], decorate: Callable[[Canvas, int], None]) -> None:
    """Make `pages` in order (page numbers from 1), each decorated (header, footer) by
    `decorate(canvas, page_number)`, and add their bookmarks to the outline. A page's
    content stream is the canvas's part (decoration, images) followed by the body.

    `pages` is used up (each entry set to None once made): a body compressed apart is
    let go as soon as it is joined into its page's stream."""
    outline = Outline(canv)
    doc = canv._doc
    for index in range(len(pages)):
        painted = pages[index]
        pages[index] = None
        assert painted is not None
        number = index + 1
        decorate(canv, number)
        for file, x, y, w, h in painted.images:
            canv.drawImage(file, x, y, w, h, mask="auto")
        if painted.marks:
            name = doc.thisPageName()  # the name the page being made will have
            for mark in painted.marks:
                outline.add(mark.title, mark.level, name, mark.y)
        canv.showPage()
        page = doc.Pages.pages[-1]
        page.Contents = _Body(_join(page.stream.encode("utf-8"), painted.packed))
        page.stream = None
