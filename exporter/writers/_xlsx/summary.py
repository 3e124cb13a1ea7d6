"""The summary, the workbook's first sheet: live counts over the status matrix's table
and a chart of the statuses per period.

Every count is a formula over the matrix (one row per assignment, one cell per
period), so each assignment counts once per period, and a status changed in the
matrix during a meeting is counted anew. Each formula carries its result, computed
here from the same cells, so that a viewer that does not calculate (a mail preview, a
document archive) shows the counts too. No text is repeated inside a formula: a
criterion refers to the cell that holds its text (the status label in the table's
header, a committee's code in a hidden column), so no formula outgrows Excel's
limits (8,192 characters, 255 in a text literal) however long a name is. The
committee of an assignment is its lead committee as the matrix shows it (the first
committee of its latest record)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...model import Period, Record, Source, Status, StatusChange
from .cells import put_text
from .common import Context, PRINTABLE_WIDTH_PT, column_points, print_setup
from .matrix import Matrix
from .text import CELL_LIMIT, fits, letter

__all__ = ["build_summary", "slip_pairs", "criterion", "chart_description", "Counts", "PERIOD_HEADER_ROW",
           "CODE_COLUMN", "LOGO_HEIGHT_PX", "LOGO_COLUMN", "PageLayout", "page_layout", "chart_heights", "PAGE_PT",
           "ROW_PT", "MIN_ONE_PAGE_SCALE"]

PERIOD_HEADER_ROW = 6  # 1-based: title, workbook, facts, a blank row, the table's heading, its header
COUNT_WIDTH = 13
SLIPPED_WIDTH = 18
FIRST_WIDTH = 40
TOTAL_COLUMN = 1 + len(Status)  # 0-based: the label, the statuses, then the total
SLIPPED_COLUMN = TOTAL_COLUMN + 1
CODE_COLUMN = SLIPPED_COLUMN + 1  # hidden: the committee codes that the criteria refer to
ROW_PT = 15.0  # a default row
LOGO_HEIGHT_PX = 56  # within the title row (30 pt, 40 px) and the next (20 px)
LOGO_COLUMN = 7  # 0-based: the summary's last columns, beside its title
NO_VALUE = "–"  # where there is nothing to count (no tertial right before)

HEADING_PT = 20.0  # the row of a table's heading
HEADER_PT = 42.0  # the period table's header row: its last column's words on three lines
SHORT_HEADER_PT = 30.0  # the committees' header row: status words on up to two lines
PAGE_PT = 16.0 / 2.54 * 72  # the height an A4 landscape page prints, less margins, header and footer
# Below this the summary is not squeezed onto one page (its text would print at 6.6 pt).
MIN_ONE_PAGE_SCALE = 60
CM = 72 / 2.54  # points


@dataclass(frozen=True)
class PageLayout:
    """How the summary prints: on one page or not, at what scale its columns fit the
    page's width, and how high its chart is (points)."""

    one_page: bool
    width_scale: float
    chart_pt: float


def chart_heights(periods: int) -> tuple[float, float]:
    """The least height (points) at which a chart of `periods` bars reads (its title,
    axis and legend, and a bar of about 4 mm each), and the height it is given where
    there is room."""
    least = (4 + 0.5 * periods) * CM
    ample = min(14.5, max(7.5, 4 + 0.6 * periods)) * CM
    return min(least, ample), ample


def page_layout(widths: Sequence[float], above_pt: float, periods: int, below_pt: float) -> PageLayout:
    """The summary's print layout: its columns of `widths`, `above_pt` of rows above the
    chart (title, facts, the period table), a chart for `periods` periods between blank
    rows, and `below_pt` of rows beneath it (the committees' table). One page at the
    scale the width allows where the chart has room at its least height; else one page
    at a smaller scale, down to MIN_ONE_PAGE_SCALE; else pages as long as it takes and
    a chart as high as it reads best."""
    width_scale = min(100.0, 100 * PRINTABLE_WIDTH_PT / sum(column_points(w) for w in widths))
    if not periods:
        return PageLayout(True, width_scale, 0.0)
    least, ample = chart_heights(periods)
    # Two blank rows around the chart, and the part of a row it may leave unused.
    fixed = above_pt + below_pt + 3 * ROW_PT
    room = PAGE_PT * 100 / width_scale - fixed
    if room >= least:
        return PageLayout(True, width_scale, min(ample, room))
    if 100 * PAGE_PT / (fixed + least) >= MIN_ONE_PAGE_SCALE:
        return PageLayout(True, width_scale, least)
    return PageLayout(False, width_scale, ample)


