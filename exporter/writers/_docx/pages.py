"""Where Word puts each heading of the report: the page numbers of its contents.

Word (and LibreOffice) paginate a document when they open it; a .docx holds no pages.
The contents' page numbers are therefore worked out here, by laying the report's
outline out as Word lays out the paragraphs and tables the Word writer makes of it:
the reference document's page geometry and paragraph styles (sizes, fixed line
heights, space before and after, indents, keep-with-next, keep-lines-together,
widow and orphan control, a page break before), tables whose rows never split and
whose header row repeats, and the words measured in the theme's TrueType files, the
metric twins of the Word fonts (Liberation Sans for Arial), broken into lines as Word
breaks them: greedily, at spaces and after hyphens.

The PDF writer's layout engine sets the same outline for print; this module shares its
measure of words (`writers._pdf.layout.Measure`, the same fonts and cache) and follows
Word's rules of placing, so that the numbers hold in Word and LibreOffice. The user
can still update the contents in Word (F9).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import assert_never

from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn

from ...report.outline import (
    Badge, BulletList, Figure, Heading, Inline, Link, Outline, Paragraph, Table, Text,
)
from .._pdf.fonts import typeface
from .._pdf.layout import Measure, TextStyle

__all__ = ["KEPT_WITH_NEXT", "ROLE_STYLES", "Format", "Frame", "Layout", "Pagination", "figure_line", "formats_of", "heading_pages"]

# A symbol the body font lacks (a status's ✔) is drawn by the font Word or LibreOffice
# falls back on; its width, in ems, as DejaVu Sans and Segoe UI Symbol draw those symbols.
FALLBACK_EM = 0.84
EPSILON = 0.01  # points: what two ways of adding up lengths may differ by

# The paragraph style (a key of the Word writer's STYLE_NAMES) of each role of
# `outline.Paragraph` (None: the default style), and the roles kept on the page of the
# paragraph after them (a status sentence with the comment it introduces).
ROLE_STYLES = {"body": None, "lead": "lead", "field": "details", "note": "note", "status_text": None,
               "comment": None, "reference": None}
KEPT_WITH_NEXT = frozenset({"status_text"})


@dataclass(frozen=True)
class Format:
    """A paragraph style as Word applies it, in points."""

    size: float = 11.0
    line: float = 13.5  # the distance between baselines (fixed, or worked out from an "auto" multiple)
    before: float = 0.0
    after: float = 0.0
    left: float = 0.0
    right: float = 0.0
    keep_next: bool = False
    keep_lines: bool = False
    widow_control: bool = True
    bold: bool = False
    italic: bool = False
    border: float = 0.0  # what a rule under the paragraph adds to its height


@dataclass(frozen=True)
class Frame:
    """The page's text area, in points, and a table's cell margins."""

    width: float
    height: float
    cell_top: float = 2.0
    cell_bottom: float = 2.0
    cell_side: float = 4.25
    rule: float = 0.5  # a row's rule (border) adds to its height


@dataclass(frozen=True)
class Layout:
    """What the pagination needs of one theme's reference document."""

    frame: Frame
    formats: Mapping[str, Format]  # by the Word writer's style key (STYLE_NAMES), plus "default"
    fonts: tuple[Path | None, Path | None, Path | None]  # body, bold, italic TrueType files


# -- the reference document's styles ------------------------------------------------------


def _pt(length) -> float | None:
    return None if length is None else length.pt


def formats_of(word_doc, style_ids: Mapping[str, str | None]) -> dict[str, Format]:
    """The formats of the styles of `style_ids` (style key: id) in `word_doc`, with
    what each inherits from its base styles and the document defaults."""
    default = _defaults(word_doc)
    by_id = {style.style_id: style for style in word_doc.styles}
    formats = {"default": default}
    for key, style_id in style_ids.items():
        style = by_id.get(style_id) if style_id else None
        chain: list = []
        while style is not None and len(chain) < 20:
            chain.append(style)
            style = style.base_style
        values: dict = {}
        multiple = None
        for style in reversed(chain):  # the base first, each style over it
            values, multiple = _apply(style, values, multiple)
        fmt = replace(default, **values)
        if multiple is not None:
            fmt = replace(fmt, line=multiple * fmt.size * 1.15)
        formats[key] = fmt
    return formats


