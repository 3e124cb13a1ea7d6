"""WordprocessingML as text: runs, paragraphs, fields, bookmarks, lists and tables.

The docx writer builds the body of a report as XML fragments written into the
package piece by piece, which stays linear in the number of records where
python-docx's object model does not. Every function here returns a `str` of
well-formed XML using the prefix `w:` (declared on the root of word/document.xml);
every text passed in is cleaned of characters XML cannot hold and escaped, so text
stays text. The few edits of python-docx's own parts (settings, numbering) that
must respect the schema's order of elements are here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.numbering import CT_Numbering

from .xmltext import NOT_XML

__all__ = [
    "W_NS",
    "clean",
    "text",
    "text_element",
    "attr",
    "run",
    "tab",
    "paragraph",
    "paragraph_start",
    "PARAGRAPH_END",
    "bookmark",
    "hyperlink",
    "field_begin",
    "field_end",
    "field",
    "page_reference",
    "simple_field",
    "cell",
    "row",
    "cell_frame",
    "ROW_START",
    "ROW_END",
    "table_start",
    "TABLE_END",
    "bullet_definition",
    "StyleIds",
    "next_abstract_num_id",
    "add_bullet_list",
    "set_zoom",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W_NS

# Characters XML 1.0 cannot hold (and lone surrogates); tab and line breaks become spaces,
# since a paragraph's text is one line and white space in w:t is taken literally.
_SPECIAL = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\t\n\r]")
# What any text may need done to it: cleaning (above) or escaping; most text needs
# neither, and one scan for all of it is quicker than a scan for each.
_TOUCH = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff&<>]")
_TOUCH_ATTR = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff&<>\"]")


def clean(value: str) -> str:
    """`value` without characters XML cannot store, tabs and line breaks as spaces."""
    if _SPECIAL.search(value) is None:  # the common case: one scan
        return value
    return _BREAKS.sub(" ", NOT_XML.sub("", value))


def text(value: str) -> str:
    """`value` cleaned and escaped for element content."""
    if _TOUCH.search(value) is None:
        return value
    if _SPECIAL.search(value) is not None:
        value = clean(value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_element(value: str) -> str:
    """A w:t of `value`, cleaned and escaped; it keeps its white space literally where
    that matters (leading, trailing or doubled spaces), and only there, since it is the
    most frequent element of a document."""
    if _TOUCH.search(value) is not None:
        value = text(value)
    if value[:1] == " " or value[-1:] == " " or "  " in value:
        return f'<w:t xml:space="preserve">{value}</w:t>'
    return f"<w:t>{value}</w:t>"


def attr(value: str) -> str:
    """`value` cleaned and escaped for a double-quoted attribute."""
    if _TOUCH_ATTR.search(value) is None:
        return value
    return clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def run(value: str, *, bold: bool = False, italic: bool = False, colour: str | None = None,
        lang: str | None = None, style: str | None = None) -> str:
    """A run of text; `colour` is six hex digits; `lang` a language tag where the run's
    language differs from the document's (so that screen readers pronounce it right);
    `style` a character style id."""
    props = ""
    if bold or italic or colour or lang or style:
        # Schema order of w:rPr: rStyle, b, bCs, i, iCs, ..., color, ..., lang.
        props = "<w:rPr>" + (f'<w:rStyle w:val="{style}"/>' if style else "") \
            + ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "") \
            + (f'<w:color w:val="{colour}"/>' if colour else "") \
            + (f'<w:lang w:val="{lang}"/>' if lang else "") + "</w:rPr>"
    return f"<w:r>{props}{text_element(value)}</w:r>"


def tab() -> str:
    """A run holding a tab (to the next tab stop of the paragraph's style)."""
    return "<w:r><w:tab/></w:r>"


def paragraph(content: str = "", style: str | None = None, *, page_break_before: bool = False,
              keep_next: bool = False, list_item: tuple[int, int] | None = None, align: str | None = None,
              line: int | None = None, line_rule: str = "exact") -> str:
    """A paragraph of `content` (runs, fields, hyperlinks) in paragraph style id `style`;
    `list_item` is (numbering id, level) of a list item; `align` a w:jc value ("right");
    `line` a fixed line height in twips (`line_rule` "atLeast": at least that high)."""
    return paragraph_start(style, page_break_before=page_break_before, keep_next=keep_next, list_item=list_item,
                           align=align, line=line, line_rule=line_rule) + content + PARAGRAPH_END


def paragraph_start(style: str | None = None, *, page_break_before: bool = False, keep_next: bool = False,
                    list_item: tuple[int, int] | None = None, align: str | None = None,
                    line: int | None = None, before: int | None = None, line_rule: str = "exact") -> str:
    """The start of a `paragraph` (its properties), for the many paragraphs of one kind
    a report has: what follows is its runs, then PARAGRAPH_END. `before`: its space
    before, in twips, over its style's."""
    props = ""
    spacing = (f' w:before="{before}"' if before is not None else "") \
        + (f' w:line="{line}" w:lineRule="{line_rule}"' if line else "")
    if style or page_break_before or keep_next or list_item or align or spacing:
        # Schema order of w:pPr: pStyle, keepNext, keepLines, pageBreakBefore, ..., numPr, ..., spacing, ..., jc.
        props = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") \
            + ("<w:keepNext/>" if keep_next else "") + ("<w:pageBreakBefore/>" if page_break_before else "") \
            + (f'<w:numPr><w:ilvl w:val="{list_item[1]}"/><w:numId w:val="{list_item[0]}"/></w:numPr>'
               if list_item else "") \
            + (f'<w:spacing{spacing}/>' if spacing else "") \
            + (f'<w:jc w:val="{align}"/>' if align else "") + "</w:pPr>"
    return f"<w:p>{props}"