# A criterion text that COUNTIF reads as itself: no wildcard or its escape, no leading
# comparison sign.
_PLAIN_CRITERION = re.compile(r"[^=<>~*?][^~*?]*", re.DOTALL)


def criterion(ref: str, text: str) -> str:
    """A COUNTIF criterion that matches exactly `text`, the text of cell `ref`: the
    cell itself where COUNTIF reads its text as it is, else the text with its
    wildcards (* ? ~) escaped and "=" before it, worked out by the formula from the
    cell (never the text written into the formula)."""
    if _PLAIN_CRITERION.fullmatch(text):
        return ref
    return f'"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({ref},"~","~~"),"*","~*"),"?","~?")'


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


class Counts:
    """What the summary's formulas compute, computed here from what the matrix shows:
    their cached results."""

    def __init__(self, ctx: Context, shown: dict[Period, dict[str, Record]]) -> None:
        records = ctx.records
        self.lead_of = {a: ctx.lead_committee(records.latest(a)) for a in records.assignments}
        self.per_period: dict[Period, Counter[Status]] = {}
        self.per_committee: dict[Period, dict[str, Counter[Status]]] = {}
        for period, chosen in shown.items():
            self.per_period[period] = Counter(r.status for r in chosen.values())
            groups: dict[str, Counter[Status]] = {}
            for record in chosen.values():
                groups.setdefault(self.lead_of[record.assignment], Counter())[record.status] += 1
            self.per_committee[period] = groups
        pairs = set(slip_pairs())
        self.slipped: dict[Period, int | None] = {}
        for period, chosen in shown.items():
            before = shown.get(period.previous)
            self.slipped[period] = None if before is None else sum(
                1 for a, r in chosen.items() if a in before and (before[a].status, r.status) in pairs)


class Summary:
    """The summary sheet being written, a row at a time."""

    def __init__(self, ctx: Context, ws: Any, matrix: Matrix) -> None:
        self.ctx, self.ws, self.matrix = ctx, ws, matrix
        self.styles = ctx.styles
        self.row = 0  # 0-based: the next row to write
        self.lead = _column_ref(matrix.table, matrix.lead_column)
        self.header_row = 0  # the header row of the table being written (0-based)
        self.heights: dict[int, float] = {}  # rows (0-based) not of the default height

    def used_pt(self) -> float:
        """The height of the rows written so far, in points."""
        return sum(self.heights.get(row, ROW_PT) for row in range(self.row))

    def set_height(self, row: int, height: float) -> None:
        self.ws.set_row(row, height)
        self.heights[row] = height

    def period_ref(self, period: Period) -> str:
        return _column_ref(self.matrix.table, self.matrix.period_columns[period])

    def status_criterion(self, status: Status) -> str:
        """The criterion of a status: its label in the header of the current table."""
        column = 1 + list(Status).index(status)
        return criterion(f"{letter(column + 1)}${self.header_row + 1}", self.matrix.labels[status])

    def text(self, text: str, style: str, height: float | None = None) -> None:
        put_text(self.ws, self.row, 0, text, self.styles[style])
        if height is not None:
            self.set_height(self.row, height)
        self.row += 1

    def header(self, first: str, extra: Sequence[str] = ()) -> None:
        ws, styles = self.ws, self.styles
        self.header_row = row = self.row
        put_text(ws, row, 0, first, styles["header"])
        for column, status in enumerate(Status, start=1):
            put_text(ws, row, column, self.matrix.labels[status], styles["header_centre"])
        put_text(ws, row, TOTAL_COLUMN, self.ctx.word("total"), styles["header_centre"])
        for column, text in enumerate(extra, start=TOTAL_COLUMN + 1):
            put_text(ws, row, column, text, styles["header_centre"])
        self.set_height(row, HEADER_PT if extra else SHORT_HEADER_PT)
        self.row += 1

    def counts(self, formulas: Sequence[str], counts: Counter[Status]) -> None:
        """The status counts of the current row and their total, each with its result."""
        ws, row, fmt = self.ws, self.row, self.styles["count"]
        for column, (formula, status) in enumerate(zip(formulas, Status), start=1):
            ws.write_formula(row, column, formula, fmt, counts[status])
        ws.write_formula(row, TOTAL_COLUMN, f"=SUM(B{row + 1}:{letter(TOTAL_COLUMN)}{row + 1})",
                         self.styles["count_total"], sum(counts[s] for s in Status))

    def committee_row(self, code: str, period: Period, counts: Counter[Status]) -> None:
        ws, row, ref = self.ws, self.row, self.period_ref(period)
        put_text(ws, row, 0, self.ctx.committee_label(code) if code else self.ctx.word("other_committees"),
                 self.styles["text_grid"])
        if code:
            put_text(ws, row, CODE_COLUMN, code if fits(code) else code[:CELL_LIMIT])
            lead = criterion(f"${letter(CODE_COLUMN + 1)}{row + 1}", code)
            formulas = [f"=COUNTIFS({self.lead},{lead},{ref},{self.status_criterion(s)})" for s in Status]
        else:
            # All with the status less those with a committee (LibreOffice's COUNTIFS does
            # not match empty cells with "").
            formulas = [f'=COUNTIF({ref},{self.status_criterion(s)})-COUNTIFS({self.lead},"<>",{ref},'
                        f'{self.status_criterion(s)})' for s in Status]
        self.counts(formulas, counts)
        self.row += 1


