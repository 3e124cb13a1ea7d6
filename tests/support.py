"""Helpers the tests share: record builders, hostile text, reading documents back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from exporter.model import Period, Record, RecordSet, Source, Status, assignment_key

ROOT = Path(__file__).resolve().parent.parent
INPUT = ROOT / "input"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

def make_record(title: str, comment, period=Period(2022, 1), committees=("KS",), status=Status.EXPECTED_DONE,
                status_text="Uppdraget bedöms bli genomfört under året.", line=3, file="hostile.txt") -> Record:
    return Record(
        assignment=assignment_key(title),
        period=period,
        title=title,
        committees=tuple(committees),
        status=status,
        status_text=status_text,
        comment=tuple(comment),
        source=Source(file, line),
    )


HOSTILE_TEXTS = (
    "<b>fet</b> & <i>kursiv</i> <br/> <font color='red'>röd</font> &amp; &lt;",
    "=SUM(A1:A10)",
    "+46 63 14 30 00",
    "-350 tkr",
    "@användare",
    "=HYPERLINK(\"http://example.invalid\",\"klicka\")",
    "]]> <![CDATA[ x ]]> <?xml version='1.0'?> <!-- kommentar -->",
    "\"citat\" 'apostrof' \\ backslash {mall} %s %(namn)s",
    "Kompetensförsörjningsbehovsinventeringsarbetsgruppsmötesprotokollsjusteringsperson",
)


def hostile_record_set() -> RecordSet:
    """Text that tries to be markup, formulas or layout: it must stay text everywhere."""
    long_paragraph = " ".join(["Mycket lång kommentar med åäö och ÅÄÖ."] * 1200)  # ~45,000 characters
    records = [
        make_record("Uppdrag med <b>markup</b> & =formel i titeln", HOSTILE_TEXTS, committees=("KS", "SAN"), line=3),
        make_record("=1+1", ["+1", "-1", "@SUM(1)", "=cmd|' /C calc'!A0"], status=Status.UNKNOWN, status_text="", line=12),
        make_record("Väldigt lång kommentar", [long_paragraph], status=Status.DONE,
                    status_text="Uppdraget är genomfört.", period=Period(2022, 3), line=20),
        make_record("Uppdrag utan kommentar", [], committees=(), status=Status.NOT_DONE,
                    status_text="Uppdraget är inte genomfört", line=30),
    ]
    return RecordSet(tuple(records), ())


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_text(pdf: Path) -> str:
    """The text of a PDF as pdftotext reads it (reading order), or pypdf where poppler is missing."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        return subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


def pdfua_findings(pdf: Path) -> list[str]:
    """What the PDF/UA-1 rule checker `pdfua` (a test dependency) finds in `pdf`: its
    report's lines that name a finding. An empty list means its checks found nothing."""
    import sys

    done = subprocess.run([sys.executable, "-m", "pdfua", "check", str(pdf)], capture_output=True, text=True)
    if done.returncode == 0:
        return []
    return [line.strip() for line in done.stdout.splitlines() if line.strip()] or [done.stderr.strip()]


# pikepdf's PDF/A validator knows the level b rules of PDF/A-2 only. On the archive
# copy, which is PDF/A-2a and PDF/UA-1, it reports as violations the conformance
# letter "A" (6.6.4-3) and, under 6.6.2.3.1-1 (properties outside the PDF/A schemas
# must be declared), the PDF/A extension schema that declares pdfuaid:part together
# with that property: its rules do not read extension schemas. Known false alarms.
_PDFA_FALSE_ALARMS = (
    ("ISO_19005_2:6.6.4-3", "pdfaid:conformance is 'A'"),
    ("ISO_19005_2:6.6.2.3.1-1", "XMP namespace pdfaExtension="),
    ("ISO_19005_2:6.6.2.3.1-1", "XMP namespace pdfaSchema="),
    ("ISO_19005_2:6.6.2.3.1-1", "XMP namespace pdfaProperty="),
    ("ISO_19005_2:6.6.2.3.1-1", "XMP property pdfuaid:part "),
    ("ISO_19005_2:6.6.2.3.1-1", "XMP property pdfaExtension:schemas "),
)


def pdfa_findings(pdf: Path) -> list[str]:
    """What `pikepdf.pdfa.validate_written(pdf, "2b")` finds beyond its known false
    alarms on a PDF/A-2a + PDF/UA-1 file (and that it did check the file)."""
    import pikepdf.pdfa

    report = pikepdf.pdfa.validate_written(pdf, "2b")
    if report.verdict not in ("pass", "fail"):
        return [f"not checked: {report.verdict}", *map(str, report.findings)]
    return [str(f) for f in report.findings
            if not any(f.rule == rule and f.message.startswith(start) for rule, start in _PDFA_FALSE_ALARMS)]


def changing_record_set() -> RecordSet:
    """Two tertials of one year: in T2 one assignment slipped, one improved, one is new,
    one is no longer reported and one is unchanged. A report of T2 names exactly those."""
    t1, t2 = Period(2022, 1), Period(2022, 2)
    ok = "Uppdraget bedöms bli genomfört under året."
    not_ok = "Uppdraget bedöms inte bli genomfört under året."
    return RecordSet((
        make_record("Bygg ut cykelvägnätet", ["Projektering pågår."], period=t1, committees=("TN", "KS")),
        make_record("Inför digitala bygglov", ["Upphandling klar."], period=t1, committees=("MSN",)),
        make_record("Utred en ny simhall", ["Utredningen startar i höst."], period=t1, committees=("KFN",),
                    status=Status.UNKNOWN, status_text=""),
        make_record("Ta fram en kulturstrategi", ["Remiss ute."], period=t1, committees=("KFN",)),
        make_record("Bygg ut cykelvägnätet", ["Projektering pågår.", "Inget nytt."], period=t2,
                    committees=("TN", "KS")),
        make_record("Inför digitala bygglov", ["Leverantören har gått i konkurs."], period=t2, committees=("MSN",),
                    status=Status.EXPECTED_NOT_DONE, status_text=not_ok),
        make_record("Utred en ny simhall", ["Utredningen har startat."], period=t2, committees=("KFN", "SAN"),
                    status_text=ok),
        make_record("Stärk skolans elevhälsa", ["Nytt uppdrag i juni."], period=t2, committees=("BUN", "SAN")),
    ))


def shown(content) -> str:
    """Inline content of the outline as the documents show it: a badge is its symbol and words."""
    from exporter.report.outline import Badge, Link, Text

    out = []
    for piece in content:
        if isinstance(piece, Text):
            out.append(piece.text)
        elif isinstance(piece, Badge):
            out.append(f"{piece.symbol} {piece.words}")
        elif isinstance(piece, Link):
            out.append(shown(piece.content))
    return "".join(out)
