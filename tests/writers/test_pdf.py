"""The printable PDF report: one per period, every record's text in reading order,
an outline that mirrors the headings, "Sida X av Y", embedded fonts, escaped input,
no silently dropped characters, deterministic bytes, linear speed."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from exporter.model import Period, RecordSet, Status
from exporter.report.outline import plain_text
from exporter.writers import get
from exporter.writers.base import BuildOptions, Document
from exporter.writers._pdf.fonts import typeface
from exporter.writers._pdf.layout import Measure, TextStyle
from exporter.writers.pdf import PdfWriter

from ..support import HOSTILE_TEXTS, changing_record_set, make_record, pdf_text

T1_2022 = Period(2022, 1)
T3_2020 = Period(2020, 3)


def render(record_set: RecordSet, period: Period, theme, tmp_path: Path, **options) -> Path:
    opts = BuildOptions(**options)
    document = Document(f"uppfoljning-{period.slug}.pdf", period)
    path = tmp_path / f"{period.slug}-{opts.lang}-{opts.group_by}.pdf"
    path.write_bytes(PdfWriter().render(record_set, document, theme, opts))
    return path


def squash(text: str) -> str:
    return " ".join(text.split())


def letters(text: str) -> str:
    """The text without white space and hyphens: pdftotext joins a word hyphenated at
    the end of a line ("arbets-" + "marknaden"), so hyphens cannot be compared."""
    return "".join(text.split()).replace("-", "")


def body_text(pdf: Path, theme, lang: str = "sv") -> list[str]:
    """The text of each page without the running header (title, period) and footer
    (organisation, "Sida X av Y")."""
    header = theme.report_title(lang)
    periods = {theme.period_name(p, lang) for p in (T1_2022, T3_2020, Period(2022, 3))}
    footer = re.compile(r"^(Sida|Page) \d+ (av|of) \d+$")
    pages = []
    for page in pdf_text(pdf).split("\f"):
        lines = [ln for ln in page.splitlines()
                 if ln.strip() != header and not footer.match(ln.strip()) and ln.strip() != theme.organisation
                 and ln.strip() not in periods]
        pages.append("\n".join(ln for ln in lines if ln.strip()))
    return pages


def sections_text(pdf: Path, theme, lang: str = "sv", heading_key: str = "assignments") -> str:
    """The text from the page where the assignments' sections begin to the end."""
    pages = body_text(pdf, theme, lang)
    heading = theme.word(heading_key, lang)
    start = next(i for i, p in enumerate(pages) if p.strip().startswith(heading + "\n"))
    return "\n".join(pages[start:])


