"""Painting laid-out pages: each page's body (rectangles, rules, status symbols and
text, one text object per page) is turned into PDF content-stream operators by
`Encoder` as soon as the layout engine finishes the page, and kept only compressed;
the file writer (`writer.PdfFile`) later puts the page's own part (running header
and footer, pictures) before it and joins the two into the page's one content stream
(`join_streams`), without compressing the body again.

The encoder writes the operators itself instead of going through reportlab's
drawString / text objects (whose per-call overhead was most of the drawing time), but
lets reportlab's TrueType font assign the subset codes (`TTFont.splitString`), so
the fonts are subset and embedded exactly as reportlab does it. A line of text is
written as its codes' bytes through a codec map of the font's first subset (see
`_FontCodes`); the rare text in a later subset is escaped with reportlab's own
`escapePDF`, character by character once.
"""

from __future__ import annotations

import codecs
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import pdfgeom

from ...model import Status
from .adapter import FontDocument
from .layout import Colour, Link, Mark, Page, Picture, TextStyle
from .tagging import Element, PageSlot

__all__ = ["Encoder", "Painted", "join_streams", "symbol_ops"]


def symbol_ops(status: Status, colour: Colour, size: float) -> str:
    """The operators of a status's vector shape in its colour, centred on (0, 0); each
    status has its own shape, so that colour is never the only carrier of the meaning:
    a tick (done), a half-filled circle (partly done), a cross (not done), an arrow up
    (expected done), an arrow down (not expected done), a question mark (unknown)."""
    r = size * 0.4
    rgb = fp_str(*colour)
    out = [f"q {rgb} RG {rgb} rg 1 J 1 j {fp_str(max(0.8, size * 0.13))} w"]
    add = out.append
    if status is Status.DONE:
        add(f"{_xy(-r, 0)} m {_xy(-r * 0.25, -r * 0.8)} l {_xy(r, r * 0.85)} l S")
    elif status is Status.PARTLY_DONE:
        add(f"{fp_str(max(0.6, size * 0.08))} w {_circle(r)} S")
        add(f"{_xy(0, r)} m {_arc(r, 90, 180)} h f")
    elif status is Status.NOT_DONE:
        add(f"{_xy(-r, -r)} m {_xy(r, r)} l {_xy(-r, r)} m {_xy(r, -r)} l S")
    elif status in (Status.EXPECTED_DONE, Status.EXPECTED_NOT_DONE):
        up = 1 if status is Status.EXPECTED_DONE else -1
        tx, ty = r, up * r
        add(f"{_xy(-r, -up * r)} m {_xy(tx - r * 0.35, ty - up * r * 0.35)} l S")
        add(f"{_xy(tx, ty)} m {_xy(tx - r * 0.95, ty)} l {_xy(tx, ty - up * r * 0.95)} l h f")
    else:  # a question mark, as the theme's "?" is drawn in the Word report and the web page
        a = r * 0.5
        add(f"{_xy(-a, r * 0.45)} m {_arc_about(0.0, r * 0.45, a, 180, -270)} {_xy(0, -r * 0.35)} l S")
        add(f"{_circle_about(0.0, -r * 0.82, r * 0.13)} f")
    add("Q")
    return "\n".join(out)


def _xy(x: float, y: float) -> str:
    return f"{x:.4f} {y:.4f}"


def _arc(r: float, start: float, extent: float) -> str:
    """Bézier curves along the circle of radius `r` about (0, 0) from the angle `start`
    (degrees), continuing a path that stands at the arc's start."""
    curves = pdfgeom.bezierArc(-r, -r, r, r, start, extent)
    return " ".join(f"{_xy(x2, y2)} {_xy(x3, y3)} {_xy(x4, y4)} c" for _, _, x2, y2, x3, y3, x4, y4 in curves)


def _arc_about(cx: float, cy: float, r: float, start: float, extent: float) -> str:
    """`_arc` about (cx, cy)."""
    curves = pdfgeom.bezierArc(cx - r, cy - r, cx + r, cy + r, start, extent)
    return " ".join(f"{_xy(x2, y2)} {_xy(x3, y3)} {_xy(x4, y4)} c" for _, _, x2, y2, x3, y3, x4, y4 in curves)


def _circle_about(cx: float, cy: float, r: float) -> str:
    """A closed circle of radius `r` about (cx, cy)."""
    return f"{_xy(cx + r, cy)} m {_arc_about(cx, cy, r, 0, 360)} h"


