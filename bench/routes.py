"""The routes users would otherwise take, written the way a first attempt is:
naive python-docx (add_table, add_row, cell() look-ups), openpyxl in its default
mode, naive reportlab platypus (a Paragraph per text and one big LongTable of
plain strings), Typst writing tagged PDF/UA-1 from the records as JSON, pandoc on
an equivalent Markdown, and LibreOffice headless converting a .docx to PDF. Each writes the same records as exporter does: one
document per period for Word and PDF, one workbook over every period.

The document libraries are imported inside the functions, so importing this
module costs nothing and a missing library fails only its own route.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .floor import STATUS_WORDS

if TYPE_CHECKING:
    from exporter.model import Record, RecordSet

__all__ = [
    "RouteUnavailable",
    "python_docx",
    "openpyxl_default",
    "openpyxl_write_only",
    "reportlab_naive",
    "typst_tagged",
    "pandoc_markdown",
    "libreoffice_pdf",
    "soffice_path",
    "tool_version",
]


class RouteUnavailable(Exception):
    """The tool or library a route needs is not installed here."""


def _words(record: Record) -> str:
    return STATUS_WORDS.get(record.status.value, record.status.value)


def soffice_path() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def tool_version(command: list[str]) -> str | None:
    """The first line a tool prints for its version, or None where it is missing."""
    if shutil.which(command[0]) is None:
        return None
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if lines else None


# -- Word ---------------------------------------------------------------------------------


def python_docx(record_set: RecordSet, out_dir: Path) -> list[Path]:
    """Per period: a heading, an overview table filled through table.cell(row, col),
    then a heading and plain paragraphs per record."""
    try:
        import docx
    except ImportError as exc:
        raise RouteUnavailable(f"python-docx is not installed ({exc})") from None
    written = []
    for period in record_set.periods:
        records = record_set.for_period(period)
        document = docx.Document()
        document.add_heading(f"Uppföljning av uppdrag {period.label}", 0)
        table = document.add_table(rows=1, cols=3)
        for col, heading in enumerate(("Uppdrag", "Nämnder", "Status")):
            table.cell(0, col).text = heading
        for record in records:
            table.add_row()
            row = len(table.rows) - 1
            table.cell(row, 0).text = record.title
            table.cell(row, 1).text = ", ".join(record.committees)
            table.cell(row, 2).text = _words(record)
        for record in records:
            document.add_heading(record.title, 2)
            document.add_paragraph(f"{', '.join(record.committees)} · {_words(record)}")
            if record.status_text:
                document.add_paragraph(record.status_text)
            for paragraph in record.comment:
                document.add_paragraph(paragraph)
        path = out_dir / f"python-docx-{period.slug}.docx"
        buffer = io.BytesIO()
        document.save(buffer)
        path.write_bytes(buffer.getvalue())
        written.append(path)
    return written


# -- Excel -----------------------------------------------------------------------------------


def openpyxl_default(record_set: RecordSet, out_dir: Path) -> list[Path]:
    """One workbook, one row per record appended in openpyxl's default (not write-only) mode."""
    return _openpyxl(record_set, out_dir / "openpyxl.xlsx", write_only=False)


def openpyxl_write_only(record_set: RecordSet, out_dir: Path) -> list[Path]:
    """The same workbook in openpyxl's write-only mode (rows streamed, not kept)."""
    return _openpyxl(record_set, out_dir / "openpyxl-write-only.xlsx", write_only=True)


def _openpyxl(record_set: RecordSet, path: Path, write_only: bool) -> list[Path]:
    try:
        import openpyxl
    except ImportError as exc:
        raise RouteUnavailable(f"openpyxl is not installed ({exc})") from None
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Uppdrag") if write_only else workbook.active
    if not write_only:
        sheet.title = "Uppdrag"
    sheet.append(["Period", "Uppdrag", "Nämnder", "Status", "Statusmening", "Kommentar"])
    for record in record_set.records:
        sheet.append(
            [
                record.period.label,
                record.title,
                ", ".join(record.committees),
                _words(record),
                record.status_text,
                "\n".join(record.comment),
            ]
        )
    workbook.save(path)
    return [path]


# -- PDF ----------------------------------------------------------------------------------------


def reportlab_naive(record_set: RecordSet, out_dir: Path) -> list[Path]:
    """Per period: one big LongTable of plain strings for the overview, then one
    Paragraph per text, laid out by SimpleDocTemplate."""
    try:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate
    except ImportError as exc:
        raise RouteUnavailable(f"reportlab is not installed ({exc})") from None
    from xml.sax.saxutils import escape

    styles = getSampleStyleSheet()
    written = []
    for period in record_set.periods:
        records = record_set.for_period(period)
        story = [Paragraph(escape(f"Uppföljning av uppdrag {period.label}"), styles["Title"])]
        rows = [["Uppdrag", "Nämnder", "Status"]]
        rows.extend([r.title[:90], ", ".join(r.committees), _words(r)] for r in records)
        story.append(LongTable(rows, repeatRows=1))
        for record in records:
            story.append(Paragraph(escape(record.title), styles["Heading2"]))
            story.append(Paragraph(escape(f"{', '.join(record.committees)} · {_words(record)}"), styles["Normal"]))
            if record.status_text:
                story.append(Paragraph(escape(record.status_text), styles["Normal"]))
            story.extend(Paragraph(escape(p), styles["BodyText"]) for p in record.comment)
        path = out_dir / f"reportlab-{period.slug}.pdf"
        SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(story)
        written.append(path)
    return written


