"""WordprocessingML fragments: well-formed, escaped, and carrying the text they were given."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from exporter.writers import wordml as w

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
    root = parse(w.hyperlink(value, w.run("x")) + w.table([], [100], style=None, caption=value, description=value))
    assert root.find(f"{W}hyperlink").get(f"{W}anchor") == w.clean(value)
    assert root.find(f"{W}tbl/{W}tblPr/{W}tblCaption").get(f"{W}val") == w.clean(value)


def test_clean_drops_control_characters_and_turns_breaks_into_spaces():
    assert w.clean("a\x00b\x1fc\ufffe\ud800d") == "abcd"
    assert w.clean("rad ett\nrad två\r\ttre") == "rad ett rad två  tre"
    assert w.clean("åäö – “citat” ✔") == "åäö – “citat” ✔"


def test_markup_in_text_is_escaped_not_interpreted():
    xml = w.run("<w:b/> & =SUM(A1)")
    assert "&lt;w:b/&gt; &amp; =SUM(A1)" in xml
    assert parse(xml).find(f"{W}r/{W}rPr") is None


def test_run_formatting():
    r = parse(w.run("x", bold=True, italic=True, colour="2E7D32")).find(f"{W}r")
    props = r.find(f"{W}rPr")
    assert props.find(f"{W}b") is not None and props.find(f"{W}i") is not None
    assert props.find(f"{W}color").get(f"{W}val") == "2E7D32"
    assert r.find(f"{W}t").get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def test_heading_is_bookmarked_paragraph_of_its_style():
    p = parse(w.heading("Rubrik", "Heading2", mark=(7, "_Toc000007"), page_break_before=True)).find(f"{W}p")
    assert p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading2"
    assert p.find(f"{W}pPr/{W}pageBreakBefore") is not None
    start, end = p.find(f"{W}bookmarkStart"), p.find(f"{W}bookmarkEnd")
    assert (start.get(f"{W}id"), start.get(f"{W}name"), end.get(f"{W}id")) == ("7", "_Toc000007", "7")
    assert text_of(p) == "Rubrik"


def test_field_has_instruction_and_cached_result():
    root = parse(w.field("PAGEREF _Toc1 \\h", "3"))
    kinds = [c.get(f"{W}fldCharType") for c in root.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert root.find(f".//{W}instrText").text.strip() == "PAGEREF _Toc1 \\h"
    assert text_of(root) == "3"
    assert parse(w.simple_field("PAGE", "1")).find(f"{W}fldSimple").get(f"{W}instr") == " PAGE "


def test_table_rows_cells_and_header():
    rows = [w.row([w.cell(w.paragraph(w.run("A")), 1000), w.cell(w.paragraph(w.run("B")), 2000)], header=True),
            w.row([w.cell(w.paragraph(w.run("1")), 1000), w.cell(w.paragraph(w.run("2")), 2000)])]
    tbl = parse(w.table(rows, [1000, 2000], style="ReportTable", caption="Cap", description="Desc")).find(f"{W}tbl")
    props = tbl.find(f"{W}tblPr")
    # Schema order of tblPr children matters to Word.
    assert [c.tag.removeprefix(W) for c in props] == ["tblStyle", "tblW", "tblLayout", "tblLook", "tblCaption",
                                                       "tblDescription"]
    assert [g.get(f"{W}w") for g in tbl.iter(f"{W}gridCol")] == ["1000", "2000"]
    trs = tbl.findall(f"{W}tr")
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None and trs[1].find(f"{W}trPr/{W}tblHeader") is None
    assert [text_of(tr) for tr in trs] == ["AB", "12"]


def test_style_ids_are_found_by_name_whatever_the_case():
    styles = etree.fromstring(
        f'<w:styles xmlns:w="{w.W_NS}"><w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:styleId="Rubrik2"><w:name w:val="Heading 2"/></w:style></w:styles>')
    ids = w.StyleIds.from_styles(styles)
    assert ids.get("Heading 1") == "Heading1"
    assert ids.get("heading 2") == "Rubrik2"
    assert ids.get("Title") is None and ids.get("Title", "Title") == "Title"


def test_splice_body_puts_the_body_before_the_section_properties():
    document = f'<w:document xmlns:w="{w.W_NS}"><w:body><w:sectPr/></w:body></w:document>'.encode()
    spliced = w.splice_body(document, w.paragraph(w.run("Hej åäö")))
    body = etree.fromstring(spliced).find(f"{W}body")
    assert [c.tag.removeprefix(W) for c in body] == ["p", "sectPr"]
    assert text_of(body) == "Hej åäö"