def assert_in_order(haystack: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"not found after position {position}: {needle[:80]!r}"
        position = found + len(needle)


# -- documents --------------------------------------------------------------------


def test_the_registry_gives_the_pdf_writer_one_document_per_period(sample_records):
    writer = get("pdf")
    assert isinstance(writer, PdfWriter)
    documents = writer.documents(sample_records, BuildOptions())
    assert [d.name for d in documents] == ["uppfoljning-2020-T3.pdf", "uppfoljning-2022-T1.pdf"]
    assert [d.period for d in documents] == [T3_2020, T1_2022]


# -- content ----------------------------------------------------------------------


@pytest.mark.parametrize("period", [T3_2020, T1_2022])
def test_every_record_title_status_sentence_and_comment_is_in_the_text_in_reading_order(
    sample_records, theme, tmp_path, period
):
    records = sample_records.for_period(period)
    assert len(records) >= 5
    text = letters(sections_text(render(sample_records, period, theme, tmp_path), theme))
    assert_in_order(text, [letters(t) for r in records for t in r.text])


def test_the_title_page_has_title_period_organisation_and_report_date(sample_records, theme, tmp_path):
    pdf = render(sample_records, T1_2022, theme, tmp_path)
    first = squash(pdf_text(pdf).split("\f")[0])
    assert_in_order(first, ["Uppföljning av uppdrag", "Tertial 1 2022", theme.organisation,
                            "Avser: januari–april 2022"])
    assert "Datum" not in first and "2022-04-30" not in first  # no date made up from the period
    dated = render(sample_records, T1_2022, theme, tmp_path / "x" if (tmp_path / "x").mkdir() is None else tmp_path,
                   report_date=__import__("datetime").date(2022, 5, 17))
    assert "2022-05-17" in pdf_text(dated).split("\f")[0]


def outline_of(records: RecordSet, period: Period, theme, **options):
    from exporter.report import build_outline

    return build_outline(records, period, theme, BuildOptions(**options))


@pytest.mark.skipif(shutil.which('pdfinfo') is None, reason='pdfinfo (poppler-utils) is not installed')
@pytest.mark.parametrize("period", [T3_2020, T1_2022])
def test_every_heading_paragraph_and_list_item_of_the_outline_is_tagged_in_its_order(sample_records, theme,
                                                                                     tmp_path, period):
    from exporter.report.outline import BulletList, Heading, Paragraph

    _, elements = tagged(sample_records, period, theme, tmp_path)
    expected = []
    drawn = typeface().clean  # as the font can print it
    for block in outline_of(sample_records, period, theme).body():
        if isinstance(block, Heading):
            expected.append((f"H{block.level}", squash(drawn(block.text).text)))
        elif isinstance(block, Paragraph):
            expected.append(("P", squash(drawn(block.text).text)))
        elif isinstance(block, BulletList):
            expected.extend(("LBody", squash(drawn(plain_text(item.content)).text)) for item in block.items)
    found = [(role, text) for role, text in elements if role in ("H1", "H2", "H3", "P", "LBody")]
    found = found[found.index(expected[0]):]  # after the title page and the contents
    assert found[:len(expected)] == expected


@pytest.mark.skipif(shutil.which('pdfinfo') is None, reason='pdfinfo (poppler-utils) is not installed')
def test_every_table_of_the_outline_has_its_caption_header_row_and_rows(sample_records, theme, tmp_path):
    from exporter.report.outline import Table

    pdf, elements = tagged(sample_records, T1_2022, theme, tmp_path)
    tables = [b for b in outline_of(sample_records, T1_2022, theme).body() if isinstance(b, Table)]
    assert len(tables) == 3
    roles = [role for role, _ in elements]
    starts = [i for i, role in enumerate(roles) if role == "Table"]
    assert len(starts) == len(tables)
    for table, start in zip(tables, starts):
        end = next((i for i in range(start + 1, len(roles)) if roles[i] in ("Table", "H1", "H2", "H3", "Figure")),
                   len(roles))
        part = elements[start:end]
        assert part[1] == ("Caption", squash(table.caption))
        cells = [text for role, text in part if role in ("TH", "TD")]
        header = [squash(c.header) for c in table.columns]
        rows = [squash(plain_text(cell)) for row in (*table.rows, *([table.total] if table.total else ()))
                for cell in row]
        assert [c for c in cells if c] == [c for c in header + rows if c]


def test_missing_status_sentence_and_comment_are_said_in_words(theme, tmp_path):
    records = RecordSet((make_record("Tomt uppdrag", [], status=Status.UNKNOWN, status_text=""),))
    text = squash(sections_text(render(records, T1_2022, theme, tmp_path), theme))
    assert_in_order(text, ["Tomt uppdrag", "Status saknas", "Ingen statusmening angiven.", "Ingen kommentar lämnad."])


@pytest.mark.parametrize("group_by", ["source", "committee", "status"])
def test_grouping_gives_group_headings_and_puts_a_record_under_each_of_its_committees(theme, tmp_path, group_by):
    records = RecordSet((
        make_record("Alfa uppdraget", ["a"], committees=("KS", "SAN"), status=Status.DONE, file="a.txt"),
        make_record("Beta uppdraget", ["b"], committees=("BUN",), status=Status.NOT_DONE, file="b.txt"),
        make_record("Gamma uppdraget", ["c"], committees=(), status=Status.DONE, file="a.txt"),
    ))
    heading = {"source": "assignments", "committee": "grouped_by_committee", "status": "grouped_by_status"}[group_by]
    text = squash(sections_text(render(records, T1_2022, theme, tmp_path, group_by=group_by), theme, "sv", heading))
    if group_by == "source":
        # in input order, under no group heading: file paths never go into the report
        assert_in_order(text, ["Alfa", "Beta", "Gamma"])
        assert "Källfil" not in text and "a.txt" not in text
    elif group_by == "committee":
        assert_in_order(text, ["Kommunstyrelsen (KS)", "Alfa", "Barn- och utbildningsnämnden (BUN)", "Beta",
                               "Social- och arbetsmarknadsnämnden (SAN)", "Alfa", "Utan nämnd", "Gamma"])
    else:
        assert_in_order(text, ["Genomfört", "Alfa", "Gamma", "Inte genomfört", "Beta"])


def test_english_documents_use_the_english_words(sample_records, theme, tmp_path):
    pdf = render(sample_records, T1_2022, theme, tmp_path, lang="en")
    text = pdf_text(pdf)
    for words in ("Follow-up of assignments", "Contents", "Overview of the assignments", "Page 2 of",
                  "Expected to be done"):
        assert words in text
    assert "Sida" not in text and "Innehåll" not in text


# -- navigation ---------------------------------------------------------------------


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number from 1) of every outline entry, in order."""
    out = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def test_the_outline_mirrors_the_headings_and_each_bookmark_opens_its_page(sample_records, theme, tmp_path):
    pdf = render(sample_records, T3_2020, theme, tmp_path)
    reader = PdfReader(str(pdf))
    outline = _outline(reader)
    headings = outline_of(sample_records, T3_2020, theme).headings
    assert [(level, t) for level, t, _ in outline] == [(0, "Innehåll"), *((h.level - 1, h.text) for h in headings)]
    records = sample_records.for_period(T3_2020)
    sections = outline[[t for _, t, _ in outline].index("Uppdrag") + 1:]
    assert [(level, t) for level, t, _ in sections] == [(1, r.title) for r in records]
    pages = pdf_text(pdf).split("\f")
    for level, title, page in outline:
        assert " ".join(title.split()[:3]) in squash(pages[page - 1]), (title, page)
    # At least one assignment lies beyond the first page of sections: the targets differ.
    assert len({page for level, _, page in sections}) > 1


def test_outline_titles_read_back_as_written_whatever_their_characters(theme, tmp_path):
    titles = ["Parenteser (och) \\ snedstreck ) (", "Åäö – “citat” € och 中国", "Rad\rbrytning"]
    records = RecordSet(tuple(make_record(t, ["Text."], line=i) for i, t in enumerate(titles)))
    reader = PdfReader(str(render(records, T1_2022, theme, tmp_path)))
    outline = _outline(reader)
    sections = outline[[t for _, t, _ in outline].index("Uppdrag") + 1:]
    assert [(level, t) for level, t, _ in sections] == [(1, t) for t in titles]
    assert [t for level, t, _ in outline if level == 0] == ["Innehåll", "Sammanfattning", "Uppdrag"]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_reads_every_object_and_stream_without_error(sample_records, hostile_records, theme, tmp_path):
    """Each page's stream is joined from parts compressed apart: qpdf decodes them all."""
    for records, period in ((sample_records, T3_2020), (hostile_records, T1_2022), (hostile_records, Period(2022, 3))):
        pdf = render(records, period, theme, tmp_path)
        result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_table_of_contents_gives_the_pages_the_bookmarks_point_to(sample_records, theme, tmp_path):
    pdf = render(sample_records, T3_2020, theme, tmp_path)
    outline = _outline(PdfReader(str(pdf)))
    contents = squash(subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-"],
                                     capture_output=True, text=True, check=True).stdout)
    for level, title, page in outline[1:]:
        # A title wrapped over lines has its page number after its last line, the
        # dots of its leader between them.
        last_words = " ".join(squash(title).split()[-2:])
        assert re.search(re.escape(last_words) + r" \.{3,} " + str(page) + r"\b", contents), (title, page)


def test_every_page_after_the_title_page_says_sida_x_av_y(sample_records, theme, tmp_path):
    pdf = render(sample_records, T3_2020, theme, tmp_path)
    pages = pdf_text(pdf).split("\f")[:-1]
    total = len(PdfReader(str(pdf)).pages)
    assert len(pages) == total >= 4
    for number, page in enumerate(pages[1:], start=2):
        assert f"Sida {number} av {total}" in page
        assert "Uppföljning av uppdrag" in page and "Tertial 3 2020" in page and "Kommunen" in page


# -- fonts, metadata, bytes -----------------------------------------------------------