# -- Typst (tagged PDF/UA-1) -------------------------------------------------------------------

_TYPST_SOURCE = """#set document(title: sys.inputs.title)
#set text(lang: "sv")
#let data = json("records.json")
#outline()
= Översikt
#table(
  columns: 3,
  table.header([Uppdrag], [Nämnder], [Status]),
  ..data.map(r => (r.title, r.committees, r.status)).flatten(),
)
= Uppdrag
#for r in data [
  == #r.title
  #r.committees · #r.status

  #r.status_text
  #for p in r.comment [

    #p
  ]
]
"""


def typst_tagged(record_set: RecordSet, out_dir: Path) -> list[Path]:
    """Per period: the records as JSON and a Typst document that reads them (an outline,
    an overview table with a header row, a heading and paragraphs per record), compiled
    by the `typst` package as tagged PDF/UA-1, the tagged route a user could take."""
    try:
        import typst
    except ImportError as exc:
        raise RouteUnavailable(f"typst is not installed ({exc})") from None
    import json

    written = []
    source = out_dir / "typst-report.typ"
    source.write_text(_TYPST_SOURCE, "utf-8")
    for period in record_set.periods:
        records = [{"title": r.title, "committees": ", ".join(r.committees), "status": _words(r),
                    "status_text": r.status_text, "comment": list(r.comment)} for r in record_set.for_period(period)]
        (out_dir / "records.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
        path = out_dir / f"typst-{period.slug}.pdf"
        path.write_bytes(typst.compile(str(source), pdf_standards=["ua-1"],
                                       sys_inputs={"title": f"Uppföljning av uppdrag {period.label}"}))
        written.append(path)
    return written


# -- pandoc -----------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|!"})


def _md(text: str) -> str:
    return text.translate(_MARKDOWN_SPECIAL)


def markdown(records: tuple[Record, ...], heading: str) -> str:
    """The Markdown a user would write for one period: an overview pipe table, then a
    section per record."""
    lines = [f"# {_md(heading)}", "", "| Uppdrag | Nämnder | Status |", "|---|---|---|"]
    lines.extend(f"| {_md(r.title)} | {', '.join(r.committees)} | {_words(r)} |" for r in records)
    lines.append("")
    for record in records:
        lines += [f"## {_md(record.title)}", "", f"*{', '.join(record.committees)}* · **{_words(record)}**", ""]
        if record.status_text:
            lines += [_md(record.status_text), ""]
        for paragraph in record.comment:
            lines += [_md(paragraph), ""]
    return "\n".join(lines)


def pandoc_markdown(record_set: RecordSet, out_dir: Path, timeout: float | None = None) -> list[Path]:
    """Per period: write the Markdown and run `pandoc -f markdown -o X.docx` on it."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise RouteUnavailable("pandoc is not installed")
    written = []
    for period in record_set.periods:
        source = out_dir / f"pandoc-{period.slug}.md"
        source.write_text(markdown(record_set.for_period(period), f"Uppföljning av uppdrag {period.label}"), "utf-8")
        path = out_dir / f"pandoc-{period.slug}.docx"
        subprocess.run([pandoc, "-f", "markdown", "-t", "docx", "-o", str(path), str(source)], check=True,
                       capture_output=True, timeout=timeout)
        written.append(path)
    return written


# -- LibreOffice --------------------------------------------------------------------------------------


def libreoffice_pdf(documents: list[Path], out_dir: Path, profile: Path, timeout: float | None = None) -> list[Path]:
    """Convert `documents` to PDF with one `soffice --headless --convert-to pdf` run,
    using the user profile at `profile` (warm it first: a new profile costs seconds)."""
    soffice = soffice_path()
    if soffice is None:
        raise RouteUnavailable("LibreOffice (soffice) is not installed")
    if not documents:
        return []
    command = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, documents)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    written = [out_dir / (d.stem + ".pdf") for d in documents]
    missing = [p.name for p in written if not p.is_file()]
    if done.returncode != 0 or missing:
        raise RuntimeError(f"LibreOffice failed (exit {done.returncode}); missing {missing[:3]}: {done.stderr.strip()[-300:]}")
    return written


def warm_libreoffice(profile: Path) -> None:
    """Create and start the LibreOffice profile once with a tiny document, outside the timing."""
    from .floor import docx_bytes

    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "warm.docx"
        tiny.write_bytes(docx_bytes((), "warm-up"))
        libreoffice_pdf([tiny], Path(tmp), profile, timeout=300)
