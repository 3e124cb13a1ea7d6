"""The Word follow-up report: one .docx per period, `uppfoljning-2022-T1.docx`.

The writer draws the report outline (`exporter.report`), which decides every word,
heading, table and picture; it decides nothing itself. Styles, fonts and page set-up
come from the theme's reference document (`reference.docx`), as pandoc's
reference-doc does, with the theme's typefaces and accent colour over it. python-docx
opens the reference document and sets the typefaces, colour, language, settings,
numbering and header and footer set-up once per process for each theme and language
(`_prepared`); each report opens that prepared package and sets its properties, the
text of its header and footer and its pictures. The body is made as WordprocessingML
text (`wordml`) and streamed into the package block by block, which keeps 100,000
records linear.

How the outline is drawn: the title page with its logo and facts; the contents as a
TOC field whose result already lists every heading as a link to its bookmark (Word
with its page number
already filled in, worked out by laying the outline out as Word does, `_docx.pages`: Word
opens it without asking to update fields, and F9 still updates it); headings in the reference
document's heading styles, bookmarked by their anchors; paragraphs in a style per
role; tables with a repeated header row, rows that never split, the first column
marked as row headers, a caption and a description (the table's alternative text);
status badges as the symbol in the status colour (darkened where needed to be
readable on white) and the words; links as internal hyperlinks; bullet lists as Word
lists (`w:numPr`); the bar chart as a picture with its alternative text and caption;
the running header and footer with "page X of Y" fields.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain
from types import MappingProxyType
from typing import Any, assert_never

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, RGBColor, Twips
from docx.section import Section
from docx.styles.style import CharacterStyle, StyleFactory
from lxml import etree

from ..colour import readable_on_white
from ..files import normalise_zip, write_zip
from ..model import Period, RecordSet
from ..report import Outline, build_outline
from ..report.outline import (
    Badge, BulletList, Figure, Heading, Image, Inline, Link, Paragraph, RunningText, Table, Text,
    TitlePage,
)
from ..theme import Theme
from . import wordml as w
from ._docx import adapter
from ._docx.chart import Picture, bar_chart_png
from ._docx.pages import KEPT_WITH_NEXT, ROLE_STYLES, Frame, Layout, figure_line, formats_of, heading_pages
from .base import BuildOptions, Document, PeriodWriter, report_name, warn, without_cyclic_gc

__all__ = ["DocxWriter", "file_name", "render_report"]

TOC_LEVELS = 3

# Styles the report uses, by the name Word shows, with the id to fall back on.
STYLE_NAMES = {
    "title": ("Title", "Title"),
    "subtitle": ("Subtitle", "Subtitle"),
    "title_details": ("Title Details", None),
    "heading1": ("heading 1", "Heading1"),
    "heading2": ("heading 2", "Heading2"),
    "heading3": ("heading 3", "Heading3"),
    "toc_heading": ("TOC Heading", "TOCHeading"),
    "toc1": ("toc 1", "TOC1"),
    "toc2": ("toc 2", "TOC2"),
    "toc3": ("toc 3", "TOC3"),
    "header": ("header", "Header"),
    "footer": ("footer", "Footer"),
    "lead": ("Lead", None),
    "details": ("Record Details", None),
    "note": ("Note", None),
    "list": ("List Paragraph", None),
    "caption": ("caption", None),
    "figure": ("Figure", None),
    "link": ("Hyperlink", None),
    "table_text": ("Table Text", None),
    "table": ("Report Table", "TableGrid"),
}

# The roles of paragraphs that the outline gives many assignments alike, as one object
# (`report.build`: a field with its value, a note): each is drawn once per report and
# kept, at most REPEATED_LIMIT of them (with the table cells of `repeated_inline`).
REPEATED_ROLES = frozenset({"field", "note"})
REPEATED_LIMIT = 4096

# The rows of a table short enough to be kept on one page whole.
SHORT_TABLE = 3

# Styles whose runs take the theme's heading typeface and accent colour.
HEADING_STYLE_IDS = ("Title", "Subtitle", "Heading1", "Heading2", "Heading3", "TOCHeading")
# A paragraph holding a picture is at least its fixed height, never exactly: with an exact
# line height LibreOffice draws a tall inline picture shifted up, over what comes before.
PICTURE_LINE = "atLeast"
SVG_TYPE = "image/svg+xml"
PICTURE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "svg": SVG_TYPE}
# An SVG picture with its PNG fallback, as Word 2016 writes it (MS-ODRAWXML 2.3.2.1).
SVG_BLIP_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_BLIP_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"  # the body's pictures: charts, a template's images


def file_name(period: Period) -> str:
    """The report's file name: "uppfoljning-2022-T1.docx"."""
    return report_name(period, "docx")