def _apply(style, values: dict, multiple: float | None) -> tuple[dict, float | None]:
    values = dict(values)
    if getattr(style, "font", None) is not None:
        font = style.font
        if font.size is not None:
            values["size"] = font.size.pt
        if font.bold is not None:
            values["bold"] = bool(font.bold)
        if font.italic is not None:
            values["italic"] = bool(font.italic)
    paragraph_format = getattr(style, "paragraph_format", None)
    if paragraph_format is None:
        return values, multiple
    for name, attribute in (("before", "space_before"), ("after", "space_after"), ("left", "left_indent"),
                            ("right", "right_indent")):
        value = _pt(getattr(paragraph_format, attribute))
        if value is not None:
            values[name] = value
    for name, attribute in (("keep_next", "keep_with_next"), ("keep_lines", "keep_together"),
                            ("widow_control", "widow_control")):
        value = getattr(paragraph_format, attribute)
        if value is not None:
            values[name] = bool(value)
    rule = paragraph_format.line_spacing_rule
    spacing = paragraph_format.line_spacing
    if spacing is not None:
        if rule in (WD_LINE_SPACING.EXACTLY, WD_LINE_SPACING.AT_LEAST):
            values["line"], multiple = spacing.pt, None
        else:
            multiple = float(spacing)
    border = style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    if border is not None:
        values["border"] = int(border.get(qn("w:space"), "0")) + int(border.get(qn("w:sz"), "0")) / 8
    return values, multiple


def _defaults(word_doc) -> Format:
    """The document defaults (w:docDefaults) as a format."""
    defaults = word_doc.styles.element.find(qn("w:docDefaults"))
    fmt = Format(size=10.0, line=10.0 * 1.15, widow_control=False)
    if defaults is None:
        return fmt
    size = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    if size is not None:
        fmt = replace(fmt, size=int(size.get(qn("w:val"))) / 2, line=int(size.get(qn("w:val"))) / 2 * 1.15)
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if ppr is not None:
        if ppr.find(qn("w:widowControl")) is not None:
            fmt = replace(fmt, widow_control=ppr.find(qn("w:widowControl")).get(qn("w:val"), "1") not in ("0", "false"))
        spacing = ppr.find(qn("w:spacing"))
        if spacing is not None:
            after, before = spacing.get(qn("w:after")), spacing.get(qn("w:before"))
            line, rule = spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"), "auto")
            fmt = replace(fmt, after=int(after) / 20 if after else fmt.after,
                          before=int(before) / 20 if before else fmt.before)
            if line:
                fmt = replace(fmt, line=int(line) / 20 if rule != "auto" else int(line) / 240 * fmt.size * 1.15)
    return fmt


# -- words into lines ------------------------------------------------------------------------


class _Words:
    """The widths of words in the theme's fonts at a size, and Word's greedy line breaks."""

    LINES_MEMO = 100_000  # the line counts remembered (titles recur in the contents, lists and overview)

    def __init__(self, fonts: tuple[Path | None, Path | None, Path | None]) -> None:
        self.face = typeface(*fonts)
        self._chars = frozenset(map(chr, self.face.covered))  # what every face of the typeface draws
        self._lines: dict[tuple[tuple[tuple[str, bool, bool], ...], float, float], int] = {}

    def measure(self, size: float, bold: bool, italic: bool) -> Measure:
        font = self.face.bold if bold else self.face.italic if italic else self.face.body
        return Measure.of(TextStyle(font, size, size))

    def width(self, text: str, measure: Measure, size: float) -> float:
        face = self.face
        if all(face.has(ch) for ch in text):
            return measure.width(text)
        return sum(measure.width(ch) if face.has(ch) else FALLBACK_EM * size for ch in text)

    def lines(self, runs: Sequence[tuple[str, bool, bool]], size: float, width: float) -> int:
        """How many lines `runs` (text, bold, italic) take in a paragraph `width` wide."""
        key = (tuple(runs), size, width)
        known = self._lines.get(key)
        if known is None:
            known = self._count(runs, size, width)
            if len(self._lines) >= self.LINES_MEMO:
                self._lines.clear()
            self._lines[key] = known
        return known

    def _count(self, runs: Sequence[tuple[str, bool, bool]], size: float, width: float) -> int:
        # The text as pieces between break opportunities: (width, space after it).
        pieces: list[tuple[float, float]] = []
        word = 0.0
        chars = self._chars
        for text, bold, italic in runs:
            measure = self.measure(size, bold, italic)
            space = measure.width(" ")
            plain = chars.issuperset(text)  # no character drawn by another font
            if plain and "-" not in text:  # most texts: words and spaces, measured and remembered
                words = measure.words(text)[1]
                if text[:1].isspace() and (word or pieces):
                    pieces.append((word, space))
                    word = 0.0
                last = len(words) - 1
                for i, wide in enumerate(words):
                    word += wide
                    if i < last:
                        pieces.append((word, space))
                        word = 0.0
                if words and text[-1:].isspace():
                    pieces.append((word, space))
                    word = 0.0
                continue
            for token in _TOKENS.findall(text):
                if token in " \t\n":
                    if word or pieces:
                        pieces.append((word, space))
                        word = 0.0
                    continue
                wide = measure.width(token) if plain else self.width(token, measure, size)
                if token.endswith("-") and len(token) > 1:
                    pieces.append((word + wide, 0.0))
                    word = 0.0
                else:
                    word += wide
        if word:
            pieces.append((word, 0.0))
        lines = 1
        used = 0.0
        pending = 0.0  # the space after the last piece: it counts only if more follows on the line
        for piece, space in pieces:
            if used and used + pending + piece > width + EPSILON:
                lines += 1
                used = 0.0
            elif used:
                used += pending
            if piece > width + EPSILON:  # a word longer than the line: broken between characters
                extra = math.ceil(piece / width) - 1
                lines += extra
                used = piece - extra * width
            else:
                used += piece
            pending = space
        return lines


