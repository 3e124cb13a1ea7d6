"""The status matrix: one row per assignment, one column per period, the status in
words on its colour, the period's comment in the cell's note, and a legend."""

from __future__ import annotations

from collections.abc import Iterator

from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

from ...model import Record, Status
from .common import NOTE_LIMIT, Context, print_setup
from .notes import Note
from .package import Body
from .styles import put_text
from .xml import CELL_LIMIT, cut_text, fits, letter, line_count, row, text_cell

__all__ = ["build_matrix", "logo_anchor", "HEADER_ROW"]

TITLE_ROW, LEGEND_ROW, HEADER_ROW = 1, 2, 4
FIRST_PERIOD_COLUMN = 3
PERIOD_WIDTH = 15


def logo_anchor() -> str:
    """The cell the logo stands in: the title row, above the last legend entries."""
    return f"{letter(2 + len(Status) - 1)}{TITLE_ROW}"


def _by_period(ctx: Context, assignment: str) -> dict:
    """The assignment's record of each period; where one period has two, the later one
    in input order, with a warning naming the one left out."""
    cells: dict = {}
    for record in ctx.records.for_assignment(assignment):
        earlier = cells.get(record.period)
        if earlier is not None:
            ctx.warn(
                f"{earlier.source.file}:{earlier.source.line}: the assignment is reported twice in "
                f"{record.period.label}; the status matrix shows the record at "
                f"{record.source.file}:{record.source.line}"
            )
        cells[record.period] = record
    return cells


def _note_text(record: Record, cut_mark: str) -> str:
    return cut_text("\n\n".join(record.comment), NOTE_LIMIT, cut_mark)


def _frame(ctx: Context, ws: Worksheet, periods, last: str, rows: int) -> None:
    s = ctx.styles
    put_text(ws, TITLE_ROW, 1, ctx.theme.workbook_title(ctx.lang), "title", s)
    put_text(ws, LEGEND_ROW, 1, ctx.word("legend"), "bold", s)
    for column, status in enumerate(Status, start=2):
        style = ctx.theme.status_style(status)
        put_text(ws, LEGEND_ROW, column, f"{style.symbol} {style.words[ctx.lang]}", s.status(status), s)
    put_text(ws, LEGEND_ROW, 2 + len(Status), ctx.word("not_reported"), "not_reported", s)
    headers = [ctx.word("assignment"), ctx.word("committees")] + [p.label for p in periods]
    for column, text in enumerate(headers, start=1):
        put_text(ws, HEADER_ROW, column, text, "header", s)
    ws.row_dimensions[LEGEND_ROW].height = 42
    ws.freeze_panes = f"{letter(FIRST_PERIOD_COLUMN)}{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(rows, 0)}"


def build_matrix(ctx: Context, ws: Worksheet) -> Body:
    """Fill the frame of the status matrix sheet; the rows and notes to splice into it."""
    records = ctx.records
    periods = records.periods
    column_of = {p: FIRST_PERIOD_COLUMN + i for i, p in enumerate(periods)}
    last = letter(max(FIRST_PERIOD_COLUMN + len(periods) - 1, 2))
    assignments = records.assignments
    _frame(ctx, ws, periods, last, len(assignments))

    latest = [records.latest(a) for a in assignments]
    # Widths that fit: titles wrap within at most 60, committee codes within at most 20.
    title_width = min(max([len(r.title) for r in latest] + [30]) * 0.9, 60)
    committee_width = min(max([len(", ".join(r.committees)) for r in latest] + [len(ctx.word("committees"))]) + 2, 20)
    widths = (title_width, committee_width)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = widths
    for column in range(FIRST_PERIOD_COLUMN, max(FIRST_PERIOD_COLUMN + len(periods), 2 + len(Status) + 1)):
        ws.column_dimensions[letter(column)].width = PERIOD_WIDTH
    print_setup(ctx, ws, f"{HEADER_ROW}:{HEADER_ROW}")

    s = ctx.styles
    text_id = s.id("text_grid")
    period_letters = {period: letter(column) for period, column in column_of.items()}
    status_ids = {status: s.id(s.status(status)) for status in Status}
    words = {status: ctx.theme.status_words(status, ctx.lang) for status in Status}
    word_lines = {status: line_count(words[status], PERIOD_WIDTH) for status in Status}
    cut_mark = ctx.word("note_cut", sheet=ctx.word("sheet_records"))
    notes: list[Note] = []
    per_assignment = [_by_period(ctx, a) for a in assignments]

    # Notes must be known before the frame is saved: openpyxl writes the comments
    # part only for a sheet that has a comment (this one is replaced by the notes).
    for number, cells in enumerate(per_assignment, start=HEADER_ROW + 1):
        for period, record in cells.items():
            if record.comment:
                notes.append(Note(number, column_of[period], _note_text(record, cut_mark)))
    # (In row order and, within a row, in time order, which is column order.)
    if notes:
        ws.cell(TITLE_ROW, 1).comment = Comment(" ", ctx.theme.organisation)

    def rows() -> Iterator[str]:
        for number, (record, cells) in enumerate(zip(latest, per_assignment), start=HEADER_ROW + 1):
            title = record.title
            if not fits(title):
                title = cut_text(title, CELL_LIMIT // 2, cut_mark)
            committees = ", ".join(record.committees)
            out = [text_cell(f"A{number}", text_id, title), text_cell(f"B{number}", text_id, committees)]
            lines = max(line_count(title, widths[0]), line_count(committees, widths[1]))
            for period, rec in cells.items():  # in time order, as for_assignment gives them
                ref = f"{period_letters[period]}{number}"
                out.append(text_cell(ref, status_ids[rec.status], words[rec.status]))
                lines = max(lines, word_lines[rec.status])
            yield row(number, out, lines)

    for record in latest:
        if not fits(record.title):
            ctx.warn(f"{record.source.file}:{record.source.line}: the title is too long for a cell of the "
                     f"status matrix and is cut there; it is whole in the sheet {ctx.word('sheet_records')}")
    dimension = f"A1:{letter(max(FIRST_PERIOD_COLUMN + len(periods) - 1, 2 + len(Status)))}{HEADER_ROW + len(assignments)}"
    return Body(rows(), dimension, notes)
