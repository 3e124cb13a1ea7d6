"""The Word follow-up report: one .docx per period, `uppfoljning-2022-T1.docx`.

The report holds a title page, a table of contents (a real TOC field, filled in
already), a summary (status counts and an overview table of every assignment)
and one section per assignment, grouped as the user asks. Styles, fonts and
page set-up come from the theme's reference document (`reference.docx`), as
pandoc's reference-doc does; python-docx opens it and sets the properties,
language, header and footer, and the body is built as WordprocessingML text
(see `wordml`) and spliced in once, which keeps 100,000 records linear.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain

import docx
from docx.oxml import parse_xml
from docx.shared import Mm
from lxml import etree
from docx.oxml.ns import nsdecls, qn

from ..colour import readable_on_white
from ..files import COMPRESSLEVEL, stream_entry, zip_info
from ..model import Period, Record, RecordSet, Status
from ..theme import LANGUAGE_TAGS, Theme
from . import wordml as w
from .base import BuildOptions, Document, PeriodWriter, warn

__all__ = ["DocxWriter", "file_name", "render_report"]

TEXT_WIDTH = 9070  # twips: A4 less 2.5 cm margins, as the default reference document has it
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
    "details": ("Record Details", None),
    "table_text": ("Table Text", None),
    "table": ("Report Table", "TableGrid"),
    "toc_hint": ("TOC Note", None),
}


def file_name(period: Period) -> str:
    """The report's file name: "uppfoljning-2022-T1.docx"."""
    return f"uppfoljning-{period.slug}.docx"


class DocxWriter(PeriodWriter):
    """The Word follow-up report, one per period."""

    name = "docx"
    description = "Word follow-up report, one per period"

    def file_name(self, period: Period) -> str:
        return file_name(period)

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        period = document.period if document.period is not None else record_set.periods[-1]
        return render_report(record_set, period, theme, options, document)


def render_report(record_set: RecordSet, period: Period, theme: Theme, options: BuildOptions,
                  document: Document | None = None) -> bytes:
    """The bytes of the report of `period`."""
    document = document or Document(file_name(period), period)
    reference = theme.resource("reference.docx")
    word_doc = docx.Document(str(reference) if reference is not None else None)
    styles = _resolve_styles(w.StyleIds.from_styles(word_doc.styles.element), document)
    _set_fonts(word_doc, theme)
    report = _Report(record_set, period, theme, options, styles,
                     logo=_logo(word_doc.part, theme, options.lang, LOGO_HEIGHT_TITLE))

    date = options.date_for(period, record_set)
    _set_properties(word_doc, report, date)
    _set_language(word_doc, LANGUAGE_TAGS[options.lang])
    _clear_body(word_doc)
    _set_header_footer(word_doc, report)

    buffer = io.BytesIO()
    word_doc.save(buffer)
    return _package(buffer.getvalue(), report.body())


