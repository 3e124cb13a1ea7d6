"""The responsibility matrix: assignments down, committees across, a mark where the
committee is responsible in the latest period the assignment was reported in."""

from __future__ import annotations

from collections.abc import Iterator

from openpyxl.worksheet.worksheet import Worksheet

from .common import Context, print_setup
from .package import Body
from .styles import put_text
from .xml import CELL_LIMIT, cut_text, fits, letter, line_count, row, text_cell

__all__ = ["build_responsibility", "committee_order"]

FIRST_COMMITTEE_COLUMN = 3


def committee_order(ctx: Context) -> list[str]:
    """The committees of the record set in the order of the theme's committee table,
    those the theme does not know after them, in the order first seen."""
    present = ctx.records.committees
    known = [code for code in ctx.theme.committees if code in present]
    return known + [code for code in present if code not in ctx.theme.committees]


def build_responsibility(ctx: Context, ws: Worksheet) -> Body:
    """Fill the frame of the responsibility sheet; the rows to splice into it."""
    s = ctx.styles
    committees = committee_order(ctx)
    assignments = ctx.records.assignments
    latest = [ctx.records.latest(a) for a in assignments]
    put_text(ws, 1, 1, ctx.word("assignment"), "header", s)
    put_text(ws, 1, 2, ctx.word("latest_period"), "header", s)
    for column, code in enumerate(committees, start=FIRST_COMMITTEE_COLUMN):
        name = ctx.theme.committee_name(code)
        put_text(ws, 1, column, f"{name} ({code})" if name != code else code, "header_rotated", s)
        ws.column_dimensions[letter(column)].width = 6
    longest = max([len(ctx.theme.committee_name(code)) for code in committees] + [len(ctx.word("latest_period"))])
    ws.row_dimensions[1].height = min(250, 6.2 * longest + 12)
    title_width = max([len(r.title) for r in latest] + [30])
    title_width = min(title_width * 0.9, 60)
    ws.column_dimensions["A"].width = title_width
    ws.column_dimensions["B"].width = 12
    last = letter(max(FIRST_COMMITTEE_COLUMN + len(committees) - 1, 2))
    ws.freeze_panes = f"{letter(FIRST_COMMITTEE_COLUMN)}2"
    ws.auto_filter.ref = f"A1:{last}{len(assignments) + 1}"
    print_setup(ctx, ws, "1:1")

    text_id, mark_id = s.id("text_grid"), s.id("mark")
    mark = ctx.word("responsible_mark")
    cut_mark = ctx.word("note_cut", sheet=ctx.word("sheet_records"))
    letters = [letter(c) for c in range(FIRST_COMMITTEE_COLUMN, FIRST_COMMITTEE_COLUMN + len(committees))]

    def rows() -> Iterator[str]:
        for number, record in enumerate(latest, start=2):
            title = record.title if fits(record.title) else cut_text(record.title, CELL_LIMIT // 2, cut_mark)
            out = [text_cell(f"A{number}", text_id, title), text_cell(f"B{number}", text_id, record.period.label)]
            responsible = set(record.committees)
            for code, col in zip(committees, letters):
                if code in responsible:
                    out.append(text_cell(f"{col}{number}", mark_id, mark))
                else:
                    out.append(f'<c r="{col}{number}" s="{mark_id}"/>')
            yield row(number, out, line_count(title, title_width))

    return Body(rows(), f"A1:{last}{len(assignments) + 1}")
