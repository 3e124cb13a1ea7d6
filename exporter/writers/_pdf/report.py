"""The follow-up report of one period drawn for A4 from its outline
(`exporter.report.build_outline`): the outline decides every word, heading level,
table, list, figure and link; this module only lays them out and tags them.

The pages: a title page, the contents (a linked `TOC`), then the outline's body, each
block tagged as its kind (`H1`–`H3`, `P`, `Table` with `Caption`, `L`/`LI`/`LBody`,
`Figure` with `/Alt`, `Link`); the running header and footer are artifacts.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO, assert_never

from ...model import Period, Record, RecordSet, Status
from ...report import build_outline
from ...report.outline import (
    Badge,
    BarChart,
    Block,
    BulletList,
    Figure,
    Heading,
    Image,
    Inline,
    Link,
    Outline,
    Paragraph,
    Table,
    Text,
    plain_text,
)
from ...theme import Theme
from ..base import BuildOptions, Document, report_name, warn, without_cyclic_gc
from .draw import Encoder, Painted
from .fonts import Typeface, typeface
from .layout import (
    Flow,
    Geometry,
    Measure,
    Page,
    Picture,
    PlacedText,
    Rect,
    Rule,
    Run,
    Target,
    TextStyle,
    kept_lines,
    lay_out,
    runs_leading,
)
from .layout import Link as LinkArea
from .metadata import Metadata, plain, xmp
from .tagging import Element, StructTree
from .writer import PdfFile

__all__ = ["Built", "build_report", "document_name", "write_report"]

MM = 72 / 25.4
INK = (0.1, 0.1, 0.12)
GREY = (0.25, 0.25, 0.25)  # the Word report's grey (#404040): captions, header and footer
RULE = (0.65, 0.65, 0.65)  # the Word report's rules (#A6A6A6): under the header, over the footer


def document_name(period: Period) -> str:
    """The report's file name: "uppfoljning-2022-T1.pdf"."""
    return report_name(period, "pdf")


def rgb(colour: str) -> tuple[float, float, float]:
    """"#RRGGBB" as PDF colour components."""
    value = colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


class Styles:
    """The text styles of the report in the fonts of a typeface: the sizes, line
    spacing and colours of the Word report's styles (templates/make_reference_docx.py),
    so that the two look like one design; the title, subtitle, headings and links in
    the theme's accent colour."""

    def __init__(self, face: Typeface, accent: tuple[float, float, float]) -> None:
        self.TITLE = TextStyle(face.bold, 28, 34, accent)
        self.SUBTITLE = TextStyle(face.body, 18, 24, accent)
        self.TITLE_INFO = TextStyle(face.body, 12, 17, INK)
        self.TITLE_INFO_BOLD = TextStyle(face.bold, 12, 17, INK)
        self.HEADINGS = (TextStyle(face.bold, 17, 22, accent), TextStyle(face.bold, 13.5, 18, accent),
                         TextStyle(face.bold, 11.5, 15, accent))
        self.BODY = TextStyle(face.body, 11, 13.5, INK)
        self.BODY_BOLD = TextStyle(face.bold, 11, 13.5, INK)
        self.LEAD = TextStyle(face.body, 12, 15, INK)
        self.LEAD_BOLD = TextStyle(face.bold, 12, 15, INK)
        self.FIELD = TextStyle(face.body, 10, 12.5, INK)
        self.FIELD_BOLD = TextStyle(face.bold, 10, 12.5, INK)
        self.NOTE = TextStyle(face.italic, 11, 13.5, INK)
        self.CAPTION = TextStyle(face.italic, 9.5, 12, GREY)
        self.CELL = TextStyle(face.body, 9.5, 11.5, INK)
        self.CELL_BOLD = TextStyle(face.bold, 9.5, 11.5, INK)
        self.TOC = TextStyle(face.body, 11, 14, INK)
        self.TOC_BOLD = TextStyle(face.bold, 11, 15, INK)
        self.MARGIN = TextStyle(face.body, 9, 11, GREY)
        self.accent = accent
        self._linked: dict[TextStyle, TextStyle] = {}

    def linked(self, style: TextStyle) -> TextStyle:
        """`style` in the accent colour: a link's words (underlined in that colour)."""
        linked = self._linked.get(style)
        if linked is None:
            linked = self._linked[style] = TextStyle(style.font, style.size, style.leading, self.accent)
        return linked


