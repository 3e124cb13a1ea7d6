"""The printable PDF report: one A4 document per period, `uppfoljning-2022-T1.pdf`.

Laid out by the small engine in `exporter.writers._pdf` and drawn with reportlab,
with reportlab's own Bitstream Vera fonts embedded, status symbols drawn as vector
shapes, an outline mirroring the headings and "Sida X av Y" in the footer.
"""

from __future__ import annotations

from ..model import RecordSet
from ..theme import Theme
from ._pdf.report import Built, build_report
from .base import BuildOptions, Document, Writer

__all__ = ["PdfWriter", "document_name"]


def document_name(period) -> str:
    return f"uppfoljning-{period.slug}.pdf"


class PdfWriter(Writer):
    """One printable PDF report per period."""

    name = "pdf"
    description = "printable PDF report, one per period"

    def documents(self, record_set: RecordSet, options: BuildOptions) -> list[Document]:
        return [Document(document_name(p), p) for p in record_set.periods]

    def build(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> Built:
        """The PDF with the metadata it was given (the archival writer reuses them)."""
        if document.period is None:
            raise ValueError("a PDF report covers one period")
        return build_report(record_set, document, theme, options)

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        return self.build(record_set, document, theme, options).data