PARAGRAPH_END = "</w:p>"


def bookmark(ident: int, name: str, content: str) -> str:
    """`content` inside a bookmark called `name` (ids are unique numbers within the document)."""
    return f'<w:bookmarkStart w:id="{ident}" w:name="{attr(name)}"/>{content}<w:bookmarkEnd w:id="{ident}"/>'


def hyperlink(anchor: str, content: str) -> str:
    """`content` as a link to the bookmark `anchor` in the same document."""
    return f'<w:hyperlink w:anchor="{attr(anchor)}">{content}</w:hyperlink>'


def field_begin(instruction: str) -> str:
    """The runs that open a complex field and start its (cached) result."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {text(instruction)} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')


def field_end() -> str:
    """The run that closes a complex field."""
    return '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def field(instruction: str, result: str) -> str:
    """A complex field (e.g. "PAGEREF summary \\h") showing `result` until it is updated."""
    return field_begin(instruction) + (run(result) if result else "") + field_end()


_PAGE_REFERENCE = field("PAGEREF ANCHOR \\h", "").split("ANCHOR")
_FIELD_END = field_end()


def page_reference(anchor: str, result: str = "") -> str:
    """A PAGEREF field to the bookmark `anchor` showing the page number `result`: `field`
    made quick for the one the contents hold for every heading."""
    if not result:
        return f"{_PAGE_REFERENCE[0]}{text(anchor)}{_PAGE_REFERENCE[1]}"
    return f"{_PAGE_REFERENCE[0]}{text(anchor)}{_PAGE_REFERENCE[1][:-len(_FIELD_END)]}" \
           f"<w:r>{text_element(result)}</w:r>{_FIELD_END}"


def simple_field(instruction: str, result: str) -> str:
    """A simple field (e.g. "PAGE") showing `result` until it is updated."""
    return f'<w:fldSimple w:instr=" {attr(instruction)} ">{run(result)}</w:fldSimple>'


def cell(content: str, width: int) -> str:
    """A table cell of `content` (one or more paragraphs), `width` in twips."""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'


def cell_frame(width: int, style: str | None = None, *, align: str | None = None,
               keep_next: bool = False) -> tuple[str, str]:
    """The start and end of a cell `width` twips wide holding one paragraph in `style`:
    what goes between them is that paragraph's runs (for the rows of a big table)."""
    return f"<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>" + \
        paragraph_start(style, align=align, keep_next=keep_next), PARAGRAPH_END + "</w:tc>"


ROW_START = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
ROW_END = "</w:tr>"


