"""Generate the Word reference document of a template: templates/default/reference.docx.

The reference document carries the styles, fonts and page set-up of the Word
report, as pandoc's --reference-doc does: the docx writer takes every style
from it and none of its content. An organisation restyles its reports by
opening the file in Word, changing the styles (Title, Subtitle, Heading 1-3,
Normal, TOC 1-3, Header, Footer, Report Table, Table Text, Record Details,
Title Details, Lead, Note, List Paragraph, Figure, Caption, Hyperlink) and saving it in its template folder.

Run it again after changing the fonts of a theme:

    python templates/make_reference_docx.py                    # the default template
    python templates/make_reference_docx.py --template DIR      # DIR/reference.docx

It starts from python-docx's built-in template (a complete Word style set),
rewrites the styles the report uses, sets A4 page set-up and drops the parts a
report must not inherit (thumbnail, bibliography sources, stylesWithEffects).
The output is byte-identical from run to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Twips

from exporter.files import normalise_zip
from exporter.theme import load_theme

# A4 with 2.5 cm side margins: the text is 9070 twips (16 cm) wide.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TWIPS = 1418
TEXT_WIDTH = 11906 - 2 * MARGIN_TWIPS  # 9070
HEADING_COLOUR = "1F3864"  # dark blue: contrast 12:1 on white
RULE_COLOUR = "A6A6A6"
# The one table style of the Word, PDF and web reports: horizontal rules between rows and
# a grey-blue header row (writers/html.py and writers/_pdf/report.py use the same colours).
TABLE_RULE_COLOUR = "B3B8BF"
HEADER_FILL = "E8ECF1"
LINK_COLOUR = "1F4E99"  # contrast 8:1 on white
# Room kept right of a contents entry's words for its page number (twips).
TOC_NUMBER_ROOM = 680
KEPT_TABLE_STYLES = {"TableNormal", "TableGrid", "ReportTable"}


def _fonts(font: str) -> str:
    return f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'


def _style(style_id: str, name: str, body: str, *, based_on: str | None = "Normal", next_style: str | None = None,
           kind: str = "paragraph", custom: bool = False, priority: int | None = None, q_format: bool = True) -> str:
    """The XML of one style definition."""
    custom_attr = ' w:customStyle="1"' if custom else ""
    parts = [f'<w:style {nsdecls("w")} w:type="{kind}"{custom_attr} w:styleId="{style_id}">',
             f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_style:
        parts.append(f'<w:next w:val="{next_style}"/>')
    if priority is not None:
        parts.append(f'<w:uiPriority w:val="{priority}"/>')
    if q_format:
        parts.append("<w:qFormat/>")
    parts.append(body)
    parts.append("</w:style>")
    return "".join(parts)


def _exact(points: float) -> str:
    """A fixed line height of `points`: Word and LibreOffice then set every line of a
    style alike whatever font fills in for a missing glyph, and the writer's own layout
    of the pages (writers/_docx/pages.py) knows each line's height."""
    return f'w:line="{round(points * 20)}" w:lineRule="exact"'


