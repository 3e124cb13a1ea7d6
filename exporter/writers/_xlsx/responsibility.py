"""The responsibility matrix: assignments down, committees across, a mark where the
committee is responsible in the latest period the assignment was reported in.

The committees are headed by their codes, in one line; the key beneath the matrix
gives their full names. (No notes here: the status matrix's notes are the workbook's
only ones, as Excel numbers note shapes across the whole workbook.)"""

from __future__ import annotations

from .common import Context, print_setup
from .matrix import sorted_assignments
from .cells import Cells
from .text import CELL_LIMIT, cut_text, fits, letter, line_count, row_height

__all__ = ["build_responsibility", "FIRST_COMMITTEE_COLUMN"]

FIRST_COMMITTEE_COLUMN = 3


def build_responsibility(ctx: Context, ws) -> None:
    """Write the responsibility sheet, in the status matrix's order of assignments."""
    committees = ctx.committee_order()
    assignments = sorted_assignments(ctx)
    latest = [ctx.records.latest(a) for a in assignments]
    title_width = min(max([len(r.title) * 0.9 for r in latest] + [30]), 60)
    code_widths = [max(6, len(code) * 1.3 + 2) for code in committees]
    widths = [title_width, 12] + code_widths
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[letter(column)].width = width
    last = letter(max(FIRST_COMMITTEE_COLUMN + len(committees) - 1, 2))
    ws.freeze_panes = f"{letter(FIRST_COMMITTEE_COLUMN)}2"
    ws.auto_filter.ref = f"A1:{last}{len(assignments) + 1}"
    print_setup(ctx, ws, widths, title_rows="1:1", title_columns=1)

    cells = Cells(ws, ctx.styles)
    cells.text(1, ctx.word("assignment"), "header")
    cells.text(2, ctx.word("latest_period"), "header")
    for column, code in enumerate(committees, start=FIRST_COMMITTEE_COLUMN):
        cells.text(column, code, "header_centre")
    cells.end_row(row_height(line_count(ctx.word("latest_period"), 12)))

    ws.print_options.gridLines = True
    column_of = {code: column for column, code in enumerate(committees, start=FIRST_COMMITTEE_COLUMN)}
    mark = ctx.word("responsible_mark")
    cut_mark = ctx.word("note_cut", sheet=ctx.word("sheet_records"))
    for record in latest:
        title = record.title if fits(record.title) else cut_text(record.title, CELL_LIMIT // 2, cut_mark)
        cells.text(1, title, "text")
        cells.word(2, record.period.label, "text")
        for code in record.committees:  # only the marks: the sheet's grid lines show (and print) the rest
            cells.word(column_of[code], mark, "mark")
        lines = line_count(title, title_width)
        cells.end_row(row_height(lines) if lines > 1 else None)

    # The key: each code with its full name.
    named = [code for code in committees if ctx.theme.committee_name(code) != code]
    if named:
        cells.end_row()
        cells.text(1, ctx.word("committee_key"), "bold")
        cells.end_row()
        for code in named:
            cells.text(1, f"{code}: {ctx.theme.committee_name(code)}", "text")
            cells.end_row()
