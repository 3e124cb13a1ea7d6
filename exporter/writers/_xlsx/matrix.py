"""The status matrix: one row per assignment, one column per period, a named table.

Rows are sorted by lead committee (the theme's order), then by the first period the
assignment appears in, then by title; a medium rule marks where one lead committee's
group ends. A reported cell shows the status's symbol and words ("✔ Genomfört") and
the period's comment as a note; every other cell shows "Ej rapporterat". The colours
come from conditional formats on those words (comparing with the legend's cells, so no
text is repeated in a rule) and a drop-down list (a data validation over the legend)
offers them, so that a status changed during a meeting gets its colour, and the
summary's formulas recount."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...model import Period, Record, Status
from .cells import put_text
from .common import MAX_COLUMNS, NOTE_CAP, NOTE_LIMIT, Context, print_setup, table_name, unique_headers
from .text import CELL_LIMIT, cell_text, cut_text, fits, letter, line_count, row_height

__all__ = ["build_matrix", "Matrix", "matrix_layout", "TITLE_ROW", "LEGEND_ROW", "HEADER_ROW",
           "FIRST_PERIOD_COLUMN", "PERIOD_WIDTH", "MAX_TITLE_LINES", "table_name", "sorted_assignments",
           "shown_records", "MatrixTooWide"]

TITLE_ROW, LEGEND_ROW, HEADER_ROW = 1, 2, 4  # 1-based, as Excel numbers rows
FIRST_PERIOD_COLUMN = 4  # 1-based: title, lead committee, other committees, then the periods
PERIOD_WIDTH = 15
# A matrix row is as high as this many lines of title at most (the title is whole in
# the cell and in the records sheet; only its display is cut).
MAX_TITLE_LINES = 4


class MatrixTooWide(ValueError):
    """More periods than a worksheet has columns."""


@dataclass(frozen=True)
class Matrix:
    """What the summary needs to know of the matrix: its table and column names and the
    labels its cells show."""

    table: str
    lead_column: str
    period_columns: dict[Period, str]
    labels: dict[Status, str]
    not_reported: str
    headers: tuple[str, ...]


def matrix_layout(ctx: Context) -> Matrix:
    periods = ctx.records.periods
    if FIRST_PERIOD_COLUMN - 1 + len(periods) > MAX_COLUMNS:
        raise MatrixTooWide(f"{len(periods):,} periods are more than a worksheet's {MAX_COLUMNS:,} columns hold")
    headers = tuple(unique_headers([ctx.word("assignment"), ctx.word("lead_committee"),
                                    ctx.word("other_committees_column")] + [p.label for p in periods]))
    return Matrix(
        table=ctx.tables["matrix_table"],
        lead_column=headers[1],
        period_columns=dict(zip(periods, headers[FIRST_PERIOD_COLUMN - 1:])),
        labels={status: ctx.status_label(status) for status in Status},
        not_reported=ctx.word("not_reported"),
        headers=headers,
    )


def shown_records(ctx: Context) -> dict[Period, dict[str, Record]]:
    """The record each assignment shows in each period: the record set's one record per
    assignment and period (`assignment_records`)."""
    return {period: {r.assignment: r for r in ctx.records.assignment_records(period)}
            for period in ctx.records.periods}


def _warn_twice_reported(ctx: Context, shown: dict[Period, dict[str, Record]]) -> None:
    for period, chosen in shown.items():
        if len(chosen) == len(ctx.records.for_period(period)):
            continue
        for record in ctx.records.for_period(period):
            kept = chosen[record.assignment]
            if kept is not record:
                ctx.warn(
                    f"{record.source.file}:{record.source.line}: the assignment is reported twice in "
                    f"{period.label}; the status matrix and its counts show the record at "
                    f"{kept.source.file}:{kept.source.line}"
                )


def sorted_assignments(ctx: Context) -> list[str]:
    """The assignments in the matrix's order: by lead committee (in the theme's order,
    those without a committee last), then by the first period each is reported in,
    then by title."""
    records = ctx.records
    rank = {code: index for index, code in enumerate(ctx.committee_order())}
    last = len(rank)

    def key(assignment: str) -> tuple:
        latest = records.latest(assignment)
        lead = ctx.lead_committee(latest)
        first = records.for_assignment(assignment)[0].period
        return (rank.get(lead, last) if lead else last + 1, first, latest.title.casefold(), assignment)

    return sorted(records.assignments, key=key)


def _note_options(text: str, author: str) -> dict[str, Any]:
    """A note sized to its text (in pixels)."""
    width, per_line = (320, 48) if len(text) < 600 else (480, 72)
    lines = sum(max(1, -(-len(p) // per_line)) for p in text.split("\n"))
    return {"author": author, "width": width, "height": min(640, max(40, 16 * lines + 8))}


def build_matrix(ctx: Context, ws: Any, matrix: Matrix) -> int:
    """Write the status matrix sheet; how many notes it has."""
    records = ctx.records
    periods = records.periods
    styles = ctx.styles
    assignments = sorted_assignments(ctx)
    latest = {a: records.latest(a) for a in assignments}
    shown = shown_records(ctx)
    _warn_twice_reported(ctx, shown)
    legend = [matrix.labels[s] for s in Status] + [matrix.not_reported]

    # Columns: titles wrap within 50; a column per period, and as many of those widths as
    # the legend needs.
    title_width = min(max([len(r.title) * 0.9 for r in latest.values()] + [30]), 50)
    last_column = max(FIRST_PERIOD_COLUMN + len(periods) - 1, FIRST_PERIOD_COLUMN - 1)  # 1-based
    widths = [title_width, PERIOD_WIDTH, PERIOD_WIDTH] + [PERIOD_WIDTH] * len(periods)
    while len(widths) < 1 + len(legend):  # the legend stands in row 2 from column B on
        widths.append(PERIOD_WIDTH)
    ws.set_column(0, 0, title_width)
    ws.set_column(1, len(widths) - 1, PERIOD_WIDTH)
    ws.freeze_panes(HEADER_ROW, 1)
    print_setup(ctx, ws, widths, title_rows=(HEADER_ROW - 1, HEADER_ROW - 1), title_columns=1)

    put_text(ws, TITLE_ROW - 1, 0, ctx.theme.workbook_title(ctx.lang), styles["title"])
    ws.set_row(TITLE_ROW - 1, 22)
    put_text(ws, LEGEND_ROW - 1, 0, ctx.word("legend"), styles["legend"])
    for column, status in enumerate(Status, start=1):
        put_text(ws, LEGEND_ROW - 1, column, matrix.labels[status], styles[styles.status(status)])
    put_text(ws, LEGEND_ROW - 1, 1 + len(Status), matrix.not_reported, styles["not_reported"])
    ws.set_row(LEGEND_ROW - 1, row_height(max(line_count(label, PERIOD_WIDTH) for label in legend)))

    body_rows = max(len(assignments), 1)  # a table has at least one row
    first = HEADER_ROW  # 0-based: the first row of the body
    end = HEADER_ROW - 1 + body_rows  # 0-based: the table's last row
    header_formats = [styles["header"]] * (FIRST_PERIOD_COLUMN - 1) + [styles["header_centre"]] * len(periods)
    ws.add_table(HEADER_ROW - 1, 0, end, last_column - 1, {
        "name": matrix.table,
        "style": "Table Style Light 1",
        "banded_rows": False,
        "columns": [{"header": h, "header_format": f} for h, f in zip(matrix.headers, header_formats)],
    })
    ws.set_row(HEADER_ROW - 1, row_height(max(line_count(h, w * 0.8) for h, w in zip(matrix.headers, widths))))
    if periods:
        cells = (first, FIRST_PERIOD_COLUMN - 1, end, last_column - 1)
        legend_cell = {status: f"${letter(2 + i)}${LEGEND_ROW}" for i, status in enumerate(Status)}
        for status in Status:
            ws.conditional_format(*cells, {"type": "cell", "criteria": "==", "value": legend_cell[status],
                                           "format": styles.conditional[status]})
        ws.conditional_format(*cells, {"type": "cell", "criteria": "==", "value": f"${letter(2 + len(Status))}${LEGEND_ROW}",
                                       "format": styles.conditional_not_reported})
        ws.data_validation(*cells, {
            "validate": "list", "source": f"=$B${LEGEND_ROW}:${letter(1 + len(legend))}${LEGEND_ROW}",
            "ignore_blank": True, "error_title": ctx.word("status")[:32], "error_message": ctx.word("choose_status")[:255],
        })

    # One height for every row: the most lines a title or a status takes, within MAX_TITLE_LINES.
    lines = max([line_count(r.title, title_width) for r in latest.values()] +
                [line_count(label, PERIOD_WIDTH) for label in legend])
    height = row_height(min(lines, MAX_TITLE_LINES))
    cut_mark = ctx.word("note_cut", sheet=ctx.sheets["sheet_records"])
    author = ctx.theme.organisation
    notes = 0
    commented = sum(1 for by_assignment in shown.values() for r in by_assignment.values() if r.comment)
    with_notes = commented <= NOTE_CAP
    if not with_notes:
        ctx.warn(f"{commented:,} records have a comment, more than {NOTE_CAP:,} notes on a sheet can serve; "
                 f"the status matrix has no notes, and every comment is whole in the sheet "
                 f"{ctx.sheets['sheet_records']}")
    leads = [ctx.lead_committee(latest[a]) for a in assignments]
    plain = (styles["text_middle"], styles["status_cell"])
    ending = (styles["text_middle_end"], styles["status_cell_end"])
    write_string = ws.write_string
    labels = {status: cell_text(label) for status, label in matrix.labels.items()}
    not_reported = cell_text(matrix.not_reported)
    for index, assignment in enumerate(assignments):
        row = first + index
        record = latest[assignment]
        text_format, status_format = ending if index + 1 == len(assignments) or leads[index + 1] != leads[index] \
            else plain
        title = record.title
        if not fits(title):
            ctx.warn(f"{record.source.file}:{record.source.line}: the title is too long for a cell of the "
                     f"status matrix and is cut there; it is whole in the sheet {ctx.sheets['sheet_records']}")
            title = cut_text(title, CELL_LIMIT // 2, cut_mark)
        put_text(ws, row, 0, title, text_format)
        put_text(ws, row, 1, leads[index], text_format)
        put_text(ws, row, 2, ", ".join(record.committees[1:]), text_format)
        for column, period in enumerate(periods, start=FIRST_PERIOD_COLUMN - 1):
            reported = shown[period].get(assignment)
            if reported is None:
                write_string(row, column, not_reported, status_format)
                continue
            write_string(row, column, labels[reported.status], status_format)
            if reported.comment and with_notes:
                note = cut_text("\n\n".join(reported.comment), NOTE_LIMIT, cut_mark)
                ws.write_comment(row, column, cell_text(note), _note_options(note, author))
                notes += 1
        ws.set_row(row, height)
    if not assignments:
        for column in range(last_column):
            ws.write_blank(first, column, None, styles["text_middle"])
    return notes
