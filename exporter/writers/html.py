"""The report as a web page: one self-contained, accessible HTML file per period,
`uppfoljning-2022-T1.html`.

This module draws the report outline (`exporter.report`) and decides nothing about
what the report says: every word, heading, link target, alternative text and language
comes from the outline. What it adds is the drawing: semantic elements (one `h1`, the
title page's title, with the outline's levels 1-3 as `h2`-`h4`; a `nav` of the
contents; tables with `caption` and `th scope`; the chart as a figure with `role="img"`
and its alternative text; statuses as a symbol hidden from screen readers plus
words), a style sheet in the theme's colours and typefaces that reflows on a phone
and prints on A4, and the logo as a data URI. The page loads nothing from anywhere
and runs no script. Every text is escaped (`html.escape` with quotes), so input
never becomes markup.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Iterator
from html import escape
from pathlib import Path
from typing import assert_never

from ..colour import readable_on_white
from ..files import utf8_batches
from ..model import Period, RecordSet
from ..report import build_outline
from ..report.outline import (
    PARAGRAPH_ROLES,
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
    TitlePage,
)
from ..theme import Theme
from .base import BuildOptions, Document, PeriodWriter, report_name, without_cyclic_gc

__all__ = ["HtmlWriter", "document_name", "render_outline"]

# The outline's heading levels (1-3) one lower, under the title page's h1.
HEADING_OFFSET = 1

# Families the browser falls back on after the theme's typeface.
SANS_FALLBACK = ('system-ui', '-apple-system', '"Segoe UI"', 'Roboto', '"Helvetica Neue"', 'Arial',
                 '"Liberation Sans"', 'sans-serif')
SERIF_FALLBACK = ('Georgia', 'Cambria', '"Times New Roman"', '"Liberation Serif"', '"DejaVu Serif"', 'serif')
# Typefaces of the theme known to be serif (their fallbacks should be serif too).
SERIF_FAMILIES = frozenset({"georgia", "cambria", "times", "times new roman", "garamond", "palatino",
                            "palatino linotype", "book antiqua", "constantia", "charter", "baskerville",
                            "minion pro", "libre baskerville", "source serif pro", "pt serif", "merriweather"})

# Grey text on white: 7.5:1, for the details around the records' own text.
MUTED = "4D4D4D"
RULE = "C8CDD3"
# The one table style of the Word, PDF and web reports (templates/make_reference_docx.py):
# a grey-blue header row and a rule under every row.
HEADER_FILL = "E8ECF1"
TABLE_RULE = "B3B8BF"


def document_name(period: Period) -> str:
    """The page's file name: "uppfoljning-2022-T1.html"."""
    return report_name(period, "html")


class HtmlWriter(PeriodWriter):
    """One self-contained web page of the report per period."""

    name = "html"
    description = "accessible web page of the report, one per period"

    def file_name(self, period: Period) -> str:
        return document_name(period)

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        if document.period is None:
            raise ValueError("a web page of the report covers one period")
        with without_cyclic_gc():
            outline = build_outline(record_set, document.period, theme, options)
            return b"".join(utf8_batches(render_outline(outline, theme)))


def render_outline(outline: Outline, theme: Theme) -> Iterator[str]:
    """The page of `outline` as pieces of text, in order."""
    return _Page(outline, theme).pieces()


# -- escaping -------------------------------------------------------------------------


def _text(value: str) -> str:
    """Text for an element's content or an attribute's value: markup stays text."""
    return escape(value, quote=True)


def _lang(lang: str | None) -> str:
    """The `lang` attribute of an element whose language is not the page's, else ""."""
    return f' lang="{_text(lang)}"' if lang else ""


def _css_string(value: str) -> str:
    """A CSS string of `value`; nothing in it can end the string or the style element."""
    out = []
    for char in value:
        if char.isalnum() or char in " .,:;!?-–()/":
            out.append(char)
        else:
            out.append(f"\\{ord(char):X} ")
    return f'"{"".join(out)}"'


def _hex(colour: str) -> str:
    """A colour, "#RRGGBB" or "RRGGBB", as six upper-case hex digits (the theme checks
    its colours when it is loaded; anything else here is a bug)."""
    digits = colour.lstrip("#").upper()
    if not re.fullmatch(r"[0-9A-F]{6}", digits):
        raise ValueError(f"not a colour: {colour!r}")
    return digits


def _font_stack(family: str) -> str:
    """The theme's typeface, then system typefaces of its kind (serif or sans serif)."""
    name = family.strip().lower()
    serif = name in SERIF_FAMILIES or ("serif" in name and "sans" not in name)
    fallback = SERIF_FALLBACK if serif else SANS_FALLBACK
    return ", ".join((_css_string(family), *(f for f in fallback if f.strip('"').lower() != name)))


