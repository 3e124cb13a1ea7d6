"""The printable PDF report: one A4 document per period, `uppfoljning-2022-T1.pdf`.

Laid out by the small engine in `exporter.writers._pdf` and drawn with reportlab,
set in Liberation Sans (metric-compatible with the Word report's Arial; shipped in
the default template) or the theme's own TrueType files, embedded; status symbols
drawn as vector shapes where the typeface lacks them, an outline mirroring the
headings and "Sida X av Y" in the footer; tagged (PDF/UA-1): a structure tree of
headings, paragraphs, tables and a linked table of contents, with the running header
and footer as artifacts, written after reportlab's own objects (`_pdf.writer`).
"""

from __future__ import annotations

from typing import BinaryIO

from ..model import Period, RecordSet
from ..theme import Theme
from ._pdf.report import Built, build_report, document_name, write_report
from .base import BuildOptions, Document, PeriodWriter

__all__ = ["PdfWriter", "document_name"]


class PdfWriter(PeriodWriter):
    """One printable PDF report per period."""

    name = "pdf"
    description = "printable PDF report, one per period"

    def file_name(self, period: Period) -> str:
        return document_name(period)

    def build(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> Built:
        """The PDF with its metadata."""
        return build_report(record_set, document, theme, options)

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        return self.build(record_set, document, theme, options).data

    def write(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions,
              out: BinaryIO) -> None:
        """The PDF written to `out` as it is made: a report of 100,000 assignments is
        never held whole in memory."""
        write_report(record_set, document, theme, options, out)