class DocxWriter(PeriodWriter):
    """The Word follow-up report, one per period."""

    name = "docx"
    description = "Word follow-up report, one per period"

    def file_name(self, period: Period) -> str:
        return file_name(period)

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        period = document.period if document.period is not None else record_set.periods[-1]
        with without_cyclic_gc():  # the outline's many small objects make no cycles
            return render_report(record_set, period, theme, options, document)


def render_report(record_set: RecordSet, period: Period, theme: Theme, options: BuildOptions,
                  document: Document | None = None) -> bytes:
    """The bytes of the report of `period`."""
    document = document or Document(file_name(period), period)
    outline = build_outline(record_set, period, theme, options)
    reference = _reference(theme, outline.lang)
    if reference.missing:
        warn(document, f"the reference document has no style {', '.join(reference.missing)}; using defaults")
    word_doc = docx.Document(io.BytesIO(reference.package))
    _set_properties(word_doc, outline, options.date_for(period, record_set))
    drawing = _Drawings(_chart_font(theme), theme.fonts["body"])
    _fill_header_footer(word_doc, outline.running, reference.styles, drawing)
    renderer = _Renderer(outline, reference.styles, word_doc.part, drawing, reference.bullets, reference.text_width)
    layout = Layout(reference.frame, reference.formats,
                    (theme.pdf_fonts.get("body"), theme.pdf_fonts.get("bold"), theme.pdf_fonts.get("italic")))
    pagination = heading_pages(layout, outline, TOC_LEVELS, drawing.height_pt)
    renderer.pages, renderer.breaks = pagination.pages, pagination.breaks
    title_page = renderer.title_page(outline.title_page)  # its logo must be in the package first
    return _package(word_doc, chain((title_page,), renderer.contents(), renderer.body()), reference.fixed)


# -- the reference document, made ready once per process --------------------------------


@dataclass(frozen=True)
class _Reference:
    """The theme's reference document made ready for a report: what every report of one
    theme and language shares, prepared once per process rather than for each report."""

    package: bytes  # the package as python-docx saves it, opened again for each report
    # The XML parts no report changes (styles, settings, numbering, ...), by zip entry
    # name: their bytes. In `package` they are empty elements of the same kind, so that
    # opening it for each report does not parse them again; `_package` writes these.
    fixed: Mapping[str, bytes]
    styles: Mapping[str, str | None]  # the style id of each key of STYLE_NAMES
    missing: tuple[str, ...]  # the styles of STYLE_NAMES the reference document lacks
    bullets: int  # the w:numId of the report's bullet lists
    text_width: int  # between the margins, in twips
    frame: Frame  # the text area and the tables' cell margins, for the pagination
    formats: Mapping[str, Any]  # each style of STYLE_NAMES as Word applies it (`_docx.pages.Format`)


def _reference(theme: Theme, lang: str) -> _Reference:
    """The reference document of `theme` ready for a report in language `lang`."""
    path = theme.resource("reference.docx")
    return _prepared(path.read_bytes() if path is not None else None, theme.fonts["body"],
                     theme.fonts["heading"], theme.accent, lang)


