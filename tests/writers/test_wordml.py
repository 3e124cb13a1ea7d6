"""WordprocessingML fragments: well-formed, escaped, and carrying the text they were given."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from docx.oxml import parse_xml
from lxml import etree

from exporter.writers import wordml as w
from exporter.writers._docx.adapter import split_body

W = "{%s}" % w.W_NS


def parse(fragment: str) -> etree._Element:
    """A fragment inside a root that declares the w: prefix, as word/document.xml does."""
    return etree.fromstring(f'<root xmlns:w="{w.W_NS}">{fragment}</root>')


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


@given(st.text())
def test_any_text_gives_well_formed_xml_holding_that_text_less_what_xml_cannot_hold(value):
    root = parse(w.paragraph(w.run(value), "Normal"))
    assert text_of(root) == w.clean(value)


@given(st.text())
def test_any_text_is_a_safe_attribute(value):
    root = parse(w.hyperlink(value, w.run("x")) + table([], [100], caption=value, description=value))
    assert root.find(f"{W}hyperlink").get(f"{W}anchor") == w.clean(value)
    assert root.find(f"{W}tbl/{W}tblPr/{W}tblCaption").get(f"{W}val") == w.clean(value)


def table(rows, widths, **options) -> str:
    return w.table_start(widths, style=options.pop("style", None), **options) + "".join(rows) + w.TABLE_END


def test_clean_drops_control_characters_and_turns_breaks_into_spaces():
    assert w.clean("a\x00b\x1fc\ufffe\ud800d") == "abcd"
    assert w.clean("rad ett\nrad två\r\ttre") == "rad ett rad två  tre"
    assert w.clean("åäö – “citat” ✔") == "åäö – “citat” ✔"


def test_markup_in_text_is_escaped_not_interpreted():
    xml = w.run("<w:b/> & =SUM(A1)")
    assert "&lt;w:b/&gt; &amp; =SUM(A1)" in xml
    assert parse(xml).find(f"{W}r/{W}rPr") is None


def test_run_formatting_in_schema_order():
    r = parse(w.run("x", bold=True, italic=True, colour="2E7D32", lang="sv-SE", style="Hyperlink")).find(f"{W}r")
    props = r.find(f"{W}rPr")
    assert [c.tag.removeprefix(W) for c in props] == ["rStyle", "b", "bCs", "i", "iCs", "color", "lang"]
    assert props.find(f"{W}color").get(f"{W}val") == "2E7D32"
    assert props.find(f"{W}lang").get(f"{W}val") == "sv-SE"
    assert parse(w.run("x")).find(f"{W}r/{W}rPr") is None


def test_white_space_that_matters_is_kept_literally():
    space = "{http://www.w3.org/XML/1998/namespace}space"
    for value in ("Status: ", " ordet", "två  mellanslag", "tab\t\ttab"):
        t = parse(w.run(value)).find(f"{W}r/{W}t")
        assert t.get(space) == "preserve" and t.text == w.clean(value)
    assert parse(w.run("ett ord")).find(f"{W}r/{W}t").get(space) is None


def test_paragraph_properties_in_schema_order():
    p = parse(w.paragraph(w.run("x"), "ListParagraph", keep_next=True, page_break_before=True, list_item=(7, 0),
                          align="right")).find(f"{W}p")
    assert [c.tag.removeprefix(W) for c in p.find(f"{W}pPr")] == ["pStyle", "keepNext", "pageBreakBefore", "numPr",
                                                                  "jc"]
    num = p.find(f"{W}pPr/{W}numPr")
    assert [(c.tag.removeprefix(W), c.get(f"{W}val")) for c in num] == [("ilvl", "0"), ("numId", "7")]


def test_bookmark_wraps_its_content():
    root = parse(w.paragraph(w.bookmark(3, "r12", w.run("Rubrik"))))
    start, end = root.find(f".//{W}bookmarkStart"), root.find(f".//{W}bookmarkEnd")
    assert (start.get(f"{W}id"), start.get(f"{W}name"), end.get(f"{W}id")) == ("3", "r12", "3")
    assert text_of(root) == "Rubrik"


def test_field_has_instruction_and_cached_result():
    root = parse(w.field("PAGEREF _Toc1 \\h", "3"))
    kinds = [c.get(f"{W}fldCharType") for c in root.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert root.find(f".//{W}instrText").text.strip() == "PAGEREF _Toc1 \\h"
    assert text_of(root) == "3"
    assert parse(w.simple_field("PAGE", "1")).find(f"{W}fldSimple").get(f"{W}instr") == " PAGE "


def test_table_rows_cells_header_and_look():
    rows = [w.row([w.cell(w.paragraph(w.run("A")), 1000), w.cell(w.paragraph(w.run("B")), 2000)], header=True),
            w.row([w.cell(w.paragraph(w.run("1")), 1000), w.cell(w.paragraph(w.run("2")), 2000)])]
    tbl = parse(table(rows, [1000, 2000], style="ReportTable", caption="Cap", description="Desc",
                      first_column=True, last_row=True)).find(f"{W}tbl")
    props = tbl.find(f"{W}tblPr")
    # Schema order of tblPr children matters to Word.
    assert [c.tag.removeprefix(W) for c in props] == ["tblStyle", "tblW", "tblLayout", "tblLook", "tblCaption",
                                                       "tblDescription"]
    look = props.find(f"{W}tblLook")
    assert (look.get(f"{W}firstRow"), look.get(f"{W}firstColumn"), look.get(f"{W}lastRow")) == ("1", "1", "1")
    assert look.get(f"{W}val") == "06E0"
    plain = parse(table([], [100], caption="c", description="d")).find(f"{W}tbl/{W}tblPr/{W}tblLook")
    assert (plain.get(f"{W}firstColumn"), plain.get(f"{W}lastRow"), plain.get(f"{W}val")) == ("0", "0", "0620")
    assert [g.get(f"{W}w") for g in tbl.iter(f"{W}gridCol")] == ["1000", "2000"]
    trs = tbl.findall(f"{W}tr")
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None and trs[1].find(f"{W}trPr/{W}tblHeader") is None
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs)
    assert [text_of(tr) for tr in trs] == ["AB", "12"]


def test_style_ids_are_found_by_name_whatever_the_case():
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{w.W_NS}"><w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:styleId="Rubrik2"><w:name w:val="Heading 2"/></w:style></w:styles>')
    ids = w.StyleIds.from_styles(styles)
    assert ids.get("Heading 1") == "Heading1"
    assert ids.get("heading 2") == "Rubrik2"
    assert ids.get("Title") is None and ids.get("Title", "Title") == "Title"


def test_split_body_cuts_where_the_body_goes_before_the_section_properties():
    document = f'<w:document xmlns:w="{w.W_NS}"><w:body><w:sectPr/></w:body></w:document>'.encode()
    head, tail = split_body(document)
    body = etree.fromstring(head + w.paragraph(w.run("Hej åäö")).encode() + tail).find(f"{W}body")
    assert [c.tag.removeprefix(W) for c in body] == ["p", "sectPr"]
    assert text_of(body) == "Hej åäö"


SETTINGS = (f'<w:settings xmlns:w="{w.W_NS}" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
            'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">{}</w:settings>')


def names(element) -> list[str]:
    return [etree.QName(c).localname for c in element]


def test_zoom_gets_its_required_percent_in_its_place():
    settings = etree.fromstring(SETTINGS.format('<w:zoom w:val="bestFit"/><w:defaultTabStop w:val="720"/>'))
    w.set_zoom(settings)
    assert settings.find(f"{W}zoom").get(f"{W}percent") == "100"
    bare = etree.fromstring(SETTINGS.format('<w:view w:val="print"/><w:defaultTabStop w:val="720"/>'))
    w.set_zoom(bare)
    assert names(bare) == ["view", "zoom", "defaultTabStop"]


def test_a_bullet_list_is_added_to_numbering_after_the_existing_definitions():
    numbering = parse_xml(
        f'<w:numbering xmlns:w="{w.W_NS}"><w:abstractNum w:abstractNumId="4"/><w:abstractNum w:abstractNumId="9"/>'
        '<w:num w:numId="1"><w:abstractNumId w:val="4"/></w:num><w:numIdMacAtCleanup w:val="2"/></w:numbering>')
    num_id = w.add_bullet_list(numbering)
    assert num_id == 2
    assert names(numbering) == ["abstractNum", "abstractNum", "abstractNum", "num", "num", "numIdMacAtCleanup"]
    new = numbering.findall(f"{W}abstractNum")[-1]
    assert new.get(f"{W}abstractNumId") == "10"
    assert new.find(f"{W}lvl/{W}numFmt").get(f"{W}val") == "bullet"
    assert numbering.find(f"{W}num[@{W}numId='2']/{W}abstractNumId").get(f"{W}val") == "10"
    empty = parse_xml(f'<w:numbering xmlns:w="{w.W_NS}"/>')
    assert w.add_bullet_list(empty) == 1 and names(empty) == ["abstractNum", "num"]


def test_a_cell_frame_holds_one_paragraph_of_runs_like_a_cell():
    start, end = w.cell_frame(1500, "TableText", align="right")
    framed = parse(w.ROW_START + start + w.run("42") + end + w.ROW_END).find(f"{W}tr")
    made = parse(w.row([w.cell(w.paragraph(w.run("42"), "TableText", align="right"), 1500)])).find(f"{W}tr")
    assert etree.tostring(framed) == etree.tostring(made)
