"""The workbook's cell styles, usable both on openpyxl cells and, by number, in
spliced rows; and the choice of text colour on a status colour."""

from __future__ import annotations

from copy import copy

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ...colour import text_on
from ...model import Status
from ...theme import Theme

__all__ = ["Styles", "put_text"]

HEADER_FILL = "D9E1F2"


def put_text(ws: Worksheet, row: int, column: int, text: str, style: str | None = None, styles: Styles | None = None) -> Cell:
    """Write `text` into an openpyxl cell as text, even where it begins with "=" (which
    openpyxl would otherwise store as a formula)."""
    cell = ws.cell(row=row, column=column, value=text)
    cell.data_type = "s"
    if style is not None and styles is not None:
        styles.apply(cell, style)
    return cell


class Styles:
    """Named cell styles of one workbook. `id(name)` is the style's number in the
    workbook's style sheet, for cells written as text."""

    def __init__(self, wb: Workbook, theme: Theme) -> None:
        self._wb = wb
        self._probe_sheet = wb.active
        body = theme.fonts["body"]
        top_wrap = Alignment(vertical="top", wrap_text=True)
        thin = Side(style="thin", color="BFBFBF")
        grid = Border(left=thin, right=thin, top=thin, bottom=thin)
        self._styles: dict[str, dict] = {
            "title": {"font": Font(name=body, size=14, bold=True)},
            "bold": {"font": Font(name=body, size=10, bold=True), "alignment": Alignment(vertical="center")},
            "header": {
                "font": Font(name=body, size=10, bold=True),
                "fill": PatternFill("solid", fgColor=HEADER_FILL),
                "alignment": Alignment(vertical="center", wrap_text=True),
                "border": grid,
            },
            "header_rotated": {
                "font": Font(name=body, size=10, bold=True),
                "fill": PatternFill("solid", fgColor=HEADER_FILL),
                "alignment": Alignment(horizontal="center", vertical="bottom", text_rotation=90, wrap_text=True),
                "border": grid,
            },
            "text": {"font": Font(name=body, size=10), "alignment": top_wrap},
            "text_grid": {"font": Font(name=body, size=10), "alignment": top_wrap, "border": grid},
            "number": {"font": Font(name=body, size=10), "alignment": Alignment(vertical="top")},
            "count": {"font": Font(name=body, size=10), "alignment": Alignment(horizontal="right"), "border": grid},
            "count_total": {"font": Font(name=body, size=10, bold=True), "alignment": Alignment(horizontal="right"), "border": grid},
            "mark": {
                "font": Font(name=body, size=10, bold=True),
                "alignment": Alignment(horizontal="center", vertical="top"),
                "border": grid,
            },
            "not_reported": {
                "font": Font(name=body, size=10, italic=True, color="595959"),
                "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
                "border": grid,
            },
        }
        for status in Status:
            colour = theme.status_style(status).hex
            self._styles[f"status:{status.value}"] = {
                "font": Font(name=body, size=10, bold=True, color=text_on(colour)),
                "fill": PatternFill("solid", fgColor=colour),
                "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
                "border": grid,
            }
        self._probes: dict[str, Cell] = {}

    def _probe(self, name: str) -> Cell:
        """A cell outside any sheet that carries the style (openpyxl registers it)."""
        probe = self._probes.get(name)
        if probe is None:
            probe = Cell(self._probe_sheet)
            for attribute, value in self._styles[name].items():
                setattr(probe, attribute, copy(value))
            self._probes[name] = probe
        return probe

    def apply(self, cell: Cell, name: str) -> None:
        cell._style = copy(self._probe(name)._style)

    def id(self, name: str) -> int:
        return self._probe(name).style_id

    @staticmethod
    def status(status: Status) -> str:
        return f"status:{status.value}"
