"""The status workbook: a summary whose live counts agree with the record set, a status
matrix a board can read, sort, print and edit, every record in it word for word, text
that stays text, openpyxl's public API only, the same bytes every time."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import logging
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.build import build
from exporter.colour import text_on as text_colour
from exporter.model import Period, RecordSet, Status
from exporter.writers import get
from exporter.writers._xlsx.common import (MIN_PRINT_SCALE, NOTE_LIMIT, PRINTABLE_WIDTH_PT, column_points, print_scale,
                                           sheet_names, table_name, table_names, unique_headers)
from exporter.writers._xlsx.records import COLUMNS
from exporter.writers._xlsx.summary import MIN_ONE_PAGE_SCALE, PAGE_PT, slip_pairs
from exporter.writers._xlsx.text import CELL_LIMIT, cell_text, split_text
from exporter.writers.base import BuildOptions, Document
from exporter.writers.xlsx import ARCHIVE_DATE, WORKBOOK_NAME, StatusWorkbookWriter

from ..support import ROOT, make_record, soffice_path
from .xlsx_formulas import Evaluator

MATRIX_HEADER_ROW = 4  # title, legend, a blank row, then the header
FIRST_PERIOD_COLUMN = 4  # title, lead committee, other committees, then the periods


# -- helpers ------------------------------------------------------------------------


def render(record_set: RecordSet, theme, **options) -> bytes:
    return StatusWorkbookWriter().render(record_set, Document(WORKBOOK_NAME), theme, BuildOptions(**options))


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


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


def label(theme, status: Status, lang: str = "sv") -> str:
    style = theme.status_style(status)
    return f"{style.symbol} {style.words[lang]}"


def matrix_rows(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(min_row=MATRIX_HEADER_ROW + 1)]


def matrix_cells(ws) -> dict[tuple[str, str], openpyxl.cell.Cell]:
    """(title, period label) -> cell of the status matrix."""
    periods = header(ws, MATRIX_HEADER_ROW)[FIRST_PERIOD_COLUMN - 1:]
    out = {}
    for row in matrix_rows(ws):
        for cell, period in zip(row[FIRST_PERIOD_COLUMN - 1:], periods):
            out[(row[0].value, period)] = cell
    return out


def multi_year_records() -> RecordSet:
    """Several years, given newest first: statuses that slip, an assignment reported
    twice in a period, committees the theme does not know (one of them "=1+1"), one
    assignment without a committee, and assignments that start late."""
    p = [Period(2020, 3), Period(2021, 1), Period(2021, 2), Period(2023, 1), Period(2024, 2)]
    S = Status
    plan = {  # title: (committees, {period index: status})
        "Bygg ut cykelvägarna": (("TN", "KS"), {0: S.EXPECTED_DONE, 1: S.EXPECTED_NOT_DONE, 2: S.NOT_DONE, 3: S.DONE}),
        "Anställ fler sjuksköterskor": (("VON",), {0: S.DONE, 1: S.PARTLY_DONE, 4: S.EXPECTED_DONE}),
        "Ny skola i centrum": (("BUN", "KS"), {2: S.EXPECTED_DONE, 3: S.EXPECTED_NOT_DONE, 4: S.UNKNOWN}),
        "Digitalisera bygglov": (("MSN",), {1: S.EXPECTED_DONE, 2: S.EXPECTED_DONE, 3: S.NOT_DONE, 4: S.NOT_DONE}),
        "Budget i balans": (("KS",), {0: S.DONE, 1: S.DONE, 2: S.EXPECTED_DONE, 3: S.PARTLY_DONE, 4: S.DONE}),
        "Arkivera äldre handlingar": (("ZZN", "KS"), {3: S.EXPECTED_DONE, 4: S.PARTLY_DONE}),
        "Formel i nämnden": (("=1+1",), {4: S.EXPECTED_NOT_DONE}),
        "Uppdrag utan nämnd": ((), {2: S.NOT_DONE, 4: S.EXPECTED_DONE}),
        "Aktivitetsplan för äldre": (("VON", "KFN"), {3: S.DONE}),
    }
    records = []
    line = 1
    for index in reversed(range(len(p))):  # the newest input file first
        for title, (committees, statuses) in plan.items():
            if index in statuses:
                records.append(make_record(title, [f"Kommentar om {title} {p[index].label}."], period=p[index],
                                           committees=committees, status=statuses[index], line=line,
                                           file=f"{p[index].slug}.txt"))
                line += 1
    # Reported twice in one period: the record set counts its first record only.
    records.append(make_record("Budget i balans", ["En andra rapport."], period=p[4], committees=("KS",),
                               status=Status.NOT_DONE, line=line, file=f"{p[4].slug}.txt"))
    return RecordSet(tuple(records))


def lead(record_set: RecordSet, assignment: str) -> str:
    committees = record_set.latest(assignment).committees
    return committees[0] if committees else ""


def expected_summary(record_set: RecordSet, theme) -> dict:
    """What the summary must count, computed from the record set itself."""
    periods = record_set.periods
    per_period = {}
    per_committee = {}
    for period in periods:
        counts = record_set.status_counts(record_set.assignment_records(period))
        changes = record_set.changes(period)
        slipped = len(changes.slipped) if changes.previous is not None else None
        per_period[period.label] = [counts[s] for s in Status] + [sum(counts.values()), slipped]
        groups: dict[str, list] = {}
        for record in record_set.assignment_records(period):
            groups.setdefault(lead(record_set, record.assignment), []).append(record)
        per_committee[period.label] = {
            code: [n for n in record_set.status_counts(rs).values()] + [len(rs)] for code, rs in groups.items()}
    return {"per_period": per_period, "per_committee": per_committee}


def assert_counts(computed: dict, records: RecordSet, theme) -> None:
    """The summary's tables (as `parse_summary` gives them) hold the record set's counts:
    per period, and per lead committee in the latest period (only those with assignments
    in it). The earlier periods' committees are the matrix's to show: no table of them."""
    expected = expected_summary(records, theme)
    assert computed["per_period"] == expected["per_period"]
    latest = records.periods[-1].label
    want_latest = {committee_label(theme, code): counts for code, counts in expected["per_committee"][latest].items()}
    assert computed["per_committee"] == {("latest", latest): want_latest}


def summary_evaluated(data: bytes) -> tuple[list[list[str]], list[tuple]]:
    """The summary's rows as text, every formula evaluated here (`xlsx_formulas`), and for
    each formula cell (coordinate, formula, value evaluated, result cached in the file)."""
    workbook = load(data)
    cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True).worksheets[0]
    evaluator = Evaluator(workbook)
    ws = workbook.worksheets[0]
    rows, formulas = [], []
    for row in ws.iter_rows():
        texts = []
        for cell in row:
            value = evaluator.value(ws, cell)
            if cell.data_type == "f":
                formulas.append((cell.coordinate, cell.value, value, cached[cell.coordinate].value))
            texts.append("" if value is None else str(value))
        rows.append(texts)
    return rows, formulas


def wildcard_records() -> RecordSet:
    """Lead committees whose codes hold COUNTIF's wildcards and signs: "K*S" must not count
    "KXS", "K?S" not "KYS", "~S" is itself, "=1+1" and "<>" are text."""
    p1, p2 = Period(2022, 1), Period(2022, 2)
    plan = [("K*S", p1, Status.DONE), ("KXS", p1, Status.DONE), ("KXS", p2, Status.NOT_DONE),
            ("K?S", p2, Status.DONE), ("KYS", p2, Status.DONE), ("KYS", p1, Status.PARTLY_DONE),
            ("~S", p2, Status.UNKNOWN), ("=1+1", p2, Status.EXPECTED_DONE), ("<>", p2, Status.NOT_DONE),
            ("K*S", p2, Status.EXPECTED_NOT_DONE)]
    return RecordSet(tuple(make_record(f"Uppdrag {i} {code}", ["k"], period=period, committees=(code,), status=status,
                                       line=i + 1) for i, (code, period, status) in enumerate(plan)))


def committee_label(theme, code: str) -> str:
    if not code:
        return theme.word("other_committees")
    name = theme.committee_name(code)
    return f"{name} ({code})" if name != code else code


RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice_convert(path: Path, target: str, out: Path) -> Path:
    soffice = soffice_path()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    out.mkdir(exist_ok=True)
    # LibreOffice shows an Excel file's cached results unless told to recalculate on loading.
    user = out / "profile" / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, encoding="utf-8")
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{out / 'profile'}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=300,
    )
    converted = out / (path.stem + "." + target.split(":")[0])
    assert result.returncode == 0 and converted.is_file(), f"LibreOffice failed: {result.stdout} {result.stderr}"
    return converted


def summary_as_computed(record_set: RecordSet, theme, tmp_path: Path) -> list[list[str]]:
    """The summary sheet (the first) with the values LibreOffice calculates for its formulas."""
    path = tmp_path / WORKBOOK_NAME
    path.write_bytes(render(record_set, theme))
    converted = soffice_convert(path, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "csv")
    return list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))


def parse_summary(rows: list[list[str]], record_set: RecordSet, theme) -> dict:
    """The summary's tables as LibreOffice computed them, in the shape of `expected_summary`."""
    labels = {p.label for p in record_set.periods}
    n = len(Status)
    per_period, per_committee = {}, {}
    section = None
    current = None
    latest = record_set.periods[-1].label
    for row in rows:
        first = row[0] if row else ""
        if first == theme.word("per_period"):
            section = "period"
        elif first == theme.word("per_committee_latest", period=latest):
            section, current = "latest", latest
        elif first == theme.word("per_committee_and_period"):
            section = "by_period"
        elif section == "period" and first in labels:
            values = [int(v) for v in row[1:n + 2]]
            slipped = int(row[n + 2]) if row[n + 2] != "–" else None  # "–": no tertial right before
            per_period[first] = values + [slipped]
        elif section == "by_period" and first in labels and not row[1]:
            current = first
        elif section in ("latest", "by_period") and first and row[1].isdigit():
            table = per_committee.setdefault((section, current), {})
            table[first] = [int(v) for v in row[1:n + 2]]
    return {"per_period": per_period, "per_committee": per_committee}