def _package(saved: bytes, body: Iterable[str]) -> bytes:
    """The saved document with `body` streamed into word/document.xml, every entry with
    the fixed timestamps and attributes of `files.zip_info`, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename != "word/document.xml":
                target.writestr(zip_info(entry.filename), data, compresslevel=COMPRESSLEVEL)
                continue
            head, tail = w.split_body(data)
            stream_entry(target, entry.filename, (head.decode("utf-8"), *body, tail.decode("utf-8")))
    return out.getvalue()


# -- the report's content -------------------------------------------------------


@dataclass(frozen=True)
class _Heading:
    """A heading of the report, as the body shows it and the contents list it."""

    level: int
    text: str
    name: str  # the bookmark the contents link to
    lang: str | None = None  # where its text is not in the document's language
    page_break_before: bool = False


class _Report:
    """The body of one report as XML fragments, with the headings its contents list.

    The report is planned first (every heading, and what follows it), so that the
    contents can be written before the body, and the body is then made piece by
    piece as it is written into the package: a report of 100,000 records is never
    held whole in memory."""

    def __init__(self, record_set: RecordSet, period: Period, theme: Theme, options: BuildOptions,
                 styles: dict[str, str | None], logo: str = "") -> None:
        self.record_set = record_set
        self.logo = logo
        self.records = record_set.for_period(period)
        self.period = period
        self.theme = theme
        self.options = options
        self.lang = options.lang
        self.styles = styles
        self._status_runs: dict[tuple[Status, bool], str] = {}
        self._labels: dict[str, str] = {}
        # The records' own text is Swedish; in a report in another language it is marked so.
        self.source_lang = None if options.lang == "sv" else LANGUAGE_TAGS["sv"]
        self.plan = self._plan()

    # -- words --------------------------------------------------------------------

    def word(self, key: str, **values: object) -> str:
        return self.theme.word(key, self.lang, **values)

    @property
    def title(self) -> str:
        return self.theme.report_title(self.lang)

    @property
    def period_name(self) -> str:
        return self.theme.period_name(self.period, self.lang)

    def period_short(self, period: Period) -> str:
        return self.theme.period_short(period, self.lang)

    def status(self, status: Status, *, lower: bool = False) -> str:
        """Runs showing a status: its symbol in its colour (darkened where needed to be
        readable), then its words."""
        cached = self._status_runs.get((status, lower))
        if cached is None:
            style = self.theme.status_style(status)
            words = style.words[self.lang]
            if lower:
                words = words[:1].lower() + words[1:]
            cached = w.run(style.symbol, colour=readable_on_white(style.hex)) + w.run(f" {words}")
            self._status_runs[(status, lower)] = cached
        return cached

    # -- the plan -------------------------------------------------------------------

    def _plan(self) -> list[tuple[_Heading, Callable[[], Iterable[str]]]]:
        """Every heading of the body in order, each with what follows it."""
        plan: list[tuple[_Heading, Callable[[], Iterable[str]]]] = []

        def add(text: str, level: int, then=tuple, *, page_break: bool = False, source: bool = False) -> None:
            name = f"_Toc{len(plan) + 1:06d}"
            heading = _Heading(level, text, name, self.source_lang if source else None, page_break)
            plan.append((heading, then))

        add(self.word("summary"), 1, page_break=True)
        add(self.word("status_summary"), 2, lambda: (self.status_table(),))
        add(self.word("overview"), 2, self.overview_table)
        key = {"source": "assignments", "committee": "grouped_by_committee", "status": "grouped_by_status"}
        add(self.word(key[self.options.group_by]), 1, page_break=True)
        for group, records in self.record_set.groups(self.period, self.options.group_by, self.theme.committees):
            level = 2
            if group is not None:
                add(self.theme.group_name(group, self.lang), 2)
                level = 3
            for record in records:
                add(record.title, level, partial(self.record, record), source=True)
        return plan

    # -- building blocks ------------------------------------------------------------

    def source(self, text: str, **props) -> str:
        """A run of the records' own text, marked Swedish in a report in another language."""
        return w.run(text, lang=self.source_lang, **props)

    def heading(self, number: int, heading: _Heading) -> str:
        """A heading paragraph, bookmarked for the contents."""
        return w.heading(heading.text, self.styles[f"heading{heading.level}"], mark=(number, heading.name),
                         page_break_before=heading.page_break_before, lang=heading.lang)

    def details(self, key: str, content: str) -> str:
        """A paragraph "Label: content" in the Record Details style; `key` names the label's word."""
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = w.run(f"{self.word(key)}: ", bold=True)
        return w.paragraph(label + content, self.styles["details"])

    # -- the parts of the report -----------------------------------------------------

    def body(self) -> Iterator[str]:
        """The whole body as fragments in order: title page, contents, summary, assignments."""
        yield self.title_page()
        yield from self.contents()
        for number, (heading, then) in enumerate(self.plan, start=1):
            yield self.heading(number, heading)
            yield from then()

    def title_page(self) -> str:
        date = self.options.date_for(self.period, self.record_set)
        label = self.word("reported" if self.options.report_date is None else "generated")
        return "".join((
            w.paragraph(self.logo, self.styles["title_details"]) if self.logo else "",
            w.paragraph(w.run(self.title), self.styles["title"]),
            w.paragraph(w.run(self.period_name), self.styles["subtitle"]),
            w.paragraph(w.run(self.theme.organisation), self.styles["title_details"]),
            w.paragraph(w.run(f"{label}: {date.isoformat()}"), self.styles["title_details"]),
        ))

    def contents(self) -> Iterator[str]:
        """The contents as a TOC field whose result already lists every heading.

        Page numbers are PAGEREF fields; Word fills them in when the field is updated
        (F9), LibreOffice when it lays the document out."""
        yield w.paragraph(w.run(self.word("contents")), self.styles["toc_heading"], page_break_before=True)
        for i, (heading, _) in enumerate(self.plan):
            name = heading.name
            link = w.hyperlink(name, w.run(heading.text, lang=heading.lang) + w.tab()
                               + w.field(f"PAGEREF {name} \\h", ""))
            begin = w.field_begin(f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u') if i == 0 else ""
            yield w.paragraph(begin + link, self.styles[f"toc{heading.level}"])
        # The hint is part of the field's result: updating the contents removes it.
        yield w.paragraph(w.run(self.word("toc_hint"), italic=True) + w.field_end(), self.styles["toc_hint"])

    def status_table(self) -> str:
        """How many assignments have each status, and the total."""
        text = self.styles["table_text"]
        widths = (4500, 1500)
        counts = self.record_set.status_counts(self.records)
        rows = [w.row((w.cell(w.paragraph(w.run(self.word("status")), text), widths[0]),
                       w.cell(w.paragraph(w.run(self.word("count")), text, align="right"), widths[1])), header=True)]
        for status, count in counts.items():
            rows.append(w.row((w.cell(w.paragraph(self.status(status), text), widths[0]),
                               w.cell(w.paragraph(w.run(str(count)), text, align="right"), widths[1]))))
        rows.append(w.row((w.cell(w.paragraph(w.run(self.word("total"), bold=True), text), widths[0]),
                           w.cell(w.paragraph(w.run(str(len(self.records)), bold=True), text, align="right"),
                                  widths[1]))))
        return w.table(rows, widths, style=self.styles["table"], caption=self.word("status_summary"),
                       description=self.word("status_table_description", period=self.period_name))

    def overview_table(self) -> Iterator[str]:
        """Every assignment of the period with its committees and status; the header repeats."""
        text = self.styles["table_text"]
        widths = (4970, 1400, 2700)
        header = w.row([w.cell(w.paragraph(w.run(self.word(key)), text), width)
                        for key, width in zip(("assignment", "committees", "status"), widths)], header=True)
        status_cells = {s: w.cell(w.paragraph(self.status(s), text), widths[2]) for s in Status}
        no_committee = self.word("other_committees")
        rows = (w.row((
            w.cell(w.paragraph(self.source(record.title), text), widths[0]),
            w.cell(w.paragraph(w.run(", ".join(record.committees) or no_committee), text), widths[1]),
            status_cells[record.status],
        )) for record in self.records)
        return w.table_parts(chain((header,), rows), widths, style=self.styles["table"],
                             caption=self.word("overview"),
                             description=self.word("overview_description", period=self.period_name))

    def record(self, record: Record) -> list[str]:
        """What follows an assignment's heading: committees, status, previous status,
        status sentence, comment."""
        parts: list[str] = []
        parts.append(self.details("committees", self.source(self.theme.responsible(record.committees, self.lang))))
        parts.append(self.details("status", self.status(record.status)))
        previous = self.record_set.previous(record)
        if previous is not None:
            parts.append(self.details("previous", self.status(previous.status, lower=True)
                                      + w.run(f", {self.period_short(previous.period)}")))
        if record.status_text:
            parts.append(w.paragraph(self.source(record.status_text)))
        else:
            parts.append(w.paragraph(w.run(self.word("no_status_text"), italic=True)))
        comments = [c for c in record.comment if c.strip()]
        for comment in comments:
            parts.append(w.paragraph(self.source(comment)))
        if not comments:
            parts.append(w.paragraph(w.run(self.word("no_comment"), italic=True)))
        return parts


# -- the package around the body ----------------------------------------------------


def _resolve_styles(ids: w.StyleIds, document: Document) -> dict[str, str | None]:
    """The style id of every style the report uses; warns about those the reference lacks."""
    resolved: dict[str, str | None] = {}
    missing = []
    for key, (name, fallback) in STYLE_NAMES.items():
        style_id = ids.get(name)
        if style_id is None:
            missing.append(name)
            style_id = ids.get(fallback, None) if fallback else None
        resolved[key] = style_id
    if missing:
        warn(document, f"the reference document has no style {', '.join(missing)}; using defaults")
    return resolved


def _set_properties(word_doc, report: _Report, date: _dt.date) -> None:
    """Core properties: title, subject, keywords, author, language and pinned dates."""
    stamp = _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.timezone.utc)
    props = word_doc.core_properties
    period_name = report.period_name
    props.title = f"{report.title}, {period_name[:1].lower()}{period_name[1:]}"
    props.subject = f"{report.title} – {report.theme.organisation}"
    props.keywords = ", ".join(k for k in (report.theme.keywords[report.lang], report.period_short(report.period)) if k)
    props.author = props.last_modified_by = report.theme.organisation
    props.comments = ""
    props.category = ""
    props.language = LANGUAGE_TAGS[report.lang]
    props.revision = 1
    props.created = props.modified = stamp
    for printed in props._element.findall(qn("cp:lastPrinted")):  # never printed: no date
        props._element.remove(printed)


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


