"""The records sheet: every record as one row of a named Excel table.

A text longer than a cell holds continues in extra columns right after its own,
headed "Kommentar (fortsättning 1)" and so on, so that each record stays one row
(which is what pivot tables and the summary's formulas count)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ...model import Record, Status
from .common import Context, print_setup
from .package import Body
from .styles import put_text
from .xml import CELL_LIMIT, fits, letter, line_count, number_cell, row, split_text, text_cell

__all__ = ["Column", "COLUMNS", "build_records", "table_name"]


@dataclass(frozen=True)
class Column:
    """A column of the records table: its header word, width and value of a record."""

    key: str
    width: float
    value: Callable[[Record], str | int]
    kind: str = "text"  # text, number or status
    free: bool = True  # free text from the input, which may be longer than a cell holds


COLUMNS = (
    Column("period_column", 10, lambda r: r.period.label, free=False),
    Column("year", 7, lambda r: r.period.year, "number"),
    Column("tertial", 8, lambda r: r.period.tertial, "number"),
    Column("title", 50, lambda r: r.title),
    Column("committees", 16, lambda r: ", ".join(r.committees)),
    Column("status_code", 18, lambda r: r.status.value, free=False),
    Column("status", 22, lambda r: r.status, "status"),
    Column("status_text", 40, lambda r: r.status_text),
    Column("comment", 90, lambda r: "\n\n".join(r.comment)),
    Column("source_file", 30, lambda r: r.source.file),
    Column("source_line", 7, lambda r: r.source.line, "number"),
)


def table_name(ctx: Context) -> str:
    """The table's name: letters, digits and underscores, not starting with a digit."""
    name = "".join(ch if ch.isalnum() else "_" for ch in ctx.word("records_table"))
    return name if name[:1].isalpha() else f"T_{name}"


def _splits(ctx: Context) -> tuple[dict[tuple[int, int], list[str]], list[int]]:
    """The texts too long for one cell, split (by record and column index), and how
    many cells each column takes."""
    long: dict[tuple[int, int], list[str]] = {}
    widths = [1] * len(COLUMNS)
    for index, column in enumerate(COLUMNS):
        if column.kind != "text" or not column.free:
            continue
        for number, record in enumerate(ctx.records):
            text = column.value(record)
            if fits(text):
                continue
            pieces = split_text(text)
            long[(number, index)] = pieces
            widths[index] = max(widths[index], len(pieces))
            ctx.warn(
                f"{record.source.file}:{record.source.line}: the text of column {ctx.word(column.key)!r} has "
                f"{len(text):,} characters, more than one spreadsheet cell holds ({CELL_LIMIT:,}); it continues "
                f"in {len(pieces) - 1} more column(s) of the sheet {ctx.word('sheet_records')!r}, marked "
                f"{ctx.word('continued_n', n=1)!r}"
            )
    return long, widths


def build_records(ctx: Context, ws: Worksheet) -> Body:
    """Fill the frame of the records sheet; the rows to splice into it."""
    s = ctx.styles
    long, widths = _splits(ctx)
    headers: list[str] = []
    layout: list[tuple[int, Column, int]] = []  # (first sheet column, column, cells)
    for index, column in enumerate(COLUMNS):
        layout.append((len(headers) + 1, column, widths[index]))
        headers.append(ctx.word(column.key))
        for extra in range(1, widths[index]):
            headers.append(f"{ctx.word(column.key)} {ctx.word('continued_n', n=extra)}")
    for number, text in enumerate(headers, start=1):
        put_text(ws, 1, number, text, "header", s)
    for first, column, cells in layout:
        for c in range(first, first + cells):
            ws.column_dimensions[letter(c)].width = column.width
    count = len(ctx.records)
    last = letter(len(headers))
    table = Table(displayName=table_name(ctx), ref=f"A1:{last}{max(count, 1) + 1}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    # Name the columns here: left to openpyxl, it would create a cell object for every
    # cell of the table just to read the header row.
    table._initialise_columns()
    for table_column, header in zip(table.tableColumns, headers):
        table_column.name = header
    ws.add_table(table)
    ws.freeze_panes = "A2"
    print_setup(ctx, ws, "1:1")

    text_id, number_id = s.id("text"), s.id("number")
    words = {status: ctx.theme.status_words(status, ctx.lang) for status in Status}
    status_width = next(column.width for column in COLUMNS if column.kind == "status")
    word_lines = {status: line_count(words[status], status_width) for status in Status}
    letters = [letter(c) for c in range(1, len(headers) + 1)]

    # (index, value of a record, kind, letter of its first column, width, has continuation columns)
    plan = [(index, column.value, column.kind, letters[first - 1], column.width, cells > 1)
            for index, (first, column, cells) in enumerate(layout)]

    def rows() -> Iterator[str]:
        for index, record in enumerate(ctx.records):
            number = index + 2
            out = []
            lines = 1
            for column_index, value_of, kind, col, width, continued in plan:
                value = value_of(record)
                if kind == "text":
                    if continued and (index, column_index) in long:
                        pieces = long[(index, column_index)]
                        first = letters.index(col)
                        for offset, piece in enumerate(pieces):
                            out.append(text_cell(f"{letters[first + offset]}{number}", text_id, piece))
                        lines = max(lines, line_count(pieces[0], width))
                    elif value:
                        out.append(text_cell(f"{col}{number}", text_id, value))
                        lines = max(lines, line_count(value, width))
                elif kind == "number":
                    out.append(number_cell(f"{col}{number}", number_id, value))
                else:  # status
                    out.append(text_cell(f"{col}{number}", text_id, words[value]))
                    lines = max(lines, word_lines[value])
            yield row(number, out, lines)

    return Body(rows(), f"A1:{last}{count + 1}")