# -- the writer and its sheets --------------------------------------------------------


def test_the_registry_gives_this_writer_and_one_workbook_over_all_periods(sample_records):
    writer = get("xlsx")
    assert isinstance(writer, StatusWorkbookWriter)
    assert writer.documents(sample_records, BuildOptions()) == [Document("statusmatris.xlsx")]


@pytest.mark.parametrize(
    "lang, names",
    [("sv", ["Sammanfattning", "Statusmatris", "Uppdrag", "Ansvar"]),
     ("en", ["Summary", "Status matrix", "Assignments", "Responsibility"])],
)
def test_four_sheets_the_summary_first_and_open_named_in_the_language(sample_records, theme, lang, names):
    wb = load(render(sample_records, theme, lang=lang))
    assert wb.sheetnames == names
    assert wb.active.title == names[0]


def test_the_records_sheet_holds_every_record_word_for_word_in_a_named_table(sample_records, theme):
    ws = load(render(sample_records, theme))["Uppdrag"]
    assert header(ws) == ["Titel", "Ansvariga nämnder", "Period", "Status", "Statusmening", "Kommentar",
                          "År", "Tertial", "Statuskod", "Källfil", "Rad"]
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
    assert ws.freeze_panes == "B2"


def test_the_records_sheet_prints_the_readers_columns_at_a_readable_scale(sample_records, theme):
    ws = load(render(sample_records, theme))["Uppdrag"]
    printed = [c for c in COLUMNS if c.printed]
    assert [theme.word(c.key) for c in printed] == header(ws)[:len(printed)]
    assert {theme.word(c.key) for c in COLUMNS if not c.printed} == {"År", "Tertial", "Statuskod", "Källfil", "Rad"}
    assert ws.print_area == f"'Uppdrag'!$A$1:$F${len(sample_records) + 1}"
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(1, len(printed) + 1)]
    assert print_scale(widths) >= MIN_PRINT_SCALE  # one page wide at 70 % or more, even where fonts run wide
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth or 1) == 1  # 1 by default
    assert ws.print_title_rows == "$1:$1"
    comment = ws.cell(2, 6)
    assert comment.alignment.wrap_text and 40 <= ws.column_dimensions["F"].width <= 70
    assert all(ws.cell(r, 4).value in {theme.status_words(s) for s in Status} for r in range(2, ws.max_row + 1))


def test_the_matrix_has_one_row_per_assignment_and_a_column_per_period_in_time_order(sample_records, theme):
    ws = load(render(sample_records, theme))["Statusmatris"]
    assert header(ws, MATRIX_HEADER_ROW) == ["Uppdrag", "Ansvarig nämnd", "Övriga nämnder", "T3 2020", "T1 2022"]
    rows = matrix_rows(ws)
    titles = [row[0].value for row in rows]
    assert len(titles) == len(sample_records.assignments) and len(set(titles)) == len(titles)
    (table,) = ws.tables.values()
    assert table.displayName == "Matristabell" and table.ref == f"A{MATRIX_HEADER_ROW}:E{MATRIX_HEADER_ROW + len(rows)}"
    assert [c.name for c in table.tableColumns] == header(ws, MATRIX_HEADER_ROW)  # the table's filters
    assert ws.cell(1, 1).value == theme.workbook_title("sv")
    for row in rows:
        latest = sample_records.latest(next(a for a in sample_records.assignments
                                            if sample_records.latest(a).title == row[0].value))
        assert row[1].value == latest.committees[0]
        assert (row[2].value or "") == ", ".join(latest.committees[1:])


