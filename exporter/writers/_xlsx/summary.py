"""The summary, the workbook's first sheet: live counts over the status matrix's table
and a chart of the statuses per period.

Every count is a formula over the matrix (one row per assignment, one cell per
period), so each assignment counts once per period, and a status changed in the
matrix during a meeting is counted anew. The committee of an assignment is its lead
committee as the matrix shows it (the first committee of its latest record)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.legend import Legend
from openpyxl.worksheet.pagebreak import Break

from ...model import Period, Record, Source, Status, StatusChange
from .common import Context, print_setup
from .matrix import Matrix
from .cells import Cells
from .text import letter

__all__ = ["build_summary", "slip_pairs", "PERIOD_HEADER_ROW", "Summary"]

PERIOD_HEADER_ROW = 4
COUNT_WIDTH = 13
SLIPPED_WIDTH = 18
FIRST_WIDTH = 40
ROW_CM = 12.75 / 72 * 2.54  # a default row (Arial 10) in centimetres
PAGE_CM = 16.0  # the height an A4 landscape page prints, less margins, header and footer


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


def slip_pairs() -> list[tuple[Status, Status]]:
    """The (before, after) statuses that the record set counts as a slip (the one
    definition, `StatusChange.slipped`), asked of the record set's own type."""
    def probe(status: Status) -> Record:
        return Record("", Period(2000, 1), "", (), status, "", (), Source("", 0))

    return [(before, after) for before in Status for after in Status
            if StatusChange(probe(before), probe(after)).slipped]


class Summary:
    """The summary sheet being written."""

    def __init__(self, ctx: Context, ws, matrix: Matrix) -> None:
        self.ctx, self.ws, self.matrix = ctx, ws, matrix
        self.cells = Cells(ws, ctx.styles)
        self.lead = _column_ref(matrix.table, matrix.lead_column)

    def period_ref(self, period: Period) -> str:
        return _column_ref(self.matrix.table, self.matrix.period_columns[period])

    def header(self, first: str, extra: Iterable[str] = ()) -> None:
        c = self.cells
        c.text(1, first, "header")
        for column, status in enumerate(Status, start=2):
            c.text(column, self.matrix.labels[status], "header_centre")
        c.text(2 + len(Status), self.ctx.word("total"), "header_centre")
        for column, text in enumerate(extra, start=3 + len(Status)):
            c.text(column, text, "header_centre")
        c.end_row(42)

    def total(self) -> None:
        row = self.cells.row_number
        self.cells.formula(2 + len(Status), f"=SUM(B{row}:{letter(1 + len(Status))}{row})", "count_total")

    def committee_row(self, code: str, period: Period) -> None:
        c, ref = self.cells, self.period_ref(period)
        c.text(1, self.ctx.committee_label(code) if code else self.ctx.word("other_committees"), "text_grid")
        for column, status in enumerate(Status, start=2):
            label = _literal(self.matrix.labels[status])
            if code:
                formula = f"=COUNTIFS({self.lead},{_literal(code)},{ref},{label})"
            else:
                # All with the status less those with a committee (LibreOffice's COUNTIFS does
                # not match empty cells with "").
                formula = f'=COUNTIF({ref},{label})-COUNTIFS({self.lead},"<>",{ref},{label})'
            c.formula(column, formula, "count")
        self.total()
        c.end_row()


