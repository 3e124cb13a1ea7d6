"""The responsibility matrix: assignments down, committees across, a mark where the
committee is responsible in the latest period the assignment was reported in.

The committees are headed by their codes, in one line; the key beneath the matrix
gives their full names. More committees than a worksheet has columns (16,384) do not
fit across: then the sheet lists each assignment's committees in one column instead,
with a warning. (No notes here: the status matrix's notes are the workbook's only
ones.)"""

from __future__ import annotations

from typing import Any

from .cells import put_text
from .common import MAX_COLUMNS, Context, print_setup
from .matrix import sorted_assignments
from .text import CELL_LIMIT, cell_text, cut_text, fits, line_count, row_height

__all__ = ["build_responsibility", "FIRST_COMMITTEE_COLUMN", "LATEST_WIDTH"]

FIRST_COMMITTEE_COLUMN = 3  # 1-based
LATEST_WIDTH = 16  # "Senaste period" on one line


def build_responsibility(ctx: Context, ws: Any) -> None:
    """Write the responsibility sheet, in the status matrix's order of assignments."""
    styles = ctx.styles
    committees = ctx.committee_order()
    across = FIRST_COMMITTEE_COLUMN - 1 + len(committees) <= MAX_COLUMNS
    if not across:
        ctx.warn(f"{len(committees):,} committees are more than a worksheet's {MAX_COLUMNS:,} columns hold; "
                 f"the sheet {ctx.sheets['sheet_responsibility']} lists each assignment's committees in one column")
    assignments = sorted_assignments(ctx)
    latest = [ctx.records.latest(a) for a in assignments]
    title_width = min(max([len(r.title) * 0.9 for r in latest] + [30]), 60)
    code_widths = [max(6, len(code) * 1.3 + 2) for code in committees] if across else [40]
    widths = [title_width, LATEST_WIDTH] + code_widths
    ws.set_column(0, 0, title_width)
    ws.set_column(1, 1, LATEST_WIDTH)
    for column, width in enumerate(code_widths, start=FIRST_COMMITTEE_COLUMN - 1):
        ws.set_column(column, column, min(width, 255))
    last = len(widths) - 1  # 0-based
    ws.freeze_panes(1, FIRST_COMMITTEE_COLUMN - 1)
    ws.autofilter(0, 0, len(assignments), last)
    print_setup(ctx, ws, [min(w, 60) for w in widths], title_rows=(0, 0), title_columns=1)
    ws.hide_gridlines(0)  # the grid of the matrix, printed

    put_text(ws, 0, 0, ctx.word("assignment"), styles["header"])
    put_text(ws, 0, 1, ctx.word("latest_period"), styles["header"])
    if across:
        for column, code in enumerate(committees, start=FIRST_COMMITTEE_COLUMN - 1):
            put_text(ws, 0, column, code if fits(code) else code[: CELL_LIMIT // 2], styles["header_centre"])
    else:
        put_text(ws, 0, FIRST_COMMITTEE_COLUMN - 1, ctx.word("committees"), styles["header"])
    ws.set_row(0, row_height(max(line_count(ctx.word("assignment"), title_width * 0.8),
                                 line_count(ctx.word("latest_period"), LATEST_WIDTH * 0.8))))

    column_of = {code: column for column, code in enumerate(committees, start=FIRST_COMMITTEE_COLUMN - 1)}
    mark = cell_text(ctx.word("responsible_mark"))
    mark_format, text_format = styles["mark"], styles["text"]
    cut_mark = ctx.word("note_cut", sheet=ctx.sheets["sheet_records"])
    for row, record in enumerate(latest, start=1):
        title = record.title if fits(record.title) else cut_text(record.title, CELL_LIMIT // 2, cut_mark)
        put_text(ws, row, 0, title, text_format)
        put_text(ws, row, 1, record.period.label, text_format)
        if across:
            for code in record.committees:  # only the marks: the sheet's grid lines show (and print) the rest
                ws.write_string(row, column_of[code], mark, mark_format)
        else:
            joined = ", ".join(record.committees)
            put_text(ws, row, FIRST_COMMITTEE_COLUMN - 1,
                     joined if fits(joined) else cut_text(joined, CELL_LIMIT // 2, cut_mark), text_format)
        lines = line_count(title, title_width * 0.85)  # LibreOffice's fonts run wider than Excel's
        if lines > 1:
            ws.set_row(row, row_height(lines))

    # The key: each code with its full name.
    named = [code for code in committees if ctx.theme.committee_name(code) != code]
    if named:
        key_row = len(latest) + 2
        put_text(ws, key_row, 0, ctx.word("committee_key"), styles["bold"])
        for row, code in enumerate(named, start=key_row + 1):
            put_text(ws, row, 0, f"{code}: {ctx.theme.committee_name(code)}", text_format)
