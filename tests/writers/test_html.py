"""The report as a web page: it draws the outline, every word and level of it, as
accessible, self-contained HTML, and input never becomes markup."""

from __future__ import annotations

import base64
import dataclasses
import itertools
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from exporter.cli import cli
from exporter.colour import contrast_ratio
from exporter.model import Period, RecordSet, Status
from exporter.readers import ReadOptions, read
from exporter.report import build_outline
from exporter.report.outline import (
    BulletList, Column, Figure, Heading, Image, Link, Outline, Paragraph, RunningText, Table, Text, TitlePage,
    plain_text,
)
from exporter.theme import load_theme
from exporter.writers import get
from exporter.writers.base import BuildOptions, Document
from exporter.writers.html import HtmlWriter, document_name, render_outline

from .. import browser
from ..support import ROOT, changing_record_set, hostile_record_set, make_record

T2_2022 = Period(2022, 2)
FJALLBY = ROOT / "templates" / "fjallby"


# -- helpers ------------------------------------------------------------------------


def render(record_set: RecordSet, theme, period: Period, **options) -> bytes:
    return HtmlWriter().render(record_set, Document(document_name(period), period), theme, BuildOptions(**options))


def outline_of(record_set, theme, period, **options):
    return build_outline(record_set, period, theme, BuildOptions(**options))


@dataclasses.dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None
    children: list = dataclasses.field(default_factory=list)  # Element or str

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def visible_text(self) -> str:
        """The text without what is hidden from assistive technology."""
        return "".join(c if isinstance(c, str) else ("" if c.attrs.get("aria-hidden") == "true" else c.visible_text())
                       for c in self.children)

    def iter(self, *tags: str):
        for child in self.children:
            if isinstance(child, Element):
                if not tags or child.tag in tags:
                    yield child
                yield from child.iter(*tags)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


VOID = {"meta", "img", "col", "br", "hr", "link", "input"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: bytes) -> Element:
    """The page as a tree, read with the standard library's HTML parser; every element
    must be closed where it was opened."""
    builder = _TreeBuilder()
    builder.feed(page.decode("utf-8"))
    builder.close()
    assert builder.current is builder.root
    return builder.root


def heard(element: Element) -> str:
    """An element's text as a screen reader gives it (what is hidden from it left out,
    a no-break space a space): what `outline.plain_text` says of the outline."""
    return element.visible_text().replace("\xa0", " ")


def headings(root: Element) -> list[Element]:
    return list(root.iter("h1", "h2", "h3", "h4", "h5", "h6"))


def main_of(root: Element) -> Element:
    return next(root.iter("main"))


# -- what the page holds ----------------------------------------------------------------


@pytest.mark.parametrize("example", ["samples", "fjallby"])
def test_every_record_title_is_a_heading_and_every_comment_a_paragraph(example, sample_records, theme):
    if example == "fjallby":
        theme = load_theme(FJALLBY)
        sample_records = read([FJALLBY / "example-input"], theme, ReadOptions())
    for period in sample_records.periods:
        root = parse(render(sample_records, theme, period))
        heading_texts = [h.text for h in headings(root)]
        paragraphs = [p.text for p in root.iter("p")]
        assert sample_records.for_period(period)
        for record in sample_records.for_period(period):
            assert record.title in heading_texts
            for comment in record.comment:
                if comment.strip():
                    assert comment in paragraphs
            if record.status_text:
                assert record.status_text in paragraphs


