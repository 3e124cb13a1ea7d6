"""A small layout engine: wrap text into lines of measured width and stack lines,
headings and table rows onto A4 pages.

Layout and drawing are separate: the engine produces `Page`s holding drawing
operations (handed, once full, to a `finish` step: the report encodes them then), so
that the number of pages and the page of every heading are known before the first
page is painted. Every step is linear in the amount of text: words
are measured once (and cached), and a table is placed row by row, never as a whole.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple, TypeVar, cast

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from ...model import Status
from .tagging import Element, PageSlot

__all__ = ["Flow", "Geometry", "Link", "Mark", "Measure", "Page", "Picture", "Piece", "PlacedText", "Rect", "Rule", "Run",
           "Symbol", "Target", "TextStyle", "kept_lines", "lay_out", "place_line", "runs_leading"]

Colour = tuple[float, float, float]
K = TypeVar("K")
V = TypeVar("V")
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


class TextStyle(NamedTuple):
    """A font, a size, the distance between baselines and a colour. (A named tuple:
    styles key the caches of widths, laid-out shapes and operators, and are hashed
    and compared in C.)"""

    font: str
    size: float
    leading: float
    colour: Colour = BLACK


class _Memo(dict[K, V]):
    """What was worked out, by key, that starts afresh once the characters of text it
    holds pass a limit (see `Measure`)."""

    def __init__(self) -> None:
        super().__init__()
        self.size = 0  # characters of text held

    def keep(self, key: K, value: V, size: int, limit: int) -> None:
        if self.size > limit:
            self.clear()
            self.size = 0
        self[key] = value
        self.size += size


class Measure:
    """Widths of words in one font and size, cached; and greedy line breaking."""

    _shared: ClassVar[dict[tuple[str, float], Measure]] = {}

    @classmethod
    def of(cls, style: TextStyle) -> Measure:
        """The measure of `style`'s font and size, shared by all layouts in this process
        and by the styles that differ only in colour or leading (a link's words and
        the text around them)."""
        key = (style.font, style.size)
        measure = cls._shared.get(key)
        if measure is None:
            measure = cls._shared[key] = cls(style)
        return measure

    # What `wrap` and `words` remember, per style. A report's titles recur in its
    # headings, lists and contents, and an assignment's texts recur from one period's
    # report to the next, often unchanged. `wrap` keeps a text's lines (about the text's
    # own size again), `words` a text's words and widths (several times its size, so
    # only for texts of at most WORDS_TEXT characters); each starts afresh once it holds
    # LINES_MEMO or WORDS_MEMO characters of text, keeping what recent reports had.
    LINES_MEMO = 1_000_000
    WORDS_TEXT = 400
    WORDS_MEMO = 500_000

    def __init__(self, style: TextStyle) -> None:
        self.style = style
        self._widths: dict[str, float] = {}
        self._glyphs: dict[str, float] = {}  # each character's width at 1,000 points
        self._lines: _Memo[tuple[str, float], tuple[str, ...]] = _Memo()
        self._words: _Memo[str, tuple[list[str], list[float]]] = _Memo()
        # Text in a TrueType font is measured from its characters' widths (`measured`).
        self._by_glyphs = isinstance(pdfmetrics.getFont(style.font), TTFont)
        self.space = self.measured(" ")

    def width(self, text: str) -> float:
        w = self._widths.get(text)
        if w is None:
            w = self.measured(text)
            if len(self._widths) < 500_000:
                self._widths[text] = w
        return w

    def measured(self, text: str) -> float:
        """The width of `text`, as reportlab's `stringWidth` gives it. For a TrueType font
        that is 0.001 × size × the sum of the characters' widths at 1,000 points, in
        order: the same sum is made here of each character's width, asked of
        `stringWidth` once, instead of reportlab's interpreted loop for every text."""
        style = self.style
        if not self._by_glyphs:
            return stringWidth(text, style.font, style.size)
        glyphs = self._glyphs
        widths: list[float] = []
        for ch in text:
            w = glyphs.get(ch)
            if w is None:
                w = glyphs[ch] = stringWidth(ch, style.font, 1000.0)  # 0.001 × 1000.0 is 1.0: the width itself
            widths.append(w)
        return 0.001 * style.size * sum(widths)

    def widths(self, words: list[str]) -> list[float]:
        """The widths of `words`. (Looked up here before `width` is called: a call for
        every word made the 10,000-record PDF benchmark 15 % slower.)"""
        known = self._widths
        return [known[word] if word in known else self.width(word) for word in words]

    def words(self, text: str) -> tuple[list[str], list[float]]:
        """The words of `text` and their widths, remembered (`WORDS_MEMO`): a title is
        laid out word by word in the overview, the lists and the contents alike, and
        again in the next period's report. (The lists are shared: not to be changed.)"""
        known = self._words.get(text)
        if known is None:
            parts = text.split()
            known = (parts, self.widths(parts))
            if len(text) <= self.WORDS_TEXT:
                self._words.keep(text, known, len(text), self.WORDS_MEMO)
        return known

    def text_width(self, text: str, words: list[str]) -> float:
        """The width of `text`, the `words` joined by single spaces: a short text (a
        label, a status's words) is measured whole and remembered, a long one is the
        sum of its words' (remembered) widths and spaces."""
        w = self._widths.get(text)
        if w is None:
            if len(text) <= 40:
                w = self.measured(text)
                if len(self._widths) < 500_000:
                    self._widths[text] = w
            else:
                w = sum(self.widths(words)) + self.space * (len(words) - 1)
        return w

    def wrap(self, text: str, width: float) -> tuple[str, ...]:
        """The lines of `text` (white space collapsed) no wider than `width`. A word wider
        than the line (a long compound word) is broken between characters. The same
        text and width give the same lines, remembered (`LINES_MEMO`)."""
        key = (text, width)
        lines = self._lines.get(key)
        if lines is None:
            lines = tuple(self._wrap(text, width))
            self._lines.keep(key, lines, len(text), self.LINES_MEMO)
        return lines

    def _wrap(self, text: str, width: float) -> list[str]:
        words = text.split()
        widths = self.widths(words)
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
        pieces: list[str] = []
        start, used = 0, 0.0
        for i, ch in enumerate(word):
            w = self.measured(ch)
            if used + w > width and i > start:
                pieces.append(word[start:i])
                start, used = i, 0.0
            used += w
        pieces.append(word[start:])
        return pieces