def report_styles(body_font: str, heading_font: str) -> list[str]:
    """Every style the report uses, as Word names them (built-in names in lower case).
    Line heights are fixed, and the same as the PDF's (writers/_pdf/report.Styles)."""
    h = _fonts(heading_font)
    right_tab = f'<w:tabs><w:tab w:val="clear" w:pos="4680"/><w:tab w:val="clear" w:pos="9360"/>' \
                f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    small_rule = f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{RULE_COLOUR}"/></w:pBdr>'
    top_rule = f'<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="{RULE_COLOUR}"/></w:pBdr>'
    toc_tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    return [
        _style("Normal", "Normal", f'<w:pPr><w:widowControl/><w:spacing w:after="120" {_exact(13.5)}/></w:pPr>'
               '<w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>', based_on=None),
        _style("Title", "Title",
               f'<w:pPr><w:keepNext/><w:spacing w:before="3600" w:after="240" {_exact(34)}/></w:pPr>'
               f'<w:rPr>{h}<w:b/><w:bCs/><w:color w:val="{HEADING_COLOUR}"/><w:kern w:val="28"/>'
               '<w:sz w:val="56"/><w:szCs w:val="56"/></w:rPr>', next_style="Subtitle", priority=10),
        _style("Subtitle", "Subtitle",
               f'<w:pPr><w:keepNext/><w:spacing w:after="960" {_exact(24)}/></w:pPr>'
               f'<w:rPr>{h}<w:color w:val="{HEADING_COLOUR}"/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr>',
               next_style="Normal", priority=11),
        _style("TitleDetails", "Title Details",
               f'<w:pPr><w:spacing w:after="60" {_exact(17)}/></w:pPr><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>',
               custom=True),
        _style("Heading1", "heading 1",
               f'<w:pPr><w:keepNext/><w:keepLines/>{small_rule}<w:spacing w:before="360" w:after="160" {_exact(22)}/>'
               '<w:outlineLvl w:val="0"/></w:pPr>'
               f'<w:rPr>{h}<w:b/><w:bCs/><w:color w:val="{HEADING_COLOUR}"/><w:sz w:val="34"/><w:szCs w:val="34"/></w:rPr>',
               next_style="Normal", priority=9),
        _style("Heading2", "heading 2",
               f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="320" w:after="100" {_exact(18)}/><w:outlineLvl w:val="1"/></w:pPr>'
               f'<w:rPr>{h}<w:b/><w:bCs/><w:color w:val="{HEADING_COLOUR}"/><w:sz w:val="27"/><w:szCs w:val="27"/></w:rPr>',
               next_style="Normal", priority=9),
        _style("Heading3", "heading 3",
               f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80" {_exact(15)}/><w:outlineLvl w:val="2"/></w:pPr>'
               f'<w:rPr>{h}<w:b/><w:bCs/><w:color w:val="{HEADING_COLOUR}"/><w:sz w:val="23"/><w:szCs w:val="23"/></w:rPr>',
               next_style="Normal", priority=9),
        _style("TOCHeading", "TOC Heading",
               '<w:pPr><w:outlineLvl w:val="9"/></w:pPr>', based_on="Heading1", next_style="Normal", priority=39),
        _style("TOC1", "toc 1", f'<w:pPr>{toc_tab}<w:spacing w:before="120" w:after="40" {_exact(15)}/><w:ind w:right="{TOC_NUMBER_ROOM}"/></w:pPr><w:rPr><w:b/></w:rPr>',
               next_style="Normal", priority=39, q_format=False),
        _style("TOC2", "toc 2", f'<w:pPr>{toc_tab}<w:spacing w:after="40" {_exact(14)}/><w:ind w:left="220" w:right="{TOC_NUMBER_ROOM}"/></w:pPr>',
               next_style="Normal", priority=39, q_format=False),
        _style("TOC3", "toc 3", f'<w:pPr>{toc_tab}<w:spacing w:after="40" {_exact(14)}/><w:ind w:left="440" w:right="{TOC_NUMBER_ROOM}"/></w:pPr>',
               next_style="Normal", priority=39, q_format=False),
        _style("Header", "header", f'<w:pPr>{small_rule}{right_tab}<w:spacing w:after="0" {_exact(11)}/></w:pPr>'
               '<w:rPr><w:color w:val="404040"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
               priority=99, q_format=False),
        _style("Footer", "footer", f'<w:pPr>{top_rule}{right_tab}<w:spacing w:after="0" {_exact(11)}/></w:pPr>'
               '<w:rPr><w:color w:val="404040"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
               priority=99, q_format=False),
        _style("Lead", "Lead", f'<w:pPr><w:spacing w:after="200" {_exact(15)}/></w:pPr><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>',
               next_style="Normal", custom=True),
        _style("Note", "Note", '<w:rPr><w:i/><w:iCs/></w:rPr>', custom=True),
        _style("ListParagraph", "List Paragraph",
               '<w:pPr><w:spacing w:after="60"/><w:ind w:left="360" w:hanging="284"/></w:pPr>', priority=34),
        _style("Figure", "Figure", '<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60" w:line="240" w:lineRule="auto"/></w:pPr>',
               custom=True),
        _style("Caption", "caption",
               f'<w:pPr><w:keepLines/><w:spacing w:before="120" w:after="80" {_exact(12)}/></w:pPr>'
               '<w:rPr><w:i/><w:iCs/><w:color w:val="404040"/><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>',
               next_style="Normal", priority=35),
        _style("Hyperlink", "Hyperlink", f'<w:rPr><w:color w:val="{LINK_COLOUR}"/><w:u w:val="single"/></w:rPr>',
               based_on="DefaultParagraphFont", kind="character", priority=99, q_format=False),
        _style("RecordDetails", "Record Details",
               f'<w:pPr><w:keepNext/><w:spacing w:after="40" {_exact(12.5)}/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>',
               next_style="Normal", custom=True),
        _style("TableText", "Table Text",
               f'<w:pPr><w:spacing w:before="20" w:after="20" {_exact(11.5)}/></w:pPr>'
               '<w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>', custom=True),
        _style("ReportTable", "Report Table",
               '<w:pPr><w:spacing w:after="0"/></w:pPr>'
               '<w:tblPr><w:tblBorders>'
               + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{TABLE_RULE_COLOUR}"/>'
                         if side in ("bottom", "insideH") else f'<w:{side} w:val="nil"/>'
                         for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
               + '</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
               '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
               '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
               f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr></w:tblStylePr>',
               based_on="TableNormal", kind="table", custom=True, priority=59),
    ]


