"""The Word follow-up report: what it holds, how it is built, and that it stays text."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import zipfile

import docx
import pytest
from lxml import etree

from exporter.colour import contrast_ratio, readable_on_white
from exporter.model import Period, RecordSet, Status
from exporter.theme import load_theme
from exporter.writers import get
from exporter.writers.base import BuildOptions, Document
from exporter.writers.docx import DocxWriter, file_name

from ..support import ROOT, make_record, pdf_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
T1_2022 = Period(2022, 1)


# -- helpers ------------------------------------------------------------------------


def render(record_set: RecordSet, theme, period: Period = T1_2022, **options) -> bytes:
    return DocxWriter().render(record_set, Document(file_name(period), period), theme, BuildOptions(**options))


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def body_paragraphs(data: bytes) -> list[tuple[str | None, str]]:
    """(style id, text) of every paragraph of the body, tables included, in order."""
    out = []
    for p in part(data, "word/document.xml").iter(f"{W}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        out.append((style.get(f"{W}val") if style is not None else None,
                    "".join(t.text or "" for t in p.iter(f"{W}t"))))
    return out


def texts(data: bytes) -> list[str]:
    return [text for _, text in body_paragraphs(data)]


def headings(data: bytes) -> list[tuple[int, str]]:
    """(level, text) of every heading paragraph, as python-docx reads the style names."""
    document = docx.Document(io.BytesIO(data))
    out = []
    for p in document.paragraphs:
        m = re.fullmatch(r"Heading (\d)", p.style.name)
        if m:
            out.append((int(m.group(1)), p.text))
    return out


@pytest.fixture(scope="module")
def t1_report(sample_records, theme) -> bytes:
    return render(sample_records, theme)


# -- documents -------------------------------------------------------------------------


def test_one_report_per_period_named_by_the_contract(sample_records):
    documents = get("docx").documents(sample_records, BuildOptions())
    assert [d.name for d in documents] == ["uppfoljning-2020-T3.docx", "uppfoljning-2022-T1.docx"]
    assert [d.period for d in documents] == [Period(2020, 3), Period(2022, 1)]


# -- content, word for word ---------------------------------------------------------------


def test_every_record_of_the_period_is_in_the_report_word_for_word(sample_records, theme, t1_report):
    paragraphs = texts(t1_report)
    records = sample_records.for_period(T1_2022)
    assert len(records) > 5
    for record in records:
        assert record.title in paragraphs
        assert f"Ansvariga nämnder: {theme.committees_in_words(record.committees)}" in paragraphs
        assert record.status_text and record.status_text in paragraphs
        assert record.comment
        for comment in record.comment:
            assert comment in paragraphs
    # The other period's records are not.
    others = {r.title for r in sample_records.for_period(Period(2020, 3))} - {r.title for r in records}
    assert others and not others & set(paragraphs)


def test_committees_are_written_out_in_full_with_their_codes(sample_records, theme, t1_report):
    assert ("Ansvariga nämnder: Kommunstyrelsen (KS), Social- och arbetsmarknadsnämnden (SAN)"
            in texts(t1_report))


def test_each_assignment_title_is_a_real_heading(sample_records, t1_report):
    found = headings(t1_report)
    titles = [r.title for r in sample_records.for_period(T1_2022)]
    assert [text for level, text in found if level == 2 and text in titles] == titles
    assert (1, "Sammanfattning") in found and (1, "Uppdrag") in found


def test_status_is_shown_by_a_coloured_symbol_and_its_words(sample_records, theme, t1_report):
    style = theme.status_style(Status.EXPECTED_DONE)
    assert f"Status: {style.symbol} Bedöms bli genomfört" in texts(t1_report)
    runs = part(t1_report, "word/document.xml").iter(f"{W}r")
    coloured = [r for r in runs if r.find("w:rPr/w:color", NS) is not None]
    symbol_runs = [r for r in coloured if "".join(r.itertext()) == style.symbol]
    assert symbol_runs and all(r.find("w:rPr/w:color", NS).get(f"{W}val") == style.hex for r in symbol_runs)
    # Every coloured run is readable: WCAG AA contrast on white, as Word's checker asks.
    assert all(contrast_ratio(r.find("w:rPr/w:color", NS).get(f"{W}val")) >= 4.5 for r in coloured)
    # Colour never carries meaning alone: every coloured run is a status symbol next to words.
    symbols = {s.symbol for s in theme.statuses.values()}
    assert {"".join(r.itertext()) for r in coloured} <= symbols


def test_a_status_colour_too_light_for_text_is_darkened_keeping_its_hue():
    assert readable_on_white("2E7D32") == "2E7D32"  # already readable: unchanged
    darker = readable_on_white("F9A825")  # the theme's yellow: 1.9:1 on white
    assert contrast_ratio("F9A825") < 4.5 <= contrast_ratio(darker)
    r, g, b = (int(darker[i:i + 2], 16) for i in (0, 2, 4))
    assert r > g > b  # still a yellow-orange


def test_previous_status_of_an_assignment_reported_earlier_is_shown(sample_records, theme, t1_report):
    with_previous = [r for r in sample_records.for_period(T1_2022) if sample_records.previous(r)]
    assert with_previous
    paragraphs = texts(t1_report)
    for record in with_previous:
        previous = sample_records.previous(record)
        words = theme.status_words(previous.status)
        expected = f"Föregående: {theme.status_style(previous.status).symbol} {words[0].lower()}{words[1:]}, T3 2020"
        assert expected in paragraphs
    assert sum(p.startswith("Föregående:") for p in paragraphs) == len(with_previous)


def test_missing_status_sentence_and_comment_are_said_in_words(theme):
    record = make_record("Uppdrag utan text", [], status=Status.UNKNOWN, status_text="")
    paragraphs = texts(render(RecordSet((record,)), theme))
    assert "Ingen statusmening angiven." in paragraphs
    assert "Ingen kommentar lämnad." in paragraphs
    assert "Ansvariga nämnder: Kommunstyrelsen (KS)" in paragraphs


# -- title page, contents, summary -------------------------------------------------------------


def test_title_page_has_title_period_organisation_and_the_period_end_date(t1_report):
    paragraphs = body_paragraphs(t1_report)
    assert paragraphs[:4] == [
        ("Title", "Uppföljning av uppdrag"),
        ("Subtitle", "Tertial 1 2022"),
        ("TitleDetails", "Kommunen"),
        ("TitleDetails", "Rapporterat: 2022-04-30"),
    ]


def test_a_date_asked_for_is_the_report_date(sample_records, theme):
    data = render(sample_records, theme, report_date=dt.date(2022, 5, 17))
    assert "Skapad: 2022-05-17" in texts(data)
    assert docx.Document(io.BytesIO(data)).core_properties.created == dt.datetime(2022, 5, 17, tzinfo=dt.timezone.utc)


def test_contents_is_a_toc_field_already_listing_every_heading(t1_report):
    root = part(t1_report, "word/document.xml")
    instructions = [i.text for i in root.iter(f"{W}instrText")]
    assert sum("TOC \\o" in i for i in instructions) == 1
    bookmarks = {b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")}
    entries = [p for p in root.iter(f"{W}p")
               if (s := p.find("w:pPr/w:pStyle", NS)) is not None and s.get(f"{W}val").startswith("TOC")
               and s.get(f"{W}val") != "TOCHeading" and p.find("w:hyperlink", NS) is not None]
    anchors = [p.find("w:hyperlink", NS).get(f"{W}anchor") for p in entries]
    assert len(anchors) == len(set(anchors)) == len(bookmarks) == len(headings(t1_report))
    assert set(anchors) == bookmarks
    # Each entry reads as its heading and refers to its page.
    entry_texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in entries]
    assert entry_texts == [text for _, text in headings(t1_report)]
    assert all(f"PAGEREF {a} \\h" in i for a, i in zip(anchors, [i for i in instructions if "PAGEREF" in i]))
    # Field characters balance: every field that begins ends.
    kinds = [c.get(f"{W}fldCharType") for c in root.iter(f"{W}fldChar")]
    assert kinds.count("begin") == kinds.count("end") == len(anchors) + 1


def test_status_table_counts_every_status(sample_records, theme, t1_report):
    table = docx.Document(io.BytesIO(t1_report)).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    counts = sample_records.status_counts(sample_records.for_period(T1_2022))
    assert rows[0] == ["Status", "Antal"]
    assert rows[1:-1] == [[f"{theme.status_style(s).symbol} {theme.status_words(s)}", str(n)] for s, n in counts.items()]
    assert rows[-1] == ["Totalt", str(len(sample_records.for_period(T1_2022)))]


def test_overview_lists_every_assignment_with_a_repeating_header_and_unbreakable_rows(sample_records, theme, t1_report):
    document = docx.Document(io.BytesIO(t1_report))
    table = document.tables[1]
    records = sample_records.for_period(T1_2022)
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Uppdrag", "Ansvariga nämnder", "Status"]
    assert rows[1:] == [[r.title, ", ".join(r.committees) or "Utan nämnd",
                         f"{theme.status_style(r.status).symbol} {theme.status_words(r.status)}"] for r in records]
    trs = table._tbl.findall("w:tr", NS)
    assert [tr.find("w:trPr/w:tblHeader", NS) is not None for tr in trs] == [True] + [False] * len(records)
    assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs)


def test_tables_have_alt_text_and_a_header_row(t1_report):
    for table in part(t1_report, "word/document.xml").iter(f"{W}tbl"):
        assert table.find("w:tblPr/w:tblCaption", NS).get(f"{W}val")
        assert table.find("w:tblPr/w:tblDescription", NS).get(f"{W}val")
        assert table.find("w:tr/w:trPr/w:tblHeader", NS) is not None


def test_no_empty_paragraphs_make_space(t1_report):
    assert all(text.strip() for text in texts(t1_report))


# -- grouping ----------------------------------------------------------------------------------


def grouped_records() -> RecordSet:
    return RecordSet((
        make_record("Första", ["a"], committees=("SAN", "KS"), status=Status.DONE),
        make_record("Andra", ["b"], committees=("BUN",), status=Status.NOT_DONE),
        make_record("Tredje", ["c"], committees=(), status=Status.DONE),
        make_record("Fjärde", ["d"], committees=("XYZ",), status=Status.EXPECTED_DONE),
    ))


def test_source_order_is_the_default(theme):
    found = headings(render(grouped_records(), theme))
    assert [t for level, t in found if level == 2][2:] == ["Första", "Andra", "Tredje", "Fjärde"]


def test_by_committee_a_record_is_under_each_of_its_committees_in_theme_order(theme):
    found = headings(render(grouped_records(), theme, group_by="committee"))
    assert (1, "Uppdrag per nämnd") in found
    after = found[found.index((1, "Uppdrag per nämnd")) + 1:]
    assert after == [
        (2, "Kommunstyrelsen (KS)"), (3, "Första"),
        (2, "Barn- och utbildningsnämnden (BUN)"), (3, "Andra"),
        (2, "Social- och arbetsmarknadsnämnden (SAN)"), (3, "Första"),
        (2, "XYZ"), (3, "Fjärde"),
        (2, "Utan nämnd"), (3, "Tredje"),
    ]


def test_by_status_groups_follow_the_status_order(theme):
    found = headings(render(grouped_records(), theme, group_by="status"))
    after = found[found.index((1, "Uppdrag per status")) + 1:]
    assert after == [
        (2, "Genomfört"), (3, "Första"), (3, "Tredje"),
        (2, "Inte genomfört"), (3, "Andra"),
        (2, "Bedöms bli genomfört"), (3, "Fjärde"),
    ]


# -- page furniture, properties, language ---------------------------------------------------------


def test_header_has_title_and_period_footer_has_page_x_of_y_fields(t1_report):
    section = docx.Document(io.BytesIO(t1_report)).sections[0]
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "Uppföljning av uppdrag\tTertial 1 2022"
    footer = section.footer._element
    fields = [f.get(f"{W}instr").strip() for f in footer.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "".join(t.text for t in footer.iter(f"{W}t")) == "KommunenSida 1 av 1"
    assert not section.first_page_header.paragraphs[0].text


def test_document_properties_and_swedish_language(t1_report):
    document = docx.Document(io.BytesIO(t1_report))
    props = document.core_properties
    assert props.title == "Uppföljning av uppdrag, tertial 1 2022"
    assert props.subject and props.keywords.endswith("T1 2022") and props.author == "Kommunen"
    assert props.language == "sv-SE" and props.revision == 1 and props.comments == ""
    assert props.created == props.modified == dt.datetime(2022, 4, 30, tzinfo=dt.timezone.utc)
    lang = document.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{W}val") == "sv-SE"
    assert document.settings.element.find("w:themeFontLang", NS).get(f"{W}val") == "sv-SE"


def test_english_report_speaks_english(sample_records, theme):
    data = render(sample_records, theme, lang="en")
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.language == "en-GB"
    assert document.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(f"{W}val") == "en-GB"
    paragraphs = texts(data)
    assert {"Follow-up of assignments", "Contents", "Summary", "Assignments"} <= set(paragraphs)
    assert "Status: ↗ Expected to be done" in paragraphs
    assert "Innehåll" not in paragraphs
    # The records' own text stays as written.
    assert sample_records.for_period(T1_2022)[0].title in paragraphs


# -- the reference document ---------------------------------------------------------------------


def test_styles_and_page_set_up_come_from_the_reference_document(t1_report):
    document = docx.Document(io.BytesIO(t1_report))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Report Table", "Table Text"):
        assert name in [s.name for s in document.styles]
    fonts = document.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(f"{W}ascii") == "Arial"


def test_an_organisation_restyles_every_report_with_its_own_reference_document(tmp_path, sample_records):
    (tmp_path / "theme.toml").write_text('[organisation]\nname = "Exempelkommun"\n', encoding="utf-8")
    reference = docx.Document(str(ROOT / "templates" / "default" / "reference.docx"))
    heading = reference.styles["Heading 2"]
    heading.font.color.rgb = docx.shared.RGBColor(0x80, 0x00, 0x20)
    reference.save(str(tmp_path / "reference.docx"))
    data = render(sample_records, load_theme(tmp_path))
    document = docx.Document(io.BytesIO(data))
    assert str(document.styles["Heading 2"].font.color.rgb) == "800020"
    assert "Exempelkommun" in texts(data)


def test_a_reference_document_lacking_a_style_still_gives_a_report_and_a_warning(tmp_path, sample_records, caplog):
    (tmp_path / "theme.toml").write_text('[organisation]\nname = "Exempelkommun"\n', encoding="utf-8")
    reference = docx.Document(str(ROOT / "templates" / "default" / "reference.docx"))
    style = reference.styles["Table Text"].element
    style.getparent().remove(style)
    reference.save(str(tmp_path / "reference.docx"))
    with caplog.at_level("WARNING", logger="exporter.writers"):
        data = render(sample_records, load_theme(tmp_path))
    assert "Table Text" in caplog.text
    assert "TableText" not in {style for style, _ in body_paragraphs(data)}
    assert sample_records.for_period(T1_2022)[0].title in texts(data)


def test_the_committed_reference_document_is_what_the_script_makes(theme):
    spec = importlib.util.spec_from_file_location("make_reference_docx", ROOT / "templates" / "make_reference_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.make_reference(dict(theme.fonts)) == (ROOT / "templates" / "default" / "reference.docx").read_bytes()


# -- hostile text, determinism, speed ---------------------------------------------------------------


def test_hostile_text_stays_text(hostile_records, theme):
    data = render(hostile_records, theme)
    paragraphs = texts(data)
    for record in hostile_records.for_period(T1_2022):
        assert record.title in paragraphs
        for comment in record.comment:
            assert comment in paragraphs
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert "&lt;b&gt;markup&lt;/b&gt; &amp; =formel" in xml
    assert "<b>" not in xml and "<![CDATA[" not in xml


def test_the_very_long_paragraph_is_kept_whole(hostile_records, theme):
    record = next(r for r in hostile_records if r.title == "Väldigt lång kommentar")
    assert record.comment[0] in texts(render(hostile_records, theme, period=Period(2022, 3)))


def test_control_characters_are_dropped_and_the_rest_kept(theme):
    record = make_record("Titel\x00 med\x0b styr\x1ftecken", ["Rad ett\nrad två\ttabb\x07"])
    paragraphs = texts(render(RecordSet((record,)), theme))
    assert "Titel med styrtecken" in paragraphs
    assert "Rad ett rad två tabb" in paragraphs


def test_the_same_input_gives_the_same_bytes(sample_records, theme):
    first = render(sample_records, theme, group_by="committee")
    second = render(sample_records, theme, group_by="committee")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert not any(b"python-docx" in archive.read(name) for name in archive.namelist())
        assert "docProps/thumbnail.jpeg" not in archive.namelist()


def test_a_thousand_assignments_all_reach_the_overview(theme):
    """Scale, not speed: the benchmark (bench/) measures the time."""
    statuses = list(Status)
    records = RecordSet(tuple(
        make_record(f"Uppdrag {i} om verksamhet {i % 37}", [f"Kommentar {i}.", "Andra stycket."],
                    committees=("KS", "SAN")[: i % 3], status=statuses[i % len(statuses)], line=i)
        for i in range(1000)))
    data = render(records, theme)
    assert len(docx.Document(io.BytesIO(data)).tables[1].rows) == 1001


# -- LibreOffice ----------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_opens_the_report_and_prints_every_page(sample_records, theme, to_pdf, tmp_path):
    path = tmp_path / "uppfoljning-2022-T1.docx"
    path.write_bytes(render(sample_records, theme))
    text = pdf_text(to_pdf(path))
    pages = text.count("\f")
    assert pages >= 4
    assert "Uppföljning av uppdrag" in text and "Innehåll" in text
    assert f"Sida {pages} av {pages}" in text
    for record in sample_records.for_period(T1_2022):
        assert " ".join(record.title.split()[:4]) in " ".join(text.split())


@pytest.mark.libreoffice
def test_libreoffice_opens_the_hostile_report(hostile_records, theme, to_pdf, tmp_path):
    path = tmp_path / "hostile.docx"
    path.write_bytes(render(hostile_records, theme))
    text = " ".join(pdf_text(to_pdf(path)).split())
    assert "Uppdrag med <b>markup</b> & =formel i titeln" in text
    assert "=HYPERLINK(" in text


def test_in_an_english_report_the_records_own_swedish_text_is_marked_swedish(sample_records, theme):
    """Screen readers then read the Swedish titles and comments with a Swedish voice."""
    english = part(render(sample_records, theme, lang="en"), "word/document.xml")
    swedish = part(render(sample_records, theme), "word/document.xml")
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    marked = {"".join(r.itertext()) for r in english.xpath(".//w:r[w:rPr/w:lang]", namespaces=ns)}
    record = sample_records.for_period(T1_2022)[0]
    assert record.title in marked and record.comment[0] in marked and record.status_text in marked
    assert "Summary" not in marked  # the report's own words are in the document's language
    assert swedish.find(".//w:r/w:rPr/w:lang", ns) is None
