"""The status workbook: its four sheets, that every record is in it word for word, that
text stays text, that it is deterministic, prints and opens in LibreOffice."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import time
import zipfile

import openpyxl
import pytest

from exporter.model import Period, RecordSet, Status
from exporter.writers import get
from exporter.writers._xlsx.common import NOTE_LIMIT
from exporter.colour import text_on as text_colour
from exporter.writers._xlsx.xml import CELL_LIMIT, escape, split_text
from exporter.writers.base import BuildOptions, Document
from exporter.writers.xlsx import WORKBOOK_NAME, XlsxWriter

from ..support import make_record

MATRIX_HEADER_ROW = 4  # title, legend, a blank row, then the header


# -- helpers ------------------------------------------------------------------------


def render(record_set: RecordSet, theme, **options) -> bytes:
    return XlsxWriter().render(record_set, Document(WORKBOOK_NAME), theme, BuildOptions(**options))


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def sheets(wb: openpyxl.Workbook):
    """The four sheets in their order: matrix, records, responsibility, summary."""
    return wb.worksheets


def header(ws, row: int = 1) -> list:
    """The values of a row, without the empty cells at its end."""
    values = [c.value for c in ws[row]]
    while values and values[-1] is None:
        values.pop()
    return values


def record_rows(ws) -> list[dict]:
    """The records sheet as dicts keyed by header."""
    names = header(ws)
    return [dict(zip(names, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def joined(row: dict, theme, key: str, lang: str = "sv") -> str | None:
    """A column's text with its continuation columns, if any, joined back."""
    base = theme.word(key, lang)
    parts = [row[base]] + [v for k, v in row.items() if k.startswith(base + " (") and v is not None]
    return None if parts == [None] else "".join(p for p in parts if p is not None)


def matrix_cells(ws) -> dict[tuple[str, str], openpyxl.cell.Cell]:
    """(title, period label) -> cell of the status matrix."""
    periods = header(ws, MATRIX_HEADER_ROW)
    out = {}
    for row in ws.iter_rows(min_row=MATRIX_HEADER_ROW + 1):
        for cell, period in zip(row[2:], periods[2:]):
            out[(row[0].value, period)] = cell
    return out


