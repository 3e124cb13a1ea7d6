"""The summary: status counts per period and per committee as live formulas over the
records table, and a stacked column chart of the statuses per period."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from ...model import Status
from .common import Context, print_setup
from .records import table_name
from .responsibility import committee_order
from .styles import put_text
from .xml import letter

__all__ = ["build_summary", "PERIOD_HEADER_ROW"]

PERIOD_HEADER_ROW = 4


def _literal(text: str) -> str:
    """`text` as a COUNTIFS criterion that matches exactly that text: wildcards escaped,
    a leading comparison sign made part of the text."""
    text = text.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    if text[:1] in ("=", "<", ">"):
        text = "=" + text
    return '"' + text.replace('"', '""') + '"'


def _column_ref(table: str, name: str) -> str:
    """A structured reference to a table column: Tabell[Kolumn]."""
    for special in ("'", "[", "]", "#"):
        name = name.replace(special, "'" + special)
    return f"{table}[{name}]"


def _header(ctx: Context, ws: Worksheet, row: int, first: str) -> None:
    s = ctx.styles
    put_text(ws, row, 1, first, "header", s)
    for column, status in enumerate(Status, start=2):
        put_text(ws, row, column, ctx.theme.status_words(status, ctx.lang), "header", s)
    put_text(ws, row, 2 + len(Status), ctx.word("total"), "header", s)


def _total(ctx: Context, ws: Worksheet, row: int) -> None:
    ws.cell(row, 2 + len(Status), f"=SUM(B{row}:{letter(1 + len(Status))}{row})")
    ctx.styles.apply(ws.cell(row, 2 + len(Status)), "count_total")


def build_summary(ctx: Context, ws: Worksheet) -> None:
    """Fill the summary sheet (it is small: openpyxl writes all of it)."""
    s = ctx.styles
    table = table_name(ctx)
    period_col = _column_ref(table, ctx.word("period_column"))
    status_col = _column_ref(table, ctx.word("status"))
    committee_col = _column_ref(table, ctx.word("committees"))
    words = [ctx.theme.status_words(status, ctx.lang) for status in Status]
    periods = ctx.records.periods

    put_text(ws, 1, 1, ctx.word("summary"), "title", s)
    put_text(ws, PERIOD_HEADER_ROW - 1, 1, ctx.word("per_period"), "bold", s)
    _header(ctx, ws, PERIOD_HEADER_ROW, ctx.word("period_column"))
    row = PERIOD_HEADER_ROW
    for row, period in enumerate(periods, start=PERIOD_HEADER_ROW + 1):
        put_text(ws, row, 1, period.label, "text_grid", s)
        for column, word in enumerate(words, start=2):
            cell = ws.cell(row, column, f"=COUNTIFS({period_col},{_literal(period.label)},{status_col},{_literal(word)})")
            s.apply(cell, "count")
        _total(ctx, ws, row)
    last_period_row = row
    total_row = row + 1
    put_text(ws, total_row, 1, ctx.word("total"), "header", s)
    for column in range(2, 3 + len(Status)):
        col = letter(column)
        cell = ws.cell(total_row, column, f"=SUM({col}{PERIOD_HEADER_ROW + 1}:{col}{max(last_period_row, PERIOD_HEADER_ROW + 1)})")
        s.apply(cell, "count_total")

    header_row = total_row + 3
    put_text(ws, header_row - 1, 1, ctx.word("per_committee"), "bold", s)
    _header(ctx, ws, header_row, ctx.word("committee"))
    row = header_row
    for row, code in enumerate(committee_order(ctx), start=header_row + 1):
        name = ctx.theme.committee_name(code)
        put_text(ws, row, 1, f"{name} ({code})" if name != code else code, "text_grid", s)
        for column, word in enumerate(words, start=2):
            # A record's committees are written "KS, SAN": the code alone, first, last or in between.
            parts = [_literal(code), _literal(code) + '&", *"', '"*, "&' + _literal(code), '"*, "&' + _literal(code) + '&", *"']
            formula = "+".join(f"COUNTIFS({committee_col},{p},{status_col},{_literal(word)})" for p in parts)
            s.apply(ws.cell(row, column, "=" + formula), "count")
        _total(ctx, ws, row)
    if any(not r.committees for r in ctx.records):
        row += 1
        put_text(ws, row, 1, ctx.word("other_committees"), "text_grid", s)
        for column, word in enumerate(words, start=2):
            # All with the status less those with a committee (LibreOffice's COUNTIFS does not
            # match empty cells with "").
            status = _literal(word)
            formula = f'=COUNTIFS({status_col},{status})-COUNTIFS({committee_col},"<>",{status_col},{status})'
            s.apply(ws.cell(row, column, formula), "count")
        _total(ctx, ws, row)

    ws.column_dimensions["A"].width = 38
    for column in range(2, 3 + len(Status)):
        ws.column_dimensions[letter(column)].width = 13
    ws.row_dimensions[PERIOD_HEADER_ROW].height = 42
    ws.row_dimensions[header_row].height = 42
    if periods:
        ws.add_chart(_chart(ctx, ws, last_period_row), f"{letter(len(Status) + 4)}{PERIOD_HEADER_ROW - 1}")
    print_setup(ctx, ws, None)


def _chart(ctx: Context, ws: Worksheet, last_row: int) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = ctx.word("per_period")
    chart.y_axis.title = ctx.word("count")
    chart.x_axis.title = ctx.word("period_column")
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    data = Reference(ws, min_col=2, max_col=1 + len(Status), min_row=PERIOD_HEADER_ROW, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=PERIOD_HEADER_ROW + 1, max_row=last_row))
    for series, status in zip(chart.series, Status):
        colour = ctx.theme.status_style(status).hex
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.width, chart.height = 18, 10
    return chart