@pytest.mark.parametrize("options", [{}, {"lang": "en"}, {"group_by": "committee"}, {"group_by": "status"}])
def test_the_page_says_what_the_outline_says_block_by_block(options, theme):
    """The same words as the Word and PDF reports, because it draws the same outline:
    every heading, paragraph, table (caption, column headers, cells), chart and list."""
    records = changing_record_set()
    outline = outline_of(records, theme, T2_2022, **options)
    main = main_of(parse(render(records, theme, T2_2022, **options)))
    body = list(outline.body())
    assert [heard(h) for h in headings(main)] == [b.text for b in body if isinstance(b, Heading)]
    assert [heard(p) for p in main.iter("p")] == [b.text for b in body if isinstance(b, Paragraph)]
    tables = [b for b in body if isinstance(b, Table)]
    drawn = list(main.iter("table"))
    assert len(drawn) == len(tables)
    for table, element in zip(tables, drawn):
        caption = next(element.iter("caption"))
        # The caption, then the description for those who cannot see the table.
        assert caption.text == f"{table.caption} {table.description}"
        assert next(caption.iter("span")).attrs["class"] == "visually-hidden"
        assert [th.text for th in next(element.iter("thead")).iter("th")] == [c.header for c in table.columns]
        rows = [*table.rows, *((table.total,) if table.total else ())]
        assert [[heard(cell) for cell in tr.iter("th", "td")] for tr in next(element.iter("tbody")).iter("tr")] \
            == [[plain_text(cell) for cell in row] for row in rows]
    lists = [b for b in body if isinstance(b, BulletList)]
    assert [[heard(li) for li in ul.iter("li")] for ul in main.iter("ul")] == [
        [plain_text(item.content) for item in b.items] for b in lists]
    assert [ul.attrs.get("aria-label") for ul in main.iter("ul")] == [b.label for b in lists]


def test_the_title_the_description_and_the_language_come_from_the_outline(sample_records, theme):
    period = sample_records.periods[-1]
    outline = outline_of(sample_records, theme, period)
    root = parse(render(sample_records, theme, period))
    html_element = next(root.iter("html"))
    assert html_element.attrs["lang"] == outline.lang == "sv-SE"
    assert next(root.iter("title")).text == outline.title
    meta = {m.attrs.get("name"): m.attrs.get("content") for m in root.iter("meta")}
    assert meta["description"] == outline.description
    assert meta["author"] == outline.author and meta["keywords"] == outline.keywords
    header = next(root.iter("header"))
    page = outline.title_page
    assert next(header.iter("h1")).text == page.title
    assert [p.text for p in header.iter("p")] == [page.subtitle, page.organisation]
    assert [(dt.text, dd.text) for dt, dd in zip(header.iter("dt"), header.iter("dd"))] == [
        (f.label, f.value) for f in page.facts]


def test_one_h1_then_the_outline_levels_one_lower_without_skips(sample_records, theme):
    for group_by in ("source", "committee", "status"):
        period = sample_records.periods[-1]
        outline = outline_of(sample_records, theme, period, group_by=group_by)
        root = parse(render(sample_records, theme, period, group_by=group_by))
        levels = [int(h.tag[1]) for h in headings(root)]
        assert levels.count(1) == 1 and levels[0] == 1
        assert all(after <= before + 1 for before, after in zip(levels, levels[1:]))
        drawn = {h.attrs["id"]: int(h.tag[1]) for h in headings(main_of(root))}
        assert drawn == {b.anchor: b.level + 1 for b in outline.body() if isinstance(b, Heading)}


def test_the_contents_link_to_every_heading_in_a_nav(sample_records, theme):
    period = sample_records.periods[-1]
    outline = outline_of(sample_records, theme, period)
    root = parse(render(sample_records, theme, period))
    nav = next(root.iter("nav"))
    assert nav.attrs["aria-labelledby"] == next(nav.iter("h2")).attrs["id"]
    assert next(nav.iter("h2")).text == outline.contents_title
    links = list(nav.iter("a"))
    assert [a.attrs["href"] for a in links] == [f"#{h.anchor}" for h in outline.headings]
    assert [a.text for a in links] == [h.text for h in outline.headings]
    # Nested by level: a heading of level n sits in n ordered lists.
    for a, heading in zip(links, outline.headings):
        assert sum(1 for node in a.ancestors() if node.tag == "ol") == heading.level
    ids = {e.attrs["id"] for e in root.iter() if "id" in e.attrs}
    assert all(a.attrs["href"][1:] in ids for a in root.iter("a"))


def test_sections_follow_the_headings_and_page_breaks_are_marked_for_print(sample_records, theme):
    period = sample_records.periods[-1]
    outline = outline_of(sample_records, theme, period)
    main = main_of(parse(render(sample_records, theme, period)))
    body_headings = [b for b in outline.body() if isinstance(b, Heading)]
    sections = list(main.iter("section"))
    assert len(sections) == len(body_headings)
    for section, heading in zip(sections, body_headings):
        first = next(child for child in section.children if isinstance(child, Element))
        assert first.attrs["id"] == heading.anchor
        assert ("page-break" in section.attrs.get("class", "")) == heading.page_break
        assert sum(1 for node in section.ancestors() if node.tag == "section") == heading.level - 1


