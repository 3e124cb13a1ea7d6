"""One template makes all three formats the organisation's own.

The samples (and the example template's own input) are built with the default
template and with the example template of a made-up municipality,
templates/fjallby/, and the documents are read back to show the differences.
"""

from __future__ import annotations

import re
import zipfile

import pikepdf
import pytest
from docx import Document as WordDocument

from exporter.build import build
from exporter.model import Status
from exporter.readers import read
from exporter.theme import load_theme
from exporter.writers import BuildOptions

from .support import INPUT, ROOT

FJALLBY = ROOT / "templates" / "fjallby"
FJALLBY_INPUT = FJALLBY / "example-input"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """{template: {file name: path}} for the default and the example template."""
    out = {}
    for name, folder in (("default", None), ("fjallby", FJALLBY)):
        theme = load_theme(folder)
        records = read([INPUT, FJALLBY_INPUT], theme)
        target = tmp_path_factory.mktemp(name)
        paths = build(records, theme, ["docx", "xlsx", "pdf", "html"], target, BuildOptions(), jobs=1)
        out[name] = {p.name: p for p in paths}
    return out


def docx_of(built, template):
    return WordDocument(str(built[template]["uppfoljning-2025-T2.docx"]))


# -- Word ---------------------------------------------------------------------------------


def test_the_word_report_names_the_organisation(built):
    assert docx_of(built, "default").core_properties.author == "Kommunen"
    assert docx_of(built, "fjallby").core_properties.author == "Fjällby kommun"
    title = [p.text for p in docx_of(built, "fjallby").paragraphs[:6]]
    assert "Uppföljning av fullmäktiges uppdrag" in title and "Fjällby kommun" in title


def test_the_word_report_carries_the_logo_with_alt_text(built):
    def pictures(template):
        document = docx_of(built, template)
        main = document.element.body.xpath(".//wp:docPr")
        header = document.sections[0].header.part.element.xpath(".//wp:docPr")
        # The summary's bar chart is a picture too, with its own alternative text.
        return [p.get("descr") for p in main if not p.get("descr").startswith("Stapeldiagram")], \
            [p.get("descr") for p in header]

    assert pictures("default") == ([], [])
    main, header = pictures("fjallby")
    alt = "Fjällby kommuns logotyp: tre fjäll och ordet Fjällby"
    assert main == [alt] and header == [alt]
    with zipfile.ZipFile(built["fjallby"]["uppfoljning-2025-T2.docx"]) as package:
        media = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
        assert (FJALLBY / "logo.png").read_bytes() in media


def test_the_word_report_uses_the_template_typefaces(built):
    def fonts(template):
        styles = docx_of(built, template).styles
        return styles["Heading 1"].font.name, styles.element.xpath("//w:docDefaults//w:rFonts/@w:ascii")[0]

    assert fonts("default") == ("Arial", "Arial")
    assert fonts("fjallby") == ("Cambria", "Cambria")


def test_the_word_report_writes_committees_out_from_the_template_table(built):
    def details(template):
        return "\n".join(p.text for p in docx_of(built, template).paragraphs)

    assert "Ansvarig nämnd: Fjäll- och naturnämnden (FJN)\nDeltagande nämnder: Skid- och kulturnämnden (SKN)" \
        in details("fjallby")
    assert "Fjäll- och naturnämnden" not in details("default")
    # Unknown codes are kept as written.
    assert "Ansvarig nämnd: FJN\nDeltagande nämnder: SKN" in details("default")


def test_the_extra_status_phrase_is_recognised_only_with_the_template():
    default = read([FJALLBY_INPUT], load_theme())
    fjallby = read([FJALLBY_INPUT], load_theme(FJALLBY))
    assert [r.status for r in default][0] is Status.UNKNOWN
    assert [r.status for r in fjallby][0] is Status.DONE


# -- PDF ------------------------------------------------------------------------------------


def pdf_of(built, template) -> pikepdf.Pdf:
    return pikepdf.open(built[template]["uppfoljning-2025-T2.pdf"])