@lru_cache(maxsize=8)
def _prepared(reference: bytes | None, body_font: str, heading_font: str, accent: str, lang: str) -> _Reference:
    """The reference document (its bytes; None: python-docx's default) with the theme's
    typefaces and accent colour, the document language, the settings every report has
    (zoom), no content of its own, the report's bullet list,
    and a header and footer of their own for the first page and the others. Keyed by
    everything it depends on, so that a report never gets another theme's or language's."""
    word_doc = docx.Document(io.BytesIO(reference) if reference is not None else None)
    styles, missing = _resolve_styles(w.StyleIds.from_styles(word_doc.styles.element))
    _set_fonts(word_doc, body_font, heading_font)
    _set_accent(word_doc, accent, styles["link"])
    _set_language(word_doc, lang)
    settings = word_doc.settings.element
    w.set_zoom(settings)
    _clear_body(word_doc)
    section = word_doc.sections[0]
    text_width = _text_width(section)
    formats = formats_of(word_doc, styles)
    frame = _frame(section)
    _set_up_header_footer(section)
    bullets = w.add_bullet_list(word_doc.part.numbering_part.element)
    buffer = io.BytesIO()
    word_doc.save(buffer)
    fixed, placeholders = _fixed_parts(word_doc)
    package = normalise_zip(buffer.getvalue(), lambda name, data: placeholders.get(name, data))
    return _Reference(package, MappingProxyType(fixed), MappingProxyType(styles), missing, bullets, text_width,
                      frame, MappingProxyType(formats))


def _fixed_parts(word_doc) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The XML parts of `word_doc` that a report leaves as they are: all but the main
    document, the core properties and the header and footer of the pages after the title
    page, which `render_report` fills. By zip entry name: their bytes, and a placeholder
    for each (its root element, empty)."""
    package = word_doc.part.package
    section = word_doc.sections[0]
    edited = {word_doc.part, section.header.part, section.footer.part}
    try:
        edited.add(package.part_related_by(RT.CORE_PROPERTIES))
    except KeyError:  # python-docx adds them when the report sets them
        pass
    fixed, placeholders = {}, {}
    for part in package.iter_parts():
        if isinstance(part, XmlPart) and part not in edited:
            name = part.partname.membername
            fixed[name] = part.blob
            root = part.element
            placeholders[name] = etree.tostring(root.makeelement(root.tag, nsmap=root.nsmap),
                                                xml_declaration=True, encoding="UTF-8", standalone=True)
    return fixed, placeholders


def _text_width(section: Section) -> int:
    """The width between the margins of `section`, in twips."""
    page, left, right = section.page_width, section.left_margin, section.right_margin
    if page is None or left is None or right is None:
        raise ValueError("the reference document's first section sets no page width or side margins")
    return int(page.twips - left.twips - right.twips)


def _frame(section: Section) -> Frame:
    """The text area of `section`'s pages, in points, with the report table's cell margins."""
    page, top, bottom = section.page_height, section.top_margin, section.bottom_margin
    if page is None or top is None or bottom is None:
        raise ValueError("the reference document's first section sets no page height or top and bottom margins")
    return Frame(width=_text_width(section) / 20, height=(page.twips - top.twips - bottom.twips) / 20)


# -- drawing the outline ----------------------------------------------------------------


class _Drawings:
    """The pictures of one package, each with its own `wp:docPr` id across every part
    (Word reports a package where two drawings share one as unreadable)."""

    def __init__(self, chart_font: str, chart_family: str) -> None:
        self.chart_font = chart_font
        self.chart_family = chart_family
        self.count = 0
        self._charts: dict[tuple[int, int], tuple[object, Picture]] = {}

    def chart(self, chart, width_twips: int) -> Picture:
        """The bar chart's picture, made once (the pagination asks for its height first)."""
        key = (id(chart), width_twips)
        made = self._charts.get(key)
        if made is None or made[0] is not chart:
            made = self._charts[key] = (chart, bar_chart_png(chart, Twips(width_twips).mm, self.chart_font,
                                                             family=self.chart_family))
        return made[1]

    def height_pt(self, figure: Figure, width_pt: float) -> float:
        """How high `figure` is drawn, in points."""
        content = figure.content
        if isinstance(content, Image):
            return content.height_mm * 72 / 25.4
        return self.chart(content, round(width_pt * 20)).height_mm * 72 / 25.4

    def run(self, part, source: str | io.BytesIO, alt: str, *, width: int | None = None,
            height: int | None = None, svg: bytes | None = None) -> str:
        """A run holding the picture `source` inline in `part`, `alt` its alternative text;
        `svg` the same picture as SVG, which Word draws where it can, `source` its fallback."""
        inline = part.new_pic_inline(source, width, height)
        if svg is not None:
            package = part.package
            svg_part = Part(package.next_partname("/word/media/image%d.svg"), SVG_TYPE, svg, package)
            blip = inline.find(f".//{qn('a:blip')}")
            extensions = etree.SubElement(blip, qn("a:extLst"))
            extension = etree.SubElement(extensions, qn("a:ext"), uri=SVG_BLIP_URI)
            etree.SubElement(extension, f"{{{SVG_BLIP_NS}}}svgBlip", nsmap={"asvg": SVG_BLIP_NS}).set(
                qn("r:embed"), part.relate_to(svg_part, RT.IMAGE))
        self.count += 1
        inline.docPr.set("id", str(self.count))
        inline.docPr.set("name", f"Picture {self.count}")
        inline.docPr.set("descr", alt)
        return f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"

    def figure(self, part, figure: Figure, width_twips: int) -> str:
        content = figure.content
        if isinstance(content, Image):
            return self.run(part, content.path, figure.alt, height=Mm(content.height_mm))
        picture = self.chart(content, width_twips)
        return self.run(part, io.BytesIO(picture.png), figure.alt, width=Mm(picture.width_mm),
                        height=Mm(picture.height_mm), svg=picture.svg)


