"""The workbook's cell formats, by name, in the theme's font and colours."""

from __future__ import annotations

from copy import copy

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ...colour import text_on
from ...model import Status
from ...theme import Theme

__all__ = ["Styles", "HEADER_FILL", "NOT_REPORTED_FILL", "NOT_REPORTED_TEXT"]

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
