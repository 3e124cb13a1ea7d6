"""Workbooks as input: the records table of the project's own workbook read back the
same, a municipality's own list read by its header words, diagnostics naming sheet,
row and column, and hostile workbooks refused or read without evaluating anything."""

from __future__ import annotations

import io
import json
import time
import zipfile

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from exporter.build import build
from exporter.cli import cli
from exporter.model import Level, Period, RecordSet, Status
from exporter.readers import ReadOptions, read
from exporter.readers.xlsx import read_workbook
from exporter.writers.base import BuildOptions, Document
from exporter.writers.xlsx import WORKBOOK_NAME, StatusWorkbookWriter

from ..support import make_record

LIMIT = 100 * 1024 * 1024


def workbook_of(record_set: RecordSet, theme, lang: str = "sv") -> bytes:
    return StatusWorkbookWriter().render(record_set, Document(WORKBOOK_NAME), theme, BuildOptions(lang=lang))


def essentials(record_set: RecordSet) -> list[tuple]:
    return [(r.assignment, r.period, r.title, r.committees, r.status, r.status_text, r.comment) for r in record_set]


def sheet_bytes(rows: list[list], sheet: str = "Lista", before: list[list] | None = None) -> bytes:
    """A plain workbook of `rows` (the first a header), after the rows `before` if given."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    ws = workbook.add_worksheet(sheet)
    for number, row in enumerate((before or []) + rows):
        for column, value in enumerate(row):
            if value is not None:
                ws.write(number, column, value)
    workbook.close()
    return out.getvalue()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_records_of_our_own_workbook_read_back_the_same(sample_records, theme, lang):
    data = workbook_of(sample_records, theme, lang)
    back = read_workbook(data, "statusmatris.xlsx", theme, LIMIT)
    assert back.diagnostics == ()
    assert essentials(back) == essentials(sample_records)
    assert [(r.source.file, r.source.line) for r in back] == [("statusmatris.xlsx", n) for n in range(2, 22)]


def test_hostile_text_and_continued_columns_read_back_the_same(hostile_records, theme):
    back = read_workbook(workbook_of(hostile_records, theme), "statusmatris.xlsx", theme, LIMIT)
    assert essentials(back) == essentials(hostile_records)  # "=1+1" stays text; 45,000 characters joined back
    assert back.records[1].title == "=1+1"


def test_exporter_parse_and_build_accept_a_workbook_and_show_a_status_changed_in_it(sample_records, theme, tmp_path):
    path = tmp_path / "statusmatris.xlsx"
    path.write_bytes(workbook_of(sample_records, theme))
    # A board changes one status in the records sheet (Excel saves it; openpyxl stands in).
    wb = openpyxl.load_workbook(path)
    ws = wb["Uppdrag"]
    assert ws["D2"].value == "Genomfört" and ws["A2"].value == sample_records.records[0].title
    ws["D2"].value = "Inte genomfört"
    wb.save(path)

    parsed = CliRunner().invoke(cli, ["parse", str(path)])
    assert parsed.exit_code == 0, parsed.output
    records = json.loads(parsed.stdout)["records"]
    assert len(records) == len(sample_records)
    assert records[0]["status"] == Status.NOT_DONE.value
    assert [r["title"] for r in records[1:]] == [r.title for r in sample_records.records[1:]]

    out = tmp_path / "out"
    built = CliRunner().invoke(cli, ["build", str(path), "-o", str(out), "-f", "json", "-f", "xlsx"])
    assert built.exit_code == 0, built.output
    rebuilt = json.loads((out / "records.json").read_text(encoding="utf-8"))["records"]
    assert rebuilt[0]["status"] == Status.NOT_DONE.value
    matrix = openpyxl.load_workbook(out / "statusmatris.xlsx")["Statusmatris"]
    row = next(r for r in matrix.iter_rows(min_row=5) if r[0].value == sample_records.records[0].title)
    assert row[3].value == "✖ Inte genomfört"  # T3 2020, the record changed


def test_a_municipalitys_own_list_is_read_by_its_header_words_in_any_order(theme):
    data = sheet_bytes([
        ["Nr", "Status", "Comment", "Title", "Year", "Tertial", "Responsible committees"],
        [1, "Done", "Klart.\n\nHelt klart.", "Bygg en bro", 2023, 2, "TN, KS"],
        [2, "delvis genomfört", None, "Ny skola", 2023, 2, "BUN"],
        [None, None, None, None, None, None, None],
        [3, "Bedöms bli genomfört", "", "Fler cykelvägar", 2023, 3, ""],
    ], before=[["Uppdragslista 2023"], []])
    back = read_workbook(data, "lista.xlsx", theme, LIMIT)
    assert back.diagnostics == ()
    assert [(r.title, r.period, r.status, r.committees, r.comment, r.source.line) for r in back] == [
        ("Bygg en bro", Period(2023, 2), Status.DONE, ("TN", "KS"), ("Klart.", "Helt klart."), 4),
        ("Ny skola", Period(2023, 2), Status.PARTLY_DONE, ("BUN",), (), 5),
        ("Fler cykelvägar", Period(2023, 3), Status.EXPECTED_DONE, (), (), 7),
    ]


def test_a_row_that_cannot_be_read_is_named_by_sheet_row_and_column(theme):
    data = sheet_bytes([
        ["Titel", "Period", "Status"],
        ["Ett", "T1 2022", "Genomfört"],
        ["Två", "vecka 12", "Genomfört"],
        ["Tre", "T1 2022", "Kanske"],
        [None, "T1 2022", "Genomfört"],
    ])
    back = read_workbook(data, "lista.xlsx", theme, LIMIT)
    assert [r.title for r in back] == ["Ett", "Tre"]
    assert back.records[1].status is Status.UNKNOWN
    messages = [(d.file, d.line, d.level, d.message) for d in back.diagnostics]
    assert messages == [
        ("lista.xlsx", 3, Level.ERROR, "sheet 'Lista', row 3, column B ('Period'): 'vecka 12' is not a period "
                                       "(e.g. 'T1 2022'); the row is not read"),
        ("lista.xlsx", 4, Level.WARNING, "sheet 'Lista', row 4, column C ('Status'): 'Kanske' is not a status; "
                                         "read as 'unknown'"),
        ("lista.xlsx", 5, Level.ERROR, "sheet 'Lista', row 5, column A ('Titel'): the row has no title; it is not read"),
    ]


def test_a_workbook_without_a_records_table_says_what_it_looks_for(theme):
    back = read_workbook(sheet_bytes([["Namn", "Telefon"], ["Anna", "123"]]), "lista.xlsx", theme, LIMIT)
    (diagnostic,) = back.diagnostics
    assert back.records == () and diagnostic.level is Level.ERROR
    assert "no sheet has a table of records" in diagnostic.message and "'Titel'" in diagnostic.message


def test_a_formula_is_read_as_its_stored_result_never_evaluated(theme):
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = workbook.add_worksheet()
    for column, text in enumerate(["Titel", "Period", "Status", "Kommentar"]):
        ws.write_string(0, column, text)
    ws.write_formula(1, 0, '="Bygg"&" en bro"', None, "Bygg en bro")
    ws.write_string(1, 1, "T1 2022")
    ws.write_formula(1, 2, '=IF(1,"Genomfört")', None, "Genomfört")
    ws.write_formula(1, 3, "=1+1", None, "stored, not computed")
    workbook.close()
    (record,) = read_workbook(out.getvalue(), "f.xlsx", theme, LIMIT).records
    assert (record.title, record.status, record.comment) == ("Bygg en bro", Status.DONE, ("stored, not computed",))


def zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(theme):
    data = zip_of({"xl/workbook.xml": b"<workbook/>", "xl/sharedStrings.xml": b"<sst>" + b" " * 5_000_000 + b"</sst>"})
    assert len(data) < 100_000
    back = read_workbook(data, "bomb.xlsx", theme, max_bytes=1_000_000)
    (diagnostic,) = back.diagnostics
    assert "refused as a zip bomb" in diagnostic.message and diagnostic.file == "bomb.xlsx"


def test_huge_shared_strings_within_a_small_file_are_refused(sample_records, theme):
    data = workbook_of(sample_records, theme)
    (diagnostic,) = read_workbook(data, "s.xlsx", theme, max_bytes=len(data) // 2).diagnostics
    assert "unpacks to" in diagnostic.message


def test_an_entity_declaration_is_refused(theme):
    billion = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
               b"<sst><si><t>&lol2;</t></si></sst>")
    data = zip_of({"xl/workbook.xml": b"<workbook/>", "xl/sharedStrings.xml": billion})
    (diagnostic,) = read_workbook(data, "lol.xlsx", theme, LIMIT).diagnostics
    assert "declares a document type" in diagnostic.message


@pytest.mark.parametrize("data, says", [
    (b"not a zip at all", "not an .xlsx workbook (not a zip archive)"),
    (zip_of({"word/document.xml": b"<w/>"}), "not an .xlsx workbook (it has no xl/workbook.xml)"),
    (zip_of({"xl/workbook.xml": b"<workbook><broken"}), "cannot read the workbook: "),
])
def test_a_damaged_workbook_gets_one_clear_error_not_a_traceback(theme, data, says):
    (diagnostic,) = read_workbook(data, "x.xlsx", theme, LIMIT).diagnostics
    assert diagnostic.level is Level.ERROR and says in diagnostic.message


def test_read_takes_a_workbook_beside_text_files(theme, tmp_path):
    data = sheet_bytes([["Title", "Period", "Status"], ["Bygg en bro", "2022-T2", "not done"]])
    (tmp_path / "lista.xlsx").write_bytes(data)
    records = read([tmp_path / "lista.xlsx"], theme, ReadOptions())
    assert [(r.title, r.period, r.status, r.source.file) for r in records] == [
        ("Bygg en bro", Period(2022, 2), Status.NOT_DONE, "lista.xlsx")]
    paths = build(records, theme, ["json"], tmp_path / "out", BuildOptions(), jobs=1)
    assert [p.name for p in paths] == ["records.json"]


@pytest.mark.slow
def test_reading_a_workbook_takes_time_linear_in_its_size(theme):
    def workbook(n: int) -> bytes:
        periods = [Period(2019 + i // 3, i % 3 + 1) for i in range(6)]
        return workbook_of(RecordSet(tuple(
            make_record(f"Uppdrag {i % (n // 6)}", [f"Kommentar {i} " * 20], period=periods[i * 6 // n], line=i + 1)
            for i in range(n))), theme)

    small, large = workbook(2_000), workbook(4_000)
    timings = []
    for data in (small, large, small, large):
        start = time.process_time()
        read_workbook(data, "w.xlsx", theme, LIMIT)
        timings.append(time.process_time() - start)
    ratio = min(timings[1], timings[3]) / min(timings[0], timings[2])
    assert ratio < 3, timings  # twice the rows: about twice the time, never four times