def build_summary(ctx: Context, ws, matrix: Matrix) -> None:
    """Write the summary sheet."""
    s = Summary(ctx, ws, matrix)
    c = s.cells
    periods = ctx.records.periods
    widths = [FIRST_WIDTH] + [COUNT_WIDTH] * (len(Status) + 1) + [SLIPPED_WIDTH]
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[letter(column)].width = width
    print_setup(ctx, ws, widths)

    c.text(1, ctx.word("summary"), "title")
    c.end_row(22)
    c.text(1, ctx.theme.workbook_title(ctx.lang), "subtitle")
    c.end_row()
    c.text(1, ctx.word("per_period"), "bold")
    c.end_row(20)
    s.header(ctx.word("period_column"), [ctx.word("slipped_since_previous")])
    first_row = c.row_number
    previous: Period | None = None
    pairs = slip_pairs()
    for period in periods:
        ref = s.period_ref(period)
        c.text(1, period.label, "text_grid")
        for column, status in enumerate(Status, start=2):
            c.formula(column, f"=COUNTIF({ref},{_literal(matrix.labels[status])})", "count")
        s.total()
        if previous is None or previous != period.previous:
            # Only the tertial right before counts (as in RecordSet.changes).
            c.blank(3 + len(Status), "count")
        else:
            before = s.period_ref(previous)
            terms = [f"COUNTIFS({before},{_literal(matrix.labels[a])},{ref},{_literal(matrix.labels[b])})"
                     for a, b in pairs]
            c.formula(3 + len(Status), "=" + "+".join(terms), "count")
        c.end_row()
        previous = period
    last_row = c.row_number - 1

    if periods:
        c.end_row()
        chart = _chart(ctx, ws, first_row, last_row)
        # The chart on one page: on the next if the table above leaves too little room;
        # the committees' tables begin a page of their own after it.
        above_cm = (22 + 12.75 + 20 + 42) / 72 * 2.54 + ROW_CM * (len(periods) + 1)
        if above_cm + chart.height > PAGE_CM:
            ws.row_breaks.append(Break(id=c.row_number - 1))
        ws.add_chart(chart, f"A{c.row_number}")
        c.skip_to(c.row_number + math.ceil(chart.height / ROW_CM) + 1)
        ws.row_breaks.append(Break(id=c.row_number - 1))

    lead_of = {a: ctx.lead_committee(ctx.records.latest(a)) for a in ctx.records.assignments}
    present = set(lead_of.values())
    leads = [code for code in ctx.committee_order() if code in present]
    without = "" in present
    if periods:
        latest = periods[-1]
        c.text(1, ctx.word("per_committee_latest", period=latest.label), "bold")
        c.end_row(20)
        s.header(ctx.word("lead_committee"))
        for code in leads + ([""] if without else []):
            s.committee_row(code, latest)
        c.end_row()
    if len(periods) > 1:
        c.text(1, ctx.word("per_committee_and_period"), "bold")
        c.end_row(20)
        s.header(ctx.word("lead_committee"))
        for period in reversed(periods):
            reported = {lead_of[r.assignment] for r in ctx.records.assignment_records(period)}
            c.text(1, period.label, "header")
            c.end_row()
            for code in leads + [""]:
                if code in reported:
                    s.committee_row(code, period)


def _chart(ctx: Context, ws, first_row: int, last_row: int) -> BarChart:
    """Horizontal stacked bars, a bar per period (the first on top), the statuses from
    left to right in the legend's order beneath."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 60
    chart.title = ctx.word("per_period")
    chart.y_axis.title = ctx.word("count")
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # the first period on top, as in the table
    chart.x_axis.tickLblSkip = 1  # every period named
    chart.y_axis.crosses = "max"  # the count axis beneath the bars
    chart.y_axis.majorGridlines = None
    data = Reference(ws, min_col=2, max_col=1 + len(Status), min_row=first_row - 1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first_row, max_row=last_row))
    for series, status in zip(chart.series, Status):
        colour = ctx.theme.status_style(status).hex
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.legend = Legend(legendPos="b")
    chart.width = 24
    chart.height = min(PAGE_CM - 1.5, max(7.5, 4 + 0.6 * (last_row - first_row + 1)))
    return chart


def chart_description(ctx: Context) -> str:
    """The chart's alternative text: what it shows and its numbers as written."""
    parts = []
    for period in ctx.records.periods:
        counts = ctx.records.status_counts(ctx.records.assignment_records(period))
        listed = ", ".join(f"{ctx.theme.status_words(s, ctx.lang)} {n}" for s, n in counts.items() if n)
        parts.append(f"{period.label}: {listed}")
    return ctx.word("chart_description") + " " + "; ".join(parts) + "."
