"""The records sheet: every record as one row of a named Excel table.

The columns a reader needs come first and are the print area; the technical ones
(year and tertial as numbers, status code, source file and line) come last, outside
it. A text longer than a cell holds continues in extra columns right after its own,
headed "Kommentar (fortsättning 1)" and so on, so that each record stays one row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from ...model import Record, Status
from .common import Context, add_table, print_setup
from .matrix import table_name
from .cells import Cells
from .text import CELL_LIMIT, fits, letter, line_count, row_height, split_text

__all__ = ["Column", "COLUMNS", "build_records"]


@dataclass(frozen=True)
class Column:
    """A column of the records table: its header word, width and value of a record."""

    key: str
    width: float
    value: Callable[[Record], str | int | Status]
    kind: str = "text"  # text, number or status
    few: bool = False  # one of a few values (a period, a code, a file): see Cells.word
    free: bool = True  # free text from the input, which may be longer than a cell holds
    printed: bool = True  # in the print area


COLUMNS = (
    Column("title", 32, lambda r: r.title),
    Column("committees", 12, lambda r: ", ".join(r.committees)),
    Column("period_column", 9, lambda r: r.period.label, free=False, few=True),
    Column("status", 13, lambda r: r.status, "status"),
    Column("status_text", 24, lambda r: r.status_text),
    Column("comment", 56, lambda r: "\n\n".join(r.comment)),
    Column("year", 7, lambda r: r.period.year, "number", printed=False, few=True),
    Column("tertial", 8, lambda r: r.period.tertial, "number", printed=False, few=True),
    Column("status_code", 18, lambda r: r.status.value, free=False, printed=False, few=True),
    Column("source_file", 30, lambda r: r.source.file, printed=False, few=True),
    Column("source_line", 7, lambda r: r.source.line, "number", printed=False),
)


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
            assert isinstance(text, str)  # the value of a text column
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


def build_records(ctx: Context, ws) -> None:
    """Write the records sheet."""
    long, spans = _splits(ctx)
    headers: list[str] = []
    widths: list[float] = []
    first_columns: list[int] = []
    printed = 0
    for index, column in enumerate(COLUMNS):
        first_columns.append(len(headers) + 1)
        headers.append(ctx.word(column.key))
        widths.append(column.width)
        if column.printed:
            printed = len(headers)
        for extra in range(1, spans[index]):
            headers.append(f"{ctx.word(column.key)} {ctx.word('continued_n', n=extra)}")
            widths.append(column.width)
    for number, width in enumerate(widths, start=1):
        ws.column_dimensions[letter(number)].width = width
    count = len(ctx.records)
    last = letter(len(headers))
    table = Table(displayName=table_name(ctx.word("records_table")), ref=f"A1:{last}{max(count, 1) + 1}",
                  tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True))
    # The columns are named here: openpyxl would read them from the header cells, which a
    # write-only sheet does not keep.
    for number, name in enumerate(headers, start=1):
        table.tableColumns.append(TableColumn(id=number, name=name))
    add_table(ws, table)
    ws.freeze_panes = "B2"
    print_setup(ctx, ws, [widths[i] for i in range(printed) if i + 1 not in _continuations(first_columns, spans)],
                title_rows="1:1", area=f"A1:{letter(printed)}{count + 1}")

    cells = Cells(ws, ctx.styles)
    for number, text in enumerate(headers, start=1):
        cells.text(number, text, "header")
    cells.end_row(row_height(max(line_count(h, w) for h, w in zip(headers, widths))))

    words = {status: ctx.theme.status_words(status, ctx.lang) for status in Status}
    plan = [(index, column.value, column.kind, first, column.width, spans[index] > 1, column.few)
            for index, (first, column) in enumerate(zip(first_columns, COLUMNS))]
    for index, record in enumerate(ctx.records):
        lines = 1
        for column_index, value_of, kind, first, width, continued, few in plan:
            value = value_of(record)
            if few:
                cells.word(first, value, kind if kind == "number" else "text")
            elif kind == "text":
                assert isinstance(value, str)
                pieces = long.get((index, column_index)) if continued else None
                if pieces:
                    for offset, piece in enumerate(pieces):
                        cells.text(first + offset, piece, "text")
                    lines = max(lines, line_count(pieces[0], width))
                elif value:
                    cells.text(first, value, "text")
                    lines = max(lines, line_count(value, width))
            elif kind == "number":
                assert isinstance(value, int)
                cells.number(first, value, "number")
            else:  # status
                assert isinstance(value, Status)
                cells.word(first, words[value], "text")
                lines = max(lines, line_count(words[value], width))
        cells.end_row(row_height(lines) if lines > 1 else None)
    if not count:
        cells.end_row()


def _continuations(first_columns: list[int], spans: list[int]) -> set[int]:
    """The sheet columns (1-based) that continue a text of the column before."""
    return {first + extra for first, span in zip(first_columns, spans) for extra in range(1, span)}
