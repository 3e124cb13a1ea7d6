"""The floor: the same text written into WordprocessingML and SpreadsheetML zips with
the standard library alone, with no formatting at all. No real writer can beat it
by much, so exporter's writers are measured as a ratio to it.

The .docx files hold, per period, each record's title, committees, status, status
sentence and comment paragraphs as plain paragraphs; the .xlsx holds one row per
record over all periods, in inline strings (no shared-strings table).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the floor needs exporter's model only for its type hints
    from exporter.model import Record, RecordSet

__all__ = ["docx_bytes", "xlsx_bytes", "write_docx", "write_xlsx", "STATUS_WORDS"]

STATUS_WORDS = {
    "done": "Genomfört",
    "partly_done": "Delvis genomfört",
    "not_done": "Inte genomfört",
    "expected_done": "Bedöms bli genomfört",
    "expected_not_done": "Bedöms inte bli genomfört",
    "unknown": "Status saknas",
}

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_DOCX_TYPES = (
    _DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_RELS_NS}">'
    f'<Relationship Id="rId1" Type="{_DOC_REL}" Target="word/document.xml"/></Relationships>'
)
_XLSX_TYPES = (
    _DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_XLSX_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_RELS_NS}">'
    f'<Relationship Id="rId1" Type="{_DOC_REL}" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    _DECLARATION + f'<workbook xmlns="{_S_NS}" xmlns:r="{_R_NS}">'
    '<sheets><sheet name="Uppdrag" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_RELS_NS}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_HEADINGS = ("Period", "Uppdrag", "Nämnder", "Status", "Statusmening", "Kommentar")


def _esc(text: str) -> str:
    return text.translate(_ESCAPE)


def _paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:p>'


def _record_texts(record: Record) -> list[str]:
    return [
        record.title,
        ", ".join(record.committees),
        STATUS_WORDS.get(record.status.value, record.status.value),
        record.status_text,
        *record.comment,
    ]


def _zip(parts: list[tuple[str, str]]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, text in parts:
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def docx_bytes(records: list[Record] | tuple[Record, ...], heading: str) -> bytes:
    """A minimal .docx of `records`: one plain paragraph per piece of text."""
    body = [_paragraph(heading)]
    for record in records:
        body.extend(_paragraph(text) for text in _record_texts(record))
    document = _DECLARATION + f'<w:document xmlns:w="{_W_NS}"><w:body>' + "".join(body) + "</w:body></w:document>"
    return _zip([("[Content_Types].xml", _DOCX_TYPES), ("_rels/.rels", _DOCX_RELS), ("word/document.xml", document)])


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{_column(i)}{number}" t="inlineStr"><is><t xml:space="preserve">{_esc(v)}</t></is></c>'
        for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def xlsx_bytes(records: list[Record] | tuple[Record, ...]) -> bytes:
    """A minimal .xlsx of `records`: one row of inline strings per record."""
    rows = [_row(1, list(_HEADINGS))]
    for number, record in enumerate(records, start=2):
        texts = _record_texts(record)
        rows.append(_row(number, [record.period.label, texts[0], texts[1], texts[2], texts[3], "\n".join(texts[4:])]))
    sheet = _DECLARATION + f'<worksheet xmlns="{_S_NS}"><sheetData>' + "".join(rows) + "</sheetData></worksheet>"
    return _zip(
        [
            ("[Content_Types].xml", _XLSX_TYPES),
            ("_rels/.rels", _XLSX_RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
    )


def write_docx(record_set: RecordSet, out_dir: Path) -> list[Path]:
    """One .docx per period, named as exporter names its reports."""
    written = []
    for period in record_set.periods:
        path = out_dir / f"floor-{period.slug}.docx"
        path.write_bytes(docx_bytes(record_set.for_period(period), f"Uppföljning av uppdrag {period.label}"))
        written.append(path)
    return written


def write_xlsx(record_set: RecordSet, out_dir: Path) -> list[Path]:
    """One .xlsx over every period."""
    path = out_dir / "floor.xlsx"
    path.write_bytes(xlsx_bytes(record_set.records))
    return [path]