def _data_uri(path: str) -> str:
    data = Path(path).read_bytes()
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


# -- the page -------------------------------------------------------------------------


class _Page:
    def __init__(self, outline: Outline, theme: Theme) -> None:
        self.outline = outline
        self.theme = theme
        self.lang = outline.lang
        self._badges: dict[Badge, str] = {}
        self._ids = 0

    def new_id(self, kind: str) -> str:
        """An id of the page's own; the hyphen keeps it apart from the outline's anchors
        (letters and digits only)."""
        self._ids += 1
        return f"x-{kind}{self._ids}"

    def pieces(self) -> Iterator[str]:
        outline = self.outline
        yield (f'<!DOCTYPE html>\n<html lang="{_text(outline.lang)}">\n<head>\n<meta charset="utf-8">\n'
               '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
               f"<title>{_text(outline.title)}</title>\n"
               f'<meta name="description" content="{_text(outline.description)}">\n'
               f'<meta name="author" content="{_text(outline.author)}">\n'
               f'<meta name="keywords" content="{_text(outline.keywords)}">\n'
               f"<style>\n{self.style_sheet()}</style>\n</head>\n<body>\n")
        yield self.title_page(outline.title_page)
        yield from self.contents()
        yield '<main id="x-main">\n'
        yield from self.body(outline.body())
        yield "</main>\n</body>\n</html>\n"

    # -- style ---------------------------------------------------------------------------

    def style_sheet(self) -> str:
        theme, running = self.theme, self.outline.running
        accent = readable_on_white(_hex(theme.accent))
        body_font = _font_stack(theme.fonts.get("body", "Arial"))
        heading_font = _font_stack(theme.fonts.get("heading", theme.fonts.get("body", "Arial")))
        page_label = " ".join(
            f"counter({part[1:-1]})" if part in ("{page}", "{pages}") else _css_string(part)
            for part in re.split(r"(\{page\}|\{pages\})", running.page_label) if part)
        return f"""\
*, *::before, *::after {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0; background: #FFFFFF; color: #1A1A1A; font-family: {body_font};
  font-size: 1rem; line-height: 1.5; overflow-wrap: anywhere; }}
body > header, body > nav, body > main {{ max-width: 50rem; margin: 0 auto; padding: 0 1rem; }}
h1, h2, h3, h4 {{ font-family: {heading_font}; color: #{accent}; line-height: 1.25; margin: 1.75em 0 .5em; }}
h1 {{ font-size: 2.25rem; margin: .5em 0 .25em; }}
h2 {{ font-size: 1.6rem; border-bottom: 1px solid #{accent}; padding-bottom: .15em; }}
h3 {{ font-size: 1.3rem; }}
h4 {{ font-size: 1.1rem; }}
p, ul, ol, dl {{ margin: 0 0 .75em; }}
a {{ color: #{accent}; text-decoration: underline; text-underline-offset: .15em; }}
a:focus-visible, .table-scroll:focus-visible {{ outline: 3px solid #{accent}; outline-offset: 2px; }}
.title-page {{ padding-top: 2.5rem !important; padding-bottom: 1rem !important; }}
.logo {{ display: block; width: auto; max-width: 100%; margin-bottom: 1.5rem; }}
.subtitle {{ font-size: 1.4rem; color: #{accent}; margin: 0 0 1.25rem; }}
.organisation {{ margin: 0 0 .25rem; }}
.facts div {{ display: flex; flex-wrap: wrap; column-gap: .75rem; }}
.facts dt {{ font-weight: bold; }}
.facts dd {{ margin: 0; }}
.contents {{ border-top: 1px solid #{RULE}; border-bottom: 1px solid #{RULE}; margin-top: 1.5rem !important; }}
.contents h2 {{ margin-top: 1rem; }}
.contents ol {{ list-style: none; padding-left: 0; margin: 0 0 1rem; }}
.contents ol ol {{ padding-left: 1.25rem; margin: 0; }}
.contents li {{ margin: .2rem 0; }}
.contents > ol > li > a {{ font-weight: bold; }}
.p-lead {{ font-size: 1.15rem; }}
.p-field {{ font-size: .9rem; margin: 0 0 .2em; }}
.p-note {{ font-style: italic; }}
.p-status_text {{ margin-top: .5em; }}
ul {{ padding-left: 1.5rem; }}
li {{ margin: .25em 0; }}
.badge-symbol {{ font-weight: bold; }}
.table-scroll {{ overflow-x: auto; margin: 1rem 0 1.25rem; position: relative;
  /* A shadow at an edge where more of a wide table is hidden: it scrolls. */
  background: linear-gradient(to right, #FFFFFF 30%, rgba(255, 255, 255, 0)),
    linear-gradient(to left, #FFFFFF 30%, rgba(255, 255, 255, 0)) 100% 0,
    radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, .25), rgba(0, 0, 0, 0)),
    radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, .25), rgba(0, 0, 0, 0)) 100% 0;
  background-repeat: no-repeat; background-size: 2.5rem 100%, 2.5rem 100%, .9rem 100%, .9rem 100%;
  background-attachment: local, local, scroll, scroll; }}
table {{ border-collapse: collapse; width: 100%; font-size: .95rem; overflow-wrap: break-word; }}
caption {{ caption-side: top; text-align: left; font-style: italic; color: #{MUTED}; padding: 0 0 .35rem; }}
th, td {{ text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #{TABLE_RULE}; }}
thead th {{ background: #{HEADER_FILL}; }}
tbody th {{ font-weight: normal; }}
.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.total th, tr.total td {{ font-weight: bold; }}
.visually-hidden {{ position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }}
figure {{ margin: 1rem 0 1.5rem; }}
figcaption {{ color: #{MUTED}; font-size: .95rem; font-style: italic; margin-top: .5rem; }}
.bars {{ display: grid; gap: .4rem; }}
.bar-row {{ display: grid; grid-template-columns: minmax(7rem, 16rem) 1fr; gap: .75rem; align-items: center; }}
.bar-track {{ display: flex; align-items: center; gap: .4rem; height: 1.25rem; }}
.bar {{ display: block; flex: none; height: 100%; forced-color-adjust: none; }}
.bar-value {{ font-variant-numeric: tabular-nums; }}
@media (max-width: 30rem) {{
  h1 {{ font-size: 1.8rem; }}
  h2 {{ font-size: 1.4rem; }}
  h3 {{ font-size: 1.2rem; }}
  .bar-row {{ grid-template-columns: 1fr; gap: .1rem .75rem; }}
  .bar-label {{ grid-column: 1 / -1; }}
}}
@media screen and (max-width: 40rem) {{
  /* A phone: each table row a block (its first cell, then each other cell after its
     column's header), so that nothing scrolls sideways and every status is in view. */
  .table-scroll {{ overflow-x: visible; background: none; }}
  .table-scroll table, .table-scroll tbody, .table-scroll tr, .table-scroll th, .table-scroll td {{
    display: block; width: auto; }}
  .table-scroll caption {{ display: block; }}
  .table-scroll colgroup {{ display: none; }}
  .table-scroll thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0, 0, 0, 0);
    white-space: nowrap; }}
  .table-scroll tr {{ padding: .45rem 0; border-bottom: 1px solid #{RULE}; }}
  .table-scroll tr:first-child {{ border-top: 2px solid #{accent}; }}
  .table-scroll th, .table-scroll td {{ padding: .1rem 0; border: 0; text-align: left; }}
  .table-scroll tr > :first-child {{ font-weight: bold; }}
  .table-scroll td[data-label]::before {{ content: attr(data-label) ": "; font-weight: bold; }}
  .table-scroll tr.total {{ border-top: 2px solid #{accent}; border-bottom: 0; }}
}}
@page {{ size: A4; margin: 20mm 20mm 22mm;
  font-family: {body_font}; font-size: 8pt; color: #{MUTED};
  @top-left {{ content: {_css_string(running.header_left)}; }}
  @top-right {{ content: {_css_string(running.header_right)}; }}
  @bottom-left {{ content: {_css_string(running.footer_left)}; }}
  @bottom-right {{ content: {page_label or '""'}; }}
}}
@page :first {{
  @top-left {{ content: none; }} @top-right {{ content: none; }}
  @bottom-left {{ content: none; }} @bottom-right {{ content: none; }}
}}
@media print {{
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  body {{ font-size: 10.5pt; }}
  body > header, body > nav, body > main {{ max-width: none; padding: 0; }}
  nav {{ display: none; }}
  .title-page {{ padding-top: 70mm !important; }}
  .page-break {{ break-before: page; }}
  h1, h2, h3, h4, .p-field, caption {{ break-after: avoid; }}
  h1, h2, h3, h4 {{ break-inside: avoid; }}
  p {{ orphans: 3; widows: 3; }}
  tr, li, figure, .bar-row {{ break-inside: avoid; }}
  thead {{ break-after: avoid; }}
  tbody tr:first-child {{ break-before: avoid; }}
  a {{ color: inherit; text-decoration: none; }}
  .table-scroll {{ overflow: visible; background: none; }}
}}
"""

    # -- the title page and the contents ---------------------------------------------------

    def title_page(self, page: TitlePage) -> str:
        parts = ['<header class="title-page">\n']
        if page.logo is not None and isinstance(page.logo.content, Image):
            parts.append(self.image(page.logo.content, page.logo.alt, "logo") + "\n")
        parts.append(f"<h1>{_text(page.title)}</h1>\n")
        if page.subtitle:
            parts.append(f'<p class="subtitle">{_text(page.subtitle)}</p>\n')
        if page.organisation:
            parts.append(f'<p class="organisation">{_text(page.organisation)}</p>\n')
        if page.facts:
            parts.append('<dl class="facts">\n')
            parts.extend(f"<div><dt>{_text(f.label)}</dt><dd{_lang(f.lang)}>{_text(f.value)}</dd></div>\n"
                         for f in page.facts)
            parts.append("</dl>\n")
        parts.append("</header>\n")
        return "".join(parts)

    def contents(self) -> Iterator[str]:
        """The contents as nested lists of links, one level per heading level."""
        headings = self.outline.headings
        if not headings:
            return
        title_id = self.new_id("contents")
        yield (f'<nav class="contents" aria-labelledby="{title_id}">\n'
               f'<h2 id="{title_id}">{_text(self.outline.contents_title)}</h2>\n<ol>\n')
        depth = 1
        first = True
        for heading in headings:
            # A level deeper than the next one is drawn as the next one: lists cannot skip.
            level = max(1, min(heading.level, depth + 1))
            if first:
                level, first = 1, False
            elif level > depth:
                yield "\n<ol>\n"
            else:
                yield "</li>\n"
                while depth > level:
                    yield "</ol>\n</li>\n"
                    depth -= 1
            depth = level
            yield f'<li><a href="#{_text(heading.anchor)}">{self.inline(heading.content, links=False)}</a>'
        yield "</li>\n"
        while depth > 1:
            yield "</ol>\n</li>\n"
            depth -= 1
        yield "</ol>\n</nav>\n"

    # -- the body ---------------------------------------------------------------------------

    def body(self, blocks: Iterable[Block]) -> Iterator[str]:
        """The blocks, each heading opening a `section` that runs to the next heading of
        its level or above."""
        open_levels: list[int] = []
        for block in blocks:
            match block:
                case Heading():
                    while open_levels and open_levels[-1] >= block.level:
                        open_levels.pop()
                        yield "</section>\n"
                    open_levels.append(block.level)
                    yield '<section class="page-break">\n' if block.page_break else "<section>\n"
                    yield self.heading(block)
                case Paragraph():
                    yield self.paragraph(block)
                case Table():
                    yield self.table(block)
                case Figure():
                    yield self.figure(block)
                case BulletList():
                    yield self.bullet_list(block)
                case _:
                    assert_never(block)
        yield "</section>\n" * len(open_levels)

    def heading(self, heading: Heading) -> str:
        level = min(heading.level + HEADING_OFFSET, 6)
        return f'<h{level} id="{_text(heading.anchor)}">{self.inline(heading.content)}</h{level}>\n'

    def paragraph(self, paragraph: Paragraph) -> str:
        role = paragraph.role if paragraph.role in PARAGRAPH_ROLES else "body"
        return f'<p class="p-{role}">{self.inline(paragraph.content)}</p>\n'

    def table(self, table: Table) -> str:
        caption_id = self.new_id("table")
        numeric = [column.numeric for column in table.columns]
        parts = [f'<div class="table-scroll" role="region" aria-labelledby="{caption_id}" tabindex="0">\n<table>\n'
                 f'<caption id="{caption_id}">{_text(table.caption)}']
        if table.description:
            parts.append(f' <span class="visually-hidden">{_text(table.description)}</span>')
        parts.append("</caption>\n<colgroup>")
        parts.extend(f'<col style="width: {column.width * 100:.1f}%">' for column in table.columns)
        parts.append("</colgroup>\n<thead>\n<tr>")
        parts.extend(f'<th scope="col"{self.num(column.numeric)}>{_text(column.header)}</th>'
                     for column in table.columns)
        parts.append("</tr>\n</thead>\n<tbody>\n")
        labels = [_text(column.header) for column in table.columns]  # each cell's, on a narrow screen
        for row in table.rows:
            parts.append(self.row(row, numeric, table.row_headers, labels=labels))
        if table.total is not None:
            parts.append(self.row(table.total, numeric, table.row_headers, css_class="total", labels=labels))
        parts.append("</tbody>\n</table>\n</div>\n")
        return "".join(parts)

    @staticmethod
    def num(numeric: bool) -> str:
        return ' class="num"' if numeric else ""

    def row(self, cells: tuple[tuple[Inline, ...], ...], numeric: list[bool], row_headers: bool,
            css_class: str = "", labels: list[str] | None = None) -> str:
        """A table row; each cell but the first carries its column's header (`labels`,
        escaped) as `data-label`, which a narrow screen shows before it (see the style sheet)."""
        parts = [f'<tr class="{css_class}">' if css_class else "<tr>"]
        for i, cell in enumerate(cells):
            content = self.inline(cell)
            align = self.num(i < len(numeric) and numeric[i])
            label = f' data-label="{labels[i]}"' if labels and 0 < i < len(labels) else ""
            if i == 0 and row_headers:
                parts.append(f'<th scope="row"{align}>{content}</th>')
            else:
                parts.append(f"<td{align}{label}>{content}</td>")
        parts.append("</tr>\n")
        return "".join(parts)

    def figure(self, figure: Figure) -> str:
        content = figure.content
        if isinstance(content, BarChart):
            drawing = self.bar_chart(content, figure.alt)
        else:
            drawing = self.image(content, figure.alt)
        caption = f"<figcaption>{_text(figure.caption)}</figcaption>\n" if figure.caption else ""
        css_class = "chart" if isinstance(content, BarChart) else "picture"
        return f'<figure class="{css_class}">\n{drawing}{caption}</figure>\n'

    def bar_chart(self, chart: BarChart, alt: str) -> str:
        """Bars drawn with CSS, one row each: label, bar, value. The whole is one image
        to assistive technology, named by the alternative text (the same numbers are in
        the table before it)."""
        maximum = chart.maximum
        parts = [f'<div class="bars" role="img" aria-label="{_text(alt)}">\n']
        for bar in chart.bars:
            share = 100 * bar.value / maximum if maximum else 0.0
            # A bar is a graphical object: 3:1 against white (WCAG 1.4.11).
            colour = readable_on_white(_hex(bar.colour), 3.0)
            # The value right after its bar, as the PDF and the Word report draw it.
            parts.append(f'<div class="bar-row"><span class="bar-label">{_text(bar.label)}</span>'
                         f'<span class="bar-track"><span class="bar" style="width: calc((100% - 3rem) * '
                         f'{share / 100:.3f}); background: #{colour}"></span>'
                         f'<span class="bar-value">{bar.value}</span></span></div>\n')
        parts.append("</div>\n")
        return "".join(parts)

    def image(self, image: Image, alt: str, css_class: str = "") -> str:
        css = f' class="{css_class}"' if css_class else ""
        return (f'<img{css} src="{_data_uri(image.path)}" alt="{_text(alt)}" '
                f'style="height: {image.height_mm:.1f}mm">')

    def bullet_list(self, bullets: BulletList) -> str:
        label = f' aria-label="{_text(bullets.label)}"' if bullets.label else ""
        items = "".join(f"<li>{self.inline(item.content)}</li>\n" for item in bullets.items)
        return f"<ul{label}>\n{items}</ul>\n"

    # -- inline content ------------------------------------------------------------------------

    def inline(self, content: tuple[Inline, ...], links: bool = True) -> str:
        return "".join(self.part(part, links) for part in content)

    def part(self, part: Inline, links: bool) -> str:
        if isinstance(part, Text):
            out = _text(part.text)
            if part.emphasis:
                out = f"<em>{out}</em>"
            if part.strong:
                out = f"<strong>{out}</strong>"
            if part.lang and part.lang != self.lang:
                out = f'<span lang="{_text(part.lang)}">{out}</span>'
            return out
        if isinstance(part, Badge):
            return self.badge(part)
        if isinstance(part, Link):
            content = self.inline(part.content, links=False)
            return f'<a href="#{_text(part.target)}">{content}</a>' if links else content
        raise TypeError(f"not inline content of the report outline: {type(part).__name__}")

    def badge(self, badge: Badge) -> str:
        """The status symbol in the status colour (readable on white), hidden from screen
        readers, then the words that carry the meaning (after a no-break space: the
        symbol never ends a line without its words)."""
        cached = self._badges.get(badge)
        if cached is None:
            colour = readable_on_white(_hex(badge.colour))
            cached = self._badges[badge] = (
                f'<span class="badge"><span class="badge-symbol" aria-hidden="true" style="color: #{colour}">'
                f"{_text(badge.symbol)}&nbsp;</span>{_text(badge.words)}</span>")
        return cached
