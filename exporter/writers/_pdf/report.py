"""The follow-up report of one period laid out for A4: title page, contents, status
summary, overview table and one section per assignment, grouped as asked."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from ...model import Period, Record, RecordSet, Status
from ...theme import LANGUAGE_TAGS, Theme
from ..base import BuildOptions, Document, warn, without_cyclic_gc
from .draw import Encoder, Painted, document_of, paint
from .fonts import Typeface, typeface
from .layout import Cell, Flow, Geometry, Link, Measure, Page, TextStyle
from .metadata import CREATOR, PRODUCER, Metadata, plain, xmp
from .tagging import Element, PageSlot, StructTree

__all__ = ["Built", "build_report", "document_name"]


def document_name(period: Period) -> str:
    """The report's file name: "uppfoljning-2022-T1.pdf"."""
    return f"uppfoljning-{period.slug}.pdf"


INK = (0.1, 0.1, 0.12)
GREY = (0.35, 0.37, 0.4)


def rgb(colour: str) -> tuple[float, float, float]:
    """"#RRGGBB" as PDF colour components."""
    value = colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


class Styles:
    """The text styles of the report in the fonts of a typeface; the title and the
    upper headings in the theme's accent colour."""

    def __init__(self, face: Typeface, accent: tuple[float, float, float]) -> None:
        self.TITLE = TextStyle(face.bold, 28, 34, accent)
        self.SUBTITLE = TextStyle(face.body, 18, 24, INK)
        self.TITLE_INFO = TextStyle(face.body, 12, 17, GREY)
        self.H1 = TextStyle(face.bold, 17, 22, accent)
        self.H2 = TextStyle(face.bold, 13.5, 18, accent)
        self.H3 = TextStyle(face.bold, 11.5, 15, INK)
        self.BODY_TEXT = TextStyle(face.body, 10, 13.5, INK)
        self.STATUS_WORDS = TextStyle(face.bold, 10, 14, INK)
        self.NOTE = TextStyle(face.italic, 9, 12.5, GREY)
        self.SMALL = TextStyle(face.body, 9, 12, GREY)
        self.CELL = TextStyle(face.body, 8.5, 11, INK)
        self.CELL_BOLD = TextStyle(face.bold, 8.5, 11, INK)
        self.TOC = TextStyle(face.body, 10, 14, INK)
        self.TOC_BOLD = TextStyle(face.bold, 10, 15, INK)
        self.MARGIN = TextStyle(face.body, 8, 10, GREY)


@dataclass(frozen=True)
class Built:
    """A rendered PDF and its facts that the archival finishing reuses."""

    data: bytes
    meta: Metadata
    pages: int


@dataclass(frozen=True, slots=True)
class TocEntry:
    text: str
    level: int
    page: int  # page index within the content flow, from 0
    key: str
    slot: PageSlot  # the page, for the link to it
    top: float


class _Measures(dict):
    """One `Measure` per style, made on first use."""

    def __missing__(self, style: TextStyle) -> Measure:
        m = self[style] = Measure(style)
        return m


# The widths of words are shared by all reports made in this process (the documents
# of one build, one per period, repeat most of their words); each style's cache is
# bounded, and the fonts' names are fixed by their files.
_MEASURES = _Measures()


