"""The status workbook `statusmatris.xlsx`: one workbook over every period, for board
meetings.

Sheets, in order: the summary (counts over the matrix, each formula with its result,
and a chart), the status matrix (assignments by periods, a named table the summary
counts over), the records (every record as a row of a named table) and the
responsibility matrix (assignments by committees). Everything is written with
XlsxWriter's public API in its normal mode (its `constant_memory` mode drops tables
and cannot fill a chart's caches), and nothing is changed after it. XlsxWriter writes
each part to a temporary file of its own before it packs them (a peak of about 0.9 GB
at 100,000 records, where packing from memory takes 1.4 GB) and dates every entry of
the archive 1980-01-31; the document's dates come from the records, so the same input
gives the same bytes. See `_xlsx` for the sheets."""

from __future__ import annotations

import datetime as _dt
import io
import warnings

import xlsxwriter

from ..model import RecordSet
from ..theme import Theme
from ._xlsx.common import Context, sheet_names, table_names
from ._xlsx.matrix import build_matrix, matrix_layout, shown_records
from ._xlsx.records import build_records
from ._xlsx.responsibility import build_responsibility
from ._xlsx.styles import Styles
from ._xlsx.summary import Counts, build_summary, facts
from .base import BuildOptions, Document, Writer, without_cyclic_gc

__all__ = ["StatusWorkbookWriter", "WORKBOOK_NAME", "SHEET_KEYS", "TABLE_KEYS", "WORKBOOK_OPTIONS", "ARCHIVE_DATE"]

WORKBOOK_NAME = "statusmatris.xlsx"
# The theme words naming the sheets, in order.
SHEET_KEYS = ("sheet_summary", "sheet_matrix", "sheet_records", "sheet_responsibility")
# The date XlsxWriter gives every entry of the archive it packs from its temporary files.
ARCHIVE_DATE = (1980, 1, 31, 0, 0, 0)
# The theme words naming the tables of the matrix and of the records.
TABLE_KEYS = ("matrix_table", "records_table")
# Text is only ever written as text (`write_string`); these make sure no other call
# would read it as anything else. (Not `in_memory`: see above.)
WORKBOOK_OPTIONS = {"in_memory": False, "strings_to_formulas": False, "strings_to_numbers": False,
                    "strings_to_urls": False}


class StatusWorkbookWriter(Writer):
    name = "xlsx"
    description = "Excel status matrix over all periods"

    def documents(self, record_set: RecordSet, options: BuildOptions) -> list[Document]:
        return [Document(options.file_name(WORKBOOK_NAME, spans_periods=True))]

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        with without_cyclic_gc():
            return self._render(options.in_scope(record_set), document, theme, options)

    def _render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        lang = options.lang
        out = io.BytesIO()
        # XlsxWriter tells of a value it had to change through `warnings`; the writer stays
        # within Excel's limits so that it never has to, and should it all the same, the
        # user reads it as the document's warning, not as a library's line of code.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            workbook = xlsxwriter.Workbook(out, WORKBOOK_OPTIONS)
            ctx = Context(theme, lang, record_set, document, Styles(workbook, theme), workbook=workbook)
            names = sheet_names([theme.word(key, lang) for key in SHEET_KEYS])
            ctx.sheets = dict(zip(SHEET_KEYS, names))
            ctx.tables = dict(zip(TABLE_KEYS, table_names([theme.word(key, lang) for key in TABLE_KEYS])))
            date = options.date_for(None, record_set)
            ctx.header_left, ctx.footer_left = facts(ctx, options.report_date)
            summary, matrix_sheet, records, responsibility = (workbook.add_worksheet(n) for n in names)
            summary.activate()
            matrix = matrix_layout(ctx)
            shown = shown_records(ctx)
            build_summary(ctx, summary, matrix, Counts(ctx, shown))
            build_matrix(ctx, matrix_sheet, matrix)
            build_records(ctx, records)
            build_responsibility(ctx, responsibility)
            _properties(workbook, theme, lang, date)
            workbook.close()
        for warning in caught:
            ctx.warn(f"the spreadsheet library: {warning.message}")
        return out.getvalue()


def _properties(workbook: xlsxwriter.Workbook, theme: Theme, lang: str, date: _dt.date) -> None:
    """Title, subject, creator, keywords and the dates, which come from the records (the
    last day of the latest period) or the report date asked for, never from the clock."""
    workbook.set_properties({
        "title": theme.workbook_title(lang),
        "subject": theme.report_title(lang),
        "author": theme.organisation,
        "company": theme.organisation,
        "keywords": theme.keywords[lang],
        "created": _dt.datetime(date.year, date.month, date.day, tzinfo=_dt.timezone.utc),
    })