def test_tables_have_a_caption_and_scoped_header_cells(sample_records, theme):
    period = sample_records.periods[-1]
    root = parse(render(sample_records, theme, period))
    tables = list(root.iter("table"))
    assert len(tables) == 3
    for table in tables:
        caption = next(table.iter("caption"))
        wrapper = table.parent
        # A wide table scrolls in its own focusable, named region instead of the page.
        assert wrapper.attrs["class"] == "table-scroll" and wrapper.attrs["tabindex"] == "0"
        assert wrapper.attrs["role"] == "region" and wrapper.attrs["aria-labelledby"] == caption.attrs["id"]
        assert all(th.attrs["scope"] == "col" for th in next(table.iter("thead")).iter("th"))
        for tr in next(table.iter("tbody")).iter("tr"):
            cells = list(tr.iter("th", "td"))
            assert cells[0].tag == "th" and cells[0].attrs["scope"] == "row"
            assert all(cell.tag == "td" for cell in cells[1:])


def test_the_chart_is_a_figure_named_by_its_alternative_text(sample_records, theme):
    period = sample_records.periods[-1]
    outline = outline_of(sample_records, theme, period)
    chart = next(b for b in outline.body() if isinstance(b, Figure))
    figure = next(f for f in parse(render(sample_records, theme, period)).iter("figure"))
    image = next(e for e in figure.iter() if e.attrs.get("role") == "img")
    assert image.attrs["aria-label"] == chart.alt
    assert next(figure.iter("figcaption")).text == chart.caption
    assert [e.text for e in image.iter() if e.attrs.get("class") == "bar-label"] == [b.label for b in chart.content.bars]
    assert [e.text for e in image.iter() if e.attrs.get("class") == "bar-value"] == [
        str(b.value) for b in chart.content.bars]
    # Each bar's share of the room left for it, its value right after it (as in the PDF).
    widths = [re.search(r"width: calc\(\(100% - 3rem\) \* ([\d.]+)\)", e.attrs["style"]).group(1)
              for e in image.iter() if e.attrs.get("class") == "bar"]
    top = chart.content.maximum
    assert widths == [f"{b.value / top:.3f}" for b in chart.content.bars]
    tracks = [e for e in image.iter() if e.attrs.get("class") == "bar-track"]
    assert [[c.attrs.get("class") for c in track.children] for track in tracks] == [["bar", "bar-value"]] * len(tracks)


def test_a_status_is_a_symbol_hidden_from_screen_readers_then_words(theme):
    records = changing_record_set()
    root = parse(render(records, theme, T2_2022))
    badges = [e for e in root.iter("span") if e.attrs.get("class") == "badge"]
    assert badges
    symbols = {style.symbol for style in theme.statuses.values()}
    all_words = {style.words["sv"] for style in theme.statuses.values()}
    for badge in badges:
        symbol = next(badge.iter("span"))
        assert symbol.attrs["aria-hidden"] == "true" and symbol.text == symbol.text.strip() + "\xa0"
        assert symbol.text.strip() in symbols
        assert heard(badge).strip() in all_words


def test_status_colours_are_readable_on_white():
    # Every status, in a final tertial (outcomes) and a forecast one: the yellow of
    # "partly done" and the orange of Fjällby's are too light as they are.
    records = RecordSet(tuple(
        make_record(f"{status.value} {period.slug}", ["x"], period=period, status=status, line=i)
        for period in (Period(2022, 1), Period(2022, 3)) for i, status in enumerate(Status)))
    for theme, period in itertools.product((load_theme(), load_theme(FJALLBY)), records.periods):
        page = render(records, theme, period).decode()
        symbol_colours = re.findall(r'class="badge-symbol" aria-hidden="true" style="color: #([0-9A-F]{6})"', page)
        assert symbol_colours and all(contrast_ratio(c) >= 4.5 for c in symbol_colours)
        # Bars are graphics: 3:1 (WCAG 1.4.11); the yellow of "partly done" is darkened to get there.
        bar_colours = re.findall(r"background: #([0-9A-F]{6})\"", page)
        assert bar_colours and all(contrast_ratio(c) >= 3.0 for c in bar_colours)
        accent = re.search(r"h1, h2, h3, h4 \{[^}]*color: #([0-9A-F]{6})", page).group(1)
        assert contrast_ratio(accent) >= 4.5