# Styles whose runs take the theme's heading typeface; all others take the body typeface.
HEADING_STYLE_IDS = ("Title", "Subtitle", "Heading1", "Heading2", "Heading3", "TOCHeading")
LOGO_HEIGHT_TITLE = Mm(22)
LOGO_HEIGHT_HEADER = Mm(7)


def _set_fonts(word_doc, theme: Theme) -> None:
    """The theme's typefaces over the reference document's: the body typeface as the
    document default, the heading typeface on the title and heading styles."""
    styles = word_doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _set_run_fonts(rpr, theme.fonts["body"])
    for style in styles.iterfind(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        rpr = style.find(qn("w:rPr"))
        if style_id in HEADING_STYLE_IDS:
            if rpr is None:
                rpr = parse_xml(f"<w:rPr {nsdecls('w')}/>")
                style.append(rpr)
            _set_run_fonts(rpr, theme.fonts["heading"])
        elif rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            _set_run_fonts(rpr, theme.fonts["body"])


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


def _logo(part, theme: Theme, lang: str, height) -> str:
    """The theme's logo as a run with an inline picture in `part`, its alt text set; "" without a logo."""
    if theme.logo is None:
        return ""
    inline = part.new_pic_inline(str(theme.logo.path), None, height)
    alt = theme.logo.alt[lang]
    inline.docPr.set("descr", alt)
    inline.docPr.set("title", alt)
    return f'<w:r {nsdecls("w")}><w:drawing>{etree.tostring(inline, encoding="unicode")}</w:drawing></w:r>'


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


def _set_header_footer(word_doc, report: _Report) -> None:
    """A header with the title and period, a footer with the organisation and "Sida X av Y";
    the title page has neither."""
    section = word_doc.sections[0]
    section.different_first_page_header_footer = True
    header, footer = section.header, section.footer
    header.is_linked_to_previous = False
    footer.is_linked_to_previous = False
    logo = _logo(header.part, report.theme, report.lang, LOGO_HEIGHT_HEADER)
    _fill(header._element, [w.paragraph((logo + w.run(" ") if logo else "") + w.run(report.title) + w.tab()
                                        + w.run(report.period_name), report.styles["header"])])
    _fill(footer._element, [w.paragraph(w.run(report.theme.organisation) + w.tab()
                                        + _page_x_of_y(report.word("page_x_of_y", page="{page}", pages="{pages}")),
                                        report.styles["footer"])])
    for part in (section.first_page_header, section.first_page_footer):
        part.is_linked_to_previous = False
        _fill(part._element, [w.paragraph()])