def row(cells: Iterable[str], *, header: bool = False) -> str:
    """A table row that never breaks across pages; a header row repeats on every page."""
    props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def table_start(widths: Sequence[int], *, style: str | None, caption: str, description: str,
                first_column: bool = False, last_row: bool = False) -> str:
    """The opening of a fixed-layout table with alt text (`caption`, `description`);
    `first_column` marks the first column as the rows' headers, `last_row` the last row
    as a total. Rows (`row`) and `TABLE_END` follow."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    style_xml = f'<w:tblStyle w:val="{style}"/>' if style else ""
    look = (f'<w:tblLook w:val="{0x0020 | (0x0080 if first_column else 0) | (0x0040 if last_row else 0) | 0x0600:04X}" '
            f'w:firstRow="1" w:lastRow="{int(last_row)}" w:firstColumn="{int(first_column)}" w:lastColumn="0" '
            'w:noHBand="1" w:noVBand="1"/>')
    return (f'<w:tbl><w:tblPr>{style_xml}'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{look}'
            f'<w:tblCaption w:val="{attr(caption)}"/><w:tblDescription w:val="{attr(description)}"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>")


TABLE_END = "</w:tbl>"


def bullet_definition(abstract_id: int, symbol: str = "•", indent: int = 360, hanging: int = 284) -> str:
    """A one-level bullet list definition (w:abstractNum) for numbering.xml."""
    return (f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
            f'<w:lvlText w:val="{attr(symbol)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="{hanging}"/></w:pPr></w:lvl></w:abstractNum>')


def next_abstract_num_id(numbering) -> int:
    """An unused w:abstractNumId of numbering.xml (an lxml element)."""
    used = [int(a.get(f"{_W}abstractNumId")) for a in numbering.iterfind(f"{_W}abstractNum")]
    return max(used, default=-1) + 1


@dataclass(frozen=True)
class StyleIds:
    """Style ids of a reference document by style name, looked up without regard to case
    (Word stores built-in names in lower case: "heading 1", "toc 1")."""

    by_name: Mapping[str, str]

    @classmethod
    def from_styles(cls, styles_element) -> StyleIds:
        """Read the w:style elements of styles.xml (an lxml element)."""
        names: dict[str, str] = {}
        for style in styles_element.iterfind(f"{_W}style"):
            name = style.find(f"{_W}name")
            style_id = style.get(f"{_W}styleId")
            if name is not None and style_id:
                names.setdefault(name.get(f"{_W}val", "").casefold(), style_id)
        return cls(names)

    def get(self, name: str, fallback: str | None = None) -> str | None:
        """The id of the style called `name`, else `fallback` (None means the default style)."""
        return self.by_name.get(name.casefold(), fallback)


def add_bullet_list(numbering: CT_Numbering) -> int:
    """Add a bullet list definition and a numbering instance of it to numbering.xml
    (python-docx's element of it), where the schema orders them; the w:numId that list
    items refer to. (python-docx adds the instance, `CT_Numbering.add_num`; it has no
    call for a definition.)"""
    abstract_id = next_abstract_num_id(numbering)
    abstract = parse_xml(bullet_definition(abstract_id))
    # CT_Numbering: numPicBullet*, abstractNum*, num*, numIdMacAtCleanup?
    abstracts = numbering.findall(f"{_W}abstractNum")
    if abstracts:
        abstracts[-1].addnext(abstract)
    else:
        pictures = numbering.findall(f"{_W}numPicBullet")
        if pictures:
            pictures[-1].addnext(abstract)
        else:
            numbering.insert(0, abstract)
    return numbering.add_num(abstract_id).numId


# The children of w:settings that the schema orders before w:zoom.
_BEFORE_ZOOM = {f"{_W}writeProtection", f"{_W}view"}


def set_zoom(settings, percent: int = 100) -> None:
    """w:zoom in settings.xml (an lxml element) with its required w:percent."""
    zoom = settings.find(f"{_W}zoom")
    if zoom is None:
        zoom = settings.makeelement(f"{_W}zoom", {})
        index = sum(1 for child in settings if child.tag in _BEFORE_ZOOM)
        settings.insert(index, zoom)
    zoom.set(f"{_W}percent", str(percent))
