"""A small evaluator of the formulas the status workbook writes, so that a machine
without LibreOffice checks what they compute: COUNTIF, COUNTIFS (with Excel's
criteria: a leading comparison sign, the wildcards * and ? and their escape ~, no
case), SUM, SUBSTITUTE, + - and &, cell references, ranges and table column
references (Tabell[Kolumn])."""

from __future__ import annotations

import re

from openpyxl.utils.cell import column_index_from_string, range_boundaries

_TOKEN = re.compile(r"""
    (?P<string>"(?:[^"]|"")*")
  | (?P<table>[A-Za-z_][\w.]*\[(?:[^\]']|'.)*\])
  | (?P<call>[A-Z][A-Z0-9.]*\()
  | (?P<range>\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?)
  | (?P<number>[0-9]+(?:\.[0-9]+)?)
  | (?P<op>[-+&,()])
""", re.VERBOSE)


def tokens(formula: str) -> list[tuple[str, str]]:
    out, at = [], 0
    while at < len(formula):
        match = _TOKEN.match(formula, at)
        assert match is not None, f"cannot read {formula[at:at + 40]!r} in {formula[:80]!r}"
        out.append((match.lastgroup, match.group()))
        at = match.end()
    return out


def criterion_matches(value, criterion) -> bool:
    """Whether a cell value meets a COUNTIF criterion, as Excel reads it."""
    text = "" if criterion is None else str(criterion)
    op = next((o for o in ("<>", "<=", ">=", "=", "<", ">") if text.startswith(o)), "")
    text = text[len(op):]
    cell = "" if value is None else str(value)
    if op in ("<", ">", "<=", ">="):
        raise AssertionError("the workbook compares no numbers")
    if op == "=" and text == "":
        return cell == ""
    if op == "<>" and text == "":
        return cell != ""
    pattern, escaped = "", False
    for ch in text:
        if escaped:
            pattern += re.escape(ch)
            escaped = False
        elif ch == "~":
            escaped = True
        elif ch == "*":
            pattern += ".*"
        elif ch == "?":
            pattern += "."
        else:
            pattern += re.escape(ch)
    if escaped:
        pattern += re.escape("~")
    found = re.fullmatch(pattern, cell, re.IGNORECASE | re.DOTALL) is not None
    return not found if op == "<>" else found


class Evaluator:
    """Evaluates formulas of an openpyxl workbook loaded with its formulas."""

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self.tables = {}
        for ws in workbook.worksheets:
            for table in ws.tables.values():
                self.tables[table.displayName] = (ws, table)
        self.seen = {}

    def column(self, table_name: str, column: str) -> list:
        ws, table = self.tables[table_name]
        names = [c.name for c in table.tableColumns]
        first_col, first_row, _, last_row = range_boundaries(table.ref)
        index = names.index(column)
        return [self.value(ws, ws.cell(row, first_col + index)) for row in range(first_row + 1, last_row + 1)]

    def value(self, ws, cell):
        if cell.data_type == "f":
            key = (ws.title, cell.coordinate)
            if key not in self.seen:
                self.seen[key] = self.evaluate(ws, cell.value)
            return self.seen[key]
        return cell.value

    def evaluate(self, ws, formula: str):
        assert formula.startswith("=")
        self.ws = ws
        self.items = tokens(formula[1:])
        self.at = 0
        result = self.concat()
        assert self.at == len(self.items), formula
        return result

    # -- a recursive descent over the tokens --
    def peek(self):
        return self.items[self.at] if self.at < len(self.items) else (None, None)

    def take(self, text=None):
        kind, value = self.items[self.at]
        assert text is None or value == text, (value, text)
        self.at += 1
        return kind, value

    def concat(self):
        value = self.additive()
        while self.peek()[1] == "&":
            self.take()
            value = f"{'' if value is None else value}{self.additive()}"
        return value

    def additive(self):
        value = self.primary()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right = self.primary()
            value = value + right if op == "+" else value - right
        return value

    def primary(self):
        kind, text = self.take()
        if kind == "string":
            return text[1:-1].replace('""', '"')
        if kind == "number":
            return int(text)
        if kind == "op" and text == "(":
            value = self.concat()
            self.take(")")
            return value
        if kind == "table":
            name, _, column = text.partition("[")
            column = re.sub(r"'(.)", r"\1", column[:-1])
            return self.column(name, column)
        if kind == "range":
            return self.cells(text)
        if kind == "call":
            args = []
            if self.peek()[1] != ")":
                args.append(self.concat())
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.concat())
            self.take(")")
            return self.call(text[:-1], args)
        raise AssertionError(f"unexpected {text!r}")

    def cells(self, text: str):
        plain = text.replace("$", "")
        if ":" not in plain:
            cell = self.ws[plain]
            return self.value(self.ws, cell)
        first_col, first_row, last_col, last_row = range_boundaries(plain)
        return [self.value(self.ws, self.ws.cell(r, c)) for r in range(first_row, last_row + 1)
                for c in range(first_col, last_col + 1)]

    @staticmethod
    def call(name: str, args: list):
        if name == "COUNTIF":
            values, criterion = args
            return sum(1 for v in values if criterion_matches(v, criterion))
        if name == "COUNTIFS":
            pairs = list(zip(args[::2], args[1::2]))
            assert len({len(values) for values, _ in pairs}) == 1, "COUNTIFS over ranges of different sizes"
            return sum(1 for row in zip(*(values for values, _ in pairs))
                       if all(criterion_matches(v, c) for v, (_, c) in zip(row, pairs)))
        if name == "SUM":
            return sum(v for arg in args for v in (arg if isinstance(arg, list) else [arg]) if isinstance(v, (int, float)))
        if name == "SUBSTITUTE":
            text, old, new = args
            return ("" if text is None else str(text)).replace(old, new)
        raise AssertionError(f"the evaluator does not know {name}")


def column_number(letters: str) -> int:
    return column_index_from_string(letters)
