"""The workbook's cell formats, by name, in the theme's font and colours.

Every sheet is written in openpyxl's write-only mode: a cell gets its format once
(`Cells` below keeps one cell per column and format and reuses it row after row, so
that openpyxl registers each format once, not once per cell)."""

from __future__ import annotations

from copy import copy

from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ...colour import text_on
from ...model import Status
from ...theme import Theme
from .text import cell_text

__all__ = ["Styles", "Cells", "HEADER_FILL", "NOT_REPORTED_FILL", "NOT_REPORTED_TEXT"]

HEADER_FILL = "D9E1F2"
NOT_REPORTED_FILL = "F2F2F2"
NOT_REPORTED_TEXT = "595959"


class Styles:
    """Named cell formats of one workbook."""

    def __init__(self, theme: Theme) -> None:
        body = theme.fonts["body"]
        self.font_name = body
        top_wrap = Alignment(vertical="top", wrap_text=True)
        thin = Side(style="thin", color="BFBFBF")
        grid = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.grid = grid
        header = {
            "font": Font(name=body, size=10, bold=True),
            "fill": PatternFill("solid", fgColor=HEADER_FILL),
            "alignment": Alignment(vertical="center", wrap_text=True),
            "border": grid,
        }
        self._formats: dict[str, dict] = {
            "title": {"font": Font(name=body, size=14, bold=True)},
            "subtitle": {"font": Font(name=body, size=10, italic=True, color=NOT_REPORTED_TEXT)},
            "bold": {"font": Font(name=body, size=11, bold=True), "alignment": Alignment(vertical="bottom")},
            "header": header,
            "legend": {"font": Font(name=body, size=10, bold=True),
                       "alignment": Alignment(horizontal="right", vertical="center")},
            "header_centre": {**header, "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True)},
            "text": {"font": Font(name=body, size=10), "alignment": top_wrap},
            "text_grid": {"font": Font(name=body, size=10), "alignment": top_wrap, "border": grid},
            "text_middle": {"font": Font(name=body, size=10), "alignment": Alignment(vertical="center", wrap_text=True),
                            "border": grid},
            "number": {"font": Font(name=body, size=10), "alignment": Alignment(horizontal="left", vertical="top")},
            "count": {"font": Font(name=body, size=10), "alignment": Alignment(horizontal="right", vertical="top"), "border": grid},
            "count_total": {"font": Font(name=body, size=10, bold=True), "alignment": Alignment(horizontal="right", vertical="top"),
                            "border": grid},
            "mark": {
                "font": Font(name=body, size=10, bold=True),
                "alignment": Alignment(horizontal="center", vertical="top"),
                "border": grid,
            },
            # A status cell of the matrix: its colour comes from conditional formatting on its words.
            "status_cell": {
                "font": Font(name=body, size=10),
                "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
                "border": grid,
            },
            "not_reported": {
                "font": Font(name=body, size=10, italic=True, color=NOT_REPORTED_TEXT),
                "fill": PatternFill("solid", fgColor=NOT_REPORTED_FILL),
                "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
                "border": grid,
            },
        }
        for status in Status:
            colour = theme.status_style(status).hex
            self._formats[self.status(status)] = {
                "font": Font(name=body, size=10, bold=True, color=text_on(colour)),
                "fill": PatternFill("solid", fgColor=colour),
                "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
                "border": grid,
            }

    def apply(self, cell, name: str) -> None:
        for attribute, value in self._formats[name].items():
            setattr(cell, attribute, copy(value))

    def font(self, name: str) -> Font:
        return self._formats[name]["font"]

    @staticmethod
    def status(status: Status) -> str:
        return f"status:{status.value}"


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
        self.row_number = 1  # the number of the row being filled

    def _cell(self, column: int, style: str | None) -> WriteOnlyCell:
        cell = self._pool.get((column, style))
        if cell is None:
            cell = WriteOnlyCell(self.ws)
            if style is not None:
                self._styles.apply(cell, style)
            self._pool[(column, style)] = cell
        row = self._row
        if len(row) < column:
            row.extend([None] * (column - len(row)))
        row[column - 1] = cell
        return cell

    def text(self, column: int, text: str, style: str | None = None, note: Comment | None = None) -> WriteOnlyCell:
        """A cell holding `text` as text, never as a formula, whatever it begins with."""
        cell = self._cell(column, style)
        cell.value = cell_text(text) if text else None
        cell.data_type = "s"
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
            self.ws.row_dimensions[number].height = height
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
