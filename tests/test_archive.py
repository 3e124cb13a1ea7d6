"""The archive: PDF/A-2a and PDF/UA-1 reports in year/tertial folders, a SHA256SUMS
manifest that `sha256sum -c` verifies, byte-identical when archived twice."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pikepdf.pdfa
import pytest
from click.testing import CliRunner

from exporter.archive import ArchiveTimeError, archive_time, write_manifest
from exporter.cli import cli
from exporter.model import Period
from exporter.writers import get
from exporter.writers.base import BuildOptions, Document
from exporter.writers.pdfa import ArchivalPdfWriter

from .support import INPUT, pdf_text, pdfa_findings, pdfua_findings

EXPECTED = ["2020/T3/uppfoljning-2020-T3.pdf", "2022/T1/uppfoljning-2022-T1.pdf"]
# The archive records when it was made: SOURCE_DATE_EPOCH fixes that time (2022-06-14 09:46:40 UTC).
EPOCH = "1655200000"
ARCHIVED = "2022-06-14T09:46:40"


def archive(out: Path, *args: str, epoch: str | None = EPOCH) -> list[str]:
    env = {"SOURCE_DATE_EPOCH": epoch}  # None: unset, the clock's time
    result = CliRunner().invoke(cli, ["archive", str(INPUT), "-o", str(out), "-j", "1", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def manifest_lines(folder: Path) -> list[str]:
    """The checksum lines of SHA256SUMS, after its first line, which says when."""
    first, *lines = (folder / "SHA256SUMS").read_text().splitlines()
    assert first.startswith("# archived ") and first.endswith("Z by exporter")
    return lines


@pytest.fixture(scope="module")
def archived(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("archive")
    archive(out)
    return out


@pytest.fixture(scope="module")
def hostile_pdfa(tmp_path_factory, hostile_records, theme) -> list[Path]:
    out = tmp_path_factory.mktemp("hostile")
    writer = ArchivalPdfWriter()
    paths = []
    for document in writer.documents(hostile_records, BuildOptions()):
        path = out / document.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(writer.render(hostile_records, document, theme, BuildOptions()))
        paths.append(path)
    return paths


def all_pdfs(archived: Path, hostile_pdfa: list[Path]) -> list[Path]:
    return [archived / name for name in EXPECTED] + hostile_pdfa


# -- layout of the archive --------------------------------------------------------------


def test_the_archival_writer_names_documents_by_year_and_tertial(sample_records):
    writer = get("pdfa")
    assert isinstance(writer, ArchivalPdfWriter)
    documents = writer.documents(sample_records, BuildOptions())
    assert [d.name for d in documents] == EXPECTED
    assert [d.period for d in documents] == [Period(2020, 3), Period(2022, 1)]


def test_archive_writes_one_pdf_per_period_and_a_manifest(archived):
    files = sorted(p.relative_to(archived).as_posix() for p in archived.rglob("*") if p.is_file())
    assert files == [*EXPECTED, "SHA256SUMS"]
    assert (archived / "SHA256SUMS").read_text().splitlines()[0] == f"# archived {ARCHIVED}Z by exporter"
    lines = manifest_lines(archived)
    assert [line.split("  ", 1)[1] for line in lines] == EXPECTED
    for line in lines:
        digest, name = line.split("  ", 1)
        assert digest == hashlib.sha256((archived / name).read_bytes()).hexdigest()


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="sha256sum (coreutils) is not installed")
def test_sha256sum_verifies_the_manifest(archived):
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=archived, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == 2


def test_the_manifest_lists_only_archived_reports_sorted(tmp_path):
    for name in ("2023/T2/uppfoljning-2023-T2.pdf", "2021/T1/uppfoljning-2021-T1.pdf", "2021/T1/notes.txt",
                 "uppfoljning-2021-T1.pdf"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(name.encode())
    path = write_manifest(tmp_path)
    assert path == tmp_path / "SHA256SUMS"
    names = [line.split("  ", 1)[1] for line in manifest_lines(tmp_path)]
    assert names == ["2021/T1/uppfoljning-2021-T1.pdf", "2023/T2/uppfoljning-2023-T2.pdf"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_archiving_twice_gives_identical_files_and_manifest(archived, tmp_path):
    archive(tmp_path)
    for name in [*EXPECTED, "SHA256SUMS"]:
        assert (tmp_path / name).read_bytes() == (archived / name).read_bytes(), name


# -- PDF/A-2a and PDF/UA-1 ---------------------------------------------------------------------

def test_every_archived_pdf_passes_pikepdfs_pdfa_2b_rules_but_its_known_false_alarms(archived, hostile_pdfa):
    for path in all_pdfs(archived, hostile_pdfa):
        assert pdfa_findings(path) == [], path.name


def test_pdfua_check_finds_nothing_in_the_archive(archived, hostile_pdfa):
    for path in all_pdfs(archived, hostile_pdfa):
        assert pdfua_findings(path) == [], path.name


def test_the_archive_keeps_the_structure_tree_and_marks_itself_tagged(archived):
    with pikepdf.open(archived / EXPECTED[1]) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.StructTreeRoot.K.S == "/Document"
        assert all("/StructParents" in page.obj for page in pdf.pages)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_no_errors(archived, hostile_pdfa):
    for path in all_pdfs(archived, hostile_pdfa):
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def test_every_font_is_embedded(archived, hostile_pdfa):
    for path in all_pdfs(archived, hostile_pdfa):
        with pikepdf.open(path) as pdf:
            fonts = {}
            for page in pdf.pages:
                for _, font in page.Resources.Font.items():
                    fonts[str(font.BaseFont)] = font
            assert fonts
            for name, font in fonts.items():
                assert font.Subtype == "/TrueType", name
                assert "/FontFile2" in font.FontDescriptor, f"{name} is not embedded in {path.name}"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
def test_pdffonts_shows_every_font_embedded(archived):
    for name in EXPECTED:
        out = subprocess.run(["pdffonts", str(archived / name)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), out


def test_xmp_identifies_pdfa_2a_and_pdfua_1_and_carries_the_document_information(archived):
    with pikepdf.open(archived / EXPECTED[1]) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
        assert meta["pdfuaid:part"] == "1"
        # pdfuaid is declared for PDF/A in an extension schema
        schemas = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in schemas
        assert "<pdfaProperty:name>part</pdfaProperty:name>" in schemas
        assert meta["dc:title"] == str(pdf.docinfo.Title) == "Uppföljning av uppdrag, tertial 1 2022"
        assert str(pdf.docinfo.Author) == "Kommunen"
        # when the copy was made (SOURCE_DATE_EPOCH here), not the period's last day
        assert meta["xmp:CreateDate"] == meta["xmp:ModifyDate"] == f"{ARCHIVED}+00:00"
        assert str(pdf.docinfo.CreationDate) == "D:20220614094640+00'00'"
        assert str(pdf.Root.Lang) == "sv-SE"


def test_srgb_output_intent_document_id_and_nothing_forbidden(archived, hostile_pdfa):
    for path in all_pdfs(archived, hostile_pdfa):
        with pikepdf.open(path) as pdf:
            assert not pdf.is_encrypted
            intents = pdf.Root.OutputIntents
            assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1"
            assert "sRGB" in str(intents[0].OutputConditionIdentifier)
            assert int(intents[0].DestOutputProfile.N) == 3
            assert len(pdf.trailer.ID) == 2
            raw = path.read_bytes()
            for forbidden in (b"/JavaScript", b"/JS", b"/URI", b"/Launch", b"/GoToR", b"/OpenAction", b"/Trans",
                              b"/Encrypt"):
                assert forbidden not in raw, (path.name, forbidden)


def test_the_outline_and_text_survive_the_finishing(archived, sample_records):
    from pypdf import PdfReader

    path = archived / EXPECTED[0]
    reader = PdfReader(str(path))
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(reader.outline)
    records = sample_records.for_period(Period(2020, 3))
    assert all(r.title in titles for r in records)
    text = "".join(pdf_text(path).split())
    assert all("".join(r.status_text.split()) in text for r in records)


def create_date(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return pdf.open_metadata()["xmp:CreateDate"]


def test_the_archive_copy_says_when_it_was_made_never_before_the_reports_date(sample_records, theme):
    writer = ArchivalPdfWriter()
    document = Document(EXPECTED[1], Period(2022, 1))

    def render(**options) -> bytes:
        return writer.render(sample_records, document, theme, BuildOptions(**options))

    made = dt.datetime(2022, 6, 14, 9, 46, 40, tzinfo=dt.timezone.utc)
    assert create_date(render(archived_at=made)) == "2022-06-14T09:46:40+00:00"
    # a time before the report's date (--date, else the period's last day) is not when its content existed
    too_early = dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc)
    assert create_date(render(archived_at=too_early)) == "2022-04-30T00:00:00+00:00"
    assert create_date(render(archived_at=made, report_date=dt.date(2022, 6, 20))) == "2022-06-20T00:00:00+00:00"
    # without a time given, the writer asks the clock
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    when = dt.datetime.fromisoformat(create_date(render()))
    assert before <= when <= dt.datetime.now(dt.timezone.utc)


def test_archive_time_is_source_date_epoch_or_the_clock():
    assert archive_time({"SOURCE_DATE_EPOCH": EPOCH}) == dt.datetime(2022, 6, 14, 9, 46, 40, tzinfo=dt.timezone.utc)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for environ in ({}, {"SOURCE_DATE_EPOCH": ""}):
        assert before <= archive_time(environ) <= dt.datetime.now(dt.timezone.utc)
    with pytest.raises(ArchiveTimeError, match="SOURCE_DATE_EPOCH='yesterday' is not a time"):
        archive_time({"SOURCE_DATE_EPOCH": "yesterday"})


def test_an_archive_without_source_date_epoch_records_the_time_it_was_made(tmp_path):
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    archive(tmp_path, "--period", "T1 2022", epoch=None)
    after = dt.datetime.now(dt.timezone.utc)
    first = (tmp_path / "SHA256SUMS").read_text().splitlines()[0]
    stamped = dt.datetime.strptime(first, "# archived %Y-%m-%dT%H:%M:%SZ by exporter").replace(tzinfo=dt.timezone.utc)
    assert before <= stamped <= after
    created = dt.datetime.fromisoformat(create_date((tmp_path / EXPECTED[1]).read_bytes()))
    assert created == stamped  # the copies and the manifest: one time


def test_a_source_date_epoch_that_is_no_time_is_ignored_with_a_warning_as_in_every_build(tmp_path):
    out = tmp_path / "arkiv"
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    result = CliRunner().invoke(cli, ["archive", str(INPUT), "-o", str(out)], env={"SOURCE_DATE_EPOCH": "soon"})
    assert result.exit_code == 0, result.output
    assert "SOURCE_DATE_EPOCH='soon' is not a whole number of seconds" in result.output
    first = (out / "SHA256SUMS").read_text().splitlines()[0]
    stamped = dt.datetime.strptime(first, "# archived %Y-%m-%dT%H:%M:%SZ by exporter").replace(tzinfo=dt.timezone.utc)
    assert stamped >= before  # the clock, not the value that is no time


def test_a_template_with_its_own_fonts_and_a_logo_archives_as_pdfa(tmp_path):
    from .support import ROOT

    template = ROOT / "templates" / "fjallby"
    result = CliRunner().invoke(cli, ["archive", str(template / "example-input"), "--template", str(template),
                                      "-o", str(tmp_path), "-j", "1"])
    assert result.exit_code == 0, result.output
    (pdf,) = tmp_path.glob("*/T*/uppfoljning-*.pdf")
    assert pdfa_findings(pdf) == []
    assert pdfua_findings(pdf) == []


def test_control_characters_in_the_themes_words_leave_the_xmp_well_formed(sample_records, tmp_path):
    import dataclasses

    from exporter.theme import load_theme

    theme = load_theme()
    theme = dataclasses.replace(theme, organisation="Kommu\x01nen\x1b", titles={"sv": "Uppfölj\x07ning", "en": "x"})
    writer = ArchivalPdfWriter()
    document = Document(EXPECTED[1], Period(2022, 1))
    path = tmp_path / "control.pdf"
    path.write_bytes(writer.render(sample_records, document, theme, BuildOptions()))
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()  # parses the packet: fails on a control character
        assert meta["dc:title"] == str(pdf.docinfo.Title) == "Uppföljning, tertial 1 2022"
        assert meta["dc:creator"] == ["Kommunen"]
    assert pdfa_findings(path) == []


def test_another_source_date_epoch_gives_another_archive(archived, tmp_path):
    # (the same one gives the same bytes: test_archiving_twice_gives_identical_files_and_manifest)
    archive(tmp_path / "other", epoch="1700000000")  # 2023-11-14 22:13:20 UTC
    for name in [*EXPECTED, "SHA256SUMS"]:
        assert (tmp_path / "other" / name).read_bytes() != (archived / name).read_bytes(), name
    assert create_date((tmp_path / "other" / EXPECTED[0]).read_bytes()) == "2023-11-14T22:13:20+00:00"
