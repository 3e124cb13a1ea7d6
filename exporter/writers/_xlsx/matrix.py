"""The status matrix: one row per assignment, one column per period, a named table.

Rows are sorted by lead committee (the theme's order), then by the first period the
assignment appears in, then by title. A reported cell shows the status's symbol and
words ("✔ Genomfört") and the period's comment as a note; every other cell shows
"Ej rapporterat". The colours come from conditional formatting on those words and a
drop-down list (a data validation over the legend) offers them, so that a status
changed during a meeting gets its colour, and the summary's formulas recount."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from ...colour import text_on
from ...model import Period, Record, Status
from .common import NOTE_CAP, NOTE_LIMIT, Context, add_table, print_setup
from .cells import Cells
from .styles import NOT_REPORTED_FILL, NOT_REPORTED_TEXT
from .text import CELL_LIMIT, cut_text, fits, letter, line_count, row_height

__all__ = ["build_matrix", "Matrix", "matrix_layout", "TITLE_ROW", "LEGEND_ROW", "HEADER_ROW",
           "FIRST_PERIOD_COLUMN", "PERIOD_WIDTH", "MAX_TITLE_LINES", "table_name"]

TITLE_ROW, LEGEND_ROW, HEADER_ROW = 1, 2, 4
FIRST_PERIOD_COLUMN = 4  # title, lead committee, other committees, then the periods
PERIOD_WIDTH = 15
# A matrix row is as high as this many lines of title at most (the title is whole in
# the cell and in the records sheet; only its display is cut).
MAX_TITLE_LINES = 4


def table_name(word: str) -> str:
    """A table name made of a theme word: letters, digits and underscores, not
    starting with a digit."""
    name = "".join(ch if ch.isalnum() else "_" for ch in word)
    return name if name[:1].isalpha() else f"T_{name}"


@dataclass(frozen=True)
class Matrix:
    """What the summary needs to know of the matrix: its table and column names and the
    labels its cells show."""

    table: str
    lead_column: str
    period_columns: dict[Period, str]
    labels: dict[Status, str]
    not_reported: str


def matrix_layout(ctx: Context) -> Matrix:
    return Matrix(
        table=table_name(ctx.word("matrix_table")),
        lead_column=ctx.word("lead_committee"),
        period_columns={p: p.label for p in ctx.records.periods},
        labels={status: ctx.status_label(status) for status in Status},
        not_reported=ctx.word("not_reported"),
    )


def _shown_records(ctx: Context) -> dict[Period, dict[str, Record]]:
    """The record each assignment shows in each period: the record set's one record per
    assignment and period (`assignment_records`), with a warning naming any other."""
    shown: dict[Period, dict[str, Record]] = {}
    for period in ctx.records.periods:
        chosen = {r.assignment: r for r in ctx.records.assignment_records(period)}
        shown[period] = chosen
        if len(chosen) != len(ctx.records.for_period(period)):
            for record in ctx.records.for_period(period):
                kept = chosen[record.assignment]
                if kept is not record:
                    ctx.warn(
                        f"{record.source.file}:{record.source.line}: the assignment is reported twice in "
                        f"{period.label}; the status matrix and its counts show the record at "
                        f"{kept.source.file}:{kept.source.line}"
                    )
    return shown


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


def _note(text: str, author: str) -> Comment:
    """A note sized to its text (in pixels)."""
    width, per_line = (320, 48) if len(text) < 600 else (480, 72)
    lines = sum(max(1, -(-len(p) // per_line)) for p in text.split("\n"))
    return Comment(text, author, height=min(640, max(40, 16 * lines + 8)), width=width)


def _conditional_formats(ctx: Context, ws, ref: str, matrix: Matrix) -> None:
    """The status colours as conditional formats on the words, so they follow edits."""
    font = ctx.styles.font_name
    for status in Status:
        colour = ctx.theme.status_style(status).hex
        ws.conditional_formatting.add(ref, CellIsRule(
            operator="equal", formula=[_string(matrix.labels[status])],
            font=Font(name=font, bold=True, color=text_on(colour)),
            fill=PatternFill("solid", start_color=colour, end_color=colour)))
    ws.conditional_formatting.add(ref, CellIsRule(
        operator="equal", formula=[_string(matrix.not_reported)],
        font=Font(name=font, italic=True, color=NOT_REPORTED_TEXT),
        fill=PatternFill("solid", start_color=NOT_REPORTED_FILL, end_color=NOT_REPORTED_FILL)))


def _string(text: str) -> str:
    """A text as a string literal of a formula."""
    return '"' + text.replace('"', '""') + '"'


def build_matrix(ctx: Context, ws) -> int:
    """Write the status matrix sheet; how many notes it has."""
    records = ctx.records
    periods = records.periods
    matrix = matrix_layout(ctx)
    assignments = sorted_assignments(ctx)
    latest = {a: records.latest(a) for a in assignments}
    shown = _shown_records(ctx)
    legend = [matrix.labels[s] for s in Status] + [matrix.not_reported]

    # Columns: titles wrap within 50; a column per period, and as many of those widths as
    # the legend needs.
    title_width = min(max([len(r.title) * 0.9 for r in latest.values()] + [30]), 50)
    lead_width = others_width = PERIOD_WIDTH  # also legend columns
    last_column = max(FIRST_PERIOD_COLUMN + len(periods) - 1, FIRST_PERIOD_COLUMN - 1)
    widths = [title_width, lead_width, others_width] + [PERIOD_WIDTH] * len(periods)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[letter(column)].width = width
    # The legend (the drop-down list's source) stands in row 2 from column B on.
    for column in range(len(widths) + 1, 2 + len(legend)):
        ws.column_dimensions[letter(column)].width = PERIOD_WIDTH
        widths.append(PERIOD_WIDTH)
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    print_setup(ctx, ws, widths, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", title_columns=1)

    last = letter(last_column)
    body_rows = max(len(assignments), 1)  # a table has at least one row
    end = HEADER_ROW + body_rows
    headers = [ctx.word("assignment"), matrix.lead_column, ctx.word("other_committees_column")] + [
        matrix.period_columns[p] for p in periods]
    table = Table(displayName=matrix.table, ref=f"A{HEADER_ROW}:{last}{end}",
                  tableStyleInfo=TableStyleInfo(name="TableStyleLight1", showRowStripes=False))
    for number, name in enumerate(headers, start=1):
        table.tableColumns.append(TableColumn(id=number, name=name))
    add_table(ws, table)
    legend_ref = f"$B${LEGEND_ROW}:${letter(1 + len(legend))}${LEGEND_ROW}"
    if periods:
        cells_ref = f"{letter(FIRST_PERIOD_COLUMN)}{HEADER_ROW + 1}:{last}{end}"
        _conditional_formats(ctx, ws, cells_ref, matrix)
        choice = DataValidation(type="list", formula1=legend_ref, allow_blank=True, showErrorMessage=True,
                                errorTitle=ctx.word("status"), error=ctx.word("choose_status"))
        choice.add(cells_ref)
        ws.data_validations.append(choice)

    cells = Cells(ws, ctx.styles)
    cells.text(1, ctx.theme.workbook_title(ctx.lang), "title")
    cells.end_row(22)
    cells.text(1, ctx.word("legend"), "legend")
    for column, status in enumerate(Status, start=2):
        cells.text(column, matrix.labels[status], ctx.styles.status(status))
    cells.text(2 + len(Status), matrix.not_reported, "not_reported")
    cells.end_row(row_height(max(line_count(label, PERIOD_WIDTH) for label in legend)))
    cells.skip_to(HEADER_ROW)
    for column, text in enumerate(headers, start=1):
        cells.text(column, text, "header" if column < FIRST_PERIOD_COLUMN else "header_centre")
    cells.end_row(row_height(max(line_count(h, w) for h, w in zip(headers, widths))))

    # One height for every row: the most lines a title or a status takes, within MAX_TITLE_LINES.
    lines = max([line_count(r.title, title_width) for r in latest.values()] +
                [line_count(label, PERIOD_WIDTH) for label in legend])
    height = row_height(min(lines, MAX_TITLE_LINES))
    cut_mark = ctx.word("note_cut", sheet=ctx.word("sheet_records"))
    author = ctx.theme.organisation
    notes = 0
    commented = sum(1 for by_assignment in shown.values() for r in by_assignment.values() if r.comment)
    with_notes = commented <= NOTE_CAP
    if not with_notes:
        ctx.warn(f"{commented:,} records have a comment, more than {NOTE_CAP:,} notes on a sheet can serve; "
                 f"the status matrix has no notes, and every comment is whole in the sheet "
                 f"{ctx.word('sheet_records')}")
    for assignment in assignments:
        record = latest[assignment]
        title = record.title
        if not fits(title):
            ctx.warn(f"{record.source.file}:{record.source.line}: the title is too long for a cell of the "
                     f"status matrix and is cut there; it is whole in the sheet {ctx.word('sheet_records')}")
            title = cut_text(title, CELL_LIMIT // 2, cut_mark)
        cells.text(1, title, "text_middle")
        cells.text(2, ctx.lead_committee(record), "text_middle")
        cells.text(3, ", ".join(record.committees[1:]), "text_middle")
        for column, period in enumerate(periods, start=FIRST_PERIOD_COLUMN):
            reported = shown[period].get(assignment)
            if reported is None:
                cells.word(column, matrix.not_reported, "status_cell")
                continue
            note = None
            if reported.comment and with_notes:
                note = _note(cut_text("\n\n".join(reported.comment), NOTE_LIMIT, cut_mark), author)
                notes += 1
            cells.word(column, matrix.labels[reported.status], "status_cell", note)
        cells.end_row(height)
    if not assignments:
        for column in range(1, last_column + 1):
            cells.blank(column, "text_middle")
        cells.end_row()
    return notes