# Words, single white-space characters, and the parts of a word up to each hyphen in it
# (Word and LibreOffice may break a line after a hyphen).
_TOKENS = re.compile(r"[ \t\n]|[^ \t\n-]*-|[^ \t\n-]+")


def _runs(content: Sequence[Inline] | Inline, bold: bool = False, italic: bool = False
          ) -> list[tuple[str, bool, bool]]:
    """Inline content as the Word writer draws it: (text, bold, italic) runs."""
    if isinstance(content, Text):
        return [(content.text, bold or content.strong, italic or content.emphasis)]
    if isinstance(content, Badge):
        return [(f"{content.symbol} {content.words}", bold, italic)]
    if isinstance(content, Link):
        return _runs(content.content, bold, italic)
    out: list[tuple[str, bool, bool]] = []
    for part in content:
        out.extend(_runs(part, bold, italic))
    return out


# -- the pages ------------------------------------------------------------------------------


class _Pages:
    """Paragraphs and table rows placed from the top of a page down, as Word places them."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.page = 1
        self.y = 0.0  # used height of the current page
        self.after = 0.0  # the space after the last paragraph, not yet given
        self.top = True  # nothing on this page yet
        self.broken = False  # this page was started by a page break (not by the text flowing over)

    def new_page(self, broken: bool = False) -> None:
        self.page += 1
        self.y = 0.0
        self.after = 0.0
        self.top = True
        self.broken = broken

    def room(self) -> float:
        return self.frame.height - self.y

    def gap(self, fmt: Format) -> float:
        """The space above a paragraph: the larger of the space after the one before and
        its own space before, as LibreOffice gives it; at the top of a page none where the
        text flowed over, its space before where a page break started the page (Word and
        LibreOffice keep it there)."""
        if self.top:
            return fmt.before if self.broken and self.y == 0.0 else 0.0
        return max(self.after, fmt.before)

    def first_lines(self, fmt: Format, lines: int) -> int:
        """The lines a paragraph needs together at its start."""
        if fmt.keep_lines or (fmt.widow_control and lines <= 3):
            return lines
        return 2 if fmt.widow_control else 1

    def paragraph(self, fmt: Format, lines: int, page_break: bool = False, line: float | None = None) -> int:
        """Place a paragraph; the page its first line is on."""
        if page_break and not (self.top and self.y == 0.0):
            self.new_page(broken=True)
        elif page_break:
            self.broken = True
        height = fmt.line if line is None else line
        if fmt.keep_lines and lines * height <= self.frame.height and not self.top and \
                self.gap(fmt) + lines * height + fmt.border > self.room() + EPSILON:
            self.new_page()
        first = self.first_lines(fmt, lines)
        if not self.top and self.gap(fmt) + first * height > self.room() + EPSILON:
            self.new_page()
        self.y += self.gap(fmt)
        start = self.page
        remaining = lines
        while True:
            fit = int((self.room() + EPSILON) // height)
            if fit >= remaining or (self.top and fit == 0):
                self.y += max(remaining, 1) * height if fit >= remaining else height
                remaining = remaining - max(fit, 1)
                self.top = False
                if remaining <= 0:
                    break
                self.new_page()
                continue
            here = fit
            if fmt.widow_control and remaining - here == 1 and here > 1:
                here -= 1
            remaining -= here
            self.new_page()
            self.top = True
        self.y += fmt.border
        self.after = fmt.after
        self.top = False
        return start

    def height(self, fmt: Format, lines: int, line: float | None = None) -> float:
        return lines * (fmt.line if line is None else line) + fmt.border

    def row(self, height: float, header: float, need: float | None = None) -> None:
        """Place a table row that never splits, `need` points of rows kept with it (itself
        and the next); a new page starts with the header row."""
        need = height if need is None else need
        if not self.top and need > self.room() + EPSILON and header + need <= self.frame.height:
            self.new_page()
            self.y = header
        self.y += height
        self.top = False


class _Planner:
    """The outline as Word draws it (the Word writer's paragraphs and tables), placed."""

    def __init__(self, layout: Layout, outline: Outline, figure_height: Callable[[Figure, float], float]) -> None:
        self.layout = layout
        self.figure_height = figure_height
        self.outline = outline
        self.formats = layout.formats
        self.words = _Words(layout.fonts)
        self.pages = _Pages(layout.frame)
        self.width = layout.frame.width
        self.pending: list[tuple[Format, int, float | None]] = []  # paragraphs kept with the next
        self.marks: dict[str, int] = {}
        self.breaks: set[str] = set()  # the headings whose chain of paragraphs kept together starts a page
        self._anchors: list[tuple[int, str]] = []  # (index in `pending`, anchor) of the headings kept

    def fmt(self, key: str | None) -> Format:
        return self.formats.get(key or "default") or self.formats["default"]

    def count(self, fmt: Format, runs: Sequence[tuple[str, bool, bool]], indent: float = 0.0) -> int:
        if fmt.bold or fmt.italic:
            runs = [(t, b or fmt.bold, i or fmt.italic) for t, b, i in runs]
        return self.words.lines(runs, fmt.size, self.width - fmt.left - fmt.right - indent)

    def place(self, fmt: Format, lines: int, anchor: str | None = None, page_break: bool = False,
              line: float | None = None) -> None:
        """A paragraph of `lines` lines in `fmt` (`line`: its own line height), the heading
        `anchor` if it is one: kept back while it is kept with the next, else placed with
        the paragraphs kept before it."""
        if page_break:
            self.flush(0.0)
            if not (self.pages.top and self.pages.y == 0.0):
                self.pages.new_page(broken=True)
            else:
                self.pages.broken = True
        if fmt.keep_next:
            if anchor is not None:
                self._anchors.append((len(self.pending), anchor))
            self.pending.append((fmt, lines, line))
            return
        first = self.pages.first_lines(fmt, lines) * (fmt.line if line is None else line)
        if self.pending:
            first += max(fmt.before, self.pending[-1][0].after)
        self.flush(first)
        page = self.pages.paragraph(fmt, lines, line=line)
        if anchor is not None:
            self.marks[anchor] = page

    def flush(self, following: float) -> None:
        """Place the paragraphs kept with the next, `following` points of what comes next
        with them: a chain that does not fit above the foot of the page (and would fit
        on a page) starts a new one, as Word moves it."""
        anchors = dict(self._anchors)
        self._anchors = []
        pending = self.pending
        if not pending:
            return
        pages = self.pages
        total = following
        for i, (fmt, lines, line) in enumerate(pending):
            total += (max(fmt.before, pending[i - 1][0].after) if i else 0.0) + pages.height(fmt, lines, line)
        first = pending[0][0]
        if not pages.top and total <= pages.frame.height and pages.gap(first) + total > pages.room() + EPSILON:
            pages.new_page()
            if 0 in anchors:  # a heading and what is kept with it: the Word writer breaks the page before it
                self.breaks.add(anchors[0])
        self.pending = []
        for i, (fmt, lines, line) in enumerate(pending):
            page = pages.paragraph(fmt, lines, line=line)
            if i in anchors:
                self.marks[anchors[i]] = page

    # -- the document ----------------------------------------------------------------------

    def run(self, toc_levels: int) -> Pagination:
        # The title page, then the contents from the top of page 2 (the Word writer
        # starts them with a page break).
        self.pages.new_page(broken=True)
        self.contents(toc_levels)
        for block in self.outline.body():
            match block:
                case Paragraph():
                    self.paragraph(block)
                case Heading():
                    self.heading(block)
                case Table():
                    self.table(block)
                case BulletList():
                    self.bullets(block)
                case Figure():
                    self.figure(block)
                case _:
                    assert_never(block)
        self.flush(0.0)
        return Pagination(MappingProxyType(self.marks), frozenset(self.breaks))

    def contents(self, levels: int) -> None:
        fmt = self.fmt("toc_heading")
        self.place(fmt, self.count(fmt, [(self.outline.contents_title, False, False)]))
        for heading in self.outline.headings:
            entry = self.fmt(f"toc{min(heading.level, levels)}")
            self.place(entry, self.count(entry, _runs(heading.content)))

    def heading(self, heading: Heading) -> None:
        fmt = self.fmt(f"heading{min(heading.level, 3)}")
        self.place(fmt, self.count(fmt, _runs(heading.content)), anchor=heading.anchor,
                   page_break=heading.page_break)

    def paragraph(self, paragraph: Paragraph) -> None:
        key = ROLE_STYLES.get(paragraph.role)
        fmt = self.fmt(key)
        if paragraph.role in KEPT_WITH_NEXT:  # the Word writer keeps it with the comment after it
            fmt = replace(fmt, keep_next=True)
        italic = paragraph.role == "note"
        self.place(fmt, self.count(fmt, _runs(paragraph.content, italic=italic)))

    def bullets(self, bullets: BulletList) -> None:
        fmt = self.fmt("list")
        for item in bullets.items:
            self.place(fmt, self.count(fmt, _runs(item.content)))

    def figure(self, figure: Figure) -> None:
        fmt = self.fmt("figure")
        line = figure_line(self.figure_height(figure, self.width)) / 20
        fmt = replace(fmt, keep_next=bool(figure.caption))
        self.place(fmt, 1, line=line)
        if figure.caption:
            caption = self.fmt("caption")
            self.place(caption, self.count(caption, [(figure.caption, False, False)]))

    def row_height(self, cells: Sequence[Sequence[tuple[str, bool, bool]]], inner: Sequence[float],
                   text: Format) -> float:
        """The height of a table row of `cells` (runs) in cells `inner` points wide: its
        tallest cell's lines, the paragraph's spacing, the cell margins and its rule."""
        frame = self.layout.frame
        tallest = 0
        for runs, width in zip(cells, inner):
            tallest = max(tallest, self.words.lines(runs, text.size, width - text.left - text.right))
        return frame.cell_top + text.before + tallest * text.line + text.after + frame.cell_bottom + frame.rule

    def table(self, table: Table) -> None:
        frame = self.layout.frame
        text = self.fmt("table_text")
        widths = [self.width * c.width for c in table.columns]
        inner = [w - 2 * frame.cell_side for w in widths]

        header = self.row_height([[(c.header, True, False)] for c in table.columns], inner, text)
        if table.caption:
            caption = replace(self.fmt("caption"), keep_next=True)
            self.place(caption, self.count(caption, [(table.caption, False, False)]))
        heights = [self.row_height([_runs(cell) for cell in cells], inner, text) for cells in table.rows]
        if table.total is not None:
            heights.append(self.row_height([_runs(cell, True) for cell in table.total], inner, text))
        # The Word writer keeps the row before the last with the last, and a table of
        # three rows or fewer whole.
        start = sum(heights) if len(heights) <= 3 else sum(heights[:1])
        pages = self.pages
        # The caption (kept with the next) stays with the header and the first rows.
        self.flush(header + start)
        pages.y += 0.0 if pages.top else pages.after
        if not pages.top and header + start > pages.room() + EPSILON and header + start <= pages.frame.height:
            pages.new_page()
        pages.row(header, header)
        last = len(heights) - 1
        for i, height in enumerate(heights):
            pages.row(height, header, height + heights[i + 1] if i == last - 1 else height)
        pages.after = 0.0


def figure_line(height: float) -> int:
    """The fixed line height, in twips, of the paragraph holding a picture `height` points
    high: the picture and a little room, whatever the font's own line height (Word and
    LibreOffice would add the paragraph font's descent, which differs from font to font)."""
    return math.ceil(height * 20) + 80


@dataclass(frozen=True)
class Pagination:
    """Where the headings of a report go.

    `pages`: the page of each heading, by anchor. `breaks`: the headings that, with the
    paragraphs kept with them (their fields, status sentence and the first lines of the
    comment), do not fit at the foot of a page and start the next. Word moves such a
    chain whole; LibreOffice sometimes leaves the heading and fields behind and moves
    only the last of them (the T3 2020 sample, page 6), so the Word writer states the
    break: a page break before the heading, and no space before it, as at the top of a
    page the text flowed onto. The pages are the same in Word, and now in LibreOffice."""

    pages: Mapping[str, int]
    breaks: frozenset[str]


def heading_pages(layout: Layout, outline: Outline, toc_levels: int,
                  figure_height: Callable[[Figure, float], float]) -> Pagination:
    """Where each heading of `outline` goes in the Word report (`Pagination`);
    `figure_height(figure, width)` is how high a figure is drawn, in points."""
    return _Planner(layout, outline, figure_height).run(toc_levels)
