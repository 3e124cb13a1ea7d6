"""The archive copy of each period's report: PDF/A-2a and PDF/UA-1 in one file, at
"<year>/T<n>/uppfoljning-<year>-T<n>.pdf" (`exporter archive` adds the SHA256SUMS
manifest, see `exporter.archive`).

The report is made by the same lower layer as the printable PDF (`_pdf`), tagged
already; reportlab has no PDF/A switch, so pikepdf (qpdf) finishes it: an sRGB
output intent, the XMP packet with the PDF/A-2a and PDF/UA-1 identification (the
latter declared in a PDF/A extension schema), the document information to match,
and the file written again by qpdf with a deterministic document ID.
"""

from __future__ import annotations

import io
from dataclasses import replace
from importlib import resources
from xml.etree import ElementTree

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ..archive import archive_time
from ..model import Period, RecordSet
from ..theme import Theme
from ._pdf.metadata import CREATOR, PRODUCER, Metadata, xmp
from ._pdf.report import build_report, document_name
from .base import BuildOptions, Document, PeriodWriter

__all__ = ["ArchivalPdfWriter", "archive_name", "finish_pdfa"]

SRGB = "sRGB IEC61966-2.1"


def archive_name(period: Period) -> str:
    """Where a period's report lies in the archive: "2022/T1/uppfoljning-2022-T1.pdf"."""
    return f"{period.year}/T{period.tertial}/{document_name(period)}"


def _srgb_profile() -> bytes:
    """The sRGB ICC profile (v2, free to use) that ships inside pikepdf, read as a file
    of the package: importing `pikepdf.pdfa` would load its whole validator."""
    return (resources.files("pikepdf") / "pdfa" / "data" / "sRGB.icc").read_bytes()


def finish_pdfa(data: bytes, meta: Metadata) -> bytes:
    """`data` (a tagged reportlab PDF with embedded TrueType fonts) as PDF/A-2a and
    PDF/UA-1, created at `meta.created` (the time of archiving, `meta.archived`, where
    set): the same input and time give the same bytes. Refuses (ValueError) to write
    metadata that is not well-formed XML."""
    packet = xmp(meta, archival=True)
    try:
        ElementTree.fromstring(packet)
    except ElementTree.ParseError as exc:
        raise ValueError(f"the archive's XMP metadata is not well-formed XML: {exc}") from None
    with pikepdf.open(io.BytesIO(data)) as pdf:
        profile = pdf.make_stream(_srgb_profile())
        profile["/N"] = 3
        pdf.Root.OutputIntents = Array([
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFA1,
                OutputConditionIdentifier=String(SRGB),
                Info=String(SRGB),
                DestOutputProfile=profile,
            )
        ])
        pdf_date = f"D:{meta.created:%Y%m%d%H%M%S}+00'00'"
        info = pdf.docinfo
        for key in list(info.keys()):
            del info[key]
        info.Title = String(meta.title)
        info.Subject = String(meta.subject)
        info.Author = String(meta.author)
        info.Keywords = String(meta.keywords)
        info.Creator = String(CREATOR)
        info.Producer = String(PRODUCER)
        info.CreationDate = String(pdf_date)
        info.ModDate = String(pdf_date)
        pdf.Root.Metadata = pdf.make_stream(packet, Type=Name.Metadata, Subtype=Name.XML)
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            fix_metadata_version=False,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return out.getvalue()


class ArchivalPdfWriter(PeriodWriter):
    """The report of each period as PDF/A-2a and PDF/UA-1, at "<year>/T<n>/uppfoljning-<year>-T<n>.pdf"."""

    name = "pdfa"
    description = "archival PDF/A-2a and PDF/UA-1, one per period, in year/tertial folders"

    def file_name(self, period: Period) -> str:
        return archive_name(period)

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        """The archive copy, dated when it is made: `options.archived_at` (one time for
        every copy of an `exporter archive`), else `archive_time()` (SOURCE_DATE_EPOCH
        or the clock), never before the report's date."""
        built = build_report(record_set, document, theme, options)
        archived = options.archived_at or archive_time()
        return finish_pdfa(built.data, replace(built.meta, archived=archived))