@dataclass(frozen=True)
class Built:
    """A rendered PDF and its facts that the archival finishing reuses."""

    data: bytes
    meta: Metadata
    pages: int


@dataclass(frozen=True, slots=True)
class TocEntry:
    """An entry of the contents: a heading's words, its level (0: a top heading) and
    its place."""

    text: str
    level: int
    target: Target
    lang: str | None = None  # where the heading's words are in another language than the document's


class _Measures(dict):
    """One `Measure` per style, made on first use and shared in the process."""

    def __missing__(self, style: TextStyle) -> Measure:
        m = self[style] = Measure.of(style)
        return m


# The widths of words are shared by all reports made in this process (the documents
# of one build, one per period, repeat most of their words); each style's cache is
# bounded, and the fonts' names are fixed by their files.
_MEASURES = _Measures()

# The space before and after a heading of each level, in points, as in the Word report.
_HEADING_SPACE = ((18.0, 6.0), (16.0, 5.0), (12.0, 4.0))

# What a paragraph of each role looks like: (regular, strong) styles and the lines kept
# together at its start.
# The roles of paragraphs that stay on the page of what follows them, as a heading does:
# an assignment's fields and its status sentence (the Word report keeps them alike).
_KEPT_WITH_NEXT = frozenset({"field", "status_text"})

_ROLE_STYLES = {
    "lead": ("LEAD", "LEAD_BOLD"),
    "field": ("FIELD", "FIELD_BOLD"),
    "note": ("NOTE", "NOTE"),
}