def _circle(r: float) -> str:
    """A closed circle of radius `r` about (0, 0)."""
    return f"{_xy(r, 0)} m {_arc(r, 0, 360)} h"


def _pack(body: bytes) -> tuple[bytes, int, int]:
    """A page body as raw Deflate blocks (to be joined after the page's own part, see
    `join_streams`), with its Adler-32 and length. Level 3: on the benchmark's
    pages it takes 0.6 of level 6's time for 7 % more compressed body (1.5 % of the
    file, most of which is structure)."""
    return zlib.compress(body, 3, -15), zlib.adler32(body), len(body)


@dataclass(frozen=True, slots=True)
class Painted:
    """A page whose body is encoded and compressed (`_pack`), with its bookmarks, its
    pictures (drawn by the file writer, which lists them in the page's resources), its
    links, and its place in the structure (the owners of its MCIDs)."""

    packed: tuple[bytes, int, int]
    marks: tuple[Mark, ...]
    images: tuple[Picture, ...]
    links: tuple[Link, ...]
    slot: PageSlot


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


def _marked(slot: PageSlot | None, element: Element) -> str:
    """The operator opening marked content of `element`, with the next MCID of the
    page of `slot`."""
    if slot is None:
        raise ValueError(f"{element.role} content on a page without its place in the structure (no PageSlot)")
    return f"/{element.role} <</MCID {slot.mark(element)}>> BDC"


