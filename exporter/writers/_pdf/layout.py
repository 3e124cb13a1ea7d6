"""A small layout engine: wrap text into lines of measured width and stack lines,
headings and table rows onto A4 pages.

Layout and drawing are separate: the engine produces `Page`s holding drawing
operations (handed, once full, to a `finish` step: the report encodes them then), so
that the number of pages and the page of every heading are known before the first
page is painted. Every step is linear in the amount of text: words
are measured once (and cached), and a table is placed row by row, never as a whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from ...model import Status
from .tagging import Element, PageSlot

__all__ = ["Geometry", "TextStyle", "Measure", "Page", "Mark", "Link", "Cell", "Flow"]

Colour = tuple[float, float, float]
BLACK: Colour = (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Geometry:
    """The page and its margins, in points."""

    width: float = A4[0]
    height: float = A4[1]
    left: float = 20 * mm
    right: float = 20 * mm
    top: float = 22 * mm
    bottom: float = 20 * mm

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_top(self) -> float:
        return self.height - self.top

    @property
    def frame_height(self) -> float:
        return self.frame_top - self.bottom


@dataclass(frozen=True)
class TextStyle:
    """A font, a size, the distance between baselines and a colour."""

    font: str
    size: float
    leading: float
    colour: Colour = BLACK


class Measure:
    """Widths of words in one style, cached; and greedy line breaking."""

    def __init__(self, style: TextStyle) -> None:
        self.style = style
        self._widths: dict[str, float] = {}
        self.space = stringWidth(" ", style.font, style.size)

    def width(self, text: str) -> float:
        w = self._widths.get(text)
        if w is None:
            w = stringWidth(text, self.style.font, self.style.size)
            if len(self._widths) < 500_000:
                self._widths[text] = w
        return w

    def wrap(self, text: str, width: float) -> list[str]:
        """The lines of `text` (white space collapsed) no wider than `width`. A word wider
        than the line (a long compound word) is broken between characters."""
        words = text.split()
        get = self._widths.get
        widths = [get(word) or self.width(word) for word in words]
        if not widths or max(widths) > width:
            return self._wrap_long(words, width)
        # The common case, every word fits a line: the same greedy breaks as
        # `_wrap_long`, over the measured widths.
        lines: list[str] = []
        space = self.space
        start = 0
        used = -space
        for i, w in enumerate(widths):
            if used + space + w > width:
                lines.append(" ".join(words[start:i]))
                start, used = i, w
            else:
                used = used + space + w
        lines.append(" ".join(words[start:]))
        return lines

    def _wrap_long(self, words: list[str], width: float) -> list[str]:
        lines: list[str] = []
        current: list[str] = []
        used = 0.0
        space = self.space
        for word in words:
            w = self.width(word)
            if w > width:
                if current:
                    lines.append(" ".join(current))
                pieces = self._break_word(word, width)
                lines.extend(pieces[:-1])
                current, used = [pieces[-1]], self.width(pieces[-1])
            elif current and used + space + w > width:
                lines.append(" ".join(current))
                current, used = [word], w
            else:
                used = used + space + w if current else w
                current.append(word)
        if current:
            lines.append(" ".join(current))
        return lines or [""]

    def _break_word(self, word: str, width: float) -> list[str]:
        style = self.style
        pieces: list[str] = []
        start, used = 0, 0.0
        for i, ch in enumerate(word):
            w = stringWidth(ch, style.font, style.size)
            if used + w > width and i > start:
                pieces.append(word[start:i])
                start, used = i, 0.0
            used += w
        pieces.append(word[start:])
        return pieces


@dataclass(frozen=True, slots=True)
class Mark:
    """A heading's place: a bookmark key, its outline title and level, and the y of its top."""

    key: str
    title: str
    level: int
    y: float


@dataclass(frozen=True, slots=True)
class Link:
    """A link area on a page to a place (`target` page, height `top`), spoken as
    `contents`, standing for the `Link` structure element `element`."""

    rect: tuple[float, float, float, float]
    target: PageSlot
    top: float
    contents: str
    element: Element