class _Report:
    """Lays out, tags and paints one period's report from its outline."""

    def __init__(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> None:
        assert document.period is not None
        self.record_set = record_set
        self.document = document
        self.period: Period = document.period
        self.theme = theme
        self.options = options
        self.outline: Outline = build_outline(record_set, self.period, theme, options)
        self.geo = Geometry()
        self.file = PdfFile((self.geo.width, self.geo.height))
        self.face = typeface(theme.pdf_fonts.get("body"), theme.pdf_fonts.get("bold"), theme.pdf_fonts.get("italic"))
        self.accent = rgb(theme.accent)
        self.s = Styles(self.face, self.accent)
        self.m = _MEASURES
        self.colours = {s: rgb(theme.status_style(s).colour) for s in Status}
        self.tree = StructTree(self.outline.lang)
        self.root: Element = self.tree.document
        self.targets: dict[str, Target] = {}
        self.toc: list[TocEntry] = []
        self.contents_anchors = {h.anchor for h in self.outline.headings}
        self.shapes: dict = {}  # laid-out shapes of recurring content (see layout.lay_out)

    # -- helpers ------------------------------------------------------------------

    def text(self, value: str) -> str:
        """A text of the outline made drawable."""
        return self.face.clean(value).text

    def target(self, anchor: str) -> Target:
        target = self.targets.get(anchor)
        if target is None:
            target = self.targets[anchor] = Target()
        return target

    def runs(self, content: Sequence[Inline], regular: TextStyle, strong: TextStyle) -> list[Run]:
        """Inline content as runs in the paragraph's styles."""
        out: list[Run] = []
        for part in content:
            if isinstance(part, Text):
                out.append(Run(self.face.clean(part.text).text, strong if part.strong else regular, None, None, "", part.lang))
            elif isinstance(part, Badge):
                out.append(Run(self.face.clean(part.words).text, regular, part.status))
            elif isinstance(part, Link):
                if len(part.content) == 1 and isinstance(part.content[0], Text):  # a title, as links mostly are
                    only = part.content[0]
                    words, lang, style = only.text, only.lang or None, strong if only.strong else regular
                else:
                    words = plain_text(part.content)
                    lang = next((p.lang for p in part.content if isinstance(p, Text) and p.lang), None)
                    style = strong if any(isinstance(p, Text) and p.strong for p in part.content) else regular
                out.append(Run(self.text(words), self.s.linked(style), target=self.target(part.target),
                               contents=plain(words), lang=lang))
        return out

    def lines(self, flow: Flow, runs: Sequence[Run], element: Element, indent: float = 0.0, keep: int = 1,
              width: float | None = None) -> None:
        if not runs:
            return
        width = self.geo.frame_width - indent if width is None else width
        laid = lay_out(runs, width, element, self.m, self.shapes)
        flow.pieces(laid, runs_leading(runs), indent, keep=min(keep, len(laid)))

    # -- the title page ---------------------------------------------------------------

    def title_page(self, finish) -> Painted:
        title_page = self.outline.title_page
        flow = Flow(self.geo, 1, finish)
        logo = title_page.logo
        if logo is not None and isinstance(logo.content, Image):
            file, w, h = self.picture(logo.content)
            y = self.geo.height - self.geo.top - h - 20
            figure = self.root.add("Figure", alt=plain(logo.alt), attributes=_bbox(self.geo.left, y, w, h))
            flow.page.images.append(Picture(file, self.geo.left, y, w, h, figure))
        flow.y = self.geo.height * 0.68
        s = self.s
        flow.lines(self.wrap(title_page.title, s.TITLE), s.TITLE, self.root.add("P"))
        flow.space(8)
        flow.lines(self.wrap(title_page.subtitle, s.SUBTITLE), s.SUBTITLE, self.root.add("P"))
        flow.space(30)
        flow.lines(self.wrap(title_page.organisation, s.TITLE_INFO), s.TITLE_INFO, self.root.add("P"))
        for fact in title_page.facts:
            self.lines(flow, [Run(self.text(f"{fact.label}: "), s.TITLE_INFO_BOLD),
                              Run(self.text(fact.value), s.TITLE_INFO, lang=fact.lang)], self.root.add("P"))
        return flow.close()[0]

    def wrap(self, value: str, style: TextStyle, width: float | None = None) -> Sequence[str]:
        return self.m[style].wrap(self.text(value), self.geo.frame_width if width is None else width)

    def picture(self, image: Image) -> tuple[str, float, float]:
        """A template's picture file and its size drawn `image.height_mm` high; the file
        is read once, for its size and the picture it puts in the PDF."""
        self.file.picture(image.path)
        w, h = self.file.size(image.path)
        height = image.height_mm * MM
        return image.path, w * height / h, height

    # -- the body ---------------------------------------------------------------------

    def content(self, finish) -> list[Painted]:
        flow = Flow(self.geo, 0, finish)
        blocks = self.outline.body()
        # The blocks read ahead of a heading: what must go to its page with it.
        ahead: deque[Block] = deque()
        while True:
            block = ahead.popleft() if ahead else next(blocks, None)
            if block is None:
                break
            match block:
                case Paragraph():
                    self.paragraph(flow, block)
                case Heading():
                    self.heading(flow, block, self.kept_with(block, blocks, ahead))
                case Table():
                    self.table(flow, block)
                case BulletList():
                    self.bullets(flow, block)
                case Figure():
                    self.figure(flow, block)
                case _:
                    assert_never(block)
        return flow.close()

    def kept_with(self, heading: Heading, blocks: Iterator[Block], ahead: deque[Block]) -> float:
        """The height of what stays on a heading's page with it: an assignment's fields and
        status sentence, then the first two lines of its comment (or of whatever comes
        next), read ahead from `blocks` into `ahead`."""
        height = _HEADING_SPACE[min(heading.level, 3) - 1][1]
        i = 0
        while True:
            if i == len(ahead):
                following = next(blocks, None)
                if following is None:
                    return height
                ahead.append(following)
            block = ahead[i]
            i += 1
            if not isinstance(block, Paragraph):
                return height + 3 * self.s.BODY.leading  # a heading, table, list or figure: a start of it
            regular = getattr(self.s, _ROLE_STYLES.get(block.role, ("BODY", "BODY_BOLD"))[0])
            lines = len(self.wrap(block.text, regular))
            height += (2 if block.role == "field" else 6)
            if block.role not in _KEPT_WITH_NEXT:
                return height + kept_lines(lines, 2) * regular.leading
            height += lines * regular.leading

    def heading(self, flow: Flow, heading: Heading, kept: float = 0.0) -> None:
        """A heading (H1–H3 as its level), its bookmark, its place for links and, if
        listed, its contents entry; `kept` points of what follows stay on its page."""
        if heading.page_break and not flow.at_top:
            flow.new_page()
        level = min(heading.level, 3) - 1
        style = self.s.HEADINGS[level]
        runs = self.runs(heading.content, style, style)
        element = self.root.add(f"H{level + 1}")
        laid = lay_out(runs, self.geo.frame_width, element, self.m, self.shapes)
        flow.space(_HEADING_SPACE[level][0])
        flow.ensure(len(laid) * style.leading + kept)
        target = self.target(heading.anchor)
        target.slot, target.top, target.page = flow.page.slot, flow.y, flow.page_number
        text = plain(heading.text)
        flow.mark(heading.anchor, text, heading.level - 1)
        if heading.in_contents:
            self.toc.append(TocEntry(text, heading.level - 1, target, _language(heading.content)))
        flow.pieces(laid, style.leading, keep=len(laid))
        if heading.level == 1:
            self.heading_rule(flow)
        flow.space(_HEADING_SPACE[level][1])

    def heading_rule(self, flow: Flow) -> None:
        """The rule under a top heading, in the accent colour, as the Word report draws it."""
        flow.y -= 2
        flow.page.rules.append(Rule(self.geo.left, flow.y, self.geo.left + self.geo.frame_width, flow.y, self.accent, 0.5))

    def paragraph(self, flow: Flow, paragraph: Paragraph) -> None:
        regular, strong = _ROLE_STYLES.get(paragraph.role, ("BODY", "BODY_BOLD"))
        regular_style, strong_style = getattr(self.s, regular), getattr(self.s, strong)
        content = paragraph.content
        lang = None
        texts = [p for p in content if isinstance(p, Text)]
        if content and len(texts) == len(content) and texts[0].lang and all(p.lang == texts[0].lang for p in texts):
            # a paragraph wholly in another language: the P says so, no Span per run
            lang = texts[0].lang
            content = tuple(Text(p.text, p.strong, p.emphasis) for p in texts)
        element = self.root.add("P", lang=lang)
        flow.space(2 if paragraph.role == "field" else 6)
        self.lines(flow, self.runs(content, regular_style, strong_style), element, keep=2)

    def table(self, flow: Flow, table: Table) -> None:
        """A table with its caption (`Caption`, drawn above it) and its description
        (the table's `/Summary`)."""
        s = self.s
        element = self.root.add("Table", attributes=b"<</O/Table/Summary" + _string(table.description) + b">>")
        flow.space(6)
        caption = element.add("Caption")
        flow.lines(self.wrap(table.caption, s.CAPTION), s.CAPTION, caption, keep=2)
        flow.space(2)
        widths = [c.width * self.geo.frame_width for c in table.columns]
        header = [[Run(self.text(c.header), s.CELL_BOLD)] for c in table.columns]

        flow.table(element, widths, header, self.rows(table), self.m, row_headers=table.row_headers,
                   numeric=[c.numeric for c in table.columns], shapes=self.shapes)
        flow.space(4)

    def rows(self, table: Table) -> Iterator[list[list[Run]]]:
        """A table's rows, then its total row (in bold), as runs, made as they are placed."""
        s = self.s
        for row in table.rows:
            yield [self.runs(cell, s.CELL, s.CELL_BOLD) for cell in row]
        if table.total is not None:
            yield [self.runs(cell, s.CELL_BOLD, s.CELL_BOLD) for cell in table.total]

    def figure(self, flow: Flow, figure: Figure) -> None:
        """A picture or a bar chart, tagged `Figure` with its alternative text; a caption
        below it, and the two together in a `Div`."""
        s = self.s
        flow.space(6)
        content = figure.content
        group = self.root.add("Div") if figure.caption else self.root
        if isinstance(content, Image):
            file, w, h = self.picture(content)
            flow.ensure(h)
            element = group.add("Figure", alt=plain(figure.alt), attributes=_bbox(self.geo.left, flow.y - h, w, h))
            flow.page.images.append(Picture(file, self.geo.left, flow.y - h, w, h, element))
            flow.y -= h
        elif isinstance(content, BarChart):
            self.chart(flow, content, figure.alt, group)
        if figure.caption:
            flow.space(2)
            flow.lines(self.wrap(figure.caption, s.CAPTION), s.CAPTION, group.add("Caption"))
        flow.space(4)

    def chart(self, flow: Flow, chart: BarChart, alt: str, group: Element) -> None:
        """Horizontal bars, each with its label and value, in the bar's colour."""
        style = self.s.CELL
        label_w = 150.0
        bar_w = self.geo.frame_width - label_w - 40
        row = 16.0
        h = row * len(chart.bars) + 4
        flow.ensure(h)
        left, top = self.geo.left, flow.y
        element = group.add("Figure", alt=plain(alt), attributes=_bbox(left, top - h, self.geo.frame_width, h))
        page = flow.page
        maximum = chart.maximum or 1
        for i, bar in enumerate(chart.bars):
            baseline = top - (i + 1) * row + 4
            page.texts.append(PlacedText(left, baseline, style, self.text(bar.label) + " ", element))
            length = bar_w * bar.value / maximum
            if length > 0:
                page.rects.append(Rect(left + label_w, baseline - 2, length, row - 6, rgb(bar.colour)))
            page.texts.append(PlacedText(left + label_w + length + 4, baseline, style, f"{bar.value} ", element))
        flow.y = top - h

    def bullets(self, flow: Flow, items: BulletList) -> None:
        """A list: `L` of `LI`, each a `LBody` (the bullet is drawn as decoration)."""
        s = self.s
        element = self.root.add("L", title=plain(items.label) if items.label else None)
        flow.space(2)
        for item in items.items:
            body = element.add("LI").add("LBody")
            runs = self.runs(item.content, s.BODY, s.BODY_BOLD)
            laid = lay_out(runs, self.geo.frame_width - 14, body, self.m, self.shapes)
            flow.ensure(s.BODY.leading)
            flow.page.texts.append(PlacedText(self.geo.left + 3, flow.y - s.BODY.size, s.BODY, "•", None))
            flow.pieces(laid, s.BODY.leading, indent=14)

    # -- the contents -----------------------------------------------------------------

    def contents(self, finish, heading: Element, toc: Element) -> list[Painted]:
        """The table of contents, its pages as `finish` makes them: a heading, then a
        `TOC` of a `TOCI` per entry, each a `Link` (words and page number) with a link
        annotation to the heading. The contents' length does not depend on its page
        numbers (a fixed-width column), so the entries are laid out first, with a place
        kept for each number in reading order, and the numbers put in once the number
        of contents pages tells where the content starts."""
        flow = Flow(self.geo, 2)
        title = self.outline.contents_title
        flow.mark("contents", plain(title), 0)
        flow.lines(self.wrap(title, self.s.HEADINGS[0]), self.s.HEADINGS[0], heading)
        self.heading_rule(flow)
        flow.space(8)
        right = self.geo.left + self.geo.frame_width
        numbers: list[tuple[list[PlacedText], int, TocEntry]] = []
        for entry in self.toc:
            style = self.s.TOC_BOLD if entry.level == 0 else self.s.TOC
            indent = 14.0 * entry.level
            lines = self.wrap(entry.text, style, self.geo.frame_width - indent - 36)
            if entry.level == 0:
                flow.space(4)
            # TOCI > Reference > Link, as ISO 32000-1 (14.8.4.3.2) lets a TOCI hold; the
            # link in the language of the heading's words.
            link = toc.add("TOCI").add("Reference").add("Link", lang=entry.lang)
            flow.lines(lines, style, link, indent=indent, keep=len(lines))
            page = flow.page
            texts = page.texts
            bottom = texts[-1].baseline - style.size * 0.3
            top = bottom + len(lines) * style.leading
            page.links.append(LinkArea((self.geo.left + indent, bottom, right, top), entry.target, entry.text, link))
            numbers.append((texts, len(texts), entry))
            texts.append(texts[-1])  # the number's place, filled in below
        pages = flow.close()
        first = 2 + len(pages)
        for texts, i, entry in numbers:
            x, y, style, line, owner = texts[i - 1]
            number = f" {first + entry.target.page}"  # a space: the words and the number are not run together
            measure = self.m[style]
            at = right - measure.width(number)
            texts[i] = PlacedText(at, y, style, number, owner)
            # A leader of dots from the words to the number, as Word's contents draw
            # it: decoration (an artifact), the number is what is read.
            dot = measure.width(".")
            dots = int((at - 2 - (x + measure.width(line.rstrip()) + 4)) / dot)
            if dots >= 3:
                texts.append(PlacedText(at - 2 - dots * dot, y, style, "." * dots, None))
        del numbers
        return [finish(page) for page in pages]

    # -- the whole ----------------------------------------------------------------

    def metadata(self) -> Metadata:
        outline = self.outline
        return Metadata(
            title=plain(outline.title),
            subject=plain(outline.subject),
            author=plain(outline.author),
            keywords=plain(outline.keywords),
            language=outline.lang,
            date=self.options.date_for(self.period, self.record_set),
        )

    def check_glyphs(self, record: Record) -> None:
        """Warn, naming the record, about characters the font lacks (printed as [U+XXXX])."""
        missing: dict[str, None] = {}
        for value in (*record.text, *record.committees):
            lacking = self.face.clean(value).missing
            if lacking:
                missing.update(dict.fromkeys(lacking))
        if missing:
            chars = ", ".join(f"U+{ord(c):04X}" for c in missing)
            warn(self.document, f"{record.source.file}:{record.source.line}: the font has no glyph for "
                                f"{chars}; printed as [U+XXXX]")

    def write(self, sink: BinaryIO | bytearray) -> tuple[Metadata, int]:
        """Write the report to `sink` (see `PdfFile.write`); its metadata and number of pages."""
        for record in self.record_set.for_period(self.period):
            self.check_glyphs(record)
        meta = self.metadata()
        file = self.file
        # Each page is encoded and compressed as soon as it is laid out (the file's
        # font document gives the fonts' subset codes); only the headings' places and
        # the structure are kept besides.
        symbols = {s: self.theme.status_style(s).symbol for s in Status}
        drawable = {} if self.face.builtin else {
            s: text for s, text in symbols.items() if all(self.face.has(ch) for ch in text)}
        encoder = Encoder(file.fonts, self.colours, drawable, self.face.bold)
        finish = encoder.finish
        title_page = self.title_page(finish)
        # The contents come before the body in the structure as on paper, but are
        # laid out after it (they give its headings' pages).
        contents_heading = self.root.add("H1")
        toc = self.root.add("TOC")
        content = self.content(finish)
        pages: list[Painted | None] = [title_page, *self.contents(finish, contents_heading, toc), *content]
        del title_page, content
        running = self.outline.running
        small_logo = None
        if running.logo is not None and isinstance(running.logo.content, Image):
            small_logo = self.picture(running.logo.content)  # numbered with the pages' pictures
        total = len(pages)
        geo = self.geo
        margin = self.s.MARGIN
        measure = self.m[margin]
        top, right = self.header_top, geo.width - geo.right
        x = geo.left
        if small_logo is not None:
            x += small_logo[1] + 6
        header_left, header_right = self.text(running.header_left), self.text(running.header_right)
        # The running header is the same on every page: its operators are made once.
        header = Page(texts=[PlacedText(x, top + 4, margin, header_left, None),
                             PlacedText(right - measure.width(header_right), top + 4, margin, header_right, None)],
                      rules=[Rule(geo.left, top, right, top, RULE, 0.5)])
        header_ops = encoder.ops(header, artifact="/Artifact BMC")
        decorate = partial(self.running_ops, total=total, encoder=encoder, header_ops=header_ops,
                           small_logo=small_logo)
        file.write(sink, pages, decorate, self.tree, meta, xmp(meta))
        return meta, total

    @property
    def header_top(self) -> float:
        """The running header's rule: 10 points above the frame."""
        return self.geo.height - self.geo.top + 10

    def running_ops(self, number: int, total: int, encoder: Encoder, header_ops: str,
                    small_logo: tuple[str, float, float] | None) -> str:
        """The running header (logo, texts, rule: `header_ops`) and the footer
        (organisation, page `number` of `total`) of every page but the first, marked as
        pagination artifacts."""
        if number == 1:
            return ""
        geo = self.geo
        margin = self.s.MARGIN
        parts = [_HEADER]
        if small_logo is not None:
            path, w, h = small_logo
            parts.append(self.file.picture_ops(path, geo.left, self.header_top + 3, w, h - 1))
        parts.append(header_ops)
        parts.append("EMC")
        running = self.outline.running
        label = self.text(running.page_label.replace("{page}", str(number)).replace("{pages}", str(total)))
        right = geo.width - geo.right
        baseline = geo.bottom - 22
        rule = baseline + margin.size + 4
        footer = Page(texts=[PlacedText(geo.left, baseline, margin, self.text(running.footer_left), None),
                             PlacedText(right - self.m[margin].width(label), baseline, margin, label, None)],
                      rules=[Rule(geo.left, rule, right, rule, RULE, 0.5)])
        parts.append(encoder.ops(footer, artifact=_FOOTER))
        return "\n".join(parts)


def _language(content: Sequence[Inline]) -> str | None:
    """The language of inline content whose every text is in one other language than the
    document's (a Swedish title in an English report), else None."""
    langs = {part.lang for part in content if isinstance(part, Text)}
    for part in content:
        if isinstance(part, Link):
            langs |= {inner.lang for inner in part.content if isinstance(inner, Text)}
    return langs.pop() if len(langs) == 1 else None


def _bbox(x: float, y: float, w: float, h: float) -> bytes:
    """A figure's layout attributes: its bounding box on the page."""
    return b"<</O/Layout/BBox[" + " ".join(f"{v:.2f}" for v in (x, y, x + w, y + h)).encode("ascii") + b"]>>"


def _string(text: str) -> bytes:
    from .tagging import text_string

    return text_string(plain(text))


_HEADER = "/Artifact <</Type /Pagination /Subtype /Header>> BDC"
_FOOTER = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


def build_report(record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> Built:
    """The PDF of `document`'s period, in memory."""
    data = bytearray()
    meta, pages = write_report(record_set, document, theme, options, data)
    return Built(bytes(data), meta, pages)


def write_report(record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions,
                 sink: BinaryIO | bytearray) -> tuple[Metadata, int]:
    """Write the PDF of `document`'s period to `sink`, a binary file or a bytearray;
    its metadata and number of pages."""
    if document.period is None:
        raise ValueError("a PDF report covers one period")
    with without_cyclic_gc():
        return _Report(record_set, document, theme, options).write(sink)