def _sources(ctx: Context) -> str:
    """The input files the records come from, the first few by name."""
    files = list(dict.fromkeys(r.source.file for r in ctx.records))
    shown = ", ".join(files[:4])
    return shown + (f" (+{len(files) - 4})" if len(files) > 4 else "")


def facts(ctx: Context, date: Any) -> tuple[str, str]:
    """The organisation, the periods the workbook covers and its date where it has one
    (`--date`; never made up from a period, as the reports' title pages), and the
    sources: on the summary and in every printed header and footer."""
    periods = ctx.records.periods
    covers = (f" · {ctx.word('covers')} {periods[0].label}"
              + (f"–{periods[-1].label}" if len(periods) > 1 else "")) if periods else ""
    dated = f" · {ctx.word('report_date')} {date.isoformat()}" if date is not None else ""
    return (f"{ctx.theme.organisation}{covers}{dated}",
            f"{ctx.word('source_file')}: {_sources(ctx)}" if len(ctx.records) else "")


def build_summary(ctx: Context, ws: Any, matrix: Matrix, counts: Counts) -> None:
    """Write the summary sheet."""
    s = Summary(ctx, ws, matrix)
    periods = ctx.records.periods
    widths = [FIRST_WIDTH] + [COUNT_WIDTH] * (len(Status) + 1) + [SLIPPED_WIDTH]
    ws.set_column(0, 0, FIRST_WIDTH)
    ws.set_column(1, TOTAL_COLUMN, COUNT_WIDTH)
    ws.set_column(SLIPPED_COLUMN, SLIPPED_COLUMN, SLIPPED_WIDTH)
    ws.set_column(CODE_COLUMN, CODE_COLUMN, None, None, {"hidden": True})

    s.text(ctx.word("summary"), "title", 30)  # with the next row, as high as the logo beside them
    s.text(ctx.theme.workbook_title(ctx.lang), "subtitle")
    s.text(" · ".join(t for t in (ctx.header_left, ctx.footer_left) if t), "subtitle")
    s.row += 1
    s.text(ctx.word("per_period"), "bold", HEADING_PT)
    s.header(ctx.word("period_column"), [ctx.word("slipped_since_previous")])
    first_row = s.row
    pairs = slip_pairs()
    for period in periods:
        ref = s.period_ref(period)
        put_text(ws, s.row, 0, period.label, ctx.styles["text_grid"])
        s.counts([f"=COUNTIF({ref},{s.status_criterion(status)})" for status in Status], counts.per_period[period])
        slipped = counts.slipped[period]
        if slipped is None:
            # Only the tertial right before counts (as in RecordSet.changes).
            put_text(ws, s.row, SLIPPED_COLUMN, NO_VALUE, ctx.styles["count"])
        else:
            before = s.period_ref(period.previous)
            terms = [f"COUNTIFS({before},{s.status_criterion(a)},{ref},{s.status_criterion(b)})" for a, b in pairs]
            ws.write_formula(s.row, SLIPPED_COLUMN, "=" + "+".join(terms), ctx.styles["count"], slipped)
        s.row += 1
    last_row = s.row - 1
    present = set(counts.lead_of.values())
    leads = [code for code in ctx.committee_order() if code in present] + ([""] if "" in present else [])
    latest_groups = counts.per_committee[periods[-1]] if periods else {}
    # The committees' table of the latest period only (the matrix holds every period):
    # a blank row, its heading, its header and a row per committee leading something.
    committees_pt = HEADING_PT + SHORT_HEADER_PT + ROW_PT * sum(1 for code in leads if code in latest_groups)
    layout = page_layout(widths, s.used_pt(), len(periods), committees_pt if periods else 0.0)
    breaks: list[int] = []
    chart_row = committees_row = s.row
    if periods:
        s.row += 1
        chart_row = s.row
        chart = _chart(ctx, ws, first_row, last_row, widths, layout.chart_pt)
        ws.insert_chart(s.row, 0, chart, {"description": chart_description(ctx), "object_position": 1})
        s.row += math.ceil(layout.chart_pt / ROW_PT) + 1
        committees_row = s.row
        latest = periods[-1]
        s.text(ctx.word("per_committee_latest", period=latest.label), "bold", HEADING_PT)
        s.header(ctx.word("lead_committee"))
        for code in leads:
            if code in latest_groups:
                s.committee_row(code, latest, latest_groups[code])

    # One page at a readable scale where it fits (a municipality's committees over a
    # couple of years); else the chart on a page of its own where the period table
    # leaves no room for it, and the committees' table from the next page.
    if periods and not layout.one_page:
        if (first_row + len(periods)) * ROW_PT + layout.chart_pt > PAGE_PT * 100 / layout.width_scale:
            breaks.append(chart_row)
        breaks.append(committees_row)
        ws.set_h_pagebreaks(breaks)
    print_setup(ctx, ws, widths, pages_tall=1 if layout.one_page else 0)
    ws.print_area(0, 0, max(s.row - 1, 0), SLIPPED_COLUMN)
    if ctx.theme.logo is not None:
        _logo(ctx, ws)