class _Report:
    """Lays out and paints one period's report."""

    def __init__(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> None:
        assert document.period is not None
        self.record_set = record_set
        self.document = document
        self.period: Period = document.period
        self.theme = theme
        self.options = options
        self.lang = options.lang
        self.geo = Geometry()
        self.face = typeface(theme.pdf_fonts.get("body"), theme.pdf_fonts.get("bold"))
        self.accent = rgb(theme.accent)
        self.s = Styles(self.face, self.accent)
        self.m = _MEASURES
        self.records = record_set.for_period(self.period)
        self.toc: list[TocEntry] = []
        self.tree = StructTree(LANGUAGE_TAGS[self.lang])
        self.root: Element = self.tree.document
        self.colours = {s: tuple(c / 255 for c in theme.status_style(s).rgb) for s in Status}

    # -- helpers ------------------------------------------------------------------

    def w(self, key: str, **values: object) -> str:
        return self.theme.word(key, self.lang, **values)

    def text(self, value: str) -> str:
        """A text of the theme or the report, made drawable."""
        return self.face.clean(value).text

    def wrap(self, value: str, style: TextStyle, width: float | None = None) -> list[str]:
        return self.m[style].wrap(self.text(value), self.geo.frame_width if width is None else width)

    def heading(self, flow: Flow, text: str, style: TextStyle, level: int, key: str, keep: float) -> None:
        """A heading at outline `level` (0: H1), with its bookmark and contents entry."""
        lines = self.wrap(text, style)
        flow.space(style.size * 0.9)
        flow.ensure(len(lines) * style.leading + keep)
        page = flow.mark(key, text, level)
        self.toc.append(TocEntry(text, level, page, key, flow.page.slot, flow.y))
        flow.lines(lines, style, self.root.add(f"H{level + 1}"), keep=len(lines))
        flow.space(style.size * 0.35)

    def paragraph(self, flow: Flow, text: str, style: TextStyle, keep: int = 1) -> None:
        """A paragraph (`P`), wrapped to the frame; one element whatever pages it runs over."""
        flow.lines(self.wrap(text, style), style, self.root.add("P"), keep=keep)

    # -- the parts ----------------------------------------------------------------

    def title_page(self, finish) -> Painted:
        flow = Flow(self.geo, 1, finish)
        logo = self.logo(48)
        if logo is not None:
            file, w, h = logo
            assert self.theme.logo is not None
            alt = self.theme.logo.alt
            figure = self.root.add("Figure", alt=alt.get(self.lang) or next(iter(alt.values()), ""),
                                   attributes=b"<< /O /Layout /BBox [%s] >>" % " ".join(
                                       f"{v:.2f}" for v in (self.geo.left, self.geo.height - self.geo.top - h - 20,
                                                            self.geo.left + w, self.geo.height - self.geo.top - 20)
                                   ).encode("ascii"))
            flow.page.images.append((file, self.geo.left, self.geo.height - self.geo.top - h - 20, w, h, figure))
        flow.y = self.geo.height * 0.68
        self.paragraph(flow, self.theme.report_title(self.lang), self.s.TITLE)
        flow.space(8)
        self.paragraph(flow, self.theme.period_name(self.period, self.lang), self.s.SUBTITLE)
        flow.space(30)
        self.paragraph(flow, self.theme.organisation, self.s.TITLE_INFO)
        date = self.options.date_for(self.period, self.record_set).isoformat()
        self.paragraph(flow, f"{self.w('report_date')}: {date}", self.s.TITLE_INFO)
        top = self.geo.height * 0.68 + 12
        flow.page.rects.append((self.geo.left, top, 60, 4, self.accent))
        return flow.close()[0]

    def logo(self, height: float) -> tuple[str, float, float] | None:
        """The theme's logo file and its size at `height` points, if the theme has one."""
        if self.theme.logo is None:
            return None
        from reportlab.lib.utils import ImageReader

        w, h = ImageReader(str(self.theme.logo.path)).getSize()
        return str(self.theme.logo.path), w * height / h, height

    def content(self, finish) -> list[Painted]:
        flow = Flow(self.geo, 0, finish)
        self.summary(flow)
        self.overview(flow)
        self.sections(flow)
        return flow.close()

    def summary(self, flow: Flow) -> None:
        self.heading(flow, self.w("summary"), self.s.H1, 0, "summary", 80)
        self.heading(flow, self.w("status_summary"), self.s.H2, 1, "status-summary", 60)
        counts = self.record_set.status_counts(self.records)
        widths = (200.0, 70.0)
        header = [Cell([self.w("status")], self.s.CELL_BOLD), Cell([self.w("count")], self.s.CELL_BOLD)]
        rows = [
            [Cell([self.text(self.theme.status_words(s, self.lang))], self.s.CELL, s), Cell([str(n)], self.s.CELL)]
            for s, n in counts.items()
        ]
        rows.append([Cell([self.w("total")], self.s.CELL_BOLD), Cell([str(sum(counts.values()))], self.s.CELL_BOLD)])
        flow.table(widths, header, rows, self.root)

    def overview(self, flow: Flow) -> None:
        self.heading(flow, self.w("overview"), self.s.H2, 1, "overview", 60)
        total = self.geo.frame_width
        widths = (total * 0.56, total * 0.16, total * 0.28)
        inner = [w - 6 for w in widths]
        header = [Cell([self.w("assignment")], self.s.CELL_BOLD), Cell([self.w("committee")], self.s.CELL_BOLD),
                  Cell([self.w("status")], self.s.CELL_BOLD)]
        rows = []
        for r in self.records:
            rows.append([
                Cell(self.wrap(r.title, self.s.CELL, inner[0]), self.s.CELL),
                Cell(self.wrap(", ".join(r.committees) or "–", self.s.CELL, inner[1]), self.s.CELL),
                Cell(self.wrap(self.theme.status_words(r.status, self.lang), self.s.CELL, inner[2] - 14), self.s.CELL, r.status),
            ])
        flow.table(widths, header, rows, self.root)

    def sections(self, flow: Flow) -> None:
        flow.new_page()
        heading = {"source": "assignments", "committee": "grouped_by_committee", "status": "grouped_by_status"}
        self.heading(flow, self.w(heading[self.options.group_by]), self.s.H1, 0, "assignments", 60)
        n = 0
        grouped = self.record_set.groups(self.period, self.options.group_by, self.theme.committees)
        for g, (group, records) in enumerate(grouped):
            if group is not None:
                self.heading(flow, self.theme.group_name(group, self.lang), self.s.H2, 1, f"g{g}", 50)
            for record in records:
                n += 1
                self.assignment(flow, record, f"a{n}", 1 if group is None else 2)

    def assignment(self, flow: Flow, record: Record, key: str, level: int) -> None:
        self.check_glyphs(record)
        style = self.s.H2 if level == 1 else self.s.H3
        self.heading(flow, record.title, style, level, key, 3 * style.leading)
        committees = self.theme.responsible(record.committees, self.lang)
        self.paragraph(flow, f"{self.w('committees')}: {committees}", self.s.SMALL)
        flow.space(2)
        words = self.text(self.theme.status_words(record.status, self.lang))
        flow.status_line(record.status, words, self.s.STATUS_WORDS, self.root.add("P", actual_text=words))
        flow.space(2)
        if record.status_text:
            self.paragraph(flow, record.status_text, self.s.BODY_TEXT, keep=2)
        else:
            self.paragraph(flow, self.w("no_status_text"), self.s.NOTE)
        for paragraph in record.comment:
            flow.space(5)
            self.paragraph(flow, paragraph, self.s.BODY_TEXT, keep=2)
        if not record.comment:
            flow.space(5)
            self.paragraph(flow, self.w("no_comment"), self.s.NOTE)
        previous = self.record_set.previous(record)
        if previous is not None:
            flow.space(5)
            words = self.theme.status_words(previous.status, self.lang)
            when = self.theme.period_short(previous.period, self.lang)
            self.paragraph(flow, f"{self.w('previous')}: {words}, {when}", self.s.NOTE)
        flow.space(10)

    def check_glyphs(self, record: Record) -> None:
        """Warn, naming the record, about characters the font lacks (printed as [U+XXXX])."""
        missing: dict[str, None] = {}
        for value in (*record.text, *record.committees):
            missing.update(dict.fromkeys(self.face.clean(value).missing))
        if missing:
            chars = ", ".join(f"U+{ord(c):04X}" for c in missing)
            warn(self.document, f"{record.source.file}:{record.source.line}: the font has no glyph for "
                                f"{chars}; printed as [U+XXXX]")

    def contents(self, finish, heading: Element, toc: Element) -> list[Painted]:
        """The table of contents, its pages as `finish` makes them: a heading, then a
        `TOC` of a `TOCI` per entry, each a `Link` (words and page number) with a link
        annotation to the heading. The contents' length does not depend on its page
        numbers (a fixed-width column), so the entries are laid out first, with a place
        kept for each number in reading order, and the numbers put in once the number
        of contents pages tells where the content starts."""
        flow = Flow(self.geo, 2)
        title = self.w("contents")
        flow.mark("contents", title, 0)
        flow.lines(self.wrap(title, self.s.H1), self.s.H1, heading)
        flow.space(8)
        right = self.geo.left + self.geo.frame_width
        numbers: list[tuple[list, int, TocEntry, Link]] = []
        for entry in self.toc:
            style = self.s.TOC_BOLD if entry.level == 0 else self.s.TOC
            indent = 14.0 * entry.level
            lines = self.wrap(entry.text, style, self.geo.frame_width - indent - 36)
            if entry.level == 0:
                flow.space(4)
            link = toc.add("TOCI").add("Link")
            flow.lines(lines, style, link, indent=indent, keep=len(lines))
            page = flow.page
            texts = page.texts
            bottom = texts[-1][1] - style.size * 0.3
            top = bottom + len(lines) * style.leading
            area = Link((self.geo.left + indent, bottom, right, top), entry.slot, entry.top, entry.text, link)
            page.links.append(area)
            numbers.append((texts, len(texts), entry, area))
            texts.append(texts[-1])  # the number's place, filled in below
        pages = flow.close()
        first = 2 + len(pages)
        for texts, i, entry, area in numbers:
            _, y, style, _, link = texts[i - 1]
            number = f" {first + entry.page}"  # a space: the words and the number are not run together
            texts[i] = (right - self.m[style].width(number), y, style, number, link)
        del numbers
        return [finish(page) for page in pages]

    # -- the whole ----------------------------------------------------------------

    def metadata(self) -> Metadata:
        title = f"{self.theme.report_title(self.lang)} – {self.theme.period_name(self.period, self.lang)}"
        return Metadata(
            title=plain(title),
            subject=plain(f"{title}, {self.theme.organisation}"),
            author=plain(self.theme.organisation),
            keywords=plain(f"{self.theme.keywords[self.lang]}, {self.period.label}"),
            language=LANGUAGE_TAGS[self.lang],
            date=self.options.date_for(self.period, self.record_set),
        )

    def catalog(self, canv: Canvas, meta: Metadata) -> None:
        """The catalog entries of a tagged PDF: the structure tree, `/MarkInfo`, and
        the XMP packet (title, PDF/UA identification)."""
        catalog = document_of(canv).Catalog
        catalog.StructTreeRoot = self.tree
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.Metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                                     xmp(meta), filters=[])

    def render(self) -> Built:
        meta = self.metadata()
        # No file: the bytes are taken from the document (`getpdfdata`) below.
        with _without_source_date_epoch():
            canv = Canvas(None, pagesize=(self.geo.width, self.geo.height), invariant=1, pageCompression=1,
                          initialFontName=self.face.body, lang=meta.language)
        # Each page is encoded and compressed as soon as it is laid out (the canvas's
        # document gives the fonts' subset codes); only the headings' page numbers and
        # bookmarks are kept besides.
        symbols = {s: self.theme.status_style(s).symbol for s in Status}
        drawable = {s: text for s, text in symbols.items() if all(self.face.has(ch) for ch in text)}
        encoder = Encoder(canv, self.colours, (self.geo.width, self.geo.height), drawable, self.face.bold)
        finish = encoder.finish
        title_page = self.title_page(finish)
        # The contents come before the summary in the structure as on paper, but are
        # laid out after it (they list its headings).
        contents_heading = self.root.add("H1")
        toc = self.root.add("TOC")
        content = self.content(finish)
        pages: list[Painted | None] = [title_page, *self.contents(finish, contents_heading, toc), *content]
        del title_page, content
        canv.setTitle(meta.title)
        canv.setSubject(meta.subject)
        canv.setAuthor(meta.author)
        canv.setKeywords(meta.keywords)
        canv.setCreator(CREATOR)
        canv.setProducer(PRODUCER)
        # The document dates are the report's date (invariant=1 would say 2000-01-01).
        stamp = meta.date.strftime("D:%Y%m%d000000+00'00'")
        canv.setDateFormatter(lambda *_: stamp)
        canv.setViewerPreference("DisplayDocTitle", "true")
        canv.showOutline()
        header = self.text(meta.title)
        small_logo = self.logo(14)
        organisation = self.text(self.theme.organisation)
        total = len(pages)
        geo = self.geo

        margin = self.s.MARGIN
        measure = self.m[margin]
        top = geo.height - geo.top + 10
        right = geo.width - geo.right
        x = geo.left
        if small_logo is not None:
            x += small_logo[1] + 6
        # The running header is the same on every page: its operators are made once.
        running = Page(texts=[(x, top + 4, margin, header, None),
                              (right - measure.width(organisation), top + 4, margin, organisation, None)],
                       rules=[(geo.left, top, right, top, (0.75, 0.77, 0.8), 0.5)])
        running_ops = encoder.ops(running, artifact="/Artifact BMC")

        def decorate(c: Canvas, number: int) -> None:
            """The running header (logo, title, organisation, rule) and the footer (page
            number) of every page but the first, marked as pagination artifacts."""
            if number == 1:
                return
            c.addLiteral(_HEADER)
            if small_logo is not None:
                file, w, h = small_logo
                c.drawImage(file, geo.left, top + 3, w, h, mask="auto")
            c.addLiteral(running_ops)
            c.addLiteral("EMC")
            footer = self.w("page_x_of_y", page=number, pages=total)
            c.addLiteral(encoder.ops(Page(texts=[(right - measure.width(footer), geo.bottom - 22, margin, footer,
                                                  None)]), artifact=_FOOTER))

        # Binary (Flate only) streams: ASCII85 on top makes files a quarter bigger and
        # costs a tenth of the time. reportlab reads the switch from its global config.
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            paint(canv, pages, decorate, self.tree)
            self.catalog(canv, meta)
            del pages
            # The bytes as the document makes them: saving into the buffer would copy
            # the whole file twice more (a quarter of the peak memory).
            data = canv.getpdfdata()
        finally:
            rl_config.useA85 = saved
        return Built(data, meta, total)


@contextlib.contextmanager
def _without_source_date_epoch() -> Iterator[None]:
    """reportlab seeds the document ID with its time stamp, which is the environment's
    SOURCE_DATE_EPOCH where that is set, even in invariant mode: hidden while the
    document is made, the ID depends on the report alone (its dates are set apart)."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


_HEADER = "/Artifact <</Type /Pagination /Subtype /Header>> BDC"
_FOOTER = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


def build_report(record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> Built:
    """The PDF of `document`'s period."""
    with without_cyclic_gc():
        return _Report(record_set, document, theme, options).render()