def layout_text(pdf) -> str:
    """The PDF's text with the columns of a line kept on one line."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        return subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text(extraction_mode="layout") for page in PdfReader(str(pdf)).pages)


# -- the writer and its sheets --------------------------------------------------------


def test_the_registry_gives_this_writer_and_one_workbook_over_all_periods(sample_records):
    writer = get("xlsx")
    assert isinstance(writer, XlsxWriter)
    assert writer.documents(sample_records, BuildOptions()) == [Document("statusmatris.xlsx")]


@pytest.mark.parametrize(
    "lang, names",
    [("sv", ["Statusmatris", "Uppdrag", "Ansvar", "Sammanfattning"]),
     ("en", ["Status matrix", "Assignments", "Responsibility", "Summary"])],
)
def test_four_sheets_in_order_named_in_the_language(sample_records, theme, lang, names):
    wb = load(render(sample_records, theme, lang=lang))
    assert wb.sheetnames == names
    assert wb.active.title == names[0]


def test_the_records_sheet_holds_every_record_word_for_word_in_a_named_table(sample_records, theme):
    wb = load(render(sample_records, theme))
    ws = sheets(wb)[1]
    assert header(ws) == ["Period", "År", "Tertial", "Titel", "Ansvariga nämnder", "Statuskod", "Status",
                          "Statusmening", "Kommentar", "Källfil", "Rad"]
    rows = record_rows(ws)
    assert len(rows) == len(sample_records) == 20
    for row, record in zip(rows, sample_records):
        assert row["Period"] == record.period.label
        assert (row["År"], row["Tertial"]) == (record.period.year, record.period.tertial)
        assert row["Titel"] == record.title
        assert row["Ansvariga nämnder"] == ", ".join(record.committees)
        assert row["Statuskod"] == record.status.value
        assert row["Status"] == theme.status_words(record.status)
        assert row["Statusmening"] == (record.status_text or None)
        assert row["Kommentar"] == ("\n\n".join(record.comment) or None)
        assert (row["Källfil"], row["Rad"]) == (record.source.file, record.source.line)
    (table,) = ws.tables.values()
    assert table.displayName == "Uppdragstabell"
    assert table.ref == f"A1:K{len(sample_records) + 1}"
    assert table.tableStyleInfo.name and table.tableStyleInfo.showRowStripes
    assert [c.name for c in table.tableColumns] == header(ws)
    assert ws.freeze_panes == "A2"


def test_the_matrix_has_one_row_per_assignment_and_a_column_per_period_in_time_order(sample_records, theme):
    ws = sheets(load(render(sample_records, theme)))[0]
    assert header(ws, MATRIX_HEADER_ROW) == ["Uppdrag", "Ansvariga nämnder", "T3 2020", "T1 2022"]
    titles = [row[0].value for row in ws.iter_rows(min_row=MATRIX_HEADER_ROW + 1)]
    assert len(titles) == len(sample_records.assignments) and len(set(titles)) == len(titles)
    assert ws.freeze_panes == f"C{MATRIX_HEADER_ROW + 1}"
    assert ws.auto_filter.ref == f"A{MATRIX_HEADER_ROW}:D{MATRIX_HEADER_ROW + len(titles)}"
    assert ws.cell(1, 1).value == theme.workbook_title("sv")


def test_every_records_status_is_in_the_matrix_in_words_on_its_colour_with_the_comment_as_note(sample_records, theme):
    cells = matrix_cells(sheets(load(render(sample_records, theme)))[0])
    reported = set()
    for record in sample_records:
        cell = cells[(sample_records.latest(record.assignment).title, record.period.label)]
        reported.add((cell.row, cell.column))
        assert cell.value == theme.status_words(record.status)
        colour = theme.status_style(record.status).hex
        assert cell.fill.fgColor.rgb[-6:] == colour
        assert cell.font.color.rgb[-6:] == text_colour(colour)
        full = "\n\n".join(record.comment)
        assert cell.comment is not None
        if len(full) <= NOTE_LIMIT:
            assert cell.comment.text == full
        else:  # cut, marked as cut, in the note only
            kept, mark = cell.comment.text.split(" … ")
            assert full.startswith(kept) and "Uppdrag" in mark and len(cell.comment.text) <= NOTE_LIMIT
    unreported = [cell for cell in cells.values() if (cell.row, cell.column) not in reported]
    assert unreported, "the samples have assignments reported in one period only"
    for cell in unreported:
        assert cell.value is None and cell.comment is None


def test_the_matrix_legend_gives_each_status_its_symbol_words_and_colour(sample_records, theme):
    ws = sheets(load(render(sample_records, theme)))[0]
    legend = {c.value: c for c in ws[2][1:] if c.value}
    assert ws.cell(2, 1).value == "Teckenförklaring"
    for status in Status:
        style = theme.status_style(status)
        cell = legend[f"{style.symbol} {style.words['sv']}"]
        assert cell.fill.fgColor.rgb[-6:] == style.hex
    assert "Ej rapporterat" in legend


def test_text_colour_on_a_status_colour_is_the_one_with_more_contrast():
    assert text_colour("F9A825") == "000000"  # amber: black reads better
    assert text_colour("2E7D32") == "FFFFFF"  # dark green: white
    assert text_colour("FFFFFF") == "000000" and text_colour("000000") == "FFFFFF"


def test_the_responsibility_matrix_marks_the_committees_of_each_assignments_latest_record(sample_records, theme):
    ws = sheets(load(render(sample_records, theme)))[2]
    heads = header(ws)
    assert heads[:2] == ["Uppdrag", "Senaste period"]
    codes = [re.search(r"\((\w+)\)$", h).group(1) for h in heads[2:]]
    theme_order = list(theme.committees)
    assert codes == sorted(codes, key=theme_order.index)  # the theme's order
    assert set(codes) == set(sample_records.committees)
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(sample_records.assignments)
    for key, row in zip(sample_records.assignments, rows):
        latest = sample_records.latest(key)
        assert row[0] == latest.title and row[1] == latest.period.label
        marked = {code for code, value in zip(codes, row[2:]) if value == "X"}
        assert marked == set(latest.committees)


def test_committees_the_theme_does_not_know_come_after_those_it_does(theme):
    records = RecordSet((make_record("Ett", ["a"], committees=("ZZN", "SAN")),
                         make_record("Två", ["b"], committees=("KS",))))
    ws = sheets(load(render(records, theme)))[2]
    assert [h.split("(")[-1].rstrip(")") if "(" in h else h for h in header(ws)[2:]] == ["KS", "SAN", "ZZN"]


def test_the_summary_counts_with_formulas_over_the_table_and_has_a_stacked_chart(sample_records, theme):
    data = render(sample_records, theme)
    ws = sheets(load(data))[3]
    formulas = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert any("COUNTIFS(Uppdragstabell[Period]" in f for f in formulas)
    assert any("Uppdragstabell[Ansvariga nämnder]" in f for f in formulas)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert re.search(r'<(c:)?grouping val="stacked"/>', chart) and re.search(r'<(c:)?barDir val="col"/>', chart)
    assert len(re.findall(r"<(?:c:)?ser>", chart)) == len(Status)


def test_print_set_up_on_every_sheet(sample_records, theme):
    wb = load(render(sample_records, theme))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.oddHeader.center.text == "Statusmatris för uppdrag"
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    matrix, records, responsibility, _ = wb.worksheets
    assert matrix.print_title_rows == f"${MATRIX_HEADER_ROW}:${MATRIX_HEADER_ROW}"
    assert records.print_title_rows == "$1:$1" and responsibility.print_title_rows == "$1:$1"


def test_workbook_properties_in_the_language_and_dated_from_the_records(sample_records, theme):
    props = load(render(sample_records, theme, lang="en")).properties
    assert props.title == "Status matrix of assignments"
    assert props.subject == "Follow-up of assignments"
    assert props.creator == theme.organisation
    assert props.created.date() == sample_records.periods[-1].last_day


# -- text stays text, and whole ---------------------------------------------------------


def test_text_that_looks_like_a_formula_is_stored_as_text(hostile_records, theme):
    wb = load(render(hostile_records, theme))
    matrix, records, responsibility, _ = wb.worksheets
    seen = 0
    for ws in (matrix, records, responsibility):
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    seen += 1
    assert seen >= 4  # the title "=1+1" in three sheets, and "+1"-style comments
    rows = record_rows(records)
    assert rows[1]["Titel"] == "=1+1"
    assert rows[1]["Kommentar"] == "+1\n\n-1\n\n@SUM(1)\n\n=cmd|' /C calc'!A0"
    assert rows[0]["Kommentar"] == "\n\n".join(hostile_records.records[0].comment)


def test_text_longer_than_a_cell_continues_in_marked_columns_with_a_warning(hostile_records, theme, caplog):
    long = hostile_records.records[2]
    full = "\n\n".join(long.comment)
    assert len(full) > CELL_LIMIT
    with caplog.at_level(logging.WARNING, logger="exporter.writers"):
        wb = load(render(hostile_records, theme))
    records = wb.worksheets[1]
    heads = header(records)
    assert "Kommentar (fortsättning 1)" in heads
    assert heads.index("Kommentar (fortsättning 1)") == heads.index("Kommentar") + 1
    rows = record_rows(records)
    assert len(rows) == len(hostile_records)  # still one row per record
    assert joined(rows[2], theme, "comment") == full
    assert all(len(v) <= CELL_LIMIT for v in rows[2].values() if isinstance(v, str))
    assert rows[0]["Kommentar (fortsättning 1)"] is None
    assert any(f"{long.source.file}:{long.source.line}" in r.getMessage() and "statusmatris.xlsx" in r.getMessage()
               for r in caplog.records)


def test_a_long_comment_is_cut_only_in_the_note_with_a_clear_mark(hostile_records, theme):
    wb = load(render(hostile_records, theme))
    long = hostile_records.records[2]
    cell = matrix_cells(wb.worksheets[0])[(long.title, long.period.label)]
    note = cell.comment.text
    assert len(note) <= NOTE_LIMIT
    assert note.endswith("… (hela texten finns i bladet Uppdrag)")
    assert "\n\n".join(long.comment).startswith(note.split(" …")[0])


def test_a_record_without_comment_has_no_note_and_no_committee_cells(hostile_records, theme):
    wb = load(render(hostile_records, theme))
    bare = hostile_records.records[3]
    cell = matrix_cells(wb.worksheets[0])[(bare.title, bare.period.label)]
    assert cell.value == "Inte genomfört" and cell.comment is None


@pytest.mark.parametrize("text", ["a" * 70_000, ("ord " * 20_000), "😀" * 20_000, "x" * CELL_LIMIT])
def test_split_text_gives_pieces_within_the_limit_that_join_back_exactly(text):
    pieces = split_text(text)
    assert "".join(pieces) == text
    assert all(len(p.encode("utf-16-le")) // 2 <= CELL_LIMIT for p in pieces)
    fits = len(text.encode("utf-16-le")) // 2 <= CELL_LIMIT
    assert (len(pieces) == 1) == fits
    if text.startswith("ord "):
        assert all(p.endswith(" ") for p in pieces[:-1])  # cut between words


def test_escape_keeps_markup_and_excels_own_escapes_literal():
    assert escape("<b>&amp;</b>") == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert escape("_x0041_") == "_x005F_x0041_"  # Excel would read "_x0041_" as "A"
    assert escape("a\rb") == "a&#13;b"
    assert escape("plain_text åäö") == "plain_text åäö"


def test_rows_of_wrapped_text_are_given_a_height_that_holds_it(sample_records, theme):
    # LibreOffice does not fit row heights to wrapped text on opening, so the writer sets them.
    records = load(render(sample_records, theme)).worksheets[1]
    for number, record in enumerate(sample_records, start=2):
        comment = "\n\n".join(record.comment)
        height = records.row_dimensions[number].height
        if len(comment) > 400:
            assert height is not None and height >= 12.75 * (len(comment) // 150), (number, height)


def test_many_notes_name_every_block_of_shape_ids_they_use():
    from exporter.writers._xlsx.notes import Note, vml_xml

    vml = "".join(vml_xml([Note(row, 3, "text") for row in range(5, 5 + 2500)]))
    assert 'data="1,2,3"' in vml  # ids 1025..3524 lie in blocks 1, 2 and 3 of 1024
    assert vml.count("<v:shape ") == 2500 and 'id="_x0000_s3524"' in vml


# -- determinism, language, size ------------------------------------------------------------


def test_the_same_input_and_options_give_the_same_bytes(sample_records, theme):
    first = render(sample_records, theme)
    time.sleep(1.1)  # a clock second passes: nothing may depend on it
    assert render(sample_records, theme) == first
    assert render(sample_records, theme, lang="en") != first


def test_english_words_with_lang_en(sample_records, theme):
    wb = load(render(sample_records, theme, lang="en"))
    matrix, records, responsibility, summary = wb.worksheets
    assert header(records)[:4] == ["Period", "Year", "Tertial", "Title"]
    assert matrix.cell(2, 1).value == "Legend"
    assert {c.value for c in matrix_cells(matrix).values()} - {None} <= {theme.status_words(s, "en") for s in Status}
    assert header(responsibility)[1] == "Latest period"
    assert summary.cell(1, 1).value == "Summary"
    assert next(iter(records.tables.values())).displayName == "AssignmentTable"


def test_an_empty_record_set_still_gives_a_workbook_that_opens(theme):
    wb = load(render(RecordSet(()), theme))
    assert len(wb.worksheets) == 4


def test_ten_thousand_records_are_all_in_the_table(theme):
    """Scale, not speed: the benchmark (bench/) measures the time."""
    periods = [Period(2019 + i // 3, i % 3 + 1) for i in range(12)]
    records = RecordSet(tuple(
        make_record(f"Uppdrag nummer {i % 2500}", [f"Kommentar {i} " * 40, "Andra stycket."], period=periods[i // 2500 * 3 + i % 3],
                    status=list(Status)[i % 6], line=i + 1)
        for i in range(10_000)
    ))
    data = render(records, theme)
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert wb.worksheets[1].max_row == 10_001


# -- LibreOffice ------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_opens_it_and_the_summary_counts_are_numbers(sample_records, theme, tmp_path, to_pdf):
    path = tmp_path / WORKBOOK_NAME
    path.write_bytes(render(sample_records, theme))
    text = layout_text(to_pdf(path))
    for bad in ("Err:", "#NAME?", "#VALUE!", "#REF!"):
        assert bad not in text
    assert "Statusmatris för uppdrag" in text and "Sida 1 av" in text
    assert "Genomfört" in text and "Teckenförklaring" in text
    counts = sample_records.status_counts(sample_records.for_period(Period(2022, 1)))
    expected = " ".join(str(counts[s]) for s in Status) + f" {sum(counts.values())}"
    assert re.search(r"T1 2022\s+" + r"\s+".join(expected.split()), text), "per-period counts as computed numbers"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_hostile_workbook(hostile_records, theme, tmp_path, to_pdf):
    path = tmp_path / WORKBOOK_NAME
    path.write_bytes(render(hostile_records, theme))
    text = layout_text(to_pdf(path))
    assert "=1+1" in text and "Err:" not in text and "#NAME?" not in text
    # one record without committee, not done
    assert re.search(r"Utan nämnd\s+0\s+0\s+1\s+0\s+0\s+0\s+1\b", text)
