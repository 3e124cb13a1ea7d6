"""Text on its way into cells: what a cell can hold, Excel's cell limit, and how many
lines a text takes wrapped in a column."""

from __future__ import annotations

import re
from functools import lru_cache

from xlsxwriter.utility import xl_col_to_name

from ..xmltext import NOT_XML, XML_FORBIDDEN

__all__ = ["CELL_LIMIT", "fits", "cell_text", "letter", "line_count", "row_height", "split_text", "cut_text"]

# Excel holds at most 32,767 characters (UTF-16 code units) in a cell.
CELL_LIMIT = 32_767

# Text that Excel and LibreOffice would read as their own escape of a character,
# "_x0041_" for "A", is kept literal by escaping its underscore ("_x005F_").
# (A character class alone scans fast; "_" sends the rare text with one to the slow path.)
_NEEDS_WORK = re.compile(f"[_{XML_FORBIDDEN}]")
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def cell_text(text: str) -> str:
    """`text` as a cell stores it so that Excel and LibreOffice read it back unchanged:
    without the characters XML cannot hold, with Excel's own escapes kept literal."""
    if _NEEDS_WORK.search(text) is None:
        return text
    return _EXCEL_ESCAPE.sub(r"_x005F_\1", NOT_XML.sub("", text))


@lru_cache(maxsize=None)
def letter(column: int) -> str:
    """The letters of a 1-based column number: 1 -> A, 28 -> AB."""
    return xl_col_to_name(column - 1)


# Arial 10 (the default theme's font) fits about 1.4 characters into a unit of column
# width (measured on LibreOffice's pages); 1.25 leaves room for word wrapping. A line
# is 12.75 points; a row of wrapped text gets room for the descenders of its last line
# and a gap to the next row's text (LibreOffice draws the text from the row's top edge).
_CHARS_PER_WIDTH = 1.25
_LINE_POINTS = 12.75
_ROW_PADDING = 3.0
_WRAPPED_PADDING = 6.0
_MAX_ROW_POINTS = 409


def line_count(text: str, width: float) -> int:
    """About how many lines `text` takes wrapped in a column `width` characters wide."""
    per_line = max(1, int(width * _CHARS_PER_WIDTH))
    breaks = text.count("\n")
    if len(text) <= per_line and not breaks:
        return 1
    # Each line break may end a part-filled line: at most one line more per break.
    return -(-len(text) // per_line) + breaks


def row_height(lines: int) -> float:
    """The height in points of a row `lines` lines high (at most Excel's 409)."""
    padding = _WRAPPED_PADDING if lines > 1 else _ROW_PADDING
    return min(_MAX_ROW_POINTS, round(lines * _LINE_POINTS + padding, 2))


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fits(text: str, limit: int = CELL_LIMIT) -> bool:
    """Whether `text` fits into one cell."""
    return len(text) * 2 <= limit or _utf16_length(text) <= limit


def split_text(text: str, limit: int = CELL_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` UTF-16 units that join back to `text` exactly.

    A piece ends after white space where there is some in its last tenth, so that
    words stay whole."""
    if fits(text, limit):
        return [text]
    pieces = []
    while _utf16_length(text) > limit:
        piece = text[:limit]
        while _utf16_length(piece) > limit:
            piece = piece[: -max(1, (_utf16_length(piece) - limit) // 2)]
        if piece[-1].isspace() is False:
            space = max(piece.rfind(" "), piece.rfind("\n"))
            if space >= len(piece) * 9 // 10:
                piece = piece[: space + 1]
        pieces.append(piece)
        text = text[len(piece):]
    pieces.append(text)
    return pieces


def cut_text(text: str, limit: int, mark: str) -> str:
    """`text` itself if it is at most `limit` characters long, else its beginning up to a
    word boundary followed by `mark` (which says that the text is cut), within `limit`."""
    if len(text) <= limit:
        return text
    keep = text[: max(0, limit - len(mark))]
    space = keep.rfind(" ")
    if space >= len(keep) * 9 // 10:
        keep = keep[:space]
    return keep.rstrip() + mark