def test_in_an_english_page_the_records_own_text_is_marked_swedish(theme):
    records = changing_record_set()
    root = parse(render(records, theme, T2_2022, lang="en"))
    assert next(root.iter("html")).attrs["lang"] == "en-GB"
    heading = next(h for h in headings(root) if h.attrs.get("id") == "r1")
    span = next(heading.iter("span"))
    assert span.attrs["lang"] == "sv-SE" and span.text == "Bygg ut cykelvägnätet"
    comments = [p for p in root.iter("p") if p.attrs.get("class") == "p-comment"]
    assert comments and all(next(p.iter("span")).attrs["lang"] == "sv-SE" for p in comments)
    # In a Swedish page nothing is marked: it is all the page's language.
    assert not [e for e in parse(render(records, theme, T2_2022)).iter() if "lang" in e.attrs and e.tag != "html"]


def test_the_page_is_one_file_with_the_logo_inside_and_no_script():
    theme = load_theme(FJALLBY)
    records = changing_record_set()
    page = render(records, theme, T2_2022)
    root = parse(page)
    assert not list(root.iter("script", "link", "iframe", "object", "embed", "base"))
    logo = next(root.iter("img"))
    prefix = "data:image/png;base64,"
    assert logo.attrs["src"].startswith(prefix)
    assert base64.b64decode(logo.attrs["src"][len(prefix):]) == (FJALLBY / "logo.png").read_bytes()
    assert logo.attrs["alt"] == theme.logo.alt["sv"]
    text = page.decode()
    assert "http:" not in text and "https:" not in text and "@import" not in text
    assert all(u.startswith("data:") for u in re.findall(r"url\(([^)]*)\)", text))
    assert '"Cambria", Georgia' in text  # the theme's serif typeface, then serif fallbacks


def test_quotes_in_an_attribute_stay_in_its_value(sample_records):
    """The logo's alternative text from the theme, with both quotes, goes into `alt="…"`
    whole: a quote left unescaped would end the value and make the rest attributes."""
    theme = load_theme(FJALLBY)
    alt = """Fjällby "kommun" 'logga' onerror="alert(1)" <img> & mer"""
    theme = dataclasses.replace(theme, logo=dataclasses.replace(theme.logo, alt={"sv": alt, "en": alt}))
    root = parse(render(sample_records, theme, sample_records.periods[-1]))
    (logo,) = root.iter("img")
    assert logo.attrs["alt"] == alt
    assert set(logo.attrs) == {"class", "src", "alt", "style"}


def test_hostile_text_is_shown_literally_and_never_becomes_markup(theme):
    records = hostile_record_set()
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "dl", "div",
               "dt", "dd", "nav", "ol", "li", "a", "main", "section", "span", "strong", "em", "ul", "table",
               "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "figure", "figcaption"}
    for period in records.periods:
        page = render(records, theme, period)
        root = parse(page)
        assert {e.tag for e in root.iter()} <= allowed
        paragraphs = [p.text for p in root.iter("p")]
        heading_texts = [h.text for h in headings(root)]
        for record in records.for_period(period):
            assert record.title in heading_texts
            for comment in record.comment:
                assert comment in paragraphs
        assert b"<b>" not in page and b"<![CDATA[" not in page and b"<!-- kommentar" not in page


def test_the_theme_s_words_cannot_end_the_style_sheet(theme):
    """The running header's words go into the print style sheet as CSS strings."""
    hostile = dataclasses.replace(theme, organisation='</style><script>alert("x")</script> \\ "')
    records = changing_record_set()
    page = render(records, hostile, T2_2022)
    root = parse(page)
    assert not list(root.iter("script"))
    style = next(root.iter("style")).text
    assert "</" not in style
    # The footer shows the name as it is: the CSS string, its escapes undone, is the name.
    string = re.search(r'@bottom-left \{ content: "((?:[^"\\]|\\[0-9A-F]{1,6} )*)"; \}', style).group(1)
    assert re.sub(r"\\([0-9A-F]{1,6}) ", lambda m: chr(int(m.group(1), 16)), string) == hostile.organisation
    assert hostile.organisation in [p.text for p in next(root.iter("header")).iter("p")]


