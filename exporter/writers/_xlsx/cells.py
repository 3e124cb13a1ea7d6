"""Cells written through XlsxWriter's public API, text always as text."""

from __future__ import annotations

from typing import Any

from .text import cell_text

__all__ = ["put_text"]


def put_text(ws: Any, row: int, column: int, text: str, fmt: Any = None) -> None:
    """A cell (0-based `row` and `column`) holding `text` as text, never as a formula or
    a number, whatever it begins with (`write_string`, never `write`); an empty text
    leaves the cell blank with its format."""
    if text:
        ws.write_string(row, column, cell_text(text), fmt)
    elif fmt is not None:
        ws.write_blank(row, column, None, fmt)