def embedded_fonts(pdf: pikepdf.Pdf) -> set[str]:
    names = set()
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            names.add(str(font.BaseFont).split("+", 1)[-1])
    return names


def test_the_pdf_embeds_the_template_typeface(built):
    with pdf_of(built, "default") as pdf:
        assert {n for n in embedded_fonts(pdf)} and all(n.startswith("LiberationSans") for n in embedded_fonts(pdf))
    with pdf_of(built, "fjallby") as pdf:
        assert embedded_fonts(pdf) >= {"Caladea-Regular", "Caladea-Bold"}


def test_the_pdf_carries_the_logo_and_the_organisation(built):
    def images(pdf):
        return sum(1 for page in pdf.pages for x in page.Resources.get("/XObject", {}).values()
                   if x.get("/Subtype") == "/Image")

    with pdf_of(built, "default") as pdf:
        assert images(pdf) == 0 and str(pdf.docinfo.Author) == "Kommunen"
    with pdf_of(built, "fjallby") as pdf:
        assert images(pdf) >= len(pdf.pages)  # the title page and every page header
        assert str(pdf.docinfo.Author) == "Fjällby kommun"


def fill_colours(pdf: pikepdf.Pdf) -> set[tuple[int, int, int]]:
    colours = set()
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) in ("rg", "RG") and len(operands) == 3:
                colours.add(tuple(round(float(v) * 255) for v in operands))
    return colours


def test_the_pdf_draws_status_symbols_in_the_template_colours(built):
    # a status the example input reports under both templates (the report shows the statuses it has)
    status = Status.EXPECTED_DONE
    done_default = load_theme().status_style(status).rgb
    done_fjallby = load_theme(FJALLBY).status_style(status).rgb
    assert done_default != done_fjallby
    with pdf_of(built, "default") as pdf:
        assert done_default in fill_colours(pdf) and done_fjallby not in fill_colours(pdf)
    with pdf_of(built, "fjallby") as pdf:
        assert done_fjallby in fill_colours(pdf) and done_default not in fill_colours(pdf)


def test_the_pdf_writes_committees_out_from_the_template_table(built):
    from .support import pdf_text

    text = " ".join(pdf_text(built["fjallby"]["uppfoljning-2025-T2.pdf"]).split())
    assert "Fjäll- och naturnämnden (FJN)" in text


def test_the_archived_pdf_with_typeface_and_logo_is_still_pdfa(tmp_path):
    from exporter.archive import write_manifest

    from .support import pdfa_findings

    theme = load_theme(FJALLBY)
    records = read([FJALLBY_INPUT], theme)
    (path,) = build(records, theme, ["pdfa"], tmp_path, BuildOptions(), jobs=1)
    write_manifest(tmp_path)
    assert pdfa_findings(path) == []
    with pikepdf.open(path) as pdf:
        assert embedded_fonts(pdf) >= {"Caladea-Regular"}


# -- Excel --------------------------------------------------------------------------------


def test_the_workbook_fills_status_cells_with_the_template_colours(built):
    from openpyxl import load_workbook

    def fills(template):
        """Status words -> the colour the matrix's conditional formats give a cell showing them."""
        ws = load_workbook(built[template]["statusmatris.xlsx"])["Statusmatris"]
        found = {}
        for formats in ws.conditional_formatting:
            for rule in formats.rules:
                # A rule compares with the legend's cell of its words ($B$2), "✔ Genomfört" -> "Genomfört".
                words = ws[rule.formula[0].replace("$", "")].value.split(" ", 1)[-1]
                found.setdefault(words, rule.dxf.fill.bgColor.rgb[-6:])
        return found

    done_default = load_theme().status_style(Status.DONE).hex
    done_fjallby = load_theme(FJALLBY).status_style(Status.DONE).hex
    assert fills("default")["Genomfört"] == done_default
    assert fills("fjallby")["Genomfört"] == done_fjallby != done_default