def test_the_same_input_gives_the_same_bytes(sample_records, theme):
    period = sample_records.periods[0]
    assert render(sample_records, theme, period) == render(sample_records, theme, period)
    fjallby = load_theme(FJALLBY)
    assert render(sample_records, fjallby, period, lang="en") == render(sample_records, fjallby, period, lang="en")


def test_every_kind_of_node_is_drawn_as_the_outline_describes_it(theme):
    """Nodes the report does not use today are drawn too: emphasis, a table without row
    headers, a picture with a caption, a link inside a heading (plain text in the contents)."""
    logo = FJALLBY / "logo.png"
    heading = Heading(1, (Text("Om "), Link("b", (Text("bilden", lang="en-GB"),))), "a")
    blocks = (
        heading,
        Paragraph((Text("viktigt", strong=True), Text(" och "), Text("betonat", emphasis=True)), "body"),
        Table("Tabell", "", (Column("A", 0.5), Column("B", 0.5, numeric=True)),
              ((((Text("x"),), (Text("1"),))),), row_headers=False),
        Heading(2, (Text("Bilden"),), "b", page_break=True),
        Figure(Image(str(logo), 10.0), "En bild av tre fjäll", "Bildtext"),
    )
    outline = Outline("sv-SE", "Titel", "", "", "", "Beskrivning", TitlePage("Titel", "", "", ()), "Innehåll",
                      tuple(b for b in blocks if isinstance(b, Heading)), RunningText("", "", "", ""),
                      lambda: iter(blocks))
    root = parse("".join(render_outline(outline, theme)).encode())
    main = main_of(root)
    assert [(h.tag, h.attrs["id"]) for h in headings(main)] == [("h2", "a"), ("h3", "b")]
    link = next(next(main.iter("h2")).iter("a"))
    assert link.attrs["href"] == "#b" and next(link.iter("span")).attrs["lang"] == "en-GB"
    assert not [a for a in next(root.iter("nav")).iter("a") if list(a.iter("a"))]  # no link inside a link
    assert [a.text for a in next(root.iter("nav")).iter("a")] == ["Om bilden", "Bilden"]
    paragraph = next(main.iter("p"))
    assert [(e.tag, e.text) for e in paragraph.iter()] == [("strong", "viktigt"), ("em", "betonat")]
    assert [[c.tag for c in tr.iter("th", "td")] for tr in next(main.iter("tbody")).iter("tr")] == [["td", "td"]]
    assert "width: 50.0%" in next(main.iter("col")).attrs["style"]
    assert next(main.iter("td")).attrs == {} and list(main.iter("td"))[1].attrs["class"] == "num"
    figure = next(main.iter("figure"))
    image = next(figure.iter("img"))
    assert image.attrs["alt"] == "En bild av tre fjäll" and image.attrs["src"].startswith("data:image/png;base64,")
    assert next(figure.iter("figcaption")).text == "Bildtext"
    assert [s.attrs.get("class") for s in main.iter("section")] == [None, "page-break"]


# -- the writer in the build -------------------------------------------------------------


def test_one_page_per_period_named_like_the_other_reports(sample_records):
    writer = get("html")
    assert [d.name for d in writer.documents(sample_records, BuildOptions())] == [
        "uppfoljning-2020-T3.html", "uppfoljning-2022-T1.html"]
    assert [d.name for d in writer.documents(sample_records, BuildOptions(committees=("SAN",)))] == [
        "uppfoljning-2020-T3-SAN.html", "uppfoljning-2022-T1-SAN.html"]