@dataclass(frozen=True, slots=True)
class Mark:
    """A heading's place: a bookmark key, its outline title and level, and the y of its
    top."""

    key: str
    title: str
    level: int
    y: float


@dataclass(eq=False, slots=True)
class Target:
    """Where a heading lies (its page and the height of its top), known once it is
    placed; links and the contents point to it before that."""

    slot: PageSlot | None = None
    top: float = 0.0
    page: int = 0  # the page's index in its flow


@dataclass(frozen=True, slots=True)
class Link:
    """A link area on a page to a `target`, spoken as `contents`, standing for the
    `Link` structure element `element`."""

    rect: tuple[float, float, float, float]
    target: Target
    contents: str
    element: Element


class Run(NamedTuple):
    """A run of inline text in one style, before it is laid out: plain, a status badge
    (the status's symbol, then `text`: its words), or a link to `target` (spoken as
    `contents`); `lang` where its language is not the document's. Equal runs lay out
    alike (`lay_out` keeps shapes by them). (A named tuple: a long report makes
    hundreds of thousands, and hashes and compares them as keys of those shapes; a
    frozen dataclass's constructor took 2.7 µs a run against the named tuple's 1.0.)"""

    text: str
    style: TextStyle
    status: Status | None = None
    target: Target | None = None
    contents: str = ""
    lang: str | None = None


class Piece(NamedTuple):
    """A laid-out piece of a line: its x offset in the line, style, text and structure
    element. A piece with a `status` is the status's symbol (text "", an artifact: the
    words beside it say it); `link` is (target, contents) for a piece of a link's words."""

    dx: float
    style: TextStyle
    text: str
    element: Element | None
    status: Status | None
    link: tuple[Target, str] | None


class PlacedText(NamedTuple):
    """A line of text on a page, at `x` on `baseline`, of the structure `element`
    (None: an artifact, such as a repeated table header)."""

    x: float
    baseline: float
    style: TextStyle
    text: str
    element: Element | None


class Rect(NamedTuple):
    """A filled rectangle (decoration: an artifact)."""

    x: float
    y: float
    width: float
    height: float
    fill: Colour