def test_matrix_rows_go_by_lead_committee_then_first_period_then_title(theme):
    records = multi_year_records()
    ws = load(render(records, theme))["Statusmatris"]
    theme_order = list(theme.committees)

    def key(assignment):
        code = lead(records, assignment)
        # the theme's order, then codes it does not know in the order first seen, then none
        seen = list(records.committees)
        rank = (0, theme_order.index(code)) if code in theme_order else ((1, seen.index(code)) if code else (2, 0))
        return rank, records.for_assignment(assignment)[0].period, records.latest(assignment).title.casefold()

    expected = [records.latest(a).title for a in sorted(records.assignments, key=key)]
    assert [row[0].value for row in matrix_rows(ws)] == expected
    assert expected[:3] == ["Budget i balans", "Ny skola i centrum", "Digitalisera bygglov"]  # KS, BUN, MSN
    assert expected[-1] == "Uppdrag utan nämnd"
    assert header(ws, MATRIX_HEADER_ROW)[FIRST_PERIOD_COLUMN - 1:] == [p.label for p in records.periods]


def test_every_reported_cell_shows_symbol_and_words_with_the_comment_and_the_rest_ej_rapporterat(theme):
    records = multi_year_records()
    ws = load(render(records, theme))["Statusmatris"]
    cells = matrix_cells(ws)
    reported = set()
    for period in records.periods:
        for record in records.assignment_records(period):
            cell = cells[(records.latest(record.assignment).title, period.label)]
            reported.add(cell.coordinate)
            assert cell.value == label(theme, record.status)
            assert cell.comment is not None and cell.comment.text == "\n\n".join(record.comment)
    unreported = [cell for cell in cells.values() if cell.coordinate not in reported]
    assert len(reported) + len(unreported) == len(records.assignments) * len(records.periods)
    assert unreported
    for cell in unreported:
        assert cell.value == "Ej rapporterat" and cell.comment is None
        assert cell.border.left.style == "thin" and cell.border.bottom.style in ("thin", "medium")


def test_an_assignment_reported_twice_in_a_period_shows_its_first_record_with_a_warning(theme, caplog):
    records = multi_year_records()
    with caplog.at_level(logging.WARNING, logger="exporter.writers"):
        ws = load(render(records, theme))["Statusmatris"]
    assert matrix_cells(ws)[("Budget i balans", "T2 2024")].value == label(theme, Status.DONE)
    second = records.records[-1]
    assert any(f"{second.source.file}:{second.source.line}" in r.getMessage() and "twice" in r.getMessage()
               for r in caplog.records)


def test_status_colours_come_from_conditional_formats_on_the_words(sample_records, theme):
    ws = load(render(sample_records, theme))["Statusmatris"]
    last = MATRIX_HEADER_ROW + len(sample_records.assignments)
    (formats,) = list(ws.conditional_formatting)
    assert str(formats.sqref) == f"D{MATRIX_HEADER_ROW + 1}:E{last}"
    # Each rule compares with the legend's cell of its words (row 2, from column B).
    rules = {ws[rule.formula[0].replace("$", "")].value: rule for rule in formats.rules}
    for status in Status:
        rule = rules[label(theme, status)]
        assert rule.type == "cellIs" and rule.operator == "equal"
        colour = theme.status_style(status).hex
        assert rule.dxf.fill.bgColor.rgb[-6:] == colour
        assert rule.dxf.font.color.rgb[-6:] == text_colour(colour)
    assert rules["Ej rapporterat"].dxf.font.i
    assert len(rules) == len(Status) + 1
    # The cells themselves carry no fill: the colour follows the words when they are changed.
    assert all(c.fill.fill_type is None for c in matrix_cells(ws).values())


def test_a_drop_down_list_of_the_legends_words_on_every_status_cell(sample_records, theme):
    ws = load(render(sample_records, theme))["Statusmatris"]
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == "$B$2:$H$2"
    assert str(validation.sqref) == f"D{MATRIX_HEADER_ROW + 1}:E{MATRIX_HEADER_ROW + len(sample_records.assignments)}"
    assert validation.showErrorMessage and not validation.showDropDown  # (True would hide the arrow)
    legend = [ws.cell(2, column).value for column in range(2, 9)]
    assert legend == [label(theme, s) for s in Status] + ["Ej rapporterat"]
    assert ws.cell(2, 1).value == "Teckenförklaring"
    for status, cell in zip(Status, ws[2][1:]):
        assert cell.fill.fgColor.rgb[-6:] == theme.status_style(status).hex


def test_the_matrix_rows_are_of_one_height_with_frozen_titles_and_print_set_up(theme):
    records = multi_year_records()
    ws = load(render(records, theme))["Statusmatris"]
    heights = {ws.row_dimensions[r].height for r in range(MATRIX_HEADER_ROW + 1, ws.max_row + 1)}
    assert len(heights) == 1 and heights.pop() >= 2 * 12.75
    assert ws.freeze_panes == f"B{MATRIX_HEADER_ROW + 1}"
    assert ws.print_title_rows == f"${MATRIX_HEADER_ROW}:${MATRIX_HEADER_ROW}" and ws.print_title_cols == "$A:$A"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9


def test_the_responsibility_headers_are_codes_on_one_line_with_the_names_in_a_key(sample_records, theme):
    ws = load(render(sample_records, theme))["Ansvar"]
    heads = header(ws)
    assert heads[:2] == ["Uppdrag", "Senaste period"]
    codes = heads[2:]
    theme_order = list(theme.committees)
    assert codes == sorted(codes, key=theme_order.index) and set(codes) == set(sample_records.committees)
    assert ws.row_dimensions[1].height <= 30  # one or two lines, not a third of the page
    assert all(ws.cell(1, c).alignment.textRotation in (0, None) for c in range(1, len(heads) + 1))
    assert ws.print_options.gridLines  # the grid of the matrix, printed
    rows = list(ws.iter_rows(min_row=2, max_row=len(sample_records.assignments) + 1, values_only=True))
    by_title = {sample_records.latest(a).title: sample_records.latest(a) for a in sample_records.assignments}
    assert len(rows) == len(by_title)
    for row in rows:
        latest = by_title[row[0]]
        assert row[1] == latest.period.label
        assert {code for code, value in zip(codes, row[2:]) if value == "X"} == set(latest.committees)
    key = [c.value for c in ws["A"][len(rows) + 1:] if c.value]
    assert key[0] == "Nämndernas förkortningar"
    assert key[1:] == [f"{code}: {theme.committee_name(code)}" for code in codes]