def test_exporter_build_writes_the_pages_and_exporter_writers_lists_them(tmp_path):
    runner = CliRunner()
    listed = runner.invoke(cli, ["writers"])
    assert listed.exit_code == 0 and "html" in listed.output
    result = runner.invoke(cli, ["build", str(ROOT / "input"), "-o", str(tmp_path), "-f", "html"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uppfoljning-2020-T3.html", "uppfoljning-2022-T1.html"]


# -- in a real browser: axe-core, a phone's width, print ---------------------------------------

def needs_browser(test):
    """Chromium with axe-core: skipped where either is missing, and slow."""
    return pytest.mark.slow(pytest.mark.skipif(browser.missing() is not None, reason=browser.missing() or "")(test))


def _pages():
    """Every page the acceptance names: the samples, the hostile set, the example template
    (Swedish and English), and a grouping with committee headings."""
    default = load_theme()
    fjallby = load_theme(FJALLBY)
    samples = read([ROOT / "input"], default, ReadOptions())
    example = read([FJALLBY / "example-input"], fjallby, ReadOptions())
    hostile = hostile_record_set()
    for name, records, theme, options in (
        ("samples", samples, default, {}),
        ("hostile", hostile, default, {}),
        ("fjallby", example, fjallby, {}),
        ("fjallby-en", example, fjallby, {"lang": "en"}),
        ("changes-by-committee-en", changing_record_set(), default, {"group_by": "committee", "lang": "en"}),
    ):
        for period in records.periods:
            yield pytest.param(records, theme, period, options, id=f"{name}-{period.slug}")


@needs_browser
@pytest.mark.parametrize("records, theme, period, options", list(_pages()))
def test_axe_core_finds_no_violations_and_nothing_scrolls_sideways_on_a_phone(records, theme, period, options):
    page = render(records, theme, period, **options)
    violations = browser.axe_violations(page)
    assert violations == [], "\n".join(
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations)
    assert browser.page_width(page, 360) <= 360


@needs_browser
def test_the_browser_check_finds_a_violation_where_there_is_one(sample_records, theme):
    page = render(sample_records, theme, sample_records.periods[-1])
    broken = page.replace(b'<html lang="sv-SE">', b"<html>").replace(b"<h2", b"<h4", 1)
    found = {v["id"] for v in browser.axe_violations(broken)}
    assert {"html-has-lang", "heading-order"} <= found
    wide = page.replace(b"<main", b'<div style="width: 600px">wide</div><main')
    assert browser.page_width(wide, 360) > 360


@needs_browser
def test_it_prints_on_a4_without_the_contents(sample_records, theme, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    theme = dataclasses.replace(theme, organisation='Kommunen "Å" \\ </style>')  # in every page's footer
    period = sample_records.periods[-1]
    outline = outline_of(sample_records, theme, period)
    page = tmp_path / "page.html"
    page.write_bytes(render(sample_records, theme, period))
    pdf = tmp_path / "page.pdf"
    browser.print_to_pdf(page, pdf)
    reader = pypdf.PdfReader(str(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    first = reader.pages[0].extract_text()
    assert outline.title_page.title in first and outline.contents_title not in first
    # The summary starts a page of its own (its heading asks for a page break).
    second = reader.pages[1].extract_text()
    summary = next(b for b in outline.body() if isinstance(b, Heading))
    assert second.lstrip().split("\n")[0:3] and summary.text in second
    assert outline.running.page_label.format(page=2, pages=len(reader.pages)) in second
    assert outline.running.footer_left == theme.organisation and theme.organisation in second


def test_in_an_english_report_the_committees_on_the_title_page_are_marked_swedish(theme):
    root = parse(render(changing_record_set(), theme, Period(2022, 2), lang="en", committees=("SAN",)))
    pending = [root]
    facts = []
    while pending:
        element = pending.pop()
        if element.tag == "dd":
            facts.append((element.text, element.attrs.get("lang")))
        pending.extend(c for c in element.children if not isinstance(c, str))
    assert ("Social- och arbetsmarknadsnämnden (SAN)", "sv-SE") in facts
    assert all(lang is None for text, lang in facts if text != "Social- och arbetsmarknadsnämnden (SAN)")


def test_the_page_is_styled_as_the_word_report(sample_records, theme):
    # One design with the Word and PDF reports: the subtitle in the accent colour like
    # the headings, a rule in that colour under each top heading of the report (h2: the
    # title is the page's h1), no bar above the title, captions in italics.
    page = render(sample_records, theme, Period(2022, 1)).decode()
    accent = re.search(r"h1, h2, h3, h4 \{[^}]*color: #([0-9A-F]{6})", page).group(1)
    assert re.search(r"\.subtitle \{[^}]*color: #" + accent, page)
    assert re.search(r"\nh2 \{[^}]*border-bottom: 1px solid #" + accent, page)
    # (a phone's table cells show their column's header before them: not a bar)
    assert "::before" not in page.replace("*::before", "").replace("td[data-label]::before", "")
    assert re.search(r"\ncaption \{[^}]*font-style: italic", page)
