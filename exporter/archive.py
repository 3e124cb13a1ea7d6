"""The archive: PDF/A-2b copies of the reports in year/tertial folders, and a SHA256SUMS
manifest of them.

reportlab has no PDF/A switch, so the printable PDF is finished with pikepdf (qpdf):
the empty /Trans dictionaries reportlab writes are removed, an sRGB output intent and
an XMP packet carrying the PDF/A identification and the document information are
added, and the file is written again by qpdf with a deterministic document ID.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .files import atomic_write
from .model import Period, RecordSet
from .theme import Theme
from .writers.base import BuildOptions, Document, PeriodWriter
from .writers.pdf import PdfWriter, document_name

__all__ = ["ArchivalPdfWriter", "archive_name", "finish_pdfa", "manifest", "write_manifest", "MANIFEST", "CREATOR"]

MANIFEST = "SHA256SUMS"
CREATOR = "exporter"
ARCHIVE_PATTERN = "*/T*/uppfoljning-*.pdf"
SRGB = "sRGB IEC61966-2.1"


def archive_name(period: Period) -> str:
    """Where a period's report lies in the archive: "2022/T1/uppfoljning-2022-T1.pdf"."""
    return f"{period.year}/T{period.tertial}/{document_name(period)}"


def _srgb_profile() -> bytes:
    """The sRGB ICC profile (v2, free to use) that ships inside pikepdf."""
    return (resources.files("pikepdf.pdfa") / "data" / "sRGB.icc").read_bytes()


def _xmp(title: str, subject: str, author: str, keywords: str, language: str, producer: str, when: str) -> bytes:
    e = escape
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{e(keywords)}</pdf:Keywords>
   <pdf:Producer>{e(producer)}</pdf:Producer>
   <xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def finish_pdfa(
    data: bytes,
    *,
    title: str,
    subject: str,
    author: str,
    keywords: str,
    language: str,
    date: _dt.date,
) -> bytes:
    """`data` (a reportlab PDF with embedded TrueType fonts) as PDF/A-2b, dated `date`:
    the same input gives the same bytes."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
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
        producer = str(pdf.docinfo.get("/Producer", "ReportLab PDF Library"))
        pdf_date = f"D:{date:%Y%m%d}000000+00'00'"
        xmp_date = f"{date:%Y-%m-%d}T00:00:00+00:00"
        info = pdf.docinfo
        for key in list(info.keys()):
            del info[key]
        info.Title = String(title)
        info.Subject = String(subject)
        info.Author = String(author)
        info.Keywords = String(keywords)
        info.Creator = String(CREATOR)
        info.Producer = String(producer)
        info.CreationDate = String(pdf_date)
        info.ModDate = String(pdf_date)
        pdf.Root.Metadata = pdf.make_stream(
            _xmp(title, subject, author, keywords, language, producer, xmp_date),
            Type=Name.Metadata,
            Subtype=Name.XML,
        )
        pdf.Root.Lang = String(language)
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            fix_metadata_version=False,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return out.getvalue()


class ArchivalPdfWriter(PeriodWriter):
    """The report of each period as PDF/A-2b, at "<year>/T<n>/uppfoljning-<year>-T<n>.pdf"."""

    name = "pdfa"
    description = "archival PDF/A-2b, one per period, in year/tertial folders"

    def file_name(self, period: Period) -> str:
        return archive_name(period)

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        built = PdfWriter().build(record_set, document, theme, options)
        return finish_pdfa(
            built.data,
            title=built.title,
            subject=built.subject,
            author=built.author,
            keywords=built.keywords,
            language=built.language,
            date=options.date_for(document.period, record_set),
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest(out_dir: str | Path, staged: Mapping[str, Path]) -> list[tuple[str, bytes]]:
    """The SHA256SUMS a build of the archive writes together with its PDFs: every archived
    PDF under `out_dir`, those of the build (`staged`: name -> file with the new bytes)
    counted as they will be."""
    out_dir = Path(out_dir)
    files = {p.relative_to(out_dir).as_posix(): p for p in out_dir.glob(ARCHIVE_PATTERN) if p.is_file()}
    files.update({name: path for name, path in staged.items() if Path(name).match(ARCHIVE_PATTERN)})
    text = "".join(f"{_sha256(files[name])}  {name}\n" for name in sorted(files))
    return [(MANIFEST, text.encode("utf-8"))]


def write_manifest(out_dir: str | Path) -> Path:
    """Write `out_dir/SHA256SUMS` listing every archived PDF under `out_dir`, sorted, in
    the format `sha256sum -c` reads (paths relative to `out_dir`); its path."""
    out_dir = Path(out_dir)
    files = sorted((p.relative_to(out_dir).as_posix(), p) for p in out_dir.glob(ARCHIVE_PATTERN) if p.is_file())
    text = "".join(f"{_sha256(path)}  {name}\n" for name, path in files)
    return atomic_write(out_dir / MANIFEST, text.encode("utf-8"))
