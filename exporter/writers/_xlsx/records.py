"""The records sheet: every record as one row of a named Excel table.

The columns a reader needs come first and are the print area; the technical ones
(year and tertial as numbers, status code, source file and line) come last, outside
it. A text longer than a cell holds continues in extra columns right after its own,
headed "Kommentar (fortsättning 1)" and so on, so that each record stays one row.
`readers/xlsx.py` reads this sheet back (its header words name the columns)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...model import Record, Status
from .cells import put_text
from .common import MAX_COLUMNS, Context, print_setup, unique_headers
from .text import CELL_LIMIT, cell_text, fits, line_count, row_height, split_text

__all__ = ["Column", "COLUMNS", "build_records"]


@dataclass(frozen=True)
class Column:
    """A column of the records table: its header word, width and value of a record."""

    key: str
    width: float
    value: Callable[[Record], str | int | Status]
    kind: str = "text"  # text, number or status
    free: bool = True  # free text from the input, which may be longer than a cell holds
    printed: bool = True  # in the print area


COLUMNS = (
    Column("title", 32, lambda r: r.title),
    Column("committees", 12, lambda r: ", ".join(r.committees)),
    Column("period_column", 9, lambda r: r.period.label, free=False),
    Column("status", 13, lambda r: r.status, "status"),
    Column("status_text", 24, lambda r: r.status_text),
    Column("comment", 56, lambda r: "\n\n".join(r.comment)),
    Column("year", 7, lambda r: r.period.year, "number", printed=False),
    Column("tertial", 8, lambda r: r.period.tertial, "number", printed=False),
    Column("status_code", 18, lambda r: r.status.value, free=False, printed=False),
    Column("source_file", 30, lambda r: r.source.file, printed=False),
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
                f"in {len(pieces) - 1} more column(s) of the sheet {ctx.sheets['sheet_records']!r}, marked "
                f"{ctx.word('continued_n', n=1)!r}"
            )
    if sum(widths) > MAX_COLUMNS:  # a record's text is at most a million characters: 31 cells
        raise ValueError(f"the records need {sum(widths):,} columns, more than a worksheet's {MAX_COLUMNS:,}")
    return long, widths


def build_records(ctx: Context, ws: Any) -> None:
    """Write the records sheet."""
    styles = ctx.styles
    long, spans = _splits(ctx)
    headers: list[str] = []
    widths: list[float] = []
    first_columns: list[int] = []  # 0-based
    continuation: set[int] = set()
    printed = 0
    for index, column in enumerate(COLUMNS):
        first_columns.append(len(headers))
        headers.append(ctx.word(column.key))
        widths.append(column.width)
        if column.printed:
            printed = len(headers)
        for extra in range(1, spans[index]):
            continuation.add(len(headers))
            headers.append(f"{ctx.word(column.key)} {ctx.word('continued_n', n=extra)}")
            widths.append(column.width)
    headers = unique_headers(headers)
    for number, width in enumerate(widths):
        ws.set_column(number, number, width)
    count = len(ctx.records)
    ws.add_table(0, 0, max(count, 1), len(headers) - 1, {
        "name": ctx.tables["records_table"],
        "style": "Table Style Light 9",
        "columns": [{"header": h, "header_format": styles["header"]} for h in headers],
    })
    ws.freeze_panes(1, 1)
    print_setup(ctx, ws, [w for i, w in enumerate(widths[:printed]) if i not in continuation], title_rows=(0, 0))
    ws.print_area(0, 0, count, printed - 1)
    ws.set_row(0, row_height(max(line_count(h, w) for h, w in zip(headers, widths))))

    words = {status: cell_text(ctx.theme.status_words(status, ctx.lang)) for status in Status}
    word_lines = {status: line_count(words[status], COLUMNS[3].width) for status in Status}
    text_format, number_format = styles["text"], styles["number"]
    write_string, write_number = ws.write_string, ws.write_number
    plan = [(index, column.value, column.kind, first, column.width, spans[index] > 1)
            for index, (first, column) in enumerate(zip(first_columns, COLUMNS))]
    for index, record in enumerate(ctx.records):
        row = index + 1
        lines = 1
        for column_index, value_of, kind, first, width, continued in plan:
            value = value_of(record)
            if kind == "text":
                assert isinstance(value, str)
                pieces = long.get((index, column_index)) if continued else None
                if pieces:
                    for offset, piece in enumerate(pieces):
                        put_text(ws, row, first + offset, piece, text_format)
                    lines = max(lines, line_count(pieces[0], width))
                elif value:
                    write_string(row, first, cell_text(value), text_format)
                    lines = max(lines, line_count(value, width))
            elif kind == "number":
                assert isinstance(value, int)
                write_number(row, first, value, number_format)
            else:  # status
                assert isinstance(value, Status)
                write_string(row, first, words[value], text_format)
                lines = max(lines, word_lines[value])
        if lines > 1:
            ws.set_row(row, row_height(lines))