def _chart(ctx: Context, ws: Any, first_row: int, last_row: int, widths: Sequence[float], height_pt: float) -> Any:
    """Horizontal stacked bars, a bar per period (the first on top), the statuses from
    left to right in the legend's order beneath; `height_pt` high."""
    chart = ctx.workbook.add_chart({"type": "bar", "subtype": "stacked"})
    name = ws.name
    for column, status in enumerate(Status, start=1):
        colour = f"#{ctx.theme.status_style(status).hex}"
        chart.add_series({
            "name": [name, first_row - 1, column],
            "categories": [name, first_row, 0, last_row, 0],
            "values": [name, first_row, column, last_row, column],
            "fill": {"color": colour}, "border": {"color": colour},
            "gap": 60, "overlap": 100,
        })
    small = {"size": 9}
    chart.set_title({"name": ctx.word("per_period"), "name_font": {"size": 11, "bold": True}})
    # In a bar chart the x axis is the (horizontal) value axis, the y axis the periods.
    chart.set_x_axis({"name": ctx.word("count"), "name_font": small, "num_font": small,
                      "major_gridlines": {"visible": False}})
    chart.set_y_axis({"reverse": True, "interval_unit": 1, "crossing": "max", "num_font": small})  # the first period on top
    chart.set_legend({"position": "bottom", "font": small})
    # As wide as the tables above and beneath it (Excel's pixels: 7 a character and 5 of
    # padding), so that the legend's six statuses stand on one line.
    width_px = sum(round(w * 7 + 5) for w in widths)
    chart.set_size({"width": width_px, "height": math.floor(height_pt * 96 / 72)})
    return chart


def chart_description(ctx: Context) -> str:
    """The chart's alternative text: what it shows and its numbers as written."""
    parts = []
    for period in ctx.records.periods:
        counts = ctx.records.status_counts(ctx.records.assignment_records(period))
        listed = ", ".join(f"{ctx.theme.status_words(s, ctx.lang)} {n}" for s, n in counts.items() if n)
        parts.append(f"{period.label}: {listed}")
    return ctx.word("chart_description") + " " + "; ".join(parts) + "."


def _logo(ctx: Context, ws: Any) -> None:
    """The theme's logo at the top right of the summary, LOGO_HEIGHT_PX high, with its
    alternative text."""
    from PIL import Image

    logo = ctx.theme.logo
    assert logo is not None
    with Image.open(logo.path) as image:
        width, height = image.size
        dpi = image.info.get("dpi", (96, 96))
    # XlsxWriter sizes an image by its resolution: at 96 dpi a pixel is a pixel.
    scale = LOGO_HEIGHT_PX / height
    x_dpi = float(dpi[0]) or 96.0
    y_dpi = float(dpi[1]) or 96.0
    ws.insert_image(0, LOGO_COLUMN, str(logo.path), {
        "x_scale": scale * x_dpi / 96, "y_scale": scale * y_dpi / 96,
        "description": logo.alt[ctx.lang], "object_position": 3,
    })
