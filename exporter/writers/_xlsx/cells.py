"""Rows of a write-only sheet, cell by cell, text always as text."""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.worksheet.dimensions import RowDimension

from .styles import Styles
from .text import cell_text

__all__ = ["Cells"]


class Cells:
    """The rows of one write-only sheet, written in order.

    Put cells into the current row with `text`, `number`, `formula` or `blank`, then
    `end_row`. There is one cell object per column and format, reused row after row
    (openpyxl writes a row out when it is appended), so that each format is looked up
    once, not once per cell.

    Text from the input always goes in as text: openpyxl stores a value that begins
    with "=" as a formula, so every text cell is marked a string after its value is set."""

    def __init__(self, ws, styles: Styles) -> None:
        self.ws = ws
        self._styles = styles
        self._pool: dict[tuple[int, str | None], WriteOnlyCell] = {}
        self._row: list[WriteOnlyCell | None] = []
        self._noted: list[WriteOnlyCell] = []
        self._heights: dict[float, RowDimension] = {}
        self._words: dict[tuple[int, str, str | int], WriteOnlyCell] = {}
        self.row_number = 1  # the number of the row being filled

    def _cell(self, column: int, style: str | None) -> WriteOnlyCell:
        cell = self._pool.get((column, style))
        if cell is None:
            cell = WriteOnlyCell(self.ws)
            if style is not None:
                self._styles.apply(cell, style)
            self._pool[(column, style)] = cell
        self._place(column, cell)
        return cell

    def _place(self, column: int, cell: WriteOnlyCell) -> None:
        row = self._row
        if len(row) < column:
            row.extend([None] * (column - len(row)))
        row[column - 1] = cell

    def text(self, column: int, text: str, style: str | None = None, note: Comment | None = None) -> WriteOnlyCell:
        """A cell holding `text` as text, never as a formula, whatever it begins with."""
        cell = self._cell(column, style)
        cell.value = cell_text(text) if text else None
        cell.data_type = "s"
        if note is not None:
            cell.comment = note
            self._noted.append(cell)
        return cell

    def word(self, column: int, value: str | int, style: str, note: Comment | None = None) -> WriteOnlyCell:
        """A cell holding a value of a small set (a status, a period, a year, a file name):
        the same as `text` or `number`, but one cell per value is kept, so that its value
        is set and checked only once."""
        key = (column, style, value)
        cell = self._words.get(key)
        if cell is None:
            cell = self._words[key] = WriteOnlyCell(self.ws)
            self._styles.apply(cell, style)
            if isinstance(value, str):
                cell.value = cell_text(value)
                cell.data_type = "s"
            else:
                cell.value = value
        self._place(column, cell)
        if note is not None:
            cell.comment = note
            self._noted.append(cell)
        return cell

    def number(self, column: int, value: int | float, style: str | None = None) -> WriteOnlyCell:
        cell = self._cell(column, style)
        cell.value = value
        return cell

    def formula(self, column: int, formula: str, style: str | None = None) -> WriteOnlyCell:
        """A cell computing `formula`, which the writer makes (never input text)."""
        if not formula.startswith("="):
            raise ValueError(f"not a formula: {formula!r}")
        cell = self._cell(column, style)
        cell.value = formula
        return cell

    def blank(self, column: int, style: str) -> WriteOnlyCell:
        """An empty cell that still shows its format (a border, a fill)."""
        cell = self._cell(column, style)
        cell.value = None
        return cell

    def end_row(self, height: float | None = None) -> None:
        """Write the current row (`height` in points, if given) and start the next."""
        number = self.row_number
        if height is not None:
            # One dimension object per height serves every row of it (a row dimension is
            # written with the row, and does not name its row itself).
            dimension = self._heights.get(height)
            if dimension is None:
                dimension = self._heights[height] = RowDimension(self.ws, ht=height)
            self.ws.row_dimensions[number] = dimension
        self.ws.append(self._row)
        if height is not None:
            del self.ws.row_dimensions[number]  # written: no need to keep it
        for cell in self._noted:
            cell.comment = None
        self._noted.clear()
        self._row = []
        self.row_number = number + 1

    def skip_to(self, number: int) -> None:
        """Leave rows empty up to row `number`."""
        while self.row_number < number:
            self.end_row()