class _Renderer:
    """The body of one report as XML fragments, made block by block as they are written."""

    def __init__(self, outline: Outline, styles: Mapping[str, str | None], part, drawings: _Drawings,
                 bullets: int, text_width: int) -> None:
        self.outline = outline
        self.styles = styles
        self.part = part
        self.drawings = drawings
        self.bullets = bullets
        self.text_width = text_width
        self.bookmarks = 0
        self.pages: Mapping[str, int] = {}  # each heading's page, by anchor (`_docx.pages`)
        self.breaks: frozenset[str] = frozenset()  # the headings that start a page (`_docx.pages.Pagination`)
        self._badges: dict[object, tuple[Badge, str]] = {}
        self._labels: dict[str, str] = {}
        self._heading_runs: dict[str, str] = {}  # made for the contents, used again in the body
        self._heading_openings: dict[tuple[int, bool, bool], str] = {}  # by level, page break, moved
        # Paragraphs of REPEATED_ROLES and table cells (`repeated_inline`) drawn, by id().
        self._repeated: dict[int, tuple[object, str]] = {}
        # The opening of a paragraph of each role.
        # A status sentence is kept on the page of the comment after it (with the
        # record's heading and fields, which the styles keep with the next).
        self._openings = {role: w.paragraph_start(styles[key] if key else None, keep_next=role in KEPT_WITH_NEXT)
                          for role, key in ROLE_STYLES.items()}

    # -- inline content ------------------------------------------------------------------

    def inline(self, content: Iterable[Inline], *, bold: bool = False, italic: bool = False,
               style: str | None = None) -> str:
        """Runs of inline content; `bold`, `italic` and the character `style` apply to all of it."""
        out = []
        text_element = w.text_element
        plain = not (bold or italic or style)
        for part in content:
            if isinstance(part, Text):
                if plain and not (part.strong or part.emphasis or part.lang):  # the common case
                    out.append(f"<w:r>{text_element(part.text)}</w:r>")
                elif plain and part.strong and not (part.emphasis or part.lang):  # labels: few, repeated
                    runs = self._labels.get(part.text)
                    if runs is None:
                        runs = self._labels[part.text] = w.run(part.text, bold=True)
                    out.append(runs)
                else:
                    out.append(w.run(part.text, bold=bold or part.strong, italic=italic or part.emphasis,
                                     lang=part.lang, style=style))
            elif isinstance(part, Badge):
                out.append(self.badge(part))
            elif isinstance(part, Link):
                out.append(w.hyperlink(part.target, self.inline(part.content, bold=bold, italic=italic,
                                                                style=self.styles["link"])))
        return "".join(out)

    def repeated_inline(self, content: tuple[Inline, ...]) -> str:
        """`inline` of content that the outline may give many rows as one object (a status,
        a set of committees): drawn once and kept, as the repeated paragraphs are."""
        return self._drawn_once(content, self.inline)

    def _drawn_once(self, block: Any, draw: Callable[[Any], str]) -> str:
        """`draw(block)` for an object the outline gives many places (`REPEATED_ROLES`, a
        table cell): made the first time and kept by its id(), at most REPEATED_LIMIT."""
        cached = self._repeated.get(id(block))
        if cached is not None and cached[0] is block:
            return cached[1]
        xml = draw(block)
        if len(self._repeated) < REPEATED_LIMIT:
            self._repeated[id(block)] = (block, xml)  # held, so that its id stays its own
        return xml

    def badge(self, badge: Badge) -> str:
        """The status symbol in its colour, readable on white, then the words."""
        cached = self._badges.get(badge.status)
        if cached is None or not (cached[0] is badge or cached[0] == badge):
            colour = readable_on_white(badge.colour.lstrip("#").upper())
            cached = self._badges[badge.status] = (
                badge, w.run(badge.symbol, colour=colour) + w.run(f" {badge.words}"))
        return cached[1]

    # -- title page and contents -------------------------------------------------------------

    def title_page(self, page: TitlePage) -> str:
        details = self.styles["title_details"]
        parts = []
        if page.logo is not None:
            # The style's fixed line height would clip the picture: its paragraph is as high as it is.
            height = self.drawings.height_pt(page.logo, self.text_width / 20)
            parts.append(w.paragraph(self.drawings.figure(self.part, page.logo, self.text_width), details,
                                     line=figure_line(height), line_rule=PICTURE_LINE))
        parts.append(w.paragraph(w.run(page.title), self.styles["title"]))
        parts.append(w.paragraph(w.run(page.subtitle), self.styles["subtitle"]))
        parts.append(w.paragraph(w.run(page.organisation), details))
        for fact in page.facts:
            parts.append(w.paragraph(w.run(f"{fact.label}: ", bold=True) + w.run(fact.value, lang=fact.lang), details))
        return "".join(parts)

    def contents(self) -> Iterator[str]:
        """The contents as a TOC field whose result already lists every heading, each a
        link to the heading's bookmark with a PAGEREF field showing its page number."""
        headings = self.outline.headings
        yield w.paragraph(w.run(self.outline.contents_title), self.styles["toc_heading"], page_break_before=True)
        last = len(headings) - 1
        runs = self._heading_runs
        openings = {level: w.paragraph_start(self.styles[f"toc{level}"])
                    for level in range(1, TOC_LEVELS + 1)}
        tab = w.tab()
        for i, heading in enumerate(headings):
            runs[heading.anchor] = text = self.inline(heading.content)
            number = self.pages.get(heading.anchor)
            link = w.hyperlink(heading.anchor, text + tab + w.page_reference(
                heading.anchor, str(number) if number is not None else ""))
            begin = w.field_begin(f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u') if i == 0 else ""
            end = w.field_end() if i == last else ""
            yield f"{openings[min(heading.level, TOC_LEVELS)]}{begin}{link}{end}{w.PARAGRAPH_END}"

    # -- blocks ------------------------------------------------------------------------------------

    def body(self) -> Iterator[str]:
        for block in self.outline.body():
            match block:
                case Paragraph():  # the most common first
                    yield self.paragraph(block)
                case Heading():
                    yield self.heading(block)
                case Table():
                    yield from self.table(block)
                case BulletList():
                    yield self.bullet_list(block)
                case Figure():
                    yield self.figure(block)
                case _:
                    assert_never(block)

    def heading(self, heading: Heading) -> str:
        self.bookmarks += 1
        runs = self._heading_runs.pop(heading.anchor, None)
        if runs is None:
            runs = self.inline(heading.content)
        # A heading the pagination moves to the next page with what is kept with it starts
        # that page, without space before it, as where the text flows over.
        moved = heading.anchor in self.breaks and not heading.page_break
        kind = (min(heading.level, 3), heading.page_break, moved)
        opening = self._heading_openings.get(kind)
        if opening is None:
            opening = self._heading_openings[kind] = w.paragraph_start(
                self.styles[f"heading{kind[0]}"], page_break_before=kind[1] or moved, before=0 if moved else None)
        return f"{opening}{w.bookmark(self.bookmarks, heading.anchor, runs)}{w.PARAGRAPH_END}"

    def paragraph(self, paragraph: Paragraph) -> str:
        if paragraph.role in REPEATED_ROLES:
            return self._drawn_once(paragraph, self._paragraph)
        return self._paragraph(paragraph)

    def _paragraph(self, paragraph: Paragraph) -> str:
        role = paragraph.role
        opening = self._openings.get(role) or self._openings["body"]
        content = paragraph.content
        if len(content) == 1 and role != "note":  # most: a status sentence or a comment
            part = content[0]
            if type(part) is Text and not (part.strong or part.emphasis or part.lang):
                return f"{opening}<w:r>{w.text_element(part.text)}</w:r>{w.PARAGRAPH_END}"
        return f"{opening}{self.inline(content, italic=role == 'note')}{w.PARAGRAPH_END}"

    def bullet_list(self, bullets: BulletList) -> str:
        opening = w.paragraph_start(self.styles["list"], list_item=(self.bullets, 0))
        inline = self.inline
        return "".join([f"{opening}{inline(item.content)}{w.PARAGRAPH_END}" for item in bullets.items])

    def figure(self, figure: Figure) -> str:
        height = self.drawings.height_pt(figure, self.text_width / 20)
        picture = w.paragraph(self.drawings.figure(self.part, figure, self.text_width), self.styles["figure"],
                              keep_next=bool(figure.caption), line=figure_line(height), line_rule=PICTURE_LINE)
        if not figure.caption:
            return picture
        return picture + w.paragraph(w.run(figure.caption), self.styles["caption"])

    def table(self, table: Table) -> Iterator[str]:
        """A caption, then the table: a header row repeated on every page, rows that never
        split, the last two rows on a page together (a short table whole), the first column marked as the rows' headers,
        a total row in bold."""
        columns = table.columns
        widths = [round(self.text_width * c.width) for c in columns]
        widths[-1] = max(self.text_width - sum(widths[:-1]), 1)
        aligns = ["right" if c.numeric else None for c in columns]
        text = self.styles["table_text"]
        if table.caption:
            yield w.paragraph(w.run(table.caption), self.styles["caption"], keep_next=True)
        yield w.table_start(widths, style=self.styles["table"], caption=table.caption,
                            description=table.description, first_column=table.row_headers,
                            last_row=table.total is not None)
        yield w.row((w.cell(w.paragraph(w.run(c.header), text, align=a), width)
                     for c, width, a in zip(columns, widths, aligns)), header=True)
        inline = self.inline
        frames = [w.cell_frame(width, text, align=a) for width, a in zip(widths, aligns)]
        # The row before the last is kept with it: no row stands alone on the page where
        # the table ends; a table of three rows or fewer is kept whole (its first row with
        # the next too). The first row of a longer table is not kept with the second:
        # LibreOffice reads that as the whole table kept together, and would set the pages
        # otherwise than Word (the caption, kept with the next, keeps the first row).
        count = len(table.rows) + (table.total is not None)
        kept_frames = [w.cell_frame(width, text, align=a, keep_next=True) for width, a in zip(widths, aligns)]
        kept = {count - 2, *((0,) if 2 <= count <= SHORT_TABLE else ())}
        # The first column names the row; the others hold what rows share (a status, committees).
        drawers = [inline] + [self.repeated_inline] * (len(columns) - 1)
        for i, cells in enumerate(table.rows):
            yield w.ROW_START + "".join([f"{start}{draw(content)}{end}" for content, draw, (start, end)
                                         in zip(cells, drawers, kept_frames if i in kept else frames)]) + w.ROW_END
        if table.total is not None:
            yield w.row(w.cell(w.paragraph(inline(content, bold=True), text, align=a), width)
                        for content, width, a in zip(table.total, widths, aligns))
        yield w.TABLE_END


# -- the package around the body ----------------------------------------------------------------


def _package(word_doc, body: Iterable[str], fixed: Mapping[str, bytes]) -> bytes:
    """The package of `word_doc` with `body` streamed into word/document.xml, the parts
    named in `fixed` with those bytes, every entry with the fixed timestamps of
    `files.write_zip`.

    The parts are written as python-docx saves them (content types, package
    relationships, then each part of the relationship graph followed by its own
    relationships), but from its public part objects and in one pass: the parts the
    body adds as it is made (pictures) follow word/document.xml, whose relationships are
    written after it, and their types were declared in advance (`PICTURE_TYPES`)."""
    package = word_doc.part.package
    main = word_doc.part
    parts = adapter.marshalled_parts(word_doc)
    at = parts.index(main)
    head, tail = adapter.split_body(main.blob)
    content_types, declared = _content_types(parts)

    def entries() -> Iterator[tuple[str, bytes | Iterable[str]]]:
        yield "[Content_Types].xml", content_types
        yield "_rels/.rels", package.rels.xml
        for part in parts[:at]:
            yield from _part_entries(part, fixed)
        yield main.partname.membername, chain((head.decode("utf-8"),), body, (tail.decode("utf-8"),))
        yield main.partname.rels_uri.membername, main.rels.xml  # with the pictures the body added
        written = set(parts[:at + 1])
        for part in package.iter_parts():
            if part not in written:
                if _declaration(part) not in declared:
                    raise RuntimeError(f"the body added {part.partname}, of a content type not declared")
                yield from _part_entries(part, fixed)

    return write_zip(entries())


def _part_entries(part, fixed: Mapping[str, bytes]) -> Iterator[tuple[str, bytes]]:
    name = part.partname.membername
    yield name, fixed[name] if name in fixed else part.blob
    if len(part.rels):
        yield part.partname.rels_uri.membername, part.rels.xml


_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _declaration(part) -> tuple[str, str]:
    """How [Content_Types].xml declares `part`: by python-docx's rule (`adapter.declaration`),
    and the picture types the body may add (an SVG too) by their extension."""
    extension = part.partname.ext.lower()
    if PICTURE_TYPES.get(extension) == part.content_type:
        return "Default", extension
    return adapter.declaration(part)


def _content_types(parts) -> tuple[bytes, set[tuple[str, str]]]:
    """[Content_Types].xml for `parts` and the picture types the body may add, and what it declares."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML, **PICTURE_TYPES}
    overrides = {}
    for part in parts:
        kind, key = _declaration(part)
        if kind == "Default":
            defaults[key] = part.content_type
        else:
            overrides[key] = part.content_type
    root = etree.Element(f"{{{_CT_NS}}}Types", nsmap={None: _CT_NS})
    for extension in sorted(defaults):
        etree.SubElement(root, f"{{{_CT_NS}}}Default", Extension=extension, ContentType=defaults[extension])
    for name in sorted(overrides):
        etree.SubElement(root, f"{{{_CT_NS}}}Override", PartName=name, ContentType=overrides[name])
    declared = {("Default", e) for e in defaults} | {("Override", n) for n in overrides}
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), declared


def _resolve_styles(ids: w.StyleIds) -> tuple[dict[str, str | None], tuple[str, ...]]:
    """The style id of every style the report uses, and the names of those the reference
    lacks (for which a fallback or the default style is used)."""
    resolved: dict[str, str | None] = {}
    missing = []
    for key, (name, fallback) in STYLE_NAMES.items():
        style_id = ids.get(name)
        if style_id is None:
            missing.append(name)
            style_id = ids.get(fallback, None) if fallback else None
        resolved[key] = style_id
    return resolved, tuple(missing)


def _set_properties(word_doc, outline: Outline, date: _dt.date) -> None:
    """Core properties from the outline, with pinned dates."""
    stamp = _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.timezone.utc)
    props = word_doc.core_properties
    props.title = outline.title
    props.subject = outline.subject
    props.keywords = outline.keywords
    props.author = props.last_modified_by = outline.author
    props.comments = outline.description
    props.category = ""
    props.language = outline.lang
    props.revision = 1
    props.created = props.modified = stamp
    if props.last_printed is not None:  # a reference document once printed: pinned too
        props.last_printed = stamp


def _set_language(word_doc, tag: str) -> None:
    """The document language: w:lang of the document defaults and the theme font language."""
    styles = word_doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {nsdecls('w')}/>")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {nsdecls('w')}><w:rPr/></w:rPrDefault>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    settings = word_doc.settings.element
    font_lang = settings.find(qn("w:themeFontLang"))
    if font_lang is None:
        font_lang = parse_xml(f"<w:themeFontLang {nsdecls('w')}/>")
        settings.append(font_lang)
    font_lang.set(qn("w:val"), tag)


def _set_fonts(word_doc, body: str, heading: str) -> None:
    """The theme's typefaces over the reference document's: the body typeface as the
    document default, the heading typeface on the title and heading styles."""
    styles = word_doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _set_run_fonts(rpr, body)
    for style in styles.iterfind(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        rpr = style.find(qn("w:rPr"))
        if style_id in HEADING_STYLE_IDS:
            if rpr is None:
                rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
                style.append(rpr)
            _set_run_fonts(rpr, heading)
        elif rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            _set_run_fonts(rpr, body)


def _set_run_fonts(rpr, font: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        if key.endswith("Theme"):  # a theme font would win over the named one
            del fonts.attrib[key]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), font)


def _set_accent(word_doc, accent: str, link_style: str | None) -> None:
    """The theme's accent colour on the title and heading styles and their rules (paragraph
    borders), and on the links' style (id `link_style`, if the reference has one), over
    the reference document's: the PDF and the web page colour them alike."""
    hex_colour = accent.lstrip("#").upper()
    styles = word_doc.styles.element
    for style_id in (*HEADING_STYLE_IDS, *([link_style] if link_style else [])):
        element = styles.get_by_id(style_id)
        if element is None:
            continue
        style = StyleFactory(element)
        if isinstance(style, CharacterStyle):  # paragraph styles too; a numbering style has no font
            style.font.color.rgb = RGBColor.from_string(hex_colour)
        for border in element.iterfind(f"{qn('w:pPr')}/{qn('w:pBdr')}/*"):
            border.set(qn("w:color"), hex_colour)
            for key in ("w:themeColor", "w:themeTint", "w:themeShade"):
                border.attrib.pop(qn(key), None)


