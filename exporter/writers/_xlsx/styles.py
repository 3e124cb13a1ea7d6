"""The workbook's cell formats, by name, in the theme's font and colours, made once per
workbook through XlsxWriter's `add_format`."""

from __future__ import annotations

from typing import Any

from ...colour import text_on
from ...model import Status
from ...theme import Theme

__all__ = ["Styles", "HEADER_FILL", "NOT_REPORTED_FILL", "NOT_REPORTED_TEXT", "GRID", "GROUP_END"]

HEADER_FILL = "D9E1F2"
NOT_REPORTED_FILL = "F2F2F2"
NOT_REPORTED_TEXT = "595959"
GRID = "BFBFBF"
GROUP_END = "404040"  # the rule under the last assignment of a lead committee's group


class Styles:
    """Named cell formats of one workbook: `styles["header"]` is an XlsxWriter Format.

    Every format that draws the matrix's grid has an "_end" twin with a medium rule at
    its bottom, for the last row of a lead committee's group."""

    def __init__(self, workbook: Any, theme: Theme) -> None:
        body = theme.fonts["body"]
        self.font_name = body
        grid = {"border": 1, "border_color": f"#{GRID}"}
        text = {"font_name": body, "font_size": 10}
        header = {**text, "bold": True, "bg_color": f"#{HEADER_FILL}", "valign": "vcenter", "text_wrap": True, **grid}
        specs: dict[str, dict[str, Any]] = {
            "title": {"font_name": body, "font_size": 14, "bold": True},
            "subtitle": {**text, "italic": True, "font_color": f"#{NOT_REPORTED_TEXT}"},
            "bold": {"font_name": body, "font_size": 11, "bold": True, "valign": "bottom"},
            "header": header,
            "legend": {**text, "bold": True, "align": "right", "valign": "vcenter"},
            "header_centre": {**header, "align": "center"},
            "text": {**text, "valign": "top", "text_wrap": True},
            "text_grid": {**text, "valign": "top", "text_wrap": True, **grid},
            "text_middle": {**text, "valign": "vcenter", "text_wrap": True, **grid},
            "number": {**text, "align": "left", "valign": "top"},
            "count": {**text, "align": "right", "valign": "top", **grid},
            "count_total": {**text, "bold": True, "align": "right", "valign": "top", **grid},
            "mark": {**text, "bold": True, "align": "center", "valign": "top"},
            # A status cell of the matrix: its colour comes from conditional formatting on its words.
            "status_cell": {**text, "align": "center", "valign": "vcenter", "text_wrap": True, **grid},
            "not_reported": {**text, "italic": True, "font_color": f"#{NOT_REPORTED_TEXT}",
                             "bg_color": f"#{NOT_REPORTED_FILL}", "align": "center", "valign": "vcenter",
                             "text_wrap": True, **grid},
        }
        for status in Status:
            colour = theme.status_style(status).hex
            specs[self.status(status)] = {**text, "bold": True, "font_color": f"#{text_on(colour)}",
                                          "bg_color": f"#{colour}", "align": "center", "valign": "vcenter",
                                          "text_wrap": True, **grid}
        for name in ("text_middle", "status_cell"):
            specs[name + "_end"] = {**specs[name], "bottom": 2, "bottom_color": f"#{GROUP_END}"}
        self._formats = {name: workbook.add_format(spec) for name, spec in specs.items()}
        # Conditional formats (differential formats: what they change only).
        self.conditional = {
            status: workbook.add_format({"bold": True, "font_color": f"#{text_on(theme.status_style(status).hex)}",
                                         "bg_color": f"#{theme.status_style(status).hex}"})
            for status in Status
        }
        self.conditional_not_reported = workbook.add_format(
            {"italic": True, "font_color": f"#{NOT_REPORTED_TEXT}", "bg_color": f"#{NOT_REPORTED_FILL}"})

    def __getitem__(self, name: str) -> Any:
        return self._formats[name]

    @staticmethod
    def status(status: Status) -> str:
        return f"status:{status.value}"
