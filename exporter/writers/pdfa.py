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
import struct
from dataclasses import replace
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ..archive import archive_time
from ..model import Period, RecordSet
from ..theme import Theme
from ._pdf.metadata import CREATOR, PRODUCER, Metadata, xmp
from ._pdf.report import build_report, document_name
from .base import BuildOptions, Document, PeriodWriter

__all__ = ["ArchivalPdfWriter", "archive_name", "finish_pdfa", "embedding_problem"]

SRGB = "sRGB IEC61966-2.1"

# OS/2 fsType bits (OpenType): the licence's embedding permissions. PDF/A needs every
# font embedded, and reportlab embeds a subset, so a font that is "restricted" (may not
# be embedded), "no subsetting" or "bitmap embedding only" cannot go into the archive.
_FS_RESTRICTED, _FS_NO_SUBSETTING, _FS_BITMAP_ONLY = 0x0002, 0x0100, 0x0200


def embedding_problem(font: Path) -> str | None:
    """Why the licence of a TrueType font (its OS/2 fsType) keeps it out of a PDF/A, in
    words; None where it may be embedded and subset (or says nothing)."""
    try:
        with open(font, "rb") as fh:
            head = fh.read(12)
            (count,) = struct.unpack_from(">H", head, 4)
            records = fh.read(16 * count)
            for i in range(len(records) // 16):
                tag, _, offset, length = struct.unpack_from(">4sIII", records, 16 * i)
                if tag == b"OS/2" and length >= 10:
                    fh.seek(offset + 8)
                    (fs_type,) = struct.unpack(">H", fh.read(2))
                    break
            else:
                return None
    except (OSError, struct.error):
        return None  # the font check (`assets.verify`) has read it already; nothing to say here
    if fs_type & 0x000F == _FS_RESTRICTED:
        return (f"may not be embedded (its licence, OS/2 fsType {fs_type:#06x}, is restricted); an archived PDF/A "
                "must embed its fonts: choose a font whose licence allows embedding")
    if fs_type & (_FS_NO_SUBSETTING | _FS_BITMAP_ONLY):
        return (f"may not be embedded as a subset of outlines (its licence, OS/2 fsType {fs_type:#06x}); an archived "
                "PDF/A embeds the subset it uses: choose a font whose licence allows that")
    return None


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
