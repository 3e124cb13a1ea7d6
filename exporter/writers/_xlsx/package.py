"""Splicing the big parts into the workbook openpyxl wrote, into a deterministic zip.

The zip entries get the same fixed timestamps and attributes as `files.write_zip`,
but the big parts are streamed into the archive piece by piece, so that a workbook
of 100,000 records never exists as one string in memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from ...files import COMPRESSLEVEL, stream_entry, zip_info
from .notes import Note, comments_xml, vml_xml

__all__ = ["Body", "assemble"]

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>")
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


@dataclass
class Body:
    """What goes into one worksheet beyond the rows openpyxl wrote: more rows (in row
    order, after openpyxl's), the sheet's full extent, and notes on its cells."""

    rows: Iterable[str]
    dimension: str
    notes: list[Note] = field(default_factory=list)


def _relationship_targets(rels: bytes) -> dict[str, str]:
    """Relationship type (last part) -> target part name, of a .rels part."""
    found = {}
    for m in re.finditer(rb'<Relationship\b[^>]*>', rels):
        tag = m.group(0)
        kind = re.search(rb'Type="[^"]*/([^"/]+)"', tag)
        target = re.search(rb'Target="([^"]*)"', tag)
        if kind and target:
            found[kind.group(1).decode()] = target.group(1).decode().lstrip("/")
    return found


def _sheet_pieces(frame: str, body: Body) -> Iterator[str]:
    frame = _DIMENSION.sub(f'<dimension ref="{body.dimension}"/>', frame, count=1)
    if "<sheetData/>" in frame:
        head, tail = frame.split("<sheetData/>", 1)
        head += "<sheetData>"
    else:
        head, tail = frame.split("</sheetData>", 1)
    yield head
    yield from body.rows
    yield "</sheetData>" + tail


def assemble(frame: bytes, bodies: dict[int, Body], author: str, logo_alt: str | None = None) -> bytes:
    """The workbook `frame` (as openpyxl saved it) with `bodies` spliced into its
    worksheets (by 1-based sheet number), the notes in place of the comments parts
    openpyxl wrote, the logo's alt text in place of openpyxl's "Picture", the modified
    date pinned to the created date, and fixed zip timestamps: the same input gives
    the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(frame))
    names = source.namelist()
    special: dict[str, Iterable[str]] = {}
    for number, body in bodies.items():
        sheet = f"xl/worksheets/sheet{number}.xml"
        special[sheet] = _sheet_pieces(source.read(sheet).decode("utf-8"), body)
        if body.notes:
            targets = _relationship_targets(source.read(f"xl/worksheets/_rels/sheet{number}.xml.rels"))
            special[targets["comments"]] = comments_xml(body.notes, author)
            special[targets["vmlDrawing"]] = vml_xml(body.notes)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL) as archive:
        for name in names:
            if name in special:
                stream_entry(archive, name, special[name])
                continue
            data = source.read(name)
            if logo_alt is not None and name.startswith("xl/drawings/drawing"):
                data = data.replace(b'descr="Picture"', b"descr=" + quoteattr(logo_alt).encode("utf-8"))
            if name == "docProps/core.xml":
                created = _CREATED.search(data)
                if created:
                    data = _MODIFIED.sub(lambda m: m.group(1) + created.group(1) + m.group(2), data)
            archive.writestr(zip_info(name), data, compresslevel=COMPRESSLEVEL)
    return buffer.getvalue()
