"""The report outline: what a follow-up report says, as plain data, in no format.

The outline is built once (`exporter.report.build_outline`) from the record set, the
theme and the options, and the Word, PDF and HTML writers only draw it, the way
pandoc's writers draw one document tree. Everything a reader meets is decided here:
every word (from the theme), the order, the heading levels, which rows of a table are
headers, the alternative text of every figure, the language of every span and where
each link goes. A renderer that draws these nodes cannot forget the structure that
makes a document accessible, because the structure is the data it draws.

The body is a flat stream of blocks in reading order (headings carry their level, as
in HTML), produced afresh by `Outline.body()` each time it is called, so that a report
of 100,000 assignments is never held whole in memory and a renderer that lays out
twice (to learn page numbers) can read it twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Union

from ..model import Status

__all__ = [
    "Text",
    "Badge",
    "Link",
    "Inline",
    "Heading",
    "Paragraph",
    "Column",
    "Table",
    "Bar",
    "BarChart",
    "Image",
    "Figure",
    "ListItem",
    "BulletList",
    "Block",
    "TitlePage",
    "Fact",
    "RunningText",
    "Outline",
    "plain_text",
]


# -- inline content ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A run of text. `lang` is a BCP 47 tag where the run's language is not the
    document's (the records' Swedish text in an English report); `source` marks the
    input's own words (titles, status sentences, comments), which renderers must show
    literally."""

    text: str
    strong: bool = False
    emphasis: bool = False
    lang: str | None = None
    source: bool = False


@dataclass(frozen=True, slots=True)
class Badge:
    """A status as the reader sees it: the theme's symbol in the theme's colour, then its
    words. The words always carry the meaning; symbol and colour only repeat it (the
    symbol is decoration to a screen reader, whose text is `words`)."""

    status: Status
    symbol: str
    words: str
    colour: str  # "#RRGGBB", the theme's colour of the status


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a heading of the same document (its `Heading.anchor`)."""

    target: str
    content: tuple[Inline, ...]


Inline = Union[Text, Badge, Link]


def plain_text(content: tuple[Inline, ...] | Inline) -> str:
    """The text of inline content as a reader hears it: a badge is its words."""
    if isinstance(content, Text):
        return content.text
    if isinstance(content, Badge):
        return content.words
    if isinstance(content, Link):
        return plain_text(content.content)
    return "".join(plain_text(part) for part in content)


# -- blocks ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading. Levels run 1-3 and never skip a level on the way down. `anchor` is
    unique in the document and safe as a Word bookmark, an HTML id and a PDF named
    destination (letters and digits only). `page_break` asks for a new page before it
    where the format has pages. `in_contents` says whether the contents list it."""

    level: int
    content: tuple[Inline, ...]
    anchor: str
    page_break: bool = False
    in_contents: bool = True

    @property
    def text(self) -> str:
        return plain_text(self.content)


# What a paragraph is, for renderers that style them differently.
PARAGRAPH_ROLES = ("body", "lead", "field", "note", "status_text", "comment", "reference")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph. `role`: "body"; "lead", the summary's opening sentence; "field", a
    "Label: value" line of an assignment (its first run is the label, strong); "note",
    a remark of the report's own (no comment given, no changes), usually in italics;
    "status_text" and "comment", the input's own status sentence and comment
    paragraphs; "reference", a line that points to an assignment printed elsewhere."""

    content: tuple[Inline, ...]
    role: str = "body"

    @property
    def text(self) -> str:
        return plain_text(self.content)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table: its header, its share of the text width (the shares of a
    table add up to 1) and whether it holds numbers (aligned right)."""

    header: str
    width: float
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row (`columns`), repeated on every page where the format
    has pages. The first cell of each row heads that row (a row header, e.g. the status
    of a counts row). `caption` is shown with the table; `description` summarises it for
    those who cannot see it (Word's table description, HTML's caption detail, PDF's
    /Summary). A `total` row, if any, is the last row, shown strong. Cells are inline
    content; a row is never split across pages where the format can prevent it."""

    caption: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    total: tuple[tuple[Inline, ...], ...] | None = None
    row_headers: bool = True


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a bar chart: its label, its value and its colour (#RRGGBB)."""

    label: str
    value: int
    colour: str


@dataclass(frozen=True, slots=True)
class BarChart:
    """A horizontal bar chart; the same numbers are always in a table beside it."""

    bars: tuple[Bar, ...]

    @property
    def maximum(self) -> int:
        return max((bar.value for bar in self.bars), default=0)


@dataclass(frozen=True, slots=True)
class Image:
    """A picture file of the template (PNG or JPEG), drawn `height_mm` high."""

    path: str
    height_mm: float


@dataclass(frozen=True, slots=True)
class Figure:
    """A picture or a chart, with the text that stands for it (`alt`) and an optional
    visible caption."""

    content: Image | BarChart
    alt: str
    caption: str = ""


@dataclass(frozen=True, slots=True)
class ListItem:
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    """A list without numbers; `label` names the list for those who hear it."""

    items: tuple[ListItem, ...]
    label: str = ""


Block = Union[Heading, Paragraph, Table, Figure, BulletList]


# -- the document ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fact:
    """A line of the title page: "Diarienummer: KS 2022/123"; `lang` where the value's
    language is not the document's (the committees' Swedish names in an English report)."""

    label: str
    value: str
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class TitlePage:
    """The title page: the logo, the report's title, the period, the organisation, then
    the facts a handout needs (date, scope, case number, meeting, contact), each given
    only where it has a value."""

    title: str
    subtitle: str
    organisation: str
    facts: tuple[Fact, ...]
    logo: Figure | None = None


@dataclass(frozen=True, slots=True)
class RunningText:
    """The header and footer of every page but the title page: `left` and `right` texts;
    in `page_label`, "{page}" and "{pages}" stand for the page number and the count."""

    header_left: str
    header_right: str
    footer_left: str
    page_label: str
    logo: Figure | None = None


@dataclass(frozen=True, slots=True)
class Outline:
    """One report: metadata, title page, contents, running text and the body.

    `lang` is the document's language tag ("sv-SE", "en-GB"); `contents_title` heads
    the table of contents, which lists every heading of `headings` (the headings of the
    body with `in_contents`, in order), linked to their anchors."""

    lang: str
    title: str
    subject: str
    keywords: str
    author: str
    description: str
    title_page: TitlePage
    contents_title: str
    headings: tuple[Heading, ...]
    running: RunningText
    _body: Callable[[], Iterator[Block]] = field(repr=False)

    def body(self) -> Iterator[Block]:
        """The body's blocks in reading order, made afresh on each call."""
        return self._body()