def join_streams(head: bytes, body: tuple[bytes, int, int]) -> bytes:
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
    """One TrueType font's characters as their codes in the font's subsets.

    reportlab assigns a character its subset and code the first time the font's
    `splitString` sees it; that is asked once per character, in the order the
    characters are first drawn, and remembered. Text all in subset 0 (nearly all
    text) is encoded by a codec map of that subset (`codecs.charmap_encode`, in C):
    its codes as bytes, written raw into the string, only backslash, parentheses and
    carriage return escaped."""

    def __init__(self, font, doc) -> None:
        self.font = font
        self.doc = doc
        self.codes: dict[str, tuple[int, str]] = {}  # character -> (subset, escaped code)
        # Subset 0 as a codec's decoding table (code -> character; U+FFFE: no character
        # yet) and the encoding map made from it when it has grown.
        self._decoding = ["\x00"] + ["\ufffe"] * 255
        self._map: Any = None  # codecs.charmap_build's map (a private type in typeshed)
        self.names: dict[int, str] = {}
        self.learn(" ")

    def learn(self, text: str) -> None:
        codes = self.codes
        for ch in text:
            if ch not in codes:
                ((subset, code),) = self.font.splitString(ch, self.doc)
                codes[ch] = (subset, escapePDF(code))
                if subset == 0 and self._decoding[code[0]] == "\ufffe":  # (no-break space shares 32)
                    self._decoding[code[0]] = ch
                    self._map = None

    def plain(self, line: str) -> str | None:
        """`line` as the string of its codes, ready to go between parentheses, if all
        its characters are in subset 0; else None. The string holds code bytes as the
        characters U+0000–U+00FF (the content stream is written as Latin-1); of them,
        backslash, parentheses and carriage return (which a reader would take for a line
        feed) are escaped."""
        encoding = self._map
        if encoding is None:
            encoding = self._map = codecs.charmap_build("".join(self._decoding))
        try:
            text = codecs.charmap_encode(line, "strict", encoding)[0].decode("latin-1")
        except UnicodeEncodeError:
            return None
        if "(" in text or ")" in text or "\\" in text or "\r" in text:  # (a chain of replace: C speed)
            text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("\r", "\\r")
        return text

    def runs(self, text: str) -> list[tuple[int, str]]:
        """`text` as (subset, escaped string) runs."""
        self.learn(text)
        runs: list[tuple[int, str]] = []
        current, part = -1, list[str]()
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
    """Turns laid-out pages into compressed content streams for the reportlab
    document `doc` (whose fonts assign the subset codes)."""

    def __init__(self, doc: FontDocument, colours: Mapping[Status, Colour],
                 symbols: Mapping[Status, str] | None = None, symbol_font: str | None = None) -> None:
        """`doc`: the reportlab document the fonts are made in (`writer.PdfFile.fonts`).
        `symbols`: the theme's symbol of each status that `symbol_font` can draw; a
        status without one is drawn as its vector shape (`symbol_ops`)."""
        self.doc = doc
        self.colours = colours
        self.symbol_texts = dict(symbols or {})
        self.symbol_font = symbol_font
        self._fonts: dict[str, _FontCodes] = {}
        self._styles: dict[TextStyle, tuple[_FontCodes, str, str]] = {}
        self._symbols: dict[tuple[Status, float], str] = {}
        self._fills: dict[Colour, str] = {}
        self._strokes: dict[tuple[Colour, float], str] = {}
        self._lefts: dict[float, str] = {}
        self._baselines: dict[float, str] = {}

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

    def _stroke(self, colour: Colour, width: float) -> str:
        op = self._strokes.get((colour, width))
        if op is None:
            op = self._strokes[(colour, width)] = f"{fp_str(*colour)} RG {fp_str(width)} w"
        return op

    def _symbol(self, status: Status, size: float) -> str:
        """The operators of a status symbol centred on (0, 0): the theme's symbol where
        the typeface has it, else the status's vector shape (`symbol_ops`)."""
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
            ops = self._symbols[key] = symbol_ops(status, self.colours[status], size)
        return ops

    def body(self, page: Page, slot: PageSlot | None = None) -> bytes:
        """The page's operators, uncompressed."""
        return self.ops(page, slot).encode("latin-1")

    def ops(self, page: Page, slot: PageSlot | None = None, artifact: str = "/Artifact BMC") -> str:
        """The page's operators: rectangles and rules (decoration: one artifact), symbols,
        then text (its codes' bytes: the operators are Latin-1). A symbol or a run of lines of one structure element
        is marked content of that element with the next MCID of `slot`; content of no
        element is marked by `artifact`. Shapes are placed to 1/10,000 point, as
        reportlab's canvas places them; text origins to 1/100."""
        out: list[str] = []
        fill = None
        if page.rects or page.rules:
            out.append("/Artifact BMC")
        for x, y, w, h, colour in page.rects:
            op = self._fill(colour)
            if op != fill:
                out.append(op)
                fill = op
            out.append(f"{x:.4f} {y:.4f} {w:.4f} {h:.4f} re f")
        stroke = None
        for x1, y1, x2, y2, colour, width in page.rules:
            if (colour, width) != stroke:
                out.append(self._stroke(colour, width))
                stroke = (colour, width)
            out.append(f"{x1:.4f} {y1:.4f} m {x2:.4f} {y2:.4f} l S")
        if page.rects or page.rules:
            out.append("EMC")
        for status, cx, cy, size, tag in page.symbols:
            out.append(artifact if tag is None else _marked(slot, tag))
            out.append(f"q 1 0 0 1 {cx:.4f} {cy:.4f} cm")
            out.append(self._symbol(status, size))
            out.append("Q EMC")
        if page.texts:
            out.append("BT")
            style = None
            font = ""  # the font operator in force
            marked: object = False  # the element whose marked content is open (None: artifact)
            # A text's origin as "1 0 0 1 x y Tm": its two halves are remembered, as
            # lines stand at the same few left edges and baselines on every page.
            lefts, baselines = self._lefts, self._baselines
            for x, y, s, line, tag in page.texts:
                if tag is not marked:
                    if marked is not False:
                        out.append("EMC")
                    out.append(artifact if tag is None else _marked(slot, tag))
                    marked = tag
                if s is not style:
                    codes, tail, fill_op = self._style(s)
                    op0: str | None = None
                    if fill_op != fill:
                        out.append(fill_op)
                        fill = fill_op
                    style = s
                if not line:
                    continue
                at = lefts.get(x)
                if at is None:
                    at = f"1 0 0 1 {x:.2f} "
                    if len(lefts) < 100_000:
                        lefts[x] = at
                tm = baselines.get(y)
                if tm is None:
                    tm = f"{y:.2f} Tm"
                    if len(baselines) < 100_000:
                        baselines[y] = tm
                escaped = codes.plain(line)
                if escaped is not None:  # every character already has a code in subset 0
                    if op0 is None:
                        op0 = codes.name(0) + tail
                    if op0 != font:
                        out.append(op0)
                        font = op0
                    out.append(f"{at}{tm} ({escaped}) Tj")
                    continue
                out.append(at + tm)
                for subset, escaped in codes.runs(line):
                    op = codes.name(subset) + tail
                    if op != font:
                        out.append(op)
                        font = op
                    out.append(f"({escaped}) Tj")
            out.append("EMC")
            out.append("ET")
        return "\n".join(out) + "\n"

    def finish(self, page: Page) -> Painted:
        """`page` encoded and compressed, ready for the file writer."""
        return Painted(_pack(self.body(page, page.slot)), tuple(page.marks), tuple(page.images),
                       tuple(page.links), page.slot)
