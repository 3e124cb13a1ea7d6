"""The status workbook `statusmatris.xlsx`: one workbook over every period.

Sheets, in order: the status matrix (assignments by periods, the status on its colour,
the comment in the note), the records (every record as a row of a named table), the
responsibility matrix (assignments by committees) and the summary (live counts and a
chart). openpyxl builds the frame; the rows that grow with the record set are spliced
in as text (see `_xlsx`), which keeps a workbook of 10,000 records well within two
seconds."""

from __future__ import annotations

import datetime as _dt
import io

from openpyxl import Workbook

from ..model import RecordSet
from ..theme import LANGUAGE_TAGS, Theme
from ._xlsx.common import Context
from ._xlsx.matrix import build_matrix
from ._xlsx.package import assemble
from ._xlsx.records import build_records
from ._xlsx.responsibility import build_responsibility
from ._xlsx.styles import Styles
from ._xlsx.summary import build_summary
from .base import BuildOptions, Document, Writer, without_cyclic_gc

__all__ = ["XlsxWriter", "WORKBOOK_NAME", "SHEET_KEYS"]

WORKBOOK_NAME = "statusmatris.xlsx"
# The theme words naming the sheets, in order.
SHEET_KEYS = ("sheet_matrix", "sheet_records", "sheet_responsibility", "sheet_summary")


class XlsxWriter(Writer):
    name = "xlsx"
    description = "Excel status matrix over all periods"

    def documents(self, record_set: RecordSet, options: BuildOptions) -> list[Document]:
        return [Document(WORKBOOK_NAME)]

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        with without_cyclic_gc():
            return self._render(record_set, document, theme, options)

    def _render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        lang = options.lang
        wb = Workbook()
        sheets = [wb.active] + [wb.create_sheet() for _ in SHEET_KEYS[1:]]
        for ws, key in zip(sheets, SHEET_KEYS):
            ws.title = theme.word(key, lang)
        ctx = Context(wb, theme, lang, record_set, document, Styles(wb, theme))
        bodies = {
            1: build_matrix(ctx, sheets[0]),
            2: build_records(ctx, sheets[1]),
            3: build_responsibility(ctx, sheets[2]),
        }
        build_summary(ctx, sheets[3])
        if theme.logo is not None:
            _place_logo(sheets[0], theme)
        wb.active = 0
        _properties(wb, theme, lang, options.date_for(None, record_set))
        frame = io.BytesIO()
        wb.save(frame)
        alt = theme.logo.alt[lang] if theme.logo is not None else None
        return assemble(frame.getvalue(), bodies, theme.organisation, logo_alt=alt)


LOGO_HEIGHT_PX = 56


def _place_logo(ws, theme: Theme) -> None:
    """The theme's logo at the top right of the status matrix, beside the title."""
    from openpyxl.drawing.image import Image

    from ._xlsx.matrix import logo_anchor

    image = Image(str(theme.logo.path))
    image.width, image.height = image.width * LOGO_HEIGHT_PX / image.height, LOGO_HEIGHT_PX
    ws.row_dimensions[1].height = LOGO_HEIGHT_PX * 0.75 + 6
    ws.add_image(image, logo_anchor())


def _properties(wb: Workbook, theme: Theme, lang: str, date: _dt.date) -> None:
    """Title, subject, creator, keywords, language and a creation date that comes from
    the records (the last day of the latest period), never from the clock."""
    props = wb.properties
    props.title = theme.workbook_title(lang)
    props.subject = theme.report_title(lang)
    props.creator = theme.organisation
    props.lastModifiedBy = theme.organisation
    props.keywords = theme.keywords[lang]
    props.language = LANGUAGE_TAGS[lang]
    props.created = props.modified = _dt.datetime(date.year, date.month, date.day)
