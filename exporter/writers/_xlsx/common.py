"""What every sheet builder shares: the context of one workbook and the print set-up."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.worksheet.worksheet import Worksheet

from ...model import Record, RecordSet, Status
from ...theme import Theme
from ..base import Document, warn
from .styles import Styles
from .text import letter

__all__ = ["Context", "print_setup", "print_scale", "NOTE_LIMIT", "NOTE_CAP", "PRINTABLE_WIDTH_PT", "MIN_PRINT_SCALE",
           "pages_wide", "column_points", "add_table"]

# Notes show the comment on hover; Excel shows long notes badly, and the full text is
# in the records sheet anyway.
NOTE_LIMIT = 2000
# Every note is a drawn shape: Excel slows down with tens of thousands, and openpyxl
# holds them all in memory while it saves. Beyond this many, the matrix has none.
NOTE_CAP = 20_000

# A4 landscape is 297 mm (842 pt) wide; less the side margins of half an inch each.
PRINTABLE_WIDTH_PT = 842 - 2 * 36
# Below this a printed sheet is too small to read.
MIN_PRINT_SCALE = 70


@dataclass
class Context:
    """One workbook being built."""

    theme: Theme
    lang: str
    records: RecordSet
    document: Document
    styles: Styles

    def word(self, key: str, **values: object) -> str:
        return self.theme.word(key, self.lang, **values)

    def warn(self, message: str) -> None:
        warn(self.document, message)

    def status_label(self, status: Status) -> str:
        """A status as the matrix shows it: symbol and words ("✔ Genomfört")."""
        style = self.theme.status_style(status)
        return f"{style.symbol} {style.words[self.lang]}"

    def lead_committee(self, record: Record) -> str:
        """The committee that leads an assignment: the first of its record ("" if none)."""
        return record.committees[0] if record.committees else ""

    def committee_order(self) -> list[str]:
        """The committees of the record set in the order of the theme's committee table,
        those the theme does not know after them, in the order first seen."""
        present = self.records.committees
        known = [code for code in self.theme.committees if code in present]
        return known + [code for code in present if code not in self.theme.committees]

    def committee_label(self, code: str) -> str:
        """"Kommunstyrelsen (KS)", or the code alone where the theme does not name it."""
        name = self.theme.committee_name(code)
        return f"{name} ({code})" if name != code else code


def column_points(width: float) -> float:
    """The printed width in points of a column `width` characters wide, at its widest.

    A character of the workbook's default font is 7 pixels wide in Excel (Calibri 11)
    but 9 in LibreOffice where Calibri is missing and DejaVu Sans stands in; the wider
    is assumed, plus 5 pixels of padding, 96 pixels to the inch."""
    return (width * 9 + 5) * 0.75


def print_scale(widths: Sequence[float]) -> int:
    """The largest scale (percent, at most 100) at which columns of `widths` fit the
    width of an A4 landscape page."""
    needed = sum(column_points(w) for w in widths)
    return max(10, min(100, math.floor(100 * PRINTABLE_WIDTH_PT / needed))) if needed else 100


def pages_wide(widths: Sequence[float], repeated: int = 0) -> int:
    """How many pages wide columns of `widths` print at MIN_PRINT_SCALE, the first
    `repeated` columns printed again on every page."""
    room = PRINTABLE_WIDTH_PT * 100 / MIN_PRINT_SCALE
    fixed = sum(column_points(w) for w in widths[:repeated])
    pages, used = 1, fixed
    for width in widths[repeated:]:
        points = column_points(width)
        if used + points > room and used > fixed:
            pages, used = pages + 1, fixed
        used += points
    return pages


def _header_footer_text(text: str) -> str:
    """Text for a print header or footer, where "&" starts a code."""
    return text.replace("&", "&&")


def print_setup(ctx: Context, ws, widths: Sequence[float], title_rows: str | None = None,
                title_columns: int = 0, area: str | None = None) -> int:
    """A4 landscape, fitted to as few pages wide as the columns of `widths` (the printed
    ones) take at MIN_PRINT_SCALE or more (one, unless a sheet is very wide; then the
    first `title_columns` repeat on every page); `title_rows` repeated on every page,
    the workbook's title in the header and the page number in the footer. The number
    of pages wide."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    pages = pages_wide(widths, title_columns)
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = pages
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    if title_columns:
        ws.print_title_cols = f"A:{letter(title_columns)}"
    if area:
        ws.print_area = area
    ws.oddHeader.center.text = _header_footer_text(ctx.theme.workbook_title(ctx.lang))
    ws.oddHeader.right.text = _header_footer_text(ws.title)
    ws.oddFooter.center.text = ctx.word("page_x_of_y", page="&P", pages="&N")
    return pages


def add_table(ws, table) -> None:
    """Add a table whose columns are named (openpyxl warns in write-only mode that they
    must be, whether they are or not)."""
    if len(table.tableColumns) == 0:
        raise ValueError(f"table {table.displayName} has no named columns")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="In write-only mode you must add table columns manually")
        ws.add_table(table)