def embedded_fonts(pdf: Path) -> dict[str, object]:
    """The fonts of every page by their base name (without the subset tag)."""
    fonts = {}
    for page in PdfReader(str(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = font
    return fonts


def test_the_body_is_set_in_embedded_liberation_sans_metric_compatible_with_arial(sample_records, hostile_records,
                                                                                    theme, tmp_path):
    for records, period in ((sample_records, T1_2022), (hostile_records, T1_2022)):
        fonts = embedded_fonts(render(records, period, theme, tmp_path))
        assert set(fonts) == {"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic"}
        assert all("/FontFile2" in f["/FontDescriptor"] for f in fonts.values())


def test_a_theme_that_names_no_truetype_file_gets_the_same_liberation_sans(sample_records, theme, tmp_path):
    from exporter.theme import load_theme

    (tmp_path / "mall").mkdir()
    (tmp_path / "mall" / "theme.toml").write_text('[organisation]\nname = "Kommunen"\n', encoding="utf-8")
    bare = load_theme(tmp_path / "mall")
    assert not bare.pdf_fonts
    document = Document("uppfoljning-2022-T1.pdf", T1_2022)
    assert PdfWriter().render(sample_records, document, bare, BuildOptions()) == \
        PdfWriter().render(sample_records, document, theme, BuildOptions())


def test_a_status_change_prints_and_reads_its_arrow(theme, tmp_path):
    # "Bedöms bli genomfört → Bedöms inte bli genomfört": Liberation Sans has the arrow (Vera had to print "->").
    pdf = render(changing_record_set(), Period(2022, 2), theme, tmp_path)
    text = squash(pdf_text(pdf))
    assert " → " in text and "->" not in text
    if shutil.which("pdfinfo"):
        assert any(" → " in words for role, words in structure(pdf) if role == "LBody")


def test_document_information_and_language(sample_records, theme, tmp_path):
    reader = PdfReader(str(render(sample_records, T1_2022, theme, tmp_path)))
    info = reader.metadata
    assert info.title == outline_of(sample_records, T1_2022, theme).title == "Uppföljning av uppdrag, tertial 1 2022"
    assert "Kommunen" in info.subject and info.author == "Kommunen"
    assert "uppföljning" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"
    reader_en = PdfReader(str(render(sample_records, T1_2022, theme, tmp_path, lang="en")))
    assert reader_en.trailer["/Root"]["/Lang"] == "en-GB"


def test_two_renders_give_identical_bytes(sample_records, theme):
    document = Document("uppfoljning-2022-T1.pdf", T1_2022)
    first = PdfWriter().render(sample_records, document, theme, BuildOptions())
    second = PdfWriter().render(sample_records, document, theme, BuildOptions())
    assert first == second and first.startswith(b"%PDF-")


def test_a_report_written_to_a_file_as_it_is_made_is_the_same_as_rendered_in_memory(sample_records, theme, tmp_path):
    document = Document("uppfoljning-2022-T1.pdf", T1_2022)
    path = tmp_path / document.name
    with path.open("wb") as fh:
        PdfWriter().write(sample_records, document, theme, BuildOptions(), fh)
    assert path.read_bytes() == PdfWriter().render(sample_records, document, theme, BuildOptions())


def test_a_transparent_logo_keeps_its_transparency_as_a_soft_mask(theme, tmp_path):
    import dataclasses

    import pikepdf
    from PIL import Image

    from exporter.theme import Logo

    logo = tmp_path / "logo.png"
    image = Image.new("RGBA", (60, 20), (20, 60, 120, 255))
    image.paste((0, 0, 0, 0), (30, 0, 60, 20))  # the right half transparent
    image.save(logo)
    themed = dataclasses.replace(theme, logo=Logo(logo, {"sv": "Kommunens logotyp", "en": "The logo"}))
    records = RecordSet((make_record("Rusta upp lederna", ["Åtgärder i fjällen."], committees=("KS",)),))
    with pikepdf.open(render(records, T1_2022, themed, tmp_path)) as pdf:
        pictures = [x for page in pdf.pages for x in page.Resources.get("/XObject", {}).values()]
        assert pictures and all(p.Subtype == "/Image" and "/SMask" in p for p in pictures)
        mask = pikepdf.PdfImage(pictures[0].SMask).as_pil_image()
        assert mask.getpixel((5, 5)) == 255 and mask.getpixel((55, 5)) == 0


# -- hostile and unusual text ------------------------------------------------------------


def test_markup_like_input_prints_as_written(hostile_records, theme, tmp_path):
    text = "".join(sections_text(render(hostile_records, T1_2022, theme, tmp_path), theme).split())
    for hostile in (*HOSTILE_TEXTS, "Uppdrag med <b>markup</b> & =formel i titeln", "=cmd|' /C calc'!A0"):
        assert "".join(hostile.split()) in text


def test_parentheses_and_backslashes_print_as_written_each_time_they_recur(theme, tmp_path):
    """A lone ")" (an enumeration), "(" and "\\" must be escaped in the page's strings:
    the first line with a new character takes one path of the encoder, later lines with
    characters already known another, so each text appears twice."""
    texts = ["a) Första punkten i uppräkningen", "Sökväg G:\\Nämnd\\Protokoll (se bilaga",
             "b) Andra punkten :-) och \\ ensam"]
    records = RecordSet((make_record("Uppräkning med a) och b)", [*texts, *texts]),), ())
    text = squash(sections_text(render(records, T1_2022, theme, tmp_path), theme))
    for written in texts:
        assert text.count(squash(written)) == 2, written
    assert text.count("Uppräkning med a) och b)") == 1


def test_a_45000_character_paragraph_runs_over_pages_whole(hostile_records, theme, tmp_path):
    pdf = render(hostile_records, Period(2022, 3), theme, tmp_path)
    text = sections_text(pdf, theme)
    assert squash(text).count("Mycket lång kommentar med åäö och ÅÄÖ.") == 1200
    assert len(PdfReader(str(pdf)).pages) > 10


def test_long_compound_words_are_broken_within_the_column():
    style = TextStyle(typeface().body, 10, 13)
    measure = Measure(style)
    word = HOSTILE_TEXTS[-1]
    lines = measure.wrap(f"Ett {word} till", 120)
    assert len(lines) > 3
    assert all(measure.width(line) <= 120 for line in lines)
    assert "".join("".join(lines).split()) == "".join(f"Ett {word} till".split())


def test_lines_from_memory_are_the_lines_laid_out_and_the_memory_stays_within_its_size():
    """A text wrapped again (a title in the next period's report) comes from memory; the
    memory starts afresh once full, so a report of 100,000 assignments does not hold
    every comment's lines."""
    measure = Measure(TextStyle(typeface().body, 10, 13))
    measure.LINES_MEMO = 2_000  # characters of text, for the test
    texts = [f"Kommentar {i} om uppdraget och arbetet under tertialet, med åäö." for i in range(200)]
    first = [measure.wrap(text, 150) for text in texts]
    fresh = Measure(measure.style)
    assert first == [fresh.wrap(text, 150) for text in texts]
    assert measure.wrap(texts[-1], 150) is first[-1]  # recent: from memory
    assert sum(len(text) for text, _ in measure._lines) <= 2_000 + len(texts[-1])


def test_a_texts_width_is_reportlabs_string_width_to_the_last_bit(sample_records):
    """Widths are summed from each character's width (`Measure.measured`); line breaks
    and right-aligned numbers stand exactly where reportlab's measure puts them."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    face = typeface()
    texts = [*HOSTILE_TEXTS, "".join(map(chr, range(0x20, 0x7F))), "".join(map(chr, range(0xA1, 0x180))),
             *(word for record in sample_records for text in record.text for word in text.split()),
             *(text for record in sample_records for text in record.text)]
    texts = [face.clean(text).text for text in texts]
    for font in (face.body, face.bold, face.italic):
        for size in (7.5, 8.5, 9, 10, 10.5, 13, 17.3):
            measure = Measure(TextStyle(font, size, size * 1.3))
            assert [measure.measured(text) for text in texts] == [stringWidth(text, font, size) for text in texts]


def test_writing_a_report_leaves_no_garbage_but_the_structure_trees_own(sample_records, theme):
    """What a report is made of is freed as soon as it is written, not kept until the
    cyclic collector runs (which would then walk it all)."""
    import collections
    import gc
    import io

    document = Document("uppfoljning-2022-T1.pdf", T1_2022)
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        PdfWriter().write(sample_records, document, theme, BuildOptions(), io.BytesIO())
        gc.collect()
        kinds = collections.Counter(type(thing).__name__ for thing in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    # The tree and its Document element refer to each other; its arrays and pages with them.
    assert kinds["StructTree"] == 1 and kinds["Element"] == 1
    assert set(kinds) <= {"StructTree", "Element", "PageSlot", "array", "list"}, kinds


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_no_word_reaches_past_the_right_margin(hostile_records, sample_records, theme, tmp_path):
    for records in (hostile_records, sample_records):
        pdf = render(records, T1_2022, theme, tmp_path)
        html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        page_width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
        right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', html))
        assert right <= page_width - 20 * 72 / 25.4 + 0.5


def test_characters_the_font_lacks_are_marked_and_the_record_named(theme, tmp_path, caplog):
    records = RecordSet((make_record("Samarbete med 中国", ["Glad 😀 och −350 tkr"], line=42, file="vänort.txt"),))
    with caplog.at_level(logging.WARNING, logger="exporter.writers"):
        pdf = render(records, T1_2022, theme, tmp_path)
    text = sections_text(pdf, theme)
    assert "Samarbete med [U+4E2D][U+56FD]" in text and "Glad [U+1F600] och −350 tkr" in text
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "vänort.txt:42" in warnings[0] and "U+4E2D" in warnings[0] and "U+1F600" in warnings[0]


def test_every_character_drawn_is_in_the_font():
    face = typeface()
    cleaned = face.clean("Åsa\u2009och\u202fÖrjan – “citat” 中 \u00ad")
    assert all(face.has(ch) for ch in cleaned.text)
    assert cleaned.missing == ("中",)
    assert "Åsa och Örjan – “citat”" in cleaned.text


# -- scale (the benchmark in bench/ measures the time) ----------------------------------------


def test_a_thousand_assignments_each_get_a_bookmark_on_its_own_page(theme, tmp_path):
    statuses = list(Status)
    records = RecordSet(tuple(
        make_record(f"Uppdrag {i} om kompetensförsörjningsbehov och samverkan", [f"Kommentar {i}. " * 30, "Mer text."],
                    status=statuses[i % len(statuses)], line=i * 7 + 3)
        for i in range(1000)
    ))
    reader = PdfReader(str(render(records, T1_2022, theme, tmp_path)))
    outline = _outline(reader)
    sections = outline[[t for _, t, _ in outline].index("Uppdrag") + 1:]
    assert [t for _, t, _ in sections] == [r.title for r in records]
    pages = [page for _, _, page in sections]
    assert pages == sorted(pages) and pages[-1] == len(reader.pages)


# -- a template's own typeface and logo --------------------------------------------------


def test_a_templates_truetype_fonts_and_logo_are_embedded(tmp_path):
    from exporter.theme import load_theme

    from ..support import ROOT

    fjallby = load_theme(ROOT / "templates" / "fjallby")
    records = RecordSet((make_record("Rusta upp lederna", ["Åtgärder i fjällen."], committees=("KS",)),))
    reader = PdfReader(str(render(records, T1_2022, fjallby, tmp_path)))
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("Caladea" in name for name in fonts)  # its own typeface, not Liberation Sans
    images = [name for page in reader.pages for name in page["/Resources"].get("/XObject", {})]
    assert len(images) == len(reader.pages)  # on the title page and in every page header
    assert "Fjällby kommun" in reader.pages[0].extract_text()


def test_the_example_template_with_its_input_and_logo_passes_pdfua_check_and_its_logo_has_alt_text(tmp_path):
    import pikepdf

    from exporter.readers import read
    from exporter.theme import load_theme

    from ..support import ROOT, pdfua_findings

    fjallby = load_theme(ROOT / "templates" / "fjallby")
    records = read([ROOT / "templates" / "fjallby" / "example-input"], fjallby)
    (period,) = records.periods
    pdf = render(records, period, fjallby, tmp_path)
    assert pdfua_findings(pdf) == []
    with pikepdf.open(pdf) as doc:
        figures, stack = [], [doc.Root.StructTreeRoot.K]
        while stack:
            element = stack.pop()
            if element.get("/S") == "/Figure":
                figures.append(element)
            kids = element.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k)
    alts = {str(f.Alt) for f in figures}
    assert fjallby.logo.alt["sv"] in alts  # the logo; the other figure is the status chart
    assert len(figures) == 2 and all(alts)


# -- tagged PDF (PDF/UA-1) -----------------------------------------------------------------

needs_pdfinfo = pytest.mark.skipif(shutil.which("pdfinfo") is None,
                                   reason="pdfinfo (poppler-utils) is not installed; .ci/run installs it")


def structure(pdf: Path) -> list[tuple[str, str]]:
    """The structure tree as Poppler's `pdfinfo -struct-text` prints it: (role, text) of
    each element, in reading order, its text being all the text printed under it (its
    own and its descendants'), white space squashed."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, check=True).stdout.decode(
        "utf-8", "replace")  # Poppler prints titles (/T) as they are stored
    elements: list[list] = []
    stack: list[tuple[int, int]] = []  # (indent, index in elements)
    for line in out.splitlines():
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("/") or stripped.startswith("Object "):
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if stripped.startswith('"'):
            for _, index in stack:  # the text of an element and of each around it
                elements[index][1].append(stripped[1:-1])
            continue
        role = stripped.split()[0].rstrip(":")
        elements.append([role, []])
        stack.append((indent, len(elements) - 1))
    return [(role, squash("".join(texts))) for role, texts in elements]


def tagged(records: RecordSet, period: Period, theme, tmp_path: Path, **options) -> tuple[Path, list[tuple[str, str]]]:
    pdf = render(records, period, theme, tmp_path, **options)
    return pdf, structure(pdf)


@needs_pdfinfo
@pytest.mark.parametrize("period", [T3_2020, T1_2022])
def test_every_title_is_a_heading_and_every_comment_paragraph_a_p_in_reading_order(sample_records, theme, tmp_path,
                                                                                   period):
    _, elements = tagged(sample_records, period, theme, tmp_path)
    records = sample_records.for_period(period)
    headings = [text for role, text in elements if role in ("H1", "H2", "H3")]
    assert_in_order("\n".join(headings), [squash(r.title) for r in records])
    paragraphs = [text for role, text in elements if role == "P"]
    expected = [squash(p) for r in records for p in (r.status_text, *r.comment) if p]
    position = 0
    for text in expected:
        position = paragraphs.index(text, position) + 1  # a whole P, not a part of one


@needs_pdfinfo
def test_headings_run_h1_to_h3_without_skipping_a_level(sample_records, theme, tmp_path):
    for group_by in ("source", "committee"):
        _, elements = tagged(sample_records, T1_2022, theme, tmp_path, group_by=group_by)
        levels = [int(role[1]) for role, _ in elements if role in ("H1", "H2", "H3", "H4", "H5", "H6")]
        assert levels[0] == 1 and max(levels) <= 3
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


@needs_pdfinfo
def test_a_paragraph_over_a_page_break_is_one_p(hostile_records, theme, tmp_path):
    pdf, elements = tagged(hostile_records, Period(2022, 3), theme, tmp_path)
    long = [text for role, text in elements if role == "P" and "Mycket lång kommentar" in text]
    assert len(long) == 1 and long[0].count("Mycket lång kommentar med åäö och ÅÄÖ.") == 1200
    assert len(PdfReader(str(pdf)).pages) > 10


@needs_pdfinfo
def test_page_headers_footers_and_numbers_are_artifacts_not_structure(sample_records, theme, tmp_path):
    pdf, elements = tagged(sample_records, T3_2020, theme, tmp_path)
    (role, text), *_ = elements
    assert role == "Document" and "Sida" not in text
    assert "Sida 2 av" in pdf_text(pdf)  # still printed
    # The running title is printed on every page but the first; in the structure it is
    # once, on the title page.
    assert text.count("Uppföljning av uppdrag") == 1


@needs_pdfinfo
def test_tables_have_header_cells_with_scope_and_rows_of_data_cells(sample_records, theme, tmp_path):
    from exporter.report.outline import Table

    pdf = render(sample_records, T1_2022, theme, tmp_path)
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, check=True).stdout.decode(
        "utf-8", "replace")
    roles = [role for role, _ in structure(pdf)]
    tables = [b for b in outline_of(sample_records, T1_2022, theme).body() if isinstance(b, Table)]
    rows = sum(len(t.rows) + (t.total is not None) for t in tables)
    columns = sum(len(t.columns) for t in tables)
    assert roles.count("Table") == roles.count("THead") == roles.count("TBody") == len(tables)
    assert roles.count("TR") == len(tables) + rows
    assert out.count("/Scope /Column") == columns and out.count("/Scope /Row") == rows  # a row header each
    assert roles.count("TH") == columns + rows
    assert roles.count("TD") == sum((len(t.columns) - 1) * (len(t.rows) + (t.total is not None)) for t in tables)


@needs_pdfinfo
def test_a_status_is_heard_as_its_words_once_and_its_symbol_is_decoration(hostile_records, theme, tmp_path):
    _, elements = tagged(hostile_records, T1_2022, theme, tmp_path)
    paragraphs = [text for role, text in elements if role == "P"]
    # the assignment without a status: its symbol "?" is drawn but not heard
    assert "Status: Status saknas" in paragraphs
    assert "Status: Bedöms bli genomfört" in paragraphs
    assert not any(text.startswith("Status: ?") for text in paragraphs)


@needs_pdfinfo
def test_the_contents_are_a_toc_of_links_to_the_headings(sample_records, theme, tmp_path):
    import pikepdf

    pdf, elements = tagged(sample_records, T3_2020, theme, tmp_path)
    roles = [role for role, _ in elements]
    toc = roles.index("TOC")
    entries = [text for role, text in elements[toc:] if role == "TOCI"]
    headings = [text for role, text in elements if role in ("H1", "H2", "H3")][1:]  # but "Innehåll"
    assert len(entries) == len(headings)
    outline = _outline(PdfReader(str(pdf)))[1:]
    for entry, heading, (_, _, page) in zip(entries, headings, outline):
        assert entry == f"{heading} {page}"
    with pikepdf.open(pdf) as doc:
        links = [a for page in doc.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"]
        links = links[:len(outline)]  # the contents' come first
        assert [str(a.Contents) for a in links] == [squash(t) for _, t, _ in outline]
        pages = {page.obj.objgen: n for n, page in enumerate(doc.pages, start=1)}
        assert [pages[a.Dest[0].objgen] for a in links] == [page for _, _, page in outline]
        links = [a for page in doc.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"]
        parent_tree = doc.Root.StructTreeRoot.ParentTree.Nums
        owners = dict(zip(parent_tree[::2], parent_tree[1::2]))
        for annotation in links:  # in the structure: a Link element holding the annotation
            link = owners[int(annotation.StructParent)]
            assert link.S == "/Link"
            assert any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR" and
                       k.Obj.objgen == annotation.objgen for k in link.K)


def test_pdfua_check_finds_nothing(sample_records, hostile_records, theme, tmp_path):
    from ..support import pdfua_findings

    for records, period, lang in ((sample_records, T3_2020, "sv"), (sample_records, T1_2022, "en"),
                                  (hostile_records, T1_2022, "sv"), (hostile_records, Period(2022, 3), "sv")):
        assert pdfua_findings(render(records, period, theme, tmp_path, lang=lang)) == [], (period, lang)


def test_the_catalog_declares_a_tagged_document_its_language_and_title(sample_records, theme, tmp_path):
    import pikepdf

    with pikepdf.open(render(sample_records, T1_2022, theme, tmp_path, lang="en")) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.Lang == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert pdf.Root.StructTreeRoot.K.S == "/Document"
        assert [int(page.obj.StructParents) for page in pdf.pages] == list(range(len(pdf.pages)))
        assert all(page.obj.Tabs == "/S" for page in pdf.pages)
        meta = pdf.open_metadata()
        assert meta["dc:title"] == str(pdf.docinfo.Title) == "Follow-up of assignments, four-month period 1, 2022"
        assert meta["pdfuaid:part"] == "1"


def test_each_font_subset_has_a_tag_of_its_own(hostile_records, theme, tmp_path):
    import pikepdf

    with pikepdf.open(render(hostile_records, T1_2022, theme, tmp_path)) as pdf:
        fonts = {f.objgen: f for page in pdf.pages for f in page.Resources.Font.values()}
        tags = [str(f.BaseFont)[1:].split("+")[0] for f in fonts.values()]
        assert len(fonts) >= 2 and len(set(tags)) == len(tags)
        for font in fonts.values():
            assert "/ToUnicode" in font and font.FontDescriptor.FontName == font.BaseFont
        assert all(len(tag) == 6 and tag.isalpha() and tag.isupper() for tag in tags)


def test_source_date_epoch_changes_not_a_byte(sample_records, theme, monkeypatch):
    document = Document("uppfoljning-2022-T1.pdf", T1_2022)
    plain = PdfWriter().render(sample_records, document, theme, BuildOptions())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert PdfWriter().render(sample_records, document, theme, BuildOptions()) == plain


def test_the_title_and_headings_take_the_themes_accent_colour(sample_records, theme, tmp_path):
    import dataclasses

    import pikepdf

    red = dataclasses.replace(theme, accent="#FF0000")
    with pikepdf.open(render(sample_records, T1_2022, red, tmp_path)) as pdf:
        fills = [[float(v) for v in ops.operands] for page in pdf.pages[:3]
                 for ops in pikepdf.parse_content_stream(page) if str(ops.operator) == "rg"]
        # and the rule under a top heading ("Innehåll", "Sammanfattning"), as in Word: a
        # half-point stroke (a link's underline is thinner)
        strokes = []
        for page in pdf.pages[1:3]:
            colour = None
            for ops in pikepdf.parse_content_stream(page):
                if str(ops.operator) == "RG":
                    colour = [float(v) for v in ops.operands]
                elif str(ops.operator) == "w":
                    strokes.append((colour, float(ops.operands[0])))
    assert [1.0, 0.0, 0.0] in fills
    assert ([1.0, 0.0, 0.0], 0.5) in strokes


def test_a_tables_last_row_never_stands_alone_on_a_page():
    # The overview table ran onto a page with its last row alone, before the page
    # break of the assignments: wherever the table starts, the row before the last
    # goes with it.
    from exporter.writers._pdf.layout import Flow, Geometry, Run
    from exporter.writers._pdf.tagging import StructTree

    style = TextStyle(typeface().body, 10, 13)
    measures = {style: Measure.of(style)}
    geometry = Geometry()
    last_pages = set()
    for start in range(0, 700, 5):
        flow = Flow(geometry, 0)
        flow.y -= start
        table = StructTree().document.add("Table")
        flow.table(table, [geometry.frame_width], [[Run("Uppdrag", style)]],
                   ([[Run(f"Rad {i}", style)]] for i in range(60)), measures)
        rows_per_page = [sum(text.startswith("Rad") for _, _, _, text, _ in page.texts) for page in flow.pages]
        assert sum(rows_per_page) == 60
        assert rows_per_page[-1] >= 2, (start, rows_per_page)
        last_pages.add(rows_per_page[-1])
    assert 2 in last_pages  # the case that was a widow row before


def test_a_link_inside_a_paragraph_is_read_where_its_words_stand():
    # "Se <link> för mer": the paragraph's kids in reading order are its own words,
    # the link, then its own words again (the link joins when its words are drawn).
    from exporter.writers._pdf.tagging import ELEMENT, MCID, PageSlot, StructTree

    tree = StructTree()
    paragraph = tree.document.add("P")
    link = paragraph.add("Link", inline=True)
    page = PageSlot()
    for owner in (paragraph, link, paragraph):
        page.mark(owner)
    starts, kids = tree.kids()
    assert [kid & 3 for kid in kids[starts[paragraph.index]:starts[paragraph.index + 1]]] == [MCID, ELEMENT, MCID]
    assert list(page.owners) == [paragraph.index, link.index, paragraph.index]


def test_with_the_built_in_typeface_every_status_symbol_is_a_vector_shape(theme, tmp_path):
    # Liberation Sans has ◐ (as a small mark) and ? but not ✔, ✖, ↗ or ↘: one kind of
    # symbol throughout, exporter's own shapes, none of them text.
    records = RecordSet(tuple(make_record(f"Uppdrag {status.name}", ["Text."], status=status, line=i + 1)
                              for i, status in enumerate(Status)))
    text = pdf_text(render(records, T1_2022, theme, tmp_path))
    assert "Delvis genomfört" in text
    assert not {theme.status_style(status).symbol for status in Status} & set(text)


def test_a_short_item_of_several_parts_is_one_line_with_the_pieces_of_word_by_word_breaking():
    # A list item "<link> Ansvarig: SAN <badge> Genomfört" fits one line: it is laid out
    # in one step, run by run, with the same offsets, texts and elements as breaking it
    # word by word; one that does not fit still wraps.
    from exporter.writers._pdf.layout import Run, Target, _bind, _lay_out_words, lay_out
    from exporter.writers._pdf.tagging import StructTree

    style = TextStyle(typeface().body, 10, 13)
    bold = TextStyle(typeface().bold, 10, 13)
    measures = {style: Measure.of(style), bold: Measure.of(bold)}

    def runs(title: str) -> list[Run]:
        return [Run(title, style, target=Target(), contents=title), Run(" Ansvarig:", bold),
                Run(" SAN  ", style), Run("Genomfört", style, status=Status.DONE), Run(" (ny)", style)]

    def laid(items: list[Run], width: float, whole: bool):
        body = StructTree().document.add("LBody")
        if whole:
            return lay_out(items, width, body, measures)
        elements = [body.add("Link", inline=True) if r.target is not None else body for r in items]
        return _bind(_lay_out_words(items, width, measures), items, elements)

    def comparable(lines):
        return [[(round(x, 6), s, text, e.role if e is not None else None, status, link is not None)
                 for x, s, text, e, status, link in line] for line in lines]

    short = laid(runs("Bygga en ny skola"), 480, True)
    assert len(short) == 1
    assert comparable(short) == comparable(laid(runs("Bygga en ny skola"), 480, False))
    assert [p[2] for p in short[0]] == ["Bygga en ny skola ", "Ansvarig: ", "SAN ", "", "Genomfört (ny)"]
    long = laid(runs("Bygga en ny skola " * 8), 480, True)
    assert len(long) > 1
    assert comparable(long) == comparable(laid(runs("Bygga en ny skola " * 8), 480, False))


def test_a_single_run_is_broken_as_the_word_by_word_breaking_of_several_runs():
    # A title in the overview (one link run) takes a short loop of its own: the same
    # lines as the general word-by-word breaking, no word broken (one wider than the
    # line stands alone on it), each line but the last ending in its space.
    from exporter.writers._pdf.layout import Run, Target, _lay_out_words

    style = TextStyle(typeface().body, 8.5, 11)
    measures = {style: Measure.of(style)}
    title = "Säkerställ möjligheten att prova på hur det går till att rösta med språkstöd i Torvalla " * 3
    for width in (40.0, 120.0, 259.04, 480.0):
        run = Run(title, style, target=Target(), contents=title)
        alone = _lay_out_words([run], width, measures)
        general = _lay_out_words([run, Run("", style)], width, measures)
        assert alone == general
        assert len(alone) > 1
        assert all(len(line) == 1 and line[0][2].endswith(" ") for line in alone[:-1])
        assert "".join(line[0][2] for line in alone).split() == title.split()


def test_links_in_the_text_are_underlined_as_in_the_word_and_web_reports(theme, tmp_path):
    """A link is seen as one without its colour (WCAG 1.4.1): a rule under each link's
    words on the pages after the contents (whose entries, a list of links by nature,
    stay plain)."""
    import pikepdf

    pdf_path = render(changing_record_set(), Period(2022, 2), theme, tmp_path)
    with pikepdf.open(pdf_path) as pdf:
        checked = 0
        for page in pdf.pages:
            segments = []
            ops = list(pikepdf.parse_content_stream(page))
            for i, (operands, operator) in enumerate(ops):
                if str(operator) == "l" and str(ops[i - 1][1]) == "m":
                    (x1, y1), (x2, y2) = [float(v) for v in ops[i - 1][0]], [float(v) for v in operands]
                    if y1 == y2:
                        segments.append((x1, x2, y1))
            for annot in page.obj.get("/Annots", []):
                x0, y0, x1, y1 = [float(v) for v in annot.Rect]
                underlined = any(abs(sx1 - x0) < 0.5 and abs(sx2 - x1) < 0.5 and y0 <= sy <= y1
                                 for sx1, sx2, sy in segments)
                if page.index > 1:  # past the title page and the contents
                    assert underlined, f"link {annot.Contents} on page {page.index + 1} is not underlined"
                    checked += 1
    assert checked >= 5


@needs_pdfinfo
def test_in_an_english_report_the_committees_on_the_title_page_are_marked_swedish(theme, tmp_path):
    import pikepdf

    pdf, elements = tagged(changing_record_set(), Period(2022, 2), theme, tmp_path, lang="en", committees=("SAN",))
    scope = "Social- och arbetsmarknadsnämnden (SAN)"
    assert ("P", squash(f"Committees: {scope}")) in elements
    spans = [text for role, text in elements if role == "Span"]
    assert spans[0] == squash(scope)  # the first span in reading order, on the title page

    def spans_in_order(element):
        if element.get("/S") == "/Span":
            yield element
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield from spans_in_order(kid)

    with pikepdf.open(pdf) as document:
        first = next(spans_in_order(document.Root.StructTreeRoot.K))
        assert str(first.Lang) == "sv-SE"


def _word_size(paragraph) -> float:
    """The size a Word paragraph's text is set in: its style's, or the style's it is based on."""
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    raise AssertionError(f"no size for {paragraph.text!r}")


def _pdf_sizes(pdf: Path) -> dict[str, set[float]]:
    """Each piece of text the PDF draws, with the sizes it is drawn in."""
    sizes: dict[str, set[float]] = {}
    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.setdefault(text.strip(), set()).add(
            round(size * tm[0], 2)) if text.strip() else None)
    return sizes


def test_the_pdf_sets_each_kind_of_text_in_the_word_reports_size(sample_records, theme, tmp_path):
    # One design in both formats: a comment, an assignment's "Ansvarig nämnd:" line, a
    # table's caption and its cells, and the title page's subtitle are as large in the
    # PDF as in the Word report.
    import io

    import docx

    from exporter.writers.docx import DocxWriter, file_name

    word = docx.Document(io.BytesIO(DocxWriter().render(sample_records, Document(file_name(T1_2022), T1_2022),
                                                        theme, BuildOptions())))
    sizes = _pdf_sizes(render(sample_records, T1_2022, theme, tmp_path))
    record = sample_records.for_period(T1_2022)[0]
    comment = record.comment[0].split()
    samples = {
        "comment": lambda text: text.startswith(" ".join(comment[:4])),
        "field label": lambda text: text.startswith("Ansvarig nämnd:"),
        "table caption": lambda text: text.startswith("Antal uppdrag per status,"),
        "table cell": lambda text: text == "Totalt",
        "subtitle": lambda text: text == "Tertial 1 2022",
    }
    for kind, matches in samples.items():
        in_word = {_word_size(p) for p in word.paragraphs if matches(p.text.strip())}
        if kind == "table cell":
            in_word = {_word_size(p) for table in word.tables for row in table.rows for cell in row.cells
                       for p in cell.paragraphs if matches(p.text.strip())}
        in_pdf = set().union(*(found for text, found in sizes.items() if matches(text)))
        assert in_word and in_pdf, kind
        assert in_pdf == in_word, kind


def test_the_metadatas_text_drops_exactly_what_xml_cannot_hold():
    # `plain` keeps a printable text as it is without looking further: every character
    # XML cannot hold must be one that Python does not call printable.
    from exporter.writers._pdf.metadata import plain
    from exporter.writers.xmltext import NOT_XML

    forbidden = [chr(c) for c in range(0x110000) if NOT_XML.match(chr(c))]
    assert forbidden and not any(c.isprintable() for c in forbidden)
    assert plain("Mål\x00 och\ufffe medel\ud800") == "Mål och medel"
    assert plain("Tab\tand\nline") == "Tab\tand\nline"


def test_styles_that_differ_only_in_colour_or_leading_share_their_word_widths():
    # A link's words (the accent colour) and the text around them are measured once.
    body = typeface().body
    plain_style, linked = TextStyle(body, 11, 13.5, (0, 0, 0)), TextStyle(body, 11, 15, (0.1, 0.2, 0.4))
    assert Measure.of(plain_style) is Measure.of(linked)
    assert Measure.of(plain_style) is not Measure.of(TextStyle(body, 10, 13.5, (0, 0, 0)))


def structure_tree(pdf: Path) -> list[tuple[str, tuple[str, ...], str | None]]:
    """Each structure element: its role, the roles of its ancestors (nearest first) and the
    nearest language set on it or an ancestor."""
    import pikepdf

    found: list[tuple[str, tuple[str, ...], str | None]] = []
    with pikepdf.open(pdf) as document:
        def walk(node, ancestors: tuple[str, ...], lang: str | None) -> None:
            kids = node.get("/K")
            if kids is None:
                return
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    role = str(kid.S)[1:]
                    here = str(kid.Lang) if "/Lang" in kid else lang
                    found.append((role, ancestors, here))
                    walk(kid, (role, *ancestors), here)
        root = document.Root.StructTreeRoot
        walk(root, (), str(document.Root.Lang) if "/Lang" in document.Root else None)
    return found


def test_contents_entries_are_toci_reference_link_and_captions_stay_with_their_figure(sample_records, theme,
                                                                                     tmp_path):
    """TOCI > Reference > Link (a TOCI may not hold a Link itself), and a figure's caption
    together with it in a Div, never a child of Document beside it."""
    tree = structure_tree(render(sample_records, T1_2022, theme, tmp_path))
    links = [ancestors for role, ancestors, _ in tree if role == "Link" and "TOCI" in ancestors]
    assert links and all(ancestors[:2] == ("Reference", "TOCI") for ancestors in links)
    assert not any(role == "Link" and ancestors[:1] == ("TOCI",) for role, ancestors, _ in tree)
    captions = [ancestors[0] for role, ancestors, _ in tree if role == "Caption"]
    assert "Div" in captions and "Document" not in captions
    figures = [ancestors[0] for role, ancestors, _ in tree if role == "Figure"]
    assert "Div" in figures


def test_in_an_english_report_every_link_to_an_assignment_is_marked_swedish(sample_records, theme, tmp_path):
    tree = structure_tree(render(sample_records, T1_2022, theme, tmp_path, lang="en"))
    assert tree and tree[0][2] == "en-GB"
    titles = {r.title for r in sample_records.for_period(T1_2022)}
    assert titles
    links = [lang for role, _, lang in tree if role == "Link"]
    # The contents' links to the assignments' headings, and those of the overview and lists.
    assert links.count("sv-SE") >= 2 * len(titles)


def test_a_tables_first_two_rows_start_it_together():
    # The example template's overview table broke after one row: wherever the table
    # starts, its header goes to a page with at least two rows.
    from exporter.writers._pdf.layout import Flow, Geometry, Run
    from exporter.writers._pdf.tagging import StructTree

    style = TextStyle(typeface().body, 10, 13)
    measures = {style: Measure.of(style)}
    geometry = Geometry()
    for start in range(0, 700, 5):
        flow = Flow(geometry, 0)
        flow.y -= start
        table = StructTree().document.add("Table")
        flow.table(table, [geometry.frame_width], [[Run("Uppdrag", style)]],
                   ([[Run(f"Rad {i}", style)]] for i in range(20)), measures)
        rows_per_page = [sum(text.startswith("Rad") for _, _, _, text, _ in page.texts) for page in flow.pages]
        assert sum(rows_per_page) == 20
        assert all(n >= 2 or (n == 0 and i == 0) for i, n in enumerate(rows_per_page)), (start, rows_per_page)


@pytest.mark.parametrize("count", [2, 3, 4, 5, 7])
def test_no_line_of_a_paragraph_stands_alone_at_the_foot_or_top_of_a_page(count):
    from exporter.writers._pdf.layout import Flow, Geometry
    from exporter.writers._pdf.tagging import StructTree

    style = TextStyle(typeface().body, 11, 13.5)
    geometry = Geometry()
    for start in range(0, 760, 3):
        for laid in (False, True):
            flow = Flow(geometry, 0)
            flow.y -= start
            element = StructTree().document.add("P")
            if laid:
                from exporter.writers._pdf.layout import Run, lay_out

                runs = [Run(" ".join(["ord"] * 12 * count), style)]
                lines = lay_out(runs, 70.0 * 12 / 5, element, {style: Measure.of(style)})
                flow.pieces(lines, style.leading, keep=2)
                lines_per_page = [len(page.texts) for page in flow.pages]
            else:
                flow.lines([f"Rad {i}" for i in range(count)], style, element, keep=2)
                lines_per_page = [sum(text.startswith("Rad") for _, _, _, text, _ in page.texts) for page in flow.pages]
            placed = [n for n in lines_per_page if n]
            assert sum(placed) == (len(lines) if laid else count)
            assert all(n >= 2 for n in placed) or placed == [1], (start, lines_per_page)


def test_an_assignments_heading_stays_with_its_fields_and_the_first_lines_of_its_comment(theme, tmp_path):
    from bench.corpus import generate
    from exporter import read

    generated = read(generate(120, seed=3, shape="single", out_dir=tmp_path / "corpus"), theme)
    period = generated.periods[-1]
    pages = [squash(page) for page in pdf_text(render(generated, period, theme, tmp_path)).split("\f")]
    records = generated.for_period(period)
    kept = 0
    for record in records:
        title = squash(record.title)
        first = squash(record.comment[0]).split()[:3] if record.comment else []
        here = [page for page in pages if title in page and squash(record.status_text or "") in page]
        assert here, title  # its status sentence on the page of its heading
        if first:
            assert any(" ".join(first) in page[page.index(title):] for page in here), title
            kept += 1
    assert kept > 100