@dataclass
class Page:
    """The drawing operations of one page, each text, symbol and image with the
    structure element it belongs to (None: an artifact, such as a repeated table
    header); rectangles and rules are always artifacts.

    texts: (x, baseline, style, text, element); rects: (x, y, w, h, fill colour);
    rules: (x1, y1, x2, y2, colour, width); symbols: (status, x, y of centre, size, element);
    images: (file, x, y, width, height, element).
    """

    texts: list[tuple[float, float, TextStyle, str, Element | None]] = field(default_factory=list)
    rects: list[tuple[float, float, float, float, Colour]] = field(default_factory=list)
    rules: list[tuple[float, float, float, float, Colour, float]] = field(default_factory=list)
    symbols: list[tuple[Status, float, float, float, Element | None]] = field(default_factory=list)
    images: list[tuple[str, float, float, float, float, Element | None]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    slot: PageSlot = field(default_factory=PageSlot)


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its lines (already wrapped) in a style, optionally led by a status symbol."""

    lines: Sequence[str]
    style: TextStyle
    status: Status | None = None


SYMBOL_SPACE = 14.0  # room a status symbol takes before the words


class Flow:
    """Places content from the top of a page down, starting new pages as needed."""

    def __init__(self, geometry: Geometry, first_page: int, finish: Callable[[Page], Any] | None = None) -> None:
        self.geo = geometry
        self.first_page = first_page
        # The pages: the last is the one being filled, each before it is what `finish`
        # made of it when it was full (the report encodes and compresses a page then,
        # so that a long report's millions of placed lines are never all in memory).
        self.pages: list[Any] = []
        self.finish = finish
        self.y = 0.0
        self.new_page()

    # -- pages ------------------------------------------------------------------

    @property
    def page(self) -> Page:
        return self.pages[-1]

    @property
    def page_number(self) -> int:
        return self.first_page + len(self.pages) - 1

    def new_page(self) -> None:
        if self.finish is not None and self.pages:
            self.pages[-1] = self.finish(self.pages[-1])
        self.pages.append(Page())
        self.y = self.geo.frame_top

    def close(self) -> list[Any]:
        """The pages, the last one finished too."""
        if self.finish is not None and self.pages:
            self.pages[-1] = self.finish(self.pages[-1])
            self.finish = None
        return self.pages

    @property
    def at_top(self) -> bool:
        return self.y >= self.geo.frame_top

    def room(self) -> float:
        return self.y - self.geo.bottom

    def ensure(self, height: float) -> None:
        """Start a new page unless `height` fits on this one (or this page is still empty)."""
        if height > self.room() and not self.at_top:
            self.new_page()

    def space(self, height: float) -> None:
        if not self.at_top:
            self.y -= min(height, self.room())

    # -- text -------------------------------------------------------------------

    def mark(self, key: str, title: str, level: int) -> int:
        """Bookmark the current position; the page number it is on."""
        self.page.marks.append(Mark(key, title, level, self.y))
        return self.page_number

    def lines(self, lines: Sequence[str], style: TextStyle, element: Element | None, indent: float = 0.0,
              keep: int = 1) -> None:
        """Stack `lines` of the structure `element`, moving to a new page between lines
        where needed; the first `keep` lines stay together."""
        leading = style.leading
        self.ensure(leading * min(keep, len(lines)))
        x = self.geo.left + indent
        bottom = self.geo.bottom
        texts = self.page.texts
        last = len(lines) - 1
        for i, line in enumerate(lines):
            if self.y - leading < bottom and not self.at_top:
                self.new_page()
                texts = self.page.texts
            # A line that is not the last ends in the space it was broken at, so that
            # text extraction and screen readers do not join its last word to the next.
            texts.append((x, self.y - style.size, style, line if i == last else line + " ", element))
            self.y -= leading

    def status_line(self, status: Status, text: str, style: TextStyle, element: Element) -> None:
        """A status symbol followed by the status words on one line, both content of
        `element` (which should read as the words: `/ActualText`)."""
        self.ensure(style.leading)
        x = self.geo.left
        self.page.symbols.append((status, x + 5, self.y - style.size * 0.65, style.size, element))
        self.page.texts.append((x + SYMBOL_SPACE, self.y - style.size, style, text, element))
        self.y -= style.leading

    # -- tables -----------------------------------------------------------------

    def table(
        self,
        widths: Sequence[float],
        header: Sequence[Cell],
        rows: Sequence[Sequence[Cell]],
        parent: Element,
        padding: float = 3.0,
        header_fill: Colour = (0.88, 0.9, 0.93),
        stripe: Colour | None = (0.965, 0.97, 0.975),
        rule: Colour = (0.7, 0.72, 0.75),
    ) -> None:
        """A table whose header row repeats on every page it runs onto. A row is never
        split across pages unless it is taller than a whole page.

        Its structure, under `parent`: `Table` of `THead` (one `TR` of `TH` with
        `/Scope /Column`) and `TBody` (a `TR` of `TD` per row); a cell with a status
        symbol reads as the cell's words (`/ActualText`), heard once. The header
        repeated on later pages is an artifact."""

        def height(row: Sequence[Cell]) -> float:
            return max(len(c.lines) * c.style.leading for c in row) + 2 * padding

        header_h = height(header)
        total_w = sum(widths)
        left = self.geo.left

        table = parent.add("Table")
        header_row = table.add("THead").add("TR")
        header_tags: list[Element | None] = [header_row.add("TH", attributes=_COLUMN_HEADER) for _ in header]
        repeated: list[Element | None] = [None] * len(header)
        body = table.add("TBody")

        def place(row: Sequence[Cell], h: float, fill: Colour | None, tags: Sequence[Element | None]) -> None:
            page = self.page
            top = self.y
            if fill is not None:
                page.rects.append((left, top - h, total_w, h, fill))
            page.rules.append((left, top - h, left + total_w, top - h, rule, 0.4))
            x = left
            for cell, w, tag in zip(row, widths, tags):
                cx = x + padding
                baseline = top - padding - cell.style.size
                if cell.status is not None:
                    page.symbols.append((cell.status, cx + 5, baseline + cell.style.size * 0.35, cell.style.size, tag))
                    cx += SYMBOL_SPACE
                last = len(cell.lines) - 1
                for i, line in enumerate(cell.lines):
                    page.texts.append((cx, baseline, cell.style, line if i == last else line + " ", tag))
                    baseline -= cell.style.leading
                x += w
            self.y = top - h

        def start_page_part() -> None:
            place(header, header_h, header_fill, repeated)

        self.ensure(header_h + (height(rows[0]) if rows else 0))
        place(header, header_h, header_fill, header_tags)
        for i, row in enumerate(rows):
            h = height(row)
            fill = stripe if stripe is not None and i % 2 else None
            tr = body.add("TR")
            tags = [tr.add("TD") if c.status is None else tr.add("TD", actual_text=" ".join(c.lines)) for c in row]
            if h > self.room():
                if header_h + h <= self.geo.frame_height:
                    self.new_page()
                    start_page_part()
                else:
                    self._place_tall_row(row, widths, padding, place, start_page_part, fill, tags)
                    continue
            place(row, h, fill, tags)

    def _place_tall_row(self, row, widths, padding, place, start_page_part, fill, tags) -> None:
        """A row taller than a page: its lines are dealt out over as many pages as needed."""
        remaining = [list(c.lines) for c in row]
        first = True
        while any(remaining):
            room = self.room() - 2 * padding
            if room < max(c.style.leading for c in row):
                self.new_page()
                start_page_part()
                continue
            part = []
            for cell, lines in zip(row, remaining):
                n = max(1, int(room // cell.style.leading))
                part.append(Cell(lines[:n], cell.style, cell.status if first else None))
                del lines[:n]
            h = max(len(c.lines) * c.style.leading for c in part) + 2 * padding
            place(part, h, fill, tags)
            first = False
            if any(remaining):
                self.new_page()
                start_page_part()


_COLUMN_HEADER = b"<< /O /Table /Scope /Column >>"