def test_the_workbook_carries_the_logo_with_alt_text_and_the_organisation(built):
    def package(template):
        with zipfile.ZipFile(built[template]["statusmatris.xlsx"]) as archive:
            drawings = "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                               if n.startswith("xl/drawings/drawing"))
            media = [n for n in archive.namelist() if n.startswith("xl/media/")]
            core = archive.read("docProps/core.xml").decode("utf-8")
        return drawings, media, core

    drawings, media, core = package("default")
    assert media == [] and "Kommunen" in core
    drawings, media, core = package("fjallby")
    assert len(media) == 1 and 'descr="Fjällby kommuns logotyp: tre fjäll och ordet Fjällby"' in drawings
    assert "Fjällby kommun" in core


def test_the_workbook_uses_the_template_typeface(built):
    from openpyxl import load_workbook

    assert load_workbook(built["default"]["statusmatris.xlsx"]).worksheets[1]["A2"].font.name == "Arial"
    assert load_workbook(built["fjallby"]["statusmatris.xlsx"]).worksheets[1]["A2"].font.name == "Cambria"


def test_the_pdf_draws_a_symbol_its_typeface_lacks_as_a_shape(built):
    from .support import pdf_text

    fjallby = pdf_text(built["fjallby"]["uppfoljning-2025-T2.pdf"])
    default = pdf_text(built["default"]["uppfoljning-2025-T2.pdf"])
    # Caladea (the example template's Cambria twin) has no ■, Liberation Sans no ✔: each
    # status is drawn as a shape, and never as a "[U+25A0]" marker.
    assert "Genomfört" in fjallby and "■" not in fjallby and "U+25A0" not in fjallby
    assert "■" not in default and "✔" not in default


# -- the accent colour, the same in every report format ---------------------------------------


def test_headings_take_the_template_accent_colour_in_word_pdf_and_html(built):
    accent = load_theme(FJALLBY).accent.lstrip("#").upper()
    assert accent != load_theme().accent.lstrip("#").upper()
    for template, colour in (("fjallby", accent), ("default", load_theme().accent.lstrip("#").upper())):
        word = docx_of(built, template)
        assert str(word.styles["Heading 1"].font.color.rgb) == colour
        rgb = tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))
        with pdf_of(built, template) as pdf:
            assert rgb in fill_colours(pdf)
        page = built[template]["uppfoljning-2025-T2.html"].read_text(encoding="utf-8")
        assert f"color: #{colour}" in page


@pytest.mark.parametrize("template", ["default", "fjallby"])
def test_each_status_has_one_colour_readable_on_white_in_word_pdf_html_and_the_workbook(built, template):
    """The theme's status colours are dark enough for text on white (4.5:1), so that no
    writer has to darken one: the Word report's and the web page's symbols, the PDF's
    shapes and the workbook's fills show the theme's very colour (and white text on the
    fill, the same ratio)."""
    from openpyxl import load_workbook

    from exporter.colour import contrast_ratio

    theme = load_theme(FJALLBY if template == "fjallby" else None)
    colours = {status: theme.status_style(status).hex for status in Status}
    assert all(contrast_ratio(colour) >= 4.5 for colour in colours.values()), colours
    wanted = set(colours.values())
    word = zipfile.ZipFile(built[template]["uppfoljning-2025-T2.docx"]).read("word/document.xml").decode()
    in_word = wanted & set(re.findall(r'<w:color w:val="([0-9A-F]{6})"/>', word))
    page = built[template]["uppfoljning-2025-T2.html"].read_text(encoding="utf-8")
    in_html = wanted & set(re.findall(r"color: #([0-9A-F]{6})", page))
    with pdf_of(built, template) as pdf:
        in_pdf = wanted & {"%02X%02X%02X" % rgb for rgb in fill_colours(pdf)}
    assert len(in_word) >= 2 and in_word == in_html == in_pdf  # the statuses the report shows
    ws = load_workbook(built[template]["statusmatris.xlsx"])["Statusmatris"]
    # A conditional format's solid fill is its pattern's background colour (dxf fills are inverted).
    fills = {rule.dxf.fill.bgColor.rgb[-6:] for formats in ws.conditional_formatting for rule in formats.rules
             if rule.dxf is not None and rule.dxf.fill is not None}
    assert wanted <= fills