def make_reference(fonts: dict[str, str]) -> bytes:
    """The bytes of a clean reference document using `fonts` (keys body, heading)."""
    document = docx.Document()
    styles = document.styles.element

    # Document defaults: the body font; the writer sets the language of each report.
    defaults = styles.find(qn("w:docDefaults"))
    defaults.getparent().replace(defaults, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>{_fonts(fonts["body"])}'
        '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="sv-SE" w:eastAsia="sv-SE" w:bidi="ar-SA"/>'
        f'</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="120" {_exact(13.5)}/>'
        '</w:pPr></w:pPrDefault></w:docDefaults>'))

    for xml in report_styles(fonts["body"], fonts["heading"]):
        new = parse_xml(xml)
        style_id = new.get(qn("w:styleId"))
        old = next((s for s in styles.findall(qn("w:style")) if s.get(qn("w:styleId")) == style_id), None)
        if old is not None:
            if old.get(qn("w:default")):
                new.set(qn("w:default"), old.get(qn("w:default")))
            old.getparent().replace(old, new)
        else:
            styles.append(new)

    # The template's hundred coloured table styles make styles.xml 350 kB; keep the plain ones.
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in KEPT_TABLE_STYLES:
            styles.remove(style)

    # A4 portrait, 2.5 cm margins, header and footer 1.25 cm from the edge.
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.left_margin = section.right_margin = Twips(MARGIN_TWIPS)
    section.top_margin = section.bottom_margin = Twips(1418)
    section.header_distance = section.footer_distance = Twips(709)

    settings = document.settings.element
    settings.find(qn("w:themeFontLang")).set(qn("w:val"), "sv-SE")
    for name in ("w:rsids", "w:savePreviewPicture"):
        for element in settings.findall(qn(name)):
            settings.remove(element)

    # Parts a report must not inherit: only parts reachable through relationships are saved.
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"):
            document.part.rels.pop(rel_id)

    props = document.core_properties
    props.title, props.subject, props.keywords, props.comments = "", "", "", ""
    props.author = props.last_modified_by = ""
    props.language = "sv-SE"
    props.revision = 1
    props.created = props.modified = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    for printed in props._element.findall(qn("cp:lastPrinted")):
        props._element.remove(printed)

    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), transform=_clean_app_xml)


def _clean_app_xml(name: str, data: bytes) -> bytes:
    """docProps/app.xml without the Macintosh Word statistics of python-docx's template."""
    if name != "docProps/app.xml":
        return data
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            b'<Template>Normal.dotm</Template><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
            b'<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>'
            b'<HyperlinksChanged>false</HyperlinksChanged></Properties>')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--template", type=Path, help="a template folder (default: templates/default)")
    parser.add_argument("-o", "--output", type=Path, help="where to write (default: TEMPLATE/reference.docx)")
    args = parser.parse_args(argv)
    folder = args.template or Path(__file__).resolve().parent / "default"
    theme = load_theme(folder)
    output = args.output or folder / "reference.docx"
    output.write_bytes(make_reference(dict(theme.fonts)))
    print(output)


if __name__ == "__main__":
    main()