class Rule(NamedTuple):
    """A line from (x1, y1) to (x2, y2) (decoration: an artifact)."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: Colour
    width: float


class Symbol(NamedTuple):
    """A status symbol centred on (x, y)."""

    status: Status
    x: float
    y: float
    size: float
    element: Element | None


class Picture(NamedTuple):
    """A picture file drawn at (x, y), `width` by `height`."""

    file: str
    x: float
    y: float
    width: float
    height: float
    element: Element | None


@dataclass(eq=False, slots=True)
class Page:
    """The drawing operations of one page, each text, symbol and picture with the
    structure element it belongs to (None: an artifact); rectangles and rules are
    always artifacts."""

    texts: list[PlacedText] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)
    symbols: list[Symbol] = field(default_factory=list)
    images: list[Picture] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    slot: PageSlot = field(default_factory=PageSlot)


SYMBOL_SPACE = 14.0  # room a status symbol takes before the words


def lay_out(runs: Sequence[Run], width: float, container: Element, measures: Mapping[TextStyle, Measure],
            shapes: dict | None = None) -> list[list[Piece]]:
    """`runs` broken into lines no wider than `width`, as pieces bound to structure
    elements: the text of `container`, or of a `Link` (per link run) or `Span` (per run
    in another language) made under it. A single plain run takes the quick path of
    `Measure.wrap`. A line but the last ends in the space it was broken at.

    Content of several runs is first laid out as a shape (pieces naming their runs,
    see `_one_line`), then bound to the runs' elements; `shapes`, if given, keeps the
    shapes of short content without links by runs and width, for content that recurs
    (an assignment's "Status: <badge>" line, a status cell)."""
    if len(runs) == 1 and runs[0].status is None and runs[0].target is None:
        run = runs[0]
        element = container if run.lang is None else container.add("Span", lang=run.lang, inline=True)
        lines = measures[run.style].wrap(run.text, width)
        last = len(lines) - 1
        style = run.style
        return [[Piece(0.0, style, line if i == last else line + " ", element, None, None)]
                for i, line in enumerate(lines)]
    # Each run's element: made in reading order whether the runs take one line or more.
    elements: list[Element] = []
    linked = False
    for run in runs:
        if run.target is not None:
            elements.append(container.add("Link", lang=run.lang, inline=True))  # a title's language on its link
            linked = True
        elif run.lang is not None:
            elements.append(container.add("Span", lang=run.lang, inline=True))
        else:
            elements.append(container)
    key = None
    shape = None
    if shapes is not None and not linked:
        key = (width, *runs)
        shape = shapes.get(key)
    if shape is None:
        # Content whose characters would not fit on the line even at 0.38 of their size
        # each (text averages about half its size a character) goes straight to the
        # word-by-word layout, which lays out one line as `_one_line` does, only slower.
        chars = 0
        for run in runs:
            chars += len(run.text)
        one = None if chars * runs[0].style.size * _NARROW > width else _one_line(runs, width, measures)
        shape = [one] if one is not None else _lay_out_words(runs, width, measures)
        if key is not None and len(shape) <= 2 and len(shapes) < 50_000:  # type: ignore[arg-type]
            shapes[key] = shape  # type: ignore[index]
    return _bind(shape, runs, elements)


_NARROW = 0.38  # see `lay_out`

# A piece of a line's shape: (x offset, the index of its run, its text: None for the
# run's status symbol).
Shape = list[list[tuple[float, int, str | None]]]


def _bind(shape: Shape, runs: Sequence[Run], elements: Sequence[Element]) -> list[list[Piece]]:
    """The pieces of a laid-out `shape` in the styles of `runs`, bound to their elements."""
    links = [None if run.target is None else (run.target, run.contents) for run in runs]
    return [[Piece(x, runs[k].style, "", None, runs[k].status, None) if text is None else
             Piece(x, runs[k].style, text, elements[k], None, links[k]) for x, k, text in line] for line in shape]


def _groups(runs: Sequence[Run]) -> list[int]:
    """For each run, the first run whose words it joins into one piece where they meet
    on a line: runs of the container's own text (no link, no language of their own) in
    the same style."""
    groups: list[int] = []
    first: dict[int, int] = {}
    for k, run in enumerate(runs):
        if run.target is None and run.lang is None:
            groups.append(first.setdefault(id(run.style), k))
        else:
            groups.append(k)
    return groups


def _one_line(runs: Sequence[Run], width: float, measures: Mapping[TextStyle, Measure]
              ) -> list[tuple[float, int, str | None]] | None:
    """The pieces of `runs` as one line, if they fit in `width` (else None): a run's
    words are measured as one text (`Measure.text_width`), not word by word. The gaps
    and the merging of pieces are those of `_lay_out_words`."""
    groups = _groups(runs)
    pieces: list[list] = []
    x = 0.0
    spaced = False  # whether the text so far ends in white space
    started = False  # whether anything is placed yet
    current: list | None = None
    for k, run in enumerate(runs):
        measure = measures[run.style]
        if run.status is not None:
            if spaced and started:
                x += measure.space
                if current is not None:
                    current[2] += " "
            pieces.append([x, k, None])
            x += SYMBOL_SPACE
            current = None
            started = True
            spaced = False
        text = run.text
        if not text:
            continue
        parts = text.split()
        words = " ".join(parts)
        if not words:
            spaced = True
            continue
        gap = measure.space if (spaced or text[0].isspace()) and started else 0.0
        x += gap
        if current is not None and groups[current[1]] == groups[k]:
            current[2] += " " + words if gap else words
        else:
            if gap and current is not None:
                current[2] += " "
            current = [x, k, words]
            pieces.append(current)
        x += measure.text_width(words, parts)
        if x > width:
            return None
        started = True
        spaced = text[-1].isspace()
    if x > width:
        return None
    return [(x, k, text) for x, k, text in pieces]


def _lay_out_words(runs: Sequence[Run], width: float, measures: Mapping[TextStyle, Measure]) -> Shape:
    """The shape of `runs` broken into lines word by word (see `lay_out`)."""
    if len(runs) == 1 and runs[0].status is None:
        return _lay_out_run(runs[0], width, measures[runs[0].style])
    # The words as parallel lists: text (None for a symbol), width, the gap before it
    # (a space of its style, or none) and the index of its run.
    words: list[str | None] = []
    widths: list[float] = []
    gaps: list[float] = []
    owners: list[int] = []
    spaced = False  # whether the text so far ends in white space
    for k, run in enumerate(runs):
        measure = measures[run.style]
        space = measure.space
        text = run.text
        if run.status is not None:
            gaps.append(space if spaced and words else 0.0)
            words.append(None)
            widths.append(SYMBOL_SPACE)
            owners.append(k)
            spaced = False
        parts, part_widths = measure.words(text)
        if parts:
            gaps.append(space if (spaced or text[0].isspace()) and words else 0.0)
            gaps.extend([space] * (len(parts) - 1))
            words.extend(parts)
            widths.extend(part_widths)
            owners.extend([k] * len(parts))
            spaced = text[-1].isspace()
        elif text:
            spaced = True
    # Greedy lines, placed as they are broken; a symbol keeps to the word after it. A
    # piece is [x, run, its first word, the word after its last, whether two of its
    # words are joined without a space, the space that ends it (None: a symbol)].
    groups = _groups(runs)
    lines: list[list[list]] = []
    pieces: list[list] = []
    current: list | None = None  # the piece being filled
    group = -1  # the group (`_groups`) of the current piece's run
    used = x = 0.0
    last = len(words) - 1
    for i, (word, w, gap, k) in enumerate(zip(words, widths, gaps, owners)):
        if not i:  # the first word of the first line
            used = w
            gap = 0.0
        elif used + gap + w + (widths[i + 1] + gaps[i + 1] if word is None and i < last else 0.0) > width:
            if current is not None:
                # A line but the last ends in the space it was broken at.
                current[5] = " "
            lines.append(pieces)
            pieces, current, group = [], None, -1
            used = w
            x = gap = 0.0
        else:
            used += gap + w
        x += gap
        if word is None:  # a symbol
            if gap and current is not None:
                current[5] = " "
            pieces.append([x, k, i, i, False, None])
            current, group = None, -1
        elif groups[k] == group:
            current[3] = i + 1  # type: ignore[index]
            if not gap:
                current[4] = True  # type: ignore[index]
        else:
            if gap and current is not None:
                # The space between two pieces ends the first: text extraction and
                # screen readers keep the words apart.
                current[5] = " "
            current = [x, k, i, i + 1, False, ""]
            group = groups[k]
            pieces.append(current)
        x += w
    lines.append(pieces)

    return [[(x, k, None if space is None else _piece_text(words, gaps, start, end, joined, space))
             for x, k, start, end, joined, space in line] for line in lines]


def _piece_text(words: list[str | None], gaps: list[float], start: int, end: int, joined: bool, space: str) -> str:
    """The words `start` to `end` of a piece (no symbol among them) as drawn: joined by
    spaces, or, where two of them are `joined`, by a space only where there is a gap."""
    chosen = cast("list[str]", words[start:end])
    if not joined:
        return " ".join(chosen) + space
    return "".join([chosen[0], *(" " + chosen[i - start] if gaps[i] else chosen[i - start]
                                 for i in range(start + 1, end))]) + space


def _lay_out_run(run: Run, width: float, measure: Measure) -> Shape:
    """The shape of one run without a symbol (a link's words, such as a title in the
    overview) broken word by word: `_lay_out_words` for a single run, in one piece a line."""
    words, widths = measure.words(run.text)
    if not words:
        return [[]]
    space = measure.space
    lines: Shape = []
    start = 0
    used = widths[0]
    for i in range(1, len(words)):
        w = widths[i]
        if used + space + w > width:
            lines.append([(0.0, 0, " ".join(words[start:i]) + " ")])
            start, used = i, w
        else:
            used += space + w
    lines.append([(0.0, 0, " ".join(words[start:]))])
    return lines


def runs_leading(runs: Sequence[Run]) -> float:
    """The leading of lines of `runs`: the largest of their styles' (0 for none)."""
    if len(runs) == 1:  # most content: no generator to make
        return runs[0].style.leading
    return max((run.style.leading for run in runs), default=0.0)


def _line_size(line: Sequence[Piece]) -> float:
    """The font size a laid-out line stands on: its largest piece's."""
    if len(line) == 1:  # most lines: no generator to make
        return line[0].style.size
    return max((piece.style.size for piece in line), default=0.0)


def place_line(page: Page, x: float, baseline: float, line: Sequence[Piece], leading: float) -> None:
    """Put a laid-out line on `page` with its left end at `x`; its links' areas too."""
    if len(line) == 1 and line[0].status is None and line[0].link is None:  # most lines: one piece of plain text
        dx, style, text, element, _, _ = line[0]
        page.texts.append(PlacedText(x + dx, baseline, style, text, element))
        return
    texts = page.texts
    links: dict[int, list] = {}
    for dx, style, text, element, status, link in line:
        if status is not None:
            page.symbols.append(Symbol(status, x + dx + 5, baseline + style.size * 0.35, style.size, None))
            continue
        texts.append(PlacedText(x + dx, baseline, style, text, element))
        if link is not None:
            width = Measure.of(style).width(text.rstrip())
            area = links.get(id(element))
            if area is None:
                links[id(element)] = [x + dx, x + dx + width, link, element, style]
            else:
                area[1] = x + dx + width
    for x1, x2, (target, contents), element, style in links.values():
        page.links.append(Link((x1, baseline - leading * 0.25, x2, baseline + leading * 0.75), target, contents,
                               element))
        # Underlined, as links are in the Word and web reports: a link is seen as one
        # without its colour (WCAG 1.4.1). The rule is decoration, an artifact.
        under = baseline - style.size * 0.15
        page.rules.append(Rule(x1, under, x2, under, style.colour, style.size * 0.05))


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
        where needed; the first `keep` lines stay together, and with `keep` 2 or more no
        line stands alone at the foot or the top of a page (`breaks_before`)."""
        leading = style.leading
        self.ensure(leading * kept_lines(len(lines), keep))
        x = self.geo.left + indent
        texts = self.page.texts
        last = len(lines) - 1
        placed = 0  # lines on the current page
        for i, line in enumerate(lines):
            if self.breaks_before(i, len(lines), leading, keep, placed):
                self.new_page()
                texts = self.page.texts
                placed = 0
            placed += 1
            # A line that is not the last ends in the space it was broken at, so that
            # text extraction and screen readers do not join its last word to the next.
            texts.append(PlacedText(x, self.y - style.size, style, line if i == last else line + " ", element))
            self.y -= leading

    # -- tables -----------------------------------------------------------------

    def table(
        self,
        table: Element,
        widths: Sequence[float],
        header: Sequence[Sequence[Run]],
        rows: Iterable[Sequence[Sequence[Run]]],
        measures: Mapping[TextStyle, Measure],
        *,
        row_headers: bool = False,
        numeric: Sequence[bool] = (),
        padding: float = 3.0,
        header_fill: Colour = (0.91, 0.925, 0.945),
        stripe: Colour | None = None,
        rule: Colour = (0.7, 0.72, 0.75),
        shapes: dict | None = None,
    ) -> None:
        """A table whose header row repeats on every page it runs onto. A row is never
        split across pages unless it is taller than a whole page, and no row stands
        alone on a page: the first two start the table together, and the row before
        the last goes with the last.

        Its structure, under the `table` element: `THead` (one `TR` of `TH` with
        `/Scope /Column`) and `TBody` (a `TR` per row, of `TD`, the first a `TH` with
        `/Scope /Row` if `row_headers`). The header repeated on later pages is an
        artifact. A `numeric` column is aligned right. `shapes`: see `lay_out`."""
        _Table(self, table, header, widths, measures, shapes, padding, rule, row_headers, numeric,
               header_fill).place_all(rows, stripe)

    # -- laid-out lines -----------------------------------------------------------

    def pieces(self, lines: Sequence[Sequence[Piece]], leading: float, indent: float = 0.0, keep: int = 1) -> None:
        """Stack laid-out lines (`lay_out`), moving to a new page between lines where
        needed; the first `keep` lines stay together, and with `keep` 2 or more no line
        stands alone at the foot or the top of a page (`breaks_before`)."""
        self.ensure(leading * kept_lines(len(lines), keep))
        x = self.geo.left + indent
        placed = 0  # lines on the current page
        for i, line in enumerate(lines):
            if self.breaks_before(i, len(lines), leading, keep, placed):
                self.new_page()
                placed = 0
            place_line(self.pages[-1], x, self.y - _line_size(line), line, leading)
            self.y -= leading
            placed += 1

    def breaks_before(self, i: int, count: int, leading: float, keep: int, placed: int) -> bool:
        """Whether line `i` of `count` starts a new page: where it does not fit, and, under
        widow control (`keep` 2 or more), one line early where only the next to last would
        fit, so that the last does not stand alone at the top of the next page (as long
        as two lines stay on this one)."""
        if self.at_top:
            return False
        bottom = self.geo.bottom
        if self.y - leading < bottom:
            return True
        return keep >= 2 and count - i == 2 and placed >= 2 and self.y - 2 * leading < bottom


def kept_lines(count: int, keep: int) -> int:
    """The lines of a paragraph of `count` lines that go to the next page together if they
    do not fit: the first `keep`, or all of three or fewer under widow control (two on
    one page would leave one alone on the other)."""
    if keep >= 2 and count <= 3:
        return count
    return min(keep, count)


_COLUMN_HEADER = b"<</O/Table/Scope/Column>>"
_ROW_HEADER = b"<</O/Table/Scope/Row>>"


class _Table:
    """Lays out and places one table for `Flow.table`: its header row on construction."""

    def __init__(self, flow: Flow, table: Element, header: Sequence[Sequence[Run]], widths: Sequence[float],
                 measures: Mapping[TextStyle, Measure], shapes: dict | None, padding: float, rule: Colour,
                 row_headers: bool, numeric: Sequence[bool], header_fill: Colour) -> None:
        self.flow = flow
        self.table = table
        self.widths = widths
        self.measures = measures
        self.shapes = shapes
        self.padding = padding
        self.rule = rule
        self.row_headers = row_headers
        self.total_w = sum(widths)
        self.left = flow.geo.left
        self.inner = [w - 2 * padding for w in widths]
        self.right = [bool(numeric[i]) if i < len(numeric) else False for i in range(len(widths))]
        self.header_fill = header_fill
        self.header_cells = self.lay(header, table.add("THead").add("TR"), True)
        self.header_h = self.height(self.header_cells)

    def lay(self, row: Sequence[Sequence[Run]], tr: Element, heads: bool) -> list[tuple[list[list[Piece]], float]]:
        cells = []
        for i, runs in enumerate(row):
            if heads:
                element = tr.add("TH", attributes=_COLUMN_HEADER)
            elif i == 0 and self.row_headers:
                element = tr.add("TH", attributes=_ROW_HEADER)
            else:
                element = tr.add("TD")
            lines = lay_out(runs, self.inner[i], element, self.measures, self.shapes) if runs else []
            cells.append((lines, runs_leading(runs)))
        return cells

    def height(self, cells: list[tuple[list[list[Piece]], float]]) -> float:
        return max((len(lines) * leading for lines, leading in cells), default=0.0) + 2 * self.padding

    def place(self, cells: list[tuple[list[list[Piece]], float]], h: float, fill: Colour | None,
              artifact: bool) -> None:
        flow = self.flow
        page = flow.page
        top = flow.y
        left, total_w, padding, inner, right, measures = (self.left, self.total_w, self.padding, self.inner,
                                                          self.right, self.measures)
        if fill is not None:
            page.rects.append(Rect(left, top - h, total_w, h, fill))
        page.rules.append(Rule(left, top - h, left + total_w, top - h, self.rule, 0.4))
        x = left
        for i, ((lines, leading), w) in enumerate(zip(cells, self.widths)):
            baseline = top - padding
            for line in lines:
                baseline_here = baseline - _line_size(line)
                if artifact:
                    line = [piece._replace(element=None, link=None) for piece in line]
                shift = 0.0
                if right[i] and line:
                    end = line[-1]
                    shift = inner[i] - (end.dx + measures[end.style].width(end.text.rstrip()))
                place_line(page, x + padding + shift, baseline_here, line, leading)
                baseline -= leading
            x += w
        flow.y = top - h

    def start_page_part(self) -> None:
        """The header row again, at the top of a page the table runs onto."""
        self.place(self.header_cells, self.header_h, self.header_fill, True)

    def place_all(self, rows: Iterable[Sequence[Sequence[Run]]], stripe: Colour | None) -> None:
        """The header, then `rows` in `stripe`s: see `Flow.table`."""
        flow = self.flow
        header_cells, header_h, header_fill = self.header_cells, self.header_h, self.header_fill
        body = self.table.add("TBody")
        # Rows are laid out one ahead of the one placed, so that the row before the
        # last goes to a new page with the last rather than leave it alone there.
        laid = (self.lay(row, body.add("TR"), False) for row in rows)  # each row laid out when asked for
        ahead = deque(itertools.islice(laid, 2))
        started = False
        n = -1
        while ahead:
            cells = ahead.popleft()
            following = next(laid, None)
            if following is not None:
                ahead.append(following)
            n += 1
            h = self.height(cells)
            need = h
            if len(ahead) == 1 and header_h + h + self.height(ahead[0]) <= flow.geo.frame_height:
                need = h + self.height(ahead[0])  # the row before the last keeps with the last
            if not started:
                start = need
                if ahead and header_h + h + self.height(ahead[0]) <= flow.geo.frame_height:
                    start = max(need, h + self.height(ahead[0]))  # the first two rows together
                flow.ensure(header_h + start)
                self.place(header_cells, header_h, header_fill, False)
                started = True
            fill = stripe if stripe is not None and n % 2 else None
            if need > flow.room():
                if header_h + h <= flow.geo.frame_height:
                    flow.new_page()
                    self.start_page_part()
                else:
                    self.place_tall_row(cells, fill)
                    continue
            self.place(cells, h, fill, False)
        if not started:
            flow.ensure(header_h)
            self.place(header_cells, header_h, header_fill, False)

    def place_tall_row(self, cells: list[tuple[list[list[Piece]], float]], fill: Colour | None) -> None:
        """A row taller than a page: its lines are dealt out over as many pages as needed."""
        flow, padding = self.flow, self.padding
        remaining = [(list(lines), leading) for lines, leading in cells]
        while any(lines for lines, _ in remaining):
            room = flow.room() - 2 * padding
            if room < max(leading for _, leading in remaining):
                flow.new_page()
                self.start_page_part()
                continue
            part = []
            for lines, leading in remaining:
                n = max(1, int(room // leading)) if leading else 0
                part.append((lines[:n], leading))
                del lines[:n]
            self.place(part, self.height(part), fill, False)
            if any(lines for lines, _ in remaining):
                flow.new_page()
                self.start_page_part()
