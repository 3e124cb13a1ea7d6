"""The status workbook's peers: the same four sheets with the same cells and features as
exporter's `statusmatris.xlsx` (a summary of COUNTIF/COUNTIFS formulas and a stacked
bar chart, the status matrix as a table with conditional formats, a drop-down list and
a note per comment, every record as a row of a table, the responsibility matrix, print
set-up on every sheet), written by

- `xlsxwriter_plain`: a plain XlsxWriter script, as its documentation shows it
  (`write_string`, `write_formula(..., value)`, `add_table`, `conditional_format`,
  `data_validation`, `write_comment`, `add_chart`): the floor of what XlsxWriter
  costs for this workbook;
- `openpyxl_naive`: openpyxl's normal mode, a styled `ws.cell(...)` at a time, as a
  first attempt writes it (it cannot store a formula's result).

Both compute what the sheets show the plain way, in Python, from the record set. The
libraries are imported inside the functions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .floor import STATUS_WORDS

if TYPE_CHECKING:
    from exporter.model import Record, RecordSet

__all__ = ["xlsxwriter_plain", "openpyxl_naive"]

STATUSES = ("done", "partly_done", "not_done", "expected_done", "expected_not_done", "unknown")
COLOURS = ("2E7D32", "F9A825", "C62828", "1565C0", "AD1457", "757575")
SLIPS = {("done", "partly_done"), ("done", "not_done"), ("partly_done", "not_done"),
         ("expected_done", "expected_not_done"), ("expected_done", "not_done"), ("expected_done", "partly_done")}


@dataclass
class Plan:
    """What the four sheets show, computed once."""

    periods: list
    labels: list[str]  # the status words, in STATUSES order
    assignments: list[str]  # sorted by lead committee, first period, title
    latest: dict[str, Record]
    shown: dict  # period -> assignment -> record
    leads: dict[str, str]
    committees: list[str]


def plan(record_set: RecordSet) -> Plan:
    periods = list(record_set.periods)
    shown = {p: {r.assignment: r for r in reversed(record_set.for_period(p))} for p in periods}
    latest: dict[str, Record] = {}
    first: dict[str, object] = {}
    for record in record_set.records:
        if record.assignment not in latest or record.period >= latest[record.assignment].period:
            latest[record.assignment] = record
        first[record.assignment] = min(first.get(record.assignment, record.period), record.period)
    leads = {a: (r.committees[0] if r.committees else "") for a, r in latest.items()}
    committees = list(dict.fromkeys(c for r in record_set.records for c in r.committees))
    rank = {c: i for i, c in enumerate(committees)}
    assignments = sorted(latest, key=lambda a: (rank.get(leads[a], len(rank)), first[a], latest[a].title.casefold()))
    labels = [STATUS_WORDS.get(s, s) for s in STATUSES]
    return Plan(periods, labels, assignments, latest, shown, leads, committees)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _summary_rows(p: Plan):
    """(label, [(formula, value)...] per status, total, slipped formula and value) per period
    and per lead committee of the latest period."""
    rows = []
    for index, period in enumerate(p.periods):
        ref = f"Matris[{period.label}]"
        counts = Counter(r.status.value for r in p.shown[period].values())
        cells = [(f"=COUNTIF({ref},{_quote(label)})", counts[s]) for s, label in zip(STATUSES, p.labels)]
        slipped = None
        if index and p.periods[index - 1] == period.previous:
            before = p.shown[period.previous]
            value = sum(1 for a, r in p.shown[period].items() if a in before and (before[a].status.value, r.status.value) in SLIPS)
            terms = "+".join(f"COUNTIFS(Matris[{period.previous.label}],{_quote(p.labels[STATUSES.index(a)])},"
                             f"{ref},{_quote(p.labels[STATUSES.index(b)])})" for a, b in sorted(SLIPS))
            slipped = ("=" + terms, value)
        rows.append((period.label, cells, slipped))
    committee_rows = []
    if p.periods:
        period = p.periods[-1]
        ref = f"Matris[{period.label}]"
        groups: dict[str, Counter] = {}
        for a, r in p.shown[period].items():
            groups.setdefault(p.leads[a], Counter())[r.status.value] += 1
        for code, counts in groups.items():
            cells = [(f"=COUNTIFS(Matris[Ansvarig nämnd],{_quote(code)},{ref},{_quote(label)})", counts[s])
                     for s, label in zip(STATUSES, p.labels)]
            committee_rows.append((code or "Utan nämnd", cells, None))
    return rows, committee_rows


def xlsxwriter_plain(record_set: RecordSet, out_dir: Path) -> list[Path]:
    import xlsxwriter
    from xlsxwriter.utility import xl_col_to_name

    p = plan(record_set)
    path = out_dir / "xlsxwriter.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                         "strings_to_urls": False})
    header = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
    text = wb.add_format({"text_wrap": True, "valign": "top", "font_size": 10})
    cell = wb.add_format({"border": 1, "align": "center", "valign": "vcenter", "text_wrap": True, "font_size": 10})
    count = wb.add_format({"border": 1, "font_size": 10})
    summary, matrix, records, responsibility = (wb.add_worksheet(n) for n in ("Sammanfattning", "Statusmatris",
                                                                            "Uppdrag", "Ansvar"))
    for ws in (summary, matrix, records, responsibility):
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_header("&CStatusmatris för uppdrag")
        ws.set_footer("&CSida &P av &N")

    # Summary.
    period_rows, committee_rows = _summary_rows(p)
    summary.write_string(0, 0, "Sammanfattning")
    summary.write_row(1, 0, ["Period", *p.labels, "Totalt", "Har halkat"], header)
    row = 2
    for label, cells, slipped in period_rows + [("", [], None)] + committee_rows:
        if not cells:
            row += 1
            continue
        summary.write_string(row, 0, label, count)
        for column, (formula, value) in enumerate(cells, start=1):
            summary.write_formula(row, column, formula, count, value)
        summary.write_formula(row, 7, f"=SUM(B{row + 1}:G{row + 1})", count, sum(v for _, v in cells))
        if slipped is not None:
            summary.write_formula(row, 8, slipped[0], count, slipped[1])
        row += 1
    if p.periods:
        chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
        for column, colour in enumerate(COLOURS, start=1):
            chart.add_series({"name": ["Sammanfattning", 1, column],
                              "categories": ["Sammanfattning", 2, 0, 1 + len(p.periods), 0],
                              "values": ["Sammanfattning", 2, column, 1 + len(p.periods), column],
                              "fill": {"color": "#" + colour}})
        chart.set_y_axis({"reverse": True})
        summary.insert_chart(row + 1, 0, chart, {"description": "Status per period"})

    # Status matrix: a table, conditional formats on the words, a drop-down, notes.
    headers = ["Uppdrag", "Ansvarig nämnd", "Övriga nämnder"] + [q.label for q in p.periods]
    last = len(headers) - 1
    matrix.write_row(1, 1, p.labels + ["Ej rapporterat"])
    matrix.add_table(3, 0, 3 + max(len(p.assignments), 1), last,
                     {"name": "Matris", "columns": [{"header": h} for h in headers]})
    for index, assignment in enumerate(p.assignments):
        r = 4 + index
        latest = p.latest[assignment]
        matrix.write_string(r, 0, latest.title, cell)
        matrix.write_string(r, 1, p.leads[assignment], cell)
        matrix.write_string(r, 2, ", ".join(latest.committees[1:]), cell)
        for column, period in enumerate(p.periods, start=3):
            reported = p.shown[period].get(assignment)
            if reported is None:
                matrix.write_string(r, column, "Ej rapporterat", cell)
            else:
                matrix.write_string(r, column, p.labels[STATUSES.index(reported.status.value)], cell)
                if reported.comment:
                    matrix.write_comment(r, column, "\n\n".join(reported.comment)[:2000])
    if p.periods:
        area = (4, 3, 3 + max(len(p.assignments), 1), last)
        for label, colour in zip(p.labels, COLOURS):
            matrix.conditional_format(*area, {"type": "cell", "criteria": "==", "value": _quote(label),
                                              "format": wb.add_format({"bg_color": "#" + colour})})
        matrix.data_validation(*area, {"validate": "list", "source": f"=$B$2:${xl_col_to_name(len(p.labels) + 1)}$2"})
    matrix.freeze_panes(4, 1)

    # Records: a table of every record.
    columns = ["Titel", "Ansvariga nämnder", "Period", "Status", "Statusmening", "Kommentar", "År", "Tertial",
               "Statuskod", "Källfil", "Rad"]
    records.add_table(0, 0, max(len(record_set.records), 1), len(columns) - 1,
                      {"name": "Uppdragstabell", "columns": [{"header": c} for c in columns]})
    for r, record in enumerate(record_set.records, start=1):
        records.write_string(r, 0, record.title, text)
        records.write_string(r, 1, ", ".join(record.committees), text)
        records.write_string(r, 2, record.period.label, text)
        records.write_string(r, 3, STATUS_WORDS.get(record.status.value, record.status.value), text)
        records.write_string(r, 4, record.status_text, text)
        records.write_string(r, 5, "\n\n".join(record.comment), text)
        records.write_number(r, 6, record.period.year)
        records.write_number(r, 7, record.period.tertial)
        records.write_string(r, 8, record.status.value)
        records.write_string(r, 9, record.source.file)
        records.write_number(r, 10, record.source.line)
    records.freeze_panes(1, 1)

    # Responsibility.
    column_of = {c: i for i, c in enumerate(p.committees, start=2)}
    responsibility.write_row(0, 0, ["Uppdrag", "Senaste period", *p.committees], header)
    for r, assignment in enumerate(p.assignments, start=1):
        latest = p.latest[assignment]
        responsibility.write_string(r, 0, latest.title, text)
        responsibility.write_string(r, 1, latest.period.label)
        for code in latest.committees:
            responsibility.write_string(r, column_of[code], "X")
    wb.close()
    return [path]


def openpyxl_naive(record_set: RecordSet, out_dir: Path) -> list[Path]:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table

    p = plan(record_set)
    path = out_dir / "openpyxl-workbook.xlsx"
    wb = Workbook()
    summary = wb.active
    summary.title = "Sammanfattning"
    matrix, records, responsibility = (wb.create_sheet(n) for n in ("Statusmatris", "Uppdrag", "Ansvar"))
    thin = Side(style="thin", color="BFBFBF")
    for ws in (summary, matrix, records, responsibility):
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToHeight = 0
        ws.oddHeader.center.text = "Statusmatris för uppdrag"
        ws.oddFooter.center.text = "Sida &P av &N"

    def styled(ws, row, column, value, bold=False, border=True, wrap=True):
        c = ws.cell(row=row, column=column, value=value)
        if isinstance(value, str) and value[:1] == "=" and not bold:
            c.data_type = "s"
        c.font = Font(name="Arial", size=10, bold=bold)
        c.alignment = Alignment(wrap_text=wrap, vertical="top")
        if border:
            c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        return c

    period_rows, committee_rows = _summary_rows(p)
    styled(summary, 1, 1, "Sammanfattning", bold=True, border=False)
    for column, h in enumerate(["Period", *p.labels, "Totalt", "Har halkat"], start=1):
        styled(summary, 2, column, h, bold=True)
    row = 3
    for label, cells, slipped in period_rows + [("", [], None)] + committee_rows:
        if not cells:
            row += 1
            continue
        styled(summary, row, 1, label)
        for column, (formula, _) in enumerate(cells, start=2):
            summary.cell(row=row, column=column, value=formula)
        summary.cell(row=row, column=8, value=f"=SUM(B{row}:G{row})")
        if slipped is not None:
            summary.cell(row=row, column=9, value=slipped[0])
        row += 1
    if p.periods:
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
        chart.add_data(Reference(summary, min_col=2, max_col=7, min_row=2, max_row=2 + len(p.periods)),
                       titles_from_data=True)
        chart.set_categories(Reference(summary, min_col=1, min_row=3, max_row=2 + len(p.periods)))
        summary.add_chart(chart, f"A{row + 1}")

    headers = ["Uppdrag", "Ansvarig nämnd", "Övriga nämnder"] + [q.label for q in p.periods]
    for column, label in enumerate(p.labels + ["Ej rapporterat"], start=2):
        styled(matrix, 2, column, label)
    for column, h in enumerate(headers, start=1):
        styled(matrix, 4, column, h, bold=True)
    for index, assignment in enumerate(p.assignments):
        r = 5 + index
        latest = p.latest[assignment]
        styled(matrix, r, 1, latest.title)
        styled(matrix, r, 2, p.leads[assignment])
        styled(matrix, r, 3, ", ".join(latest.committees[1:]))
        for column, period in enumerate(p.periods, start=4):
            reported = p.shown[period].get(assignment)
            if reported is None:
                styled(matrix, r, column, "Ej rapporterat")
            else:
                c = styled(matrix, r, column, p.labels[STATUSES.index(reported.status.value)])
                if reported.comment:
                    c.comment = Comment("\n\n".join(reported.comment)[:2000], "Kommunen")
    end = 4 + max(len(p.assignments), 1)
    matrix.add_table(Table(displayName="Matris", ref=f"A4:{get_column_letter(len(headers))}{end}"))
    if p.periods:
        area = f"D5:{get_column_letter(len(headers))}{end}"
        for label, colour in zip(p.labels, COLOURS):
            matrix.conditional_formatting.add(area, CellIsRule(operator="equal", formula=[_quote(label)],
                                                               fill=PatternFill("solid", start_color=colour, end_color=colour)))
        validation = DataValidation(type="list", formula1=f"$B$2:${get_column_letter(len(p.labels) + 2)}$2")
        validation.add(area)
        matrix.add_data_validation(validation)
    matrix.freeze_panes = "B5"

    columns = ["Titel", "Ansvariga nämnder", "Period", "Status", "Statusmening", "Kommentar", "År", "Tertial",
               "Statuskod", "Källfil", "Rad"]
    for column, h in enumerate(columns, start=1):
        styled(records, 1, column, h, bold=True)
    for r, record in enumerate(record_set.records, start=2):
        values = [record.title, ", ".join(record.committees), record.period.label,
                  STATUS_WORDS.get(record.status.value, record.status.value), record.status_text,
                  "\n\n".join(record.comment), record.period.year, record.period.tertial, record.status.value,
                  record.source.file, record.source.line]
        for column, value in enumerate(values, start=1):
            styled(records, r, column, value, border=False)
    records.add_table(Table(displayName="Uppdragstabell", ref=f"A1:K{max(len(record_set.records), 1) + 1}"))
    records.freeze_panes = "B2"

    column_of = {c: i for i, c in enumerate(p.committees, start=3)}
    for column, h in enumerate(["Uppdrag", "Senaste period", *p.committees], start=1):
        styled(responsibility, 1, column, h, bold=True)
    for r, assignment in enumerate(p.assignments, start=2):
        latest = p.latest[assignment]
        styled(responsibility, r, 1, latest.title, border=False)
        styled(responsibility, r, 2, latest.period.label, border=False)
        for code in latest.committees:
            styled(responsibility, r, column_of[code], "X", border=False)
    wb.save(path)
    return [path]
