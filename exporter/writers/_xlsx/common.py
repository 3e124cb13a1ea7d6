"""What every sheet builder shares: the context of one workbook and the print set-up."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ...model import RecordSet
from ...theme import Theme
from ..base import Document, warn
from .styles import Styles

__all__ = ["Context", "print_setup", "NOTE_LIMIT"]

# Notes show the comment on hover; Excel shows long notes badly, and the full text is
# in the records sheet anyway.
NOTE_LIMIT = 2000


@dataclass
class Context:
    """One workbook being built."""

    wb: Workbook
    theme: Theme
    lang: str
    records: RecordSet
    document: Document
    styles: Styles

    def word(self, key: str, **values: object) -> str:
        return self.theme.word(key, self.lang, **values)

    def warn(self, message: str) -> None:
        warn(self.document, message)


def _header_footer_text(text: str) -> str:
    """Text for a print header or footer, where "&" starts a code."""
    return text.replace("&", "&&")


def print_setup(ctx: Context, ws: Worksheet, title_rows: str | None) -> None:
    """A4 landscape, one page wide, `title_rows` repeated on every page, the workbook's
    title in the header and the page number in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddHeader.center.text = _header_footer_text(ctx.theme.workbook_title(ctx.lang))
    ws.oddHeader.right.text = _header_footer_text(ws.title)
    ws.oddFooter.center.text = ctx.word("page_x_of_y", page="&P", pages="&N")
