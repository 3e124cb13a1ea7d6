"""The status workbook `statusmatris.xlsx`: one workbook over every period, for board
meetings.

Sheets, in order: the summary (live counts over the matrix and a chart), the status
matrix (assignments by periods, a named table the summary counts over), the records
(every record as a row of a named table) and the responsibility matrix (assignments
by committees). Everything is written with openpyxl's public API in its write-only
mode, row after row, which keeps memory flat however many records there are; see
`_xlsx` for the sheets."""

from __future__ import annotations

import datetime as _dt
import tempfile
import zipfile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from ..files import normalise_zip
from ..model import RecordSet
from ..theme import LANGUAGE_TAGS, Theme
from ._xlsx.common import Context
from ._xlsx.matrix import build_matrix, matrix_layout
from ._xlsx.package import Parts, finish_part, place_logo
from ._xlsx.records import build_records
from ._xlsx.responsibility import build_responsibility
from ._xlsx.styles import Styles
from ._xlsx.summary import build_summary, chart_description
from .base import BuildOptions, Document, Writer, without_cyclic_gc

__all__ = ["XlsxWriter", "WORKBOOK_NAME", "SHEET_KEYS"]

WORKBOOK_NAME = "statusmatris.xlsx"
# The theme words naming the sheets, in order.
SHEET_KEYS = ("sheet_summary", "sheet_matrix", "sheet_records", "sheet_responsibility")


class XlsxWriter(Writer):
    name = "xlsx"
    description = "Excel status matrix over all periods"

    def documents(self, record_set: RecordSet, options: BuildOptions) -> list[Document]:
        return [Document(options.file_name(WORKBOOK_NAME, spans_periods=True))]

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        with without_cyclic_gc():
            return self._render(options.in_scope(record_set), document, theme, options)

    def _render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        lang = options.lang
        wb = Workbook(write_only=True)
        summary, matrix, records, responsibility = (wb.create_sheet(theme.word(key, lang)) for key in SHEET_KEYS)
        ctx = Context(theme, lang, record_set, document, Styles(theme))
        build_summary(ctx, summary, matrix_layout(ctx))
        if theme.logo is not None:
            place_logo(summary, theme.logo, lang)
        notes = build_matrix(ctx, matrix)
        build_records(ctx, records)
        build_responsibility(ctx, responsibility)
        _properties(wb, theme, lang, options.date_for(None, record_set))
        parts = Parts(chart_alt=chart_description(ctx) if record_set.periods else None, notes=notes)
        # openpyxl's archive goes to a temporary file, stored, not compressed: it is written
        # again, deterministically and compressed, an entry at a time.
        with tempfile.TemporaryFile() as frame:
            with zipfile.ZipFile(frame, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
                ExcelWriter(wb, archive).save()
            frame.seek(0)
            return normalise_zip(frame, lambda name, data: finish_part(name, data, parts))


def _properties(wb: Workbook, theme: Theme, lang: str, date: _dt.date) -> None:
    """Title, subject, creator, keywords, language and the dates, which come from the
    records (the last day of the latest period), never from the clock."""
    props = wb.properties
    props.title = theme.workbook_title(lang)
    props.subject = theme.report_title(lang)
    props.creator = theme.organisation
    props.lastModifiedBy = theme.organisation
    props.keywords = theme.keywords[lang]
    props.language = LANGUAGE_TAGS[lang]
    props.created = props.modified = _dt.datetime(date.year, date.month, date.day)