def test_the_summary_counts_with_formulas_over_the_matrix_table(sample_records, theme):
    ws = load(render(sample_records, theme))["Sammanfattning"]
    formulas = [c.value for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert any(f.startswith("=COUNTIF(Matristabell[T1 2022],") for f in formulas)
    assert any("Matristabell[Ansvarig nämnd]" in f for f in formulas)
    assert all(f.startswith(("=COUNTIF", "=SUM", "=COUNTIFS")) for f in formulas)


def test_slips_are_counted_by_the_record_sets_own_definition():
    pairs = slip_pairs()
    assert (Status.DONE, Status.NOT_DONE) in pairs and (Status.EXPECTED_DONE, Status.EXPECTED_NOT_DONE) in pairs
    assert (Status.NOT_DONE, Status.DONE) not in pairs and (Status.DONE, Status.DONE) not in pairs


def test_the_chart_stacks_horizontal_bars_with_the_legend_in_their_order_and_alt_text(sample_records, theme):
    data = render(sample_records, theme)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    xdr = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
    chart, drawing = ElementTree.fromstring(chart), ElementTree.fromstring(drawing)
    assert chart.find(f".//{c}barDir").get("val") == "bar" and chart.find(f".//{c}grouping").get("val") == "stacked"
    assert chart.find(f".//{c}legendPos").get("val") == "b"  # beneath: left to right, as the bars stack
    assert chart.find(f".//{c}catAx/{c}scaling/{c}orientation").get("val") == "maxMin"  # first period on top
    assert len(chart.findall(f".//{c}ser")) == len(Status)
    alt = drawing.find(f".//{xdr}graphicFrame/{xdr}nvGraphicFramePr/{xdr}cNvPr").get("descr")
    assert "staplade" in alt and "T1 2022: Bedöms bli genomfört 11" in alt


def test_a_long_chart_gets_a_page_of_its_own_and_the_committees_begin_the_next(theme):
    periods = [Period(2019 + i // 3, i % 3 + 1) for i in range(24)]
    records = RecordSet(tuple(make_record(f"Uppdrag {i}", ["k"], period=periods[i % 24], line=i + 1) for i in range(48)))
    data = render(records, theme)
    ws = load(data)["Sammanfattning"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        drawing = ElementTree.fromstring(archive.read("xl/drawings/drawing1.xml"))
    (extent,) = drawing.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}ext")
    assert int(extent.get("cy")) <= 15 * 360_000  # EMU: at most 15 cm, within an A4 landscape page
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) == 2 and breaks[0] < breaks[1]
    committees = next(c.row for c in ws["A"] if c.value == "Status per ansvarig nämnd, T3 2026")
    assert committees == breaks[1] + 1
    assert ws.cell(breaks[0], 1).value is None and ws.cell(breaks[0] - 1, 1).value == "T3 2026"


def municipality_records(theme) -> RecordSet:
    """A municipality's follow-up over two years: twelve lead committees (the theme's and
    two it does not know), six tertials, every assignment reported in each, with long
    committee names and every status."""
    periods = [Period(2024 + i // 3, i % 3 + 1) for i in range(6)]
    codes = [*theme.committees, "Överförmyndarnämnden i samverkan", "Räddningstjänstförbundet"][:12]
    assert len(codes) == 12
    statuses = list(Status)
    records = []
    for period_index, period in enumerate(periods):
        for i in range(60):
            code = codes[i % len(codes)]
            records.append(make_record(f"Uppdrag {i:02d} om verksamhet", [f"Kommentar {i}."], period=period,
                                       committees=(code, "KS"), status=statuses[(i + period_index) % len(statuses)],
                                       line=period_index * 100 + i + 1, file=f"{period.slug}.txt"))
    return RecordSet(tuple(records))


def summary_print_size(data: bytes) -> tuple[float, float]:
    """The summary's print area in points as XlsxWriter's cells and chart lay it out:
    the width of its columns (at their widest, `column_points`) and the height of its
    rows, with every row the chart spans counted at least as high as the chart needs."""
    wb = load(data)
    ws = wb.worksheets[0]
    (area,) = ws.print_area if isinstance(ws.print_area, list) else [ws.print_area]
    first, last = area.split("!")[1].replace("$", "").split(":")
    last_column = openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+", last).group())
    last_row = int(re.search(r"[0-9]+", last).group())
    width = 0.0
    for dims in ws.column_dimensions.values():
        for column in range(dims.min, dims.max + 1):
            if column <= last_column and not dims.hidden:
                width += column_points(dims.width)
    height = sum(ws.row_dimensions[r].height or 15.0 for r in range(1, last_row + 1))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        drawing = ElementTree.fromstring(archive.read("xl/drawings/drawing1.xml"))
    xdr = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
    for anchor in drawing.iter(f"{xdr}twoCellAnchor"):
        chart_top = int(anchor.find(f"{xdr}from/{xdr}row").text) + 1
        chart_end = int(anchor.find(f"{xdr}to/{xdr}row").text) + 1
        assert chart_end <= last_row  # the chart within the print area
        extent = next(anchor.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}ext"), None)
        spanned = sum(ws.row_dimensions[r].height or 15.0 for r in range(chart_top, chart_end + 1))
        if extent is not None:
            assert int(extent.get("cy")) / 12_700 <= spanned  # EMU to points
    return width, height


@pytest.mark.parametrize("which", ["samples", "multi-year", "municipality"])
def test_the_summary_prints_on_one_a4_page_at_a_readable_scale(which, sample_records, theme):
    records = {"samples": sample_records, "multi-year": multi_year_records(),
               "municipality": municipality_records(theme)}[which]
    data = render(records, theme)
    ws = load(data).worksheets[0]
    # Fitted to one page wide and one tall (1, Excel's default, is not written), no breaks.
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(1 if ws.page_setup.fitToWidth is None else ws.page_setup.fitToWidth) == 1
    assert int(1 if ws.page_setup.fitToHeight is None else ws.page_setup.fitToHeight) == 1
    assert not ws.row_breaks.brk
    # The scale that fits it on the page is readable: the print area's columns and rows
    # within an A4 landscape page at MIN_ONE_PAGE_SCALE or more.
    width, height = summary_print_size(data)
    scale = min(100, 100 * PRINTABLE_WIDTH_PT / width, 100 * PAGE_PT / height)
    assert scale >= MIN_ONE_PAGE_SCALE, (width, height, scale)
    # Everything a board reads first is on it: every period, every committee leading
    # something in the latest period.
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {p.label for p in records.periods} <= texts
    latest = records.periods[-1]
    assert {committee_label(theme, lead(records, r.assignment)) for r in records.assignment_records(latest)} <= texts


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_prints_a_municipalitys_summary_on_one_page(theme, tmp_path, to_pdf):
    records = municipality_records(theme)
    path = tmp_path / WORKBOOK_NAME
    path.write_bytes(render(records, theme))
    pdf = to_pdf(path)
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed; .ci/run installs it")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    # Every printed page names its sheet in the header; the summary's title is the same word.
    summary = [number for number, page in enumerate(pages, start=1) if "Sammanfattning" in page]
    assert summary == [1], summary
    first = pages[0]
    assert "Status per period" in first and "T3 2025" in first
    assert f"Status per ansvarig nämnd, {records.periods[-1].label}" in first and "Räddningstjänstförbundet" in first


def test_print_set_up_on_every_sheet(sample_records, theme):
    wb = load(render(sample_records, theme))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # The summary on one page (1, Excel's default, is not written); the others as long as they are.
        assert int(1 if ws.page_setup.fitToHeight is None else ws.page_setup.fitToHeight) == (1 if ws.title == "Sammanfattning" else 0)
        assert ws.oddHeader.center.text == "Statusmatris för uppdrag"
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert wb["Ansvar"].print_title_rows == "$1:$1"


def test_workbook_properties_in_the_language_and_dated_from_the_records(sample_records, theme):
    props = load(render(sample_records, theme, lang="en")).properties
    assert props.title == "Status matrix of assignments"
    assert props.subject == "Follow-up of assignments"
    assert props.creator == theme.organisation
    assert props.created.date() == props.modified.date() == sample_records.periods[-1].last_day


# -- text stays text, and whole ---------------------------------------------------------


def test_text_from_the_input_is_never_a_formula_anywhere(hostile_records, theme):
    records = RecordSet(hostile_records.records + (
        make_record("Formel i nämnden", ["=2+2"], committees=("=1+1",), line=40, period=hostile_records.periods[-1]),))
    wb = load(render(records, theme))
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert ws.title == "Sammanfattning" and cell.value.startswith(("=COUNTIF", "=SUM")), cell.value
                elif isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    seen += 1
    assert seen >= 8  # the title "=1+1", the committee "=1+1", "+1"-style comments, in several sheets
    rows = record_rows(wb["Uppdrag"])
    assert rows[1]["Titel"] == "=1+1"
    assert rows[1]["Kommentar"] == "+1\n\n-1\n\n@SUM(1)\n\n=cmd|' /C calc'!A0"
    assert rows[4]["Ansvariga nämnder"] == "=1+1"
    summary = [c.value for row in wb["Sammanfattning"].iter_rows() for c in row if c.data_type != "f"]
    assert "=1+1" in summary


def test_text_longer_than_a_cell_continues_in_marked_columns_with_a_warning(hostile_records, theme, caplog):
    long = hostile_records.records[2]
    full = "\n\n".join(long.comment)
    assert len(full) > CELL_LIMIT
    with caplog.at_level(logging.WARNING, logger="exporter.writers"):
        wb = load(render(hostile_records, theme))
    records = wb["Uppdrag"]
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
    cell = matrix_cells(wb["Statusmatris"])[(long.title, long.period.label)]
    note = cell.comment.text
    assert len(note) <= NOTE_LIMIT
    assert note.endswith("… (hela texten finns i bladet Uppdrag)")
    assert "\n\n".join(long.comment).startswith(note.split(" …")[0])


def test_a_record_without_comment_has_no_note(hostile_records, theme):
    wb = load(render(hostile_records, theme))
    bare = hostile_records.records[3]
    cell = matrix_cells(wb["Statusmatris"])[(bare.title, bare.period.label)]
    assert cell.value == label(theme, Status.NOT_DONE) and cell.comment is None


@pytest.mark.parametrize("text", ["a" * 70_000, ("ord " * 20_000), "😀" * 20_000, "x" * CELL_LIMIT])
def test_split_text_gives_pieces_within_the_limit_that_join_back_exactly(text):
    pieces = split_text(text)
    assert "".join(pieces) == text
    assert all(len(p.encode("utf-16-le")) // 2 <= CELL_LIMIT for p in pieces)
    fits = len(text.encode("utf-16-le")) // 2 <= CELL_LIMIT
    assert (len(pieces) == 1) == fits
    if text.startswith("ord "):
        assert all(p.endswith(" ") for p in pieces[:-1])  # cut between words


def test_cell_text_keeps_excels_own_escapes_literal_and_drops_what_xml_cannot_hold():
    assert cell_text("_x0041_") == "_x005F_x0041_"  # Excel would read "_x0041_" as "A"
    assert cell_text("a\x00b\x1fc") == "abc"
    assert cell_text("plain_text åäö <b>&amp;") == "plain_text åäö <b>&amp;"


def test_rows_of_wrapped_text_are_given_a_height_that_holds_it(sample_records, theme):
    # LibreOffice does not fit row heights to wrapped text on opening, so the writer sets them.
    records = load(render(sample_records, theme))["Uppdrag"]
    for number, record in enumerate(sample_records, start=2):
        comment = "\n\n".join(record.comment)
        height = records.row_dimensions[number].height
        if len(comment) > 400:
            assert height is not None and height >= 12.75 * (len(comment) // 150), (number, height)


def test_a_short_text_of_several_paragraphs_gets_a_row_as_high_as_its_lines(hostile_records, theme):
    records = load(render(hostile_records, theme))["Uppdrag"]
    paragraphs = hostile_records.records[1].comment  # four short ones, seven lines with the blank ones
    assert records.row_dimensions[3].height >= 12.75 * (2 * len(paragraphs) - 1)


def test_a_row_of_wrapped_text_has_room_beneath_its_last_line(sample_records, theme):
    # LibreOffice draws a cell's text from the row's top edge: a row of several lines gets
    # 6 points beneath them, so the descenders of the last line do not touch the border.
    wb = load(render(sample_records, theme))
    checked = 0
    for name in ("Uppdrag", "Ansvar"):
        ws = wb[name]
        for row in range(2, ws.max_row + 1):
            height = ws.row_dimensions[row].height
            if height is not None and 20 < height < 409 - 12.75:  # not at Excel's most, 409
                lines = round((height - 6) / 12.75)
                assert lines >= 2 and height >= lines * 12.75 + 6, (name, row, height)
                checked += 1
    assert checked > 10


@pytest.mark.slow
def test_a_sheet_of_more_than_1024_notes_names_every_block_of_shape_ids(theme):
    records = RecordSet(tuple(make_record(f"Uppdrag {i}", [f"Kommentar {i}"], line=i + 1) for i in range(2100)))
    data = render(records, theme)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        drawings = [ElementTree.fromstring(archive.read(n)) for n in archive.namelist() if n.endswith(".vml")]
    (notes,) = [d for d in drawings if len(d.findall("{urn:schemas-microsoft-com:vml}shape")) == 2100]
    (idmap,) = notes.iter("{urn:schemas-microsoft-com:office:office}idmap")
    assert idmap.get("data") == "1,2,3"  # ids 1026..3125 lie in blocks 1, 2 and 3 of 1024
    assert render(records, theme) == data  # the rewrite is deterministic


def test_beyond_the_cap_the_matrix_has_no_notes_and_says_so(theme, caplog, monkeypatch):
    import exporter.writers._xlsx.matrix as matrix

    monkeypatch.setattr(matrix, "NOTE_CAP", 3)
    records = RecordSet(tuple(make_record(f"Uppdrag {i}", [f"Kommentar {i}"], line=i + 1) for i in range(4)))
    with caplog.at_level(logging.WARNING, logger="exporter.writers"):
        wb = load(render(records, theme))
    assert all(cell.comment is None for cell in matrix_cells(wb["Statusmatris"]).values())
    assert [r["Kommentar"] for r in record_rows(wb["Uppdrag"])] == [f"Kommentar {i}" for i in range(4)]
    assert any("no notes" in r.getMessage() for r in caplog.records)


# -- public API only, determinism ---------------------------------------------------------


def test_the_writer_uses_xlsxwriters_public_api_only_and_never_edits_its_output():
    sources = [ROOT / "exporter/writers/xlsx.py", *sorted((ROOT / "exporter/writers/_xlsx").glob("*.py"))]
    for path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert not node.module.startswith(("openpyxl", "zipfile", "lxml", "xml")), (path.name, node.module)
                if node.module.startswith("xlsxwriter"):
                    assert node.module == "xlsxwriter.utility", (path.name, node.module)
                    assert not any(alias.name.startswith("_") for alias in node.names), (path.name, node.module)
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
                assert not any(n.startswith(("openpyxl", "zipfile", "lxml", "xml")) for n in names), (path.name, names)
                assert not any(n.startswith("xlsxwriter.") for n in names), (path.name, names)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                owner = node.value
                assert isinstance(owner, ast.Name) and owner.id == "self", (path.name, node.lineno, node.attr)
    # The project's writer does not share its name with the library.
    assert "class XlsxWriter" not in (ROOT / "exporter/writers/xlsx.py").read_text(encoding="utf-8")


def test_the_same_input_and_options_give_the_same_bytes(theme):
    records = multi_year_records()
    first = render(records, theme)
    time.sleep(1.1)  # a clock second passes: nothing may depend on it
    assert render(records, theme) == first
    assert render(records, theme, lang="en") != first


def test_the_bytes_do_not_depend_on_the_number_of_jobs(sample_records, theme, tmp_path):
    (one,) = [p for p in build(sample_records, theme, ["xlsx", "json"], tmp_path / "1", jobs=1) if p.suffix == ".xlsx"]
    (two,) = [p for p in build(sample_records, theme, ["xlsx", "json"], tmp_path / "2", jobs=2) if p.suffix == ".xlsx"]
    assert one.read_bytes() == two.read_bytes()


def test_english_words_with_lang_en(sample_records, theme):
    wb = load(render(sample_records, theme, lang="en"))
    summary, matrix, records, responsibility = wb.worksheets
    assert header(records)[:4] == ["Title", "Responsible committees", "Period", "Status"]
    assert matrix.cell(2, 1).value == "Legend"
    assert {c.value for c in matrix_cells(matrix).values()} <= {label(theme, s, "en") for s in Status} | {"Not reported"}
    assert header(responsibility)[1] == "Latest period"
    assert summary.cell(1, 1).value == "Summary"
    assert next(iter(records.tables.values())).displayName == "AssignmentTable"
    assert next(iter(matrix.tables.values())).displayName == "MatrixTable"


def test_an_empty_record_set_still_gives_a_workbook_that_opens(theme):
    wb = load(render(RecordSet(()), theme))
    assert len(wb.worksheets) == 4


@pytest.mark.slow
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
    assert sum(1 for _ in wb["Uppdrag"].iter_rows(values_only=True)) == 10_001


# -- what the summary's formulas compute, without LibreOffice ------------------------------


@pytest.mark.parametrize("which", ["samples", "multi-year", "wildcards"])
def test_every_summary_formula_computes_the_record_sets_counts_and_carries_that_result(which, sample_records, theme):
    records = {"samples": sample_records, "multi-year": multi_year_records(), "wildcards": wildcard_records()}[which]
    rows, formulas = summary_evaluated(render(records, theme))
    assert formulas
    for coordinate, formula, evaluated, cached in formulas:
        assert isinstance(cached, int), (coordinate, formula, cached)  # a result every viewer shows
        assert cached == evaluated, (coordinate, formula)
    assert_counts(parse_summary(rows, records, theme), records, theme)


def test_the_cached_counts_read_with_data_only_are_the_record_sets(sample_records, theme):
    ws = openpyxl.load_workbook(io.BytesIO(render(sample_records, theme)), data_only=True).worksheets[0]
    rows = [["" if c.value is None else str(c.value) for c in row] for row in ws.iter_rows()]
    assert_counts(parse_summary(rows, sample_records, theme), sample_records, theme)


def test_slips_are_counted_only_between_adjacent_tertials_and_a_dash_stands_where_none_is(theme):
    records = multi_year_records()
    ws = load(render(records, theme)).worksheets[0]
    slipped_column = 3 + len(Status)
    by_label: dict = {}
    for row in ws.iter_rows():  # the first table: each period's first row
        if row[0].value in {p.label for p in records.periods}:
            by_label.setdefault(row[0].value, row[slipped_column - 1])
    for period in records.periods:
        cell = by_label[period.label]
        if period.previous in records.periods:
            assert cell.data_type == "f" and f"[{period.previous.label}]" in cell.value and f"[{period.label}]" in cell.value
        else:
            assert cell.value == "–" and cell.data_type == "s", period.label  # T3 2020 first, T1 2023 after a gap
    assert [by_label[p.label].value == "–" for p in records.periods] == [True, False, False, True, True]


def test_the_summary_names_organisation_date_and_sources_and_reads_oldest_first(sample_records, theme):
    data = render(sample_records, theme)
    ws = load(data).worksheets[0]
    facts = ws["A3"].value
    # The periods it covers, and no date made up from them (the reports' rule): none was asked for.
    assert theme.organisation in facts and "Avser T3 2020–T1 2022" in facts
    assert "Datum" not in facts and "2022-04-30" not in facts
    assert all(name in facts for name in dict.fromkeys(r.source.file for r in sample_records))
    assert ws.oddHeader.left.text.startswith(theme.organisation) and "T3 2020–T1 2022" in ws.oddHeader.left.text
    dated = load(render(sample_records, theme, report_date=dt.date(2022, 6, 13))).worksheets[0]["A3"].value
    assert "Datum 2022-06-13" in dated
    assert ws.oddFooter.left.text.startswith("Källfil: ")
    labels = [c.value for c in ws["A"] if c.value in {p.label for p in sample_records.periods}]
    assert labels == ["T3 2020", "T1 2022"]  # oldest first, as the matrix
    # Committees with nothing in a period are left out of its table: SAN leads nothing in T1 2022.
    latest = next(c.row for c in ws["A"] if c.value == "Status per ansvarig nämnd, T1 2022")
    listed = []
    for row in range(latest + 2, ws.max_row + 1):
        if ws.cell(row, 1).value is None:
            break
        listed.append(ws.cell(row, 1).value)
    assert listed == ["Kommunstyrelsen (KS)"]
    # The codes the committee rows' criteria refer to stand in a hidden column, outside the print area.
    assert ws.column_dimensions["J"].hidden and ws[f"J{latest + 2}"].value == "KS"
    assert ws.print_area == f"'Sammanfattning'!$A$1:$I${ws.max_row}"


def test_the_total_is_the_sum_of_every_status_column_of_its_row(sample_records, theme):
    ws = load(render(sample_records, theme)).worksheets[0]
    totals = [c for c in ws[openpyxl.utils.get_column_letter(2 + len(Status))] if c.data_type == "f"]
    assert totals
    for cell in totals:
        assert cell.value == f"=SUM(B{cell.row}:{openpyxl.utils.get_column_letter(1 + len(Status))}{cell.row})"


def test_the_chart_holds_its_numbers_and_categories_in_its_caches(theme):
    records = multi_year_records()
    with zipfile.ZipFile(io.BytesIO(render(records, theme))) as archive:
        chart = ElementTree.fromstring(archive.read("xl/charts/chart1.xml"))
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    series = chart.findall(f".//{c}ser")
    for status, ser in zip(Status, series):
        numbers = [float(v.text) for v in ser.findall(f"{c}val/{c}numRef/{c}numCache/{c}pt/{c}v")]
        want = [records.status_counts(records.assignment_records(p))[status] for p in records.periods]
        assert numbers == want, status
        categories = [v.text for v in ser.findall(f"{c}cat/{c}strRef/{c}strCache/{c}pt/{c}v")]
        assert categories == [p.label for p in records.periods]
        assert ser.find(f"{c}tx/{c}strRef/{c}strCache/{c}pt/{c}v").text == label(theme, status)


def test_the_matrix_marks_where_a_lead_committees_group_ends(theme):
    records = multi_year_records()
    ws = load(render(records, theme))["Statusmatris"]
    rows = matrix_rows(ws)
    leads = [row[1].value for row in rows]
    for index, row in enumerate(rows):
        ends = index + 1 == len(rows) or leads[index + 1] != leads[index]
        styles = {cell.border.bottom.style for cell in row[:FIRST_PERIOD_COLUMN - 1 + len(records.periods)]}
        assert styles == ({"medium"} if ends else {"thin"}), (index, leads[index], styles)


# -- Excel's limits, by construction --------------------------------------------------------


def string_literals(formula: str) -> list[str]:
    return [m[1:-1].replace('""', '"') for m in re.findall(r'"(?:[^"]|"")*"', formula)]


def test_a_committee_of_9000_characters_gives_formulas_within_excels_limits_that_count_right(theme):
    long = "Nämnden för " + "mycket " * 1284
    assert len(long) >= 9000
    records = RecordSet((
        make_record("Ett uppdrag", ["k"], committees=(long,), status=Status.DONE, line=1),
        make_record("Ett annat", ["k"], committees=(long, "KS"), status=Status.NOT_DONE, line=2),
        make_record("Ett tredje", ["k"], committees=("KS",), line=3),
        make_record("Ett tredje", ["k"], committees=("KS",), period=Period(2022, 2), line=4),
    ))
    data = render(records, theme)
    for ws in load(data).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert len(cell.value) <= 8192, (ws.title, cell.coordinate, len(cell.value))
                    assert all(len(text) <= 255 for text in string_literals(cell.value)), (ws.title, cell.coordinate)
    rows, formulas = summary_evaluated(data)
    assert all(cached == evaluated for _, _, evaluated, cached in formulas)
    assert_counts(parse_summary(rows, records, theme), records, theme)


def test_header_and_footer_text_is_escaped_and_within_excels_limit(sample_records, theme):
    import dataclasses

    themed = dataclasses.replace(theme, organisation="R&D-kommunen " + "&" * 300,
                                 workbook_titles={**theme.workbook_titles, "sv": "Forskning & utveckling"})
    data = render(sample_records, themed)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [ElementTree.fromstring(archive.read(n)) for n in archive.namelist()
                  if n.startswith("xl/worksheets/sheet")]
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    for sheet in sheets:
        header = sheet.find(f".//{main}oddHeader").text
        footer = sheet.find(f".//{main}oddFooter").text
        assert "R&&D" in header and "Forskning && utveckling" in header  # not Excel's date code &D
        assert len(header) <= 255 and len(footer) <= 255
        # Every "&" is a code Excel knows (L C R P N) or a doubled, literal one.
        for text in (header, footer):
            assert set(re.findall(r"&(.)", text.replace("&&", ""))) <= set("LCRPN"), text
    ws = load(data).worksheets[0]
    assert ws.oddHeader.center.text == "Forskning && utveckling"


def test_more_committees_than_columns_give_a_layout_that_fits_with_a_warning(theme, caplog):
    codes = tuple(f"N{i:05d}" for i in range(16_400))
    records = RecordSet((make_record("Alla nämnder", ["k"], committees=codes, line=1),
                         make_record("En nämnd", ["k"], committees=("KS",), line=2)))
    with caplog.at_level(logging.WARNING, logger="exporter.writers"):
        wb = load(render(records, theme))
    for ws in wb.worksheets:
        assert ws.max_column <= 16_384, ws.title
    responsibility = wb["Ansvar"]
    assert header(responsibility) == ["Uppdrag", "Senaste period", "Ansvariga nämnder"]
    cells = {row[0].value: row[2].value for row in responsibility.iter_rows(min_row=2, max_row=3)}
    # 16,400 codes are more than a cell holds: cut there with a mark, whole in the records sheet.
    assert cells["Alla nämnder"].startswith("N00000, N00001") and cells["Alla nämnder"].endswith("(hela texten finns i bladet Uppdrag)")
    assert cells["En nämnd"] == "KS"
    assert joined(record_rows(wb["Uppdrag"])[0], theme, "committees") == ", ".join(codes)
    assert any("16,401 committees are more than a worksheet's 16,384 columns" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("words, names", [
    (["Sammanfattning", "Status/matris", "Upp[drag]", "'Ansvar'"], ["Sammanfattning", "Status-matris", "Upp-drag-", "Ansvar"]),
    (["a" * 40, "A" * 40, "", "History"], ["a" * 31, "A" * 27 + " (2)", "Blad 3", "Blad 4"]),
    (["Blad:1", "Blad?1", "*", "x'"], ["Blad-1", "Blad-1 (2)", "-", "x"]),
])
def test_sheet_names_keep_within_excels_rules(words, names):
    made = sheet_names(words)
    assert made == names
    for name in made:
        assert 0 < len(name) <= 31 and not re.search(r"[/\\?*\[\]:]", name) and name[0] != "'" and name[-1] != "'"
    assert len({n.casefold() for n in made}) == len(made)


@pytest.mark.parametrize("word, name", [
    ("Matristabell", "Matristabell"), ("C", "T_C"), ("R", "T_R"), ("A1", "T_A1"), ("R1C1", "T_R1C1"),
    ("xfd1048576", "T_xfd1048576"), ("1 tabell", "T_1_tabell"), ("Tabell med mellanslag", "Tabell_med_mellanslag"),
    ("T" * 300, "T" * 255),
])
def test_table_names_keep_within_excels_rules(word, name):
    assert table_name(word) == name


def test_two_tables_never_share_a_name(sample_records, theme):
    import dataclasses

    words = {**theme.words, "sv": {**theme.words["sv"], "matrix_table": "Tabell", "records_table": "tabell"}}
    wb = load(render(sample_records, dataclasses.replace(theme, words=words)))
    assert [t.displayName for ws in wb.worksheets for t in ws.tables.values()] == ["Tabell", "tabell_2"]
    assert table_names(["A1", "a1", "T_A1"]) == ["T_A1", "T_a1_2", "T_A1_3"]


def test_table_column_names_are_unique_without_case_and_within_255():
    assert unique_headers(["Uppdrag", "uppdrag", "", "x" * 300]) == ["Uppdrag", "uppdrag (2)", "Kolumn 3", "x" * 255]


def test_a_warning_of_the_library_reaches_the_user_as_the_documents_warning(sample_records, theme, caplog,
                                                                           monkeypatch):
    import warnings as warnings_module

    import exporter.writers.xlsx as module

    original = module.build_responsibility

    def warning_too(ctx, ws):
        warnings_module.warn("Header string cannot be longer than Excel's limit of 255 characters")
        original(ctx, ws)

    monkeypatch.setattr(module, "build_responsibility", warning_too)
    with warnings_module.catch_warnings(record=True) as escaped, caplog.at_level(logging.WARNING, "exporter.writers"):
        warnings_module.simplefilter("always")
        render(sample_records, theme)
    assert escaped == []  # no library line with its absolute path on the user's screen
    assert any(r.getMessage() == "statusmatris.xlsx: the spreadsheet library: Header string cannot be longer than "
               "Excel's limit of 255 characters" for r in caplog.records)


def test_the_archive_entries_carry_a_fixed_date(sample_records, theme):
    with zipfile.ZipFile(io.BytesIO(render(sample_records, theme))) as archive:
        assert {info.date_time for info in archive.infolist()} == {ARCHIVE_DATE} == {(1980, 1, 31, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2022-04-30T00:00:00Z" in core


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=60), min_size=4, max_size=4))
def test_any_theme_words_give_sheet_table_and_column_names_excel_accepts(words):
    names = sheet_names(words)
    assert len({n.casefold() for n in names}) == 4
    for name in names:
        assert 0 < len(name) <= 31 and not re.search(r"[/\\?*\[\]:]", name), name
        assert name[0] != "'" and name[-1] != "'" and name.casefold() != "history"
    for word in words:
        table = table_name(word or "x")
        assert 0 < len(table) <= 255 and re.fullmatch(r"[^\W\d]\w*", table), table
        assert not re.fullmatch(r"([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc]?[0-9]*|[Cc][0-9]*)", table), table
    headers = unique_headers(words)
    assert len({h.casefold() for h in headers}) == len(headers) and all(0 < len(h) <= 255 for h in headers)


@settings(max_examples=10, deadline=None)
@given(st.lists(st.text(alphabet="KS*?~=<>\" ", min_size=1, max_size=4).map(str.strip).filter(bool),
                min_size=1, max_size=5))
def test_committee_codes_of_any_signs_are_counted_as_themselves(theme, codes):
    records = RecordSet(tuple(make_record(f"Uppdrag {i}", ["k"], committees=(code,), status=list(Status)[i % 6], line=i + 1)
                              for i, code in enumerate(codes)))
    rows, formulas = summary_evaluated(render(records, theme))
    assert all(cached == evaluated for _, _, evaluated, cached in formulas)
    # Excel compares text without case: codes that differ only in case count together.
    if len({c.casefold() for c in records.committees}) == len(records.committees):
        assert_counts(parse_summary(rows, records, theme), records, theme)


# -- LibreOffice ------------------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.parametrize("which", ["samples", "multi-year", "wildcards"])
def test_the_counts_libreoffice_calculates_are_the_record_sets(which, sample_records, theme, tmp_path):
    records = {"samples": sample_records, "multi-year": multi_year_records(), "wildcards": wildcard_records()}[which]
    computed = parse_summary(summary_as_computed(records, theme, tmp_path), records, theme)
    assert_counts(computed, records, theme)
    if which == "multi-year":
        assert any(row[-1] for row in expected_summary(records, theme)["per_period"].values())  # something did slip


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("which", ["samples", "multi-year", "wildcards"])
def test_every_cached_result_is_what_libreoffice_computes_when_it_recalculates(which, sample_records, theme, tmp_path):
    records = {"samples": sample_records, "multi-year": multi_year_records(), "wildcards": wildcard_records()}[which]
    path = tmp_path / WORKBOOK_NAME
    path.write_bytes(render(records, theme))
    recalculated = soffice_convert(path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "recalculated")
    ours = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    computed = openpyxl.load_workbook(recalculated, data_only=True)
    checked = 0
    for ws in ours.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    mine = cached[ws.title][cell.coordinate].value
                    theirs = computed[ws.title][cell.coordinate].value
                    assert isinstance(mine, int) and mine == theirs, (ws.title, cell.coordinate, cell.value, mine, theirs)
                    checked += 1
    assert checked > 20


@pytest.mark.libreoffice
def test_libreoffice_prints_every_sheet_without_errors(sample_records, theme, tmp_path, to_pdf):
    from ..support import pdf_text

    path = tmp_path / WORKBOOK_NAME
    path.write_bytes(render(sample_records, theme))
    text = pdf_text(to_pdf(path))
    for bad in ("Err:", "#NAME?", "#VALUE!", "#REF!"):
        assert bad not in text
    assert "Statusmatris för uppdrag" in text and "Sida 1 av" in text
    assert "Teckenförklaring" in text and "Ej rapporterat" in text and "Kommentar" in text


@pytest.mark.libreoffice
def test_libreoffice_opens_the_hostile_workbook(hostile_records, theme, tmp_path, to_pdf):
    from ..support import pdf_text

    path = tmp_path / WORKBOOK_NAME
    path.write_bytes(render(hostile_records, theme))
    text = pdf_text(to_pdf(path))
    assert "=1+1" in text and "Err:" not in text and "#NAME?" not in text
