"""WordprocessingML as text: paragraphs, runs, fields, bookmarks and tables.

The docx writer builds the body of a report as XML fragments joined once,
which stays linear in the number of records where python-docx's object model
does not. Every function here returns a `str` of well-formed XML using the
prefix `w:` (declared on the root of word/document.xml); every text passed in
is cleaned of characters XML cannot hold and escaped, so text stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .xmltext import NOT_XML

__all__ = [
    "W_NS",
    "clean",
    "text",
    "attr",
    "run",
    "tab",
    "paragraph",
    "heading",
    "bookmark",
    "hyperlink",
    "field",
    "field_begin",
    "field_end",
    "simple_field",
    "cell",
    "row",
    "table",
    "table_parts",
    "StyleIds",
    "split_body",
    "splice_body",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Characters XML 1.0 cannot hold (and lone surrogates); tab and line breaks become spaces,
# since a paragraph's text is one line and white space in w:t is taken literally.
_SPECIAL = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("[\t\n\r]")
_ATTR_ENTITIES = {'"': "&quot;"}


def clean(value: str) -> str:
    """`value` without characters XML cannot store, tabs and line breaks as spaces."""
    if _SPECIAL.search(value) is None:  # the common case: one scan
        return value
    return _BREAKS.sub(" ", NOT_XML.sub("", value))


def text(value: str) -> str:
    """`value` cleaned and escaped for element content."""
    if _SPECIAL.search(value) is not None:
        value = clean(value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(value: str) -> str:
    """`value` cleaned and escaped for a double-quoted attribute."""
    return escape(clean(value), _ATTR_ENTITIES)


def run(value: str, *, bold: bool = False, italic: bool = False, colour: str | None = None,
        lang: str | None = None) -> str:
    """A run of text; `colour` is six hex digits; `lang` a language tag where the run's
    language differs from the document's (so that screen readers pronounce it right)."""
    props = ""
    if bold or italic or colour or lang:
        props = "<w:rPr>" + ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "") \
            + (f'<w:color w:val="{colour}"/>' if colour else "") \
            + (f'<w:lang w:val="{lang}"/>' if lang else "") + "</w:rPr>"
    return f'<w:r>{props}<w:t xml:space="preserve">{text(value)}</w:t></w:r>'


def tab() -> str:
    """A run holding a tab (to the next tab stop of the paragraph's style)."""
    return "<w:r><w:tab/></w:r>"


def paragraph(content: str = "", style: str | None = None, *, page_break_before: bool = False,
              keep_next: bool = False, align: str | None = None) -> str:
    """A paragraph of `content` (runs, fields, hyperlinks) in paragraph style id `style`;
    `align` is a w:jc value ("right", "center")."""
    props = ""
    if style or page_break_before or keep_next or align:
        props = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") \
            + ("<w:keepNext/>" if keep_next else "") + ("<w:pageBreakBefore/>" if page_break_before else "") \
            + (f'<w:jc w:val="{align}"/>' if align else "") + "</w:pPr>"
    return f"<w:p>{props}{content}</w:p>"


def bookmark(ident: int, name: str, content: str) -> str:
    """`content` inside a bookmark called `name` (ids are unique numbers within the document)."""
    return f'<w:bookmarkStart w:id="{ident}" w:name="{attr(name)}"/>{content}<w:bookmarkEnd w:id="{ident}"/>'


def heading(value: str, style: str, *, mark: tuple[int, str] | None = None, page_break_before: bool = False,
            lang: str | None = None) -> str:
    """A heading paragraph of plain text in style id `style`, bookmarked as (id, name) for a TOC."""
    content = run(value, lang=lang)
    if mark is not None:
        content = bookmark(mark[0], mark[1], content)
    return paragraph(content, style, page_break_before=page_break_before)


def hyperlink(anchor: str, content: str) -> str:
    """`content` as a link to the bookmark `anchor` in the same document."""
    return f'<w:hyperlink w:anchor="{attr(anchor)}" w:history="1">{content}</w:hyperlink>'


def field_begin(instruction: str) -> str:
    """The runs that open a complex field and start its (cached) result."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {text(instruction)} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')


def field_end() -> str:
    """The run that closes a complex field."""
    return '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def field(instruction: str, result: str) -> str:
    """A complex field (e.g. "PAGEREF _Toc1 \\h") showing `result` until it is updated."""
    return field_begin(instruction) + (run(result) if result else "") + field_end()


def simple_field(instruction: str, result: str) -> str:
    """A simple field (e.g. "PAGE") showing `result` until it is updated."""
    return f'<w:fldSimple w:instr=" {attr(instruction)} ">{run(result)}</w:fldSimple>'


def cell(content: str, width: int) -> str:
    """A table cell of `content` (one or more paragraphs), `width` in twips."""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'


def row(cells: Iterable[str], *, header: bool = False) -> str:
    """A table row that never breaks across pages; a header row repeats on every page."""
    props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def table(rows: Iterable[str], widths: Sequence[int], *, style: str | None, caption: str, description: str) -> str:
    """A fixed-layout table of `rows` (the first ones marked header by `row`), with alt text."""
    return "".join(table_parts(rows, widths, style=style, caption=caption, description=description))


def table_parts(rows: Iterable[str], widths: Sequence[int], *, style: str | None, caption: str,
                description: str) -> Iterator[str]:
    """`table` piece by piece, for a table too big to hold as one string."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    style_xml = f'<w:tblStyle w:val="{style}"/>' if style else ""
    yield (f'<w:tbl><w:tblPr>{style_xml}'
           f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
           'w:noHBand="1" w:noVBand="1"/>'
           f'<w:tblCaption w:val="{attr(caption)}"/><w:tblDescription w:val="{attr(description)}"/></w:tblPr>'
           f"<w:tblGrid>{grid}</w:tblGrid>")
    yield from rows
    yield "</w:tbl>"


@dataclass(frozen=True)
class StyleIds:
    """Style ids of a reference document by style name, looked up without regard to case
    (Word stores built-in names in lower case: "heading 1", "toc 1")."""

    by_name: Mapping[str, str]

    @classmethod
    def from_styles(cls, styles_element) -> StyleIds:
        """Read the w:style elements of styles.xml (an lxml element)."""
        w = "{%s}" % W_NS
        names = {}
        for style in styles_element.iterfind(f"{w}style"):
            name = style.find(f"{w}name")
            style_id = style.get(f"{w}styleId")
            if name is not None and style_id:
                names.setdefault(name.get(f"{w}val", "").casefold(), style_id)
        return cls(names)

    def get(self, name: str, fallback: str | None = None) -> str | None:
        """The id of the style called `name`, else `fallback` (None means the default style)."""
        return self.by_name.get(name.casefold(), fallback)


def split_body(document_xml: bytes) -> tuple[bytes, bytes]:
    """word/document.xml cut where content goes: after <w:body>, before its w:sectPr."""
    marker = b"<w:body>"
    at = document_xml.find(marker)
    if at < 0:
        raise ValueError("word/document.xml has no <w:body> to fill")
    at += len(marker)
    return document_xml[:at], document_xml[at:]


def splice_body(document_xml: bytes, body: str) -> bytes:
    """word/document.xml with `body` inserted at the start of w:body (before its w:sectPr)."""
    head, tail = split_body(document_xml)
    return b"".join((head, body.encode("utf-8"), tail))