def _chart_font(theme: Theme) -> str:
    """The TrueType file the chart's text is drawn with: the theme's PDF body typeface,
    else Bitstream Vera Sans, which comes with reportlab."""
    path = theme.pdf_fonts.get("body")
    if path is not None:
        return str(path)
    return str(resources.files("reportlab") / "fonts" / "Vera.ttf")


def _clear_body(word_doc) -> None:
    """Nothing of the reference document's content stays: only its section properties."""
    body = word_doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


def _page_x_of_y(template: str) -> str:
    """ "Sida {page} av {pages}" as runs with PAGE and NUMPAGES fields."""
    out = []
    for i, piece in enumerate(_PLACEHOLDER.split(template)):
        if i % 2:
            out.append(w.simple_field("PAGE" if piece == "page" else "NUMPAGES", "1"))
        elif piece:
            out.append(w.run(piece))
    return "".join(out)


def _fill(part_element, paragraphs: Iterable[str]) -> None:
    for child in list(part_element):
        part_element.remove(child)
    holder = parse_xml(f"<w:hdr {nsdecls('w')}>{''.join(paragraphs)}</w:hdr>")
    for child in list(holder):
        part_element.append(child)


def _set_up_header_footer(section: Section) -> None:
    """A header and footer of its own for the first page of `section` (the title page),
    empty, and for the other pages (`_fill_header_footer` fills them)."""
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    for part in (section.first_page_header, section.first_page_footer):
        part.is_linked_to_previous = False
        _fill(part.part.element, [w.paragraph()])


def _fill_header_footer(word_doc, running: RunningText, styles: Mapping[str, str | None], drawings: _Drawings) -> None:
    """The running header (logo, title, period and scope) and footer (organisation and
    "Sida X av Y") of every page but the title page, which has neither."""
    section = word_doc.sections[0]
    header, footer = section.header, section.footer
    logo, line = "", None
    if running.logo is not None and isinstance(running.logo.content, Image):
        logo = drawings.run(header.part, running.logo.content.path, running.logo.alt,
                            height=Mm(running.logo.content.height_mm)) + w.run(" ")
        line = figure_line(running.logo.content.height_mm * 72 / 25.4)  # the style's line would clip it
    _fill(header.part.element, [w.paragraph(logo + w.run(running.header_left) + w.tab() + w.run(running.header_right),
                                        styles["header"], line=line, line_rule=PICTURE_LINE)])
    _fill(footer.part.element, [w.paragraph(w.run(running.footer_left) + w.tab() + _page_x_of_y(running.page_label),
                                        styles["footer"])])
