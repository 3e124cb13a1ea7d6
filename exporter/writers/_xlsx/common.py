"""What every sheet builder shares: the context of one workbook, the print set-up, and
the names Excel allows (sheets, tables, table columns, header and footer text)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...model import Record, RecordSet, Status
from ...theme import Theme
from ..base import Document, warn
from .styles import Styles

__all__ = ["Context", "print_setup", "print_scale", "NOTE_LIMIT", "NOTE_CAP", "PRINTABLE_WIDTH_PT", "MIN_PRINT_SCALE",
           "pages_wide", "column_points", "sheet_names", "table_name", "table_names", "unique_headers", "header_footer_text",
           "MAX_COLUMNS", "HEADER_FOOTER_LIMIT"]

# Notes show the comment on hover; Excel shows long notes badly, and the full text is
# in the records sheet anyway.
NOTE_LIMIT = 2000
# Every note is a drawn shape: Excel slows down with tens of thousands. Beyond this
# many, the matrix has none.
NOTE_CAP = 20_000

# A4 landscape is 297 mm (842 pt) wide; less the side margins of half an inch each.
PRINTABLE_WIDTH_PT = 842 - 2 * 36
# Below this a printed sheet is too small to read.
MIN_PRINT_SCALE = 70

# Excel's limits.
MAX_COLUMNS = 16_384
SHEET_NAME_LIMIT = 31
TABLE_NAME_LIMIT = 255
TABLE_COLUMN_LIMIT = 255
HEADER_FOOTER_LIMIT = 255  # characters of one header or footer, codes included
_SHEET_FORBIDDEN = re.compile(r"[/\\?*\[\]:]")
# Names Excel reads as a cell reference: A1, XFD1048576, R1C1, R, C.
_CELL_LIKE = re.compile(r"([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc]?[0-9]*|[Cc][0-9]*)")


@dataclass
class Context:
    """One workbook being built."""

    theme: Theme
    lang: str
    records: RecordSet
    document: Document
    styles: Styles
    sheets: dict[str, str] = field(default_factory=dict)  # theme key -> the sheet's name
    tables: dict[str, str] = field(default_factory=dict)  # theme key -> the table's name
    workbook: Any = None  # the XlsxWriter workbook
    header_left: str = ""  # the organisation and the report date, in every printed header
    footer_left: str = ""  # the sources, in every printed footer

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


# -- names Excel allows ------------------------------------------------------------------


def sheet_names(words: Sequence[str]) -> list[str]:
    """Sheet names made of theme words, within Excel's rules by construction: none of
    / \\ ? * [ ] :, no ' at either end, at most 31 characters, not empty, and no two
    alike (Excel compares them without case)."""
    names: list[str] = []
    for number, word in enumerate(words, start=1):
        name = _SHEET_FORBIDDEN.sub("-", word).strip().strip("'").strip()[:SHEET_NAME_LIMIT].strip("'").strip()
        if not name or name.casefold() == "history":
            name = f"Blad {number}"
        base, extra = name, 2
        while name.casefold() in {n.casefold() for n in names}:
            suffix = f" ({extra})"
            name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
            extra += 1
        names.append(name)
    return names


def table_name(word: str) -> str:
    """A table name made of a theme word: letters, digits and underscores, beginning with
    a letter or an underscore, not read as a cell reference, at most 255 characters."""
    name = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in word)
    if not name[:1].isalpha() and name[:1] != "_" or _CELL_LIKE.fullmatch(name):
        name = f"T_{name}"
    return name[:TABLE_NAME_LIMIT]


def table_names(words: Sequence[str]) -> list[str]:
    """Table names (`table_name`) of theme words, no two alike without case."""
    names: list[str] = []
    for word in words:
        name, extra = table_name(word), 2
        while name.casefold() in {n.casefold() for n in names}:
            suffix = f"_{extra}"
            name = table_name(word)[: TABLE_NAME_LIMIT - len(suffix)] + suffix
            extra += 1
        names.append(name)
    return names


def unique_headers(headers: Iterable[str]) -> list[str]:
    """Table column names: not empty, at most 255 characters, no two alike (Excel compares
    them without case); a repeated one is numbered."""
    out: list[str] = []
    seen: set[str] = set()
    for number, header in enumerate(headers, start=1):
        name = " ".join(header.split())[:TABLE_COLUMN_LIMIT] or f"Kolumn {number}"
        base, extra = name, 2
        while name.casefold() in seen:
            suffix = f" ({extra})"
            name = base[: TABLE_COLUMN_LIMIT - len(suffix)] + suffix
            extra += 1
        seen.add(name.casefold())
        out.append(name)
    return out


def header_footer_text(text: str, limit: int = 75) -> str:
    """Text for a print header or footer, where "&" starts a code ("&D" the date): every
    "&" doubled, and cut to `limit` characters so that the whole header stays within
    Excel's 255."""
    text = " ".join(text.split())
    if len(text.replace("&", "&&")) > limit:
        text = text[:limit]
        while len(text.replace("&", "&&")) + 1 > limit:
            text = text[:-1]
        text = text.rstrip() + "…"
    escaped = text.replace("&", "&&")
    return escaped


# -- print set-up ------------------------------------------------------------------------


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


def print_setup(ctx: Context, ws: Any, widths: Sequence[float], title_rows: tuple[int, int] | None = None,
                title_columns: int = 0, pages_tall: int = 0) -> int:
    """A4 landscape, fitted to as few pages wide as the columns of `widths` (the printed
    ones) take at MIN_PRINT_SCALE or more (one, unless a sheet is very wide; then the
    first `title_columns` repeat on every page) and `pages_tall` pages tall (0: as many
    as it takes); `title_rows` (0-based, first and last) repeated on every page. The
    header names the organisation and report date, the workbook and the sheet; the
    footer the page. The number of pages wide."""
    ws.set_paper(9)  # A4
    ws.set_landscape()
    pages = pages_wide(widths, title_columns)
    ws.fit_to_pages(pages, pages_tall)
    ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    if title_rows is not None:
        ws.repeat_rows(*title_rows)
    if title_columns:
        ws.repeat_columns(0, title_columns - 1)
    header = (f"&L{header_footer_text(ctx.header_left)}&C{header_footer_text(ctx.theme.workbook_title(ctx.lang))}"
              f"&R{header_footer_text(ws.name)}")
    footer = f"&L{header_footer_text(ctx.footer_left)}&C" + header_footer_text(ctx.word("page_x_of_y", page="\0P", pages="\0N")).replace("\0", "&")
    ws.set_header(header, {"margin": 0.3})
    ws.set_footer(footer, {"margin": 0.3})
    return pages
