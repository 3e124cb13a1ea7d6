"""The record set's own JSON, read back.

The input is checked against the record set's published JSON Schema
(`exporter/records-1.schema.json`, format `exporter.records` version 1) with
`jsonschema` before a record is made of it, so that a hostile or broken file gets
one answer per fault, `$.records[3].comment: expected a list of strings`, and
never a half-read record set: a string is not taken for a list of its letters, a
year of 2022.9 is not rounded, a missing or null value is not taken for a text.
Nesting deeper than any record set has, integers longer than any year or line
and numbers out of range (1e400, NaN) are refused before and while parsing.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import UNSTORABLE, Diagnostic, Level, Period, Record, RecordSet, Source, Status
from ..shown import shown

__all__ = ["FORMAT", "VERSION", "RecordsJsonError", "Problem", "loads", "schema"]

FORMAT = "exporter.records"
VERSION = 1
SCHEMA = "records-1.schema.json"
DEPTH_LIMIT = 16  # a record set nests four deep: the set, its records, a record, its comment
DIGITS_LIMIT = 20  # digits of an integer (a year or a line has a few)
PROBLEMS_SHOWN = 20  # faults reported one by one; the rest are counted

# A string (to its closing quote, or to the end of a text where it has none) or a bracket;
# the repeats are possessive, so a match never backtracks and one pass reads the text.
_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]', re.DOTALL)


@dataclass(frozen=True)
class Problem:
    """One fault of the JSON: where (a JSON path like `$.records[3].comment`, or a line)
    and what was expected."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class RecordsJsonError(ValueError):
    """The JSON is not a record set of a version this package reads; `problems` says
    where and why, one entry per fault."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))

    def diagnostics(self, file: str) -> tuple[Diagnostic, ...]:
        """One error per problem; line 0, since the message says where (`$.…`)."""
        return tuple(Diagnostic(file, 0, Level.ERROR, shown(str(p))) for p in self.problems)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The published JSON Schema of the record set (version 1)."""
    return json.loads((resources.files("exporter") / SCHEMA).read_text(encoding="utf-8"))


class _Unreadable:
    """A number JSON allows but no record holds (1e400, NaN, a thousand digits): the
    schema refuses it where it stands, with its path."""

    def __init__(self, text: str) -> None:
        self.text = text


def _integer(text: str) -> int | _Unreadable:
    return int(text) if len(text.lstrip("-")) <= DIGITS_LIMIT else _Unreadable(text)


def _number(text: str) -> float | _Unreadable:
    value = float(text)
    return value if value not in (float("inf"), float("-inf")) else _Unreadable(text)


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than DEPTH_LIMIT before the parser recurses into it
    (strings left out; one pass over the text, linear whatever it holds)."""
    depth = 0
    for m in _TOKEN.finditer(text):
        token = m.group()
        if token[0] == '"':
            continue
        depth += 1 if token in "[{" else -1
        if depth > DEPTH_LIMIT:
            line = text.count("\n", 0, m.start()) + 1
            raise RecordsJsonError([Problem(f"line {line}", f"nested more than {DEPTH_LIMIT} deep; "
                                            "a record set is not")])


def _parse(text: str) -> Any:
    _check_depth(text)
    try:
        return json.loads(text, parse_int=_integer, parse_float=_number, parse_constant=_Unreadable)
    except json.JSONDecodeError as exc:
        raise RecordsJsonError([Problem(f"line {exc.lineno}", f"not JSON: {exc.msg}")]) from None
    except (RecursionError, ValueError) as exc:
        raise RecordsJsonError([Problem("line 1", f"not JSON: {exc}")]) from None


def _message(error) -> str:
    """What was expected where the schema found a fault, in words of the schema's own
    descriptions (never the value itself, which may be huge or hostile)."""
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"{', '.join(missing)} missing"
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    if description:
        return f"expected {description}"
    return f"does not match the schema ({error.validator})"  # pragma: no cover - every node has a description


def _validate(document: Any) -> None:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    problems: list[Problem] = []
    more = 0
    for error in validator.iter_errors(document):
        problem = Problem(error.json_path, _message(error))
        if problem in problems:
            continue  # each missing key of an object is an error of its own
        if len(problems) < PROBLEMS_SHOWN:
            problems.append(problem)
        else:
            more += 1
            break
    if problems and isinstance(document, dict) and document.get("format") != FORMAT:
        problems = [Problem("$.format", f"expected \"{FORMAT}\": this is not a record set")]
    elif problems and isinstance(document, dict) and document.get("version") != VERSION:
        problems = [Problem("$.version", f"record set version {VERSION} is the one this package reads")]
    if more:
        problems.append(Problem("$", "more faults than these; fix these first"))
    if problems:
        raise RecordsJsonError(problems)


def _nfc(value: str) -> str:
    return value if value.isascii() or unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)


def _text(value: str) -> str:
    """A text of a record as the text reader would have read it: in NFC, characters no
    document can hold (controls, lone surrogates) replaced by a space."""
    return UNSTORABLE.sub(" ", _nfc(value))


def _name(value: str) -> str:
    """A file name or a diagnostic's message: in NFC, control characters and lone
    surrogates written as escapes (`shown`)."""
    return _nfc(shown(value))


def _record(index: int, r: dict[str, Any]) -> Record:
    try:
        period = Period.read(int(r["year"]), int(r["tertial"]))
    except ValueError as exc:
        raise RecordsJsonError([Problem(f"$.records[{index}].year", str(exc))]) from None
    if "period" in r and r["period"] != period.label:
        raise RecordsJsonError([Problem(f"$.records[{index}].period",
                                        f"expected \"{period.label}\", the period of year and tertial")])
    return Record(
        assignment=_text(r["assignment"]),
        period=period,
        title=_text(r["title"]),
        committees=tuple(_text(c) for c in r["committees"]),
        status=Status(r["status"]),
        status_text=_text(r["status_text"]),
        comment=tuple(_text(c) for c in r["comment"]),
        source=Source(_name(r["source"]["file"]), int(r["source"]["line"])),
    )


def loads(text: str) -> RecordSet:
    """The record set of a JSON text; characters documents cannot hold become spaces in
    the records' texts, text is read in NFC, and file names and diagnostics' messages
    are stored `shown` (control characters and lone surrogates as escapes, `\\x1b`).

    Raises RecordsJsonError, with every fault's JSON path, for anything that does not
    match the schema."""
    document = _parse(text)
    _validate(document)
    records = tuple(_record(i, r) for i, r in enumerate(document["records"]))
    diagnostics = tuple(
        Diagnostic(_name(d["file"]), int(d["line"]), Level(d["level"]), _name(d["message"]))
        for d in document.get("diagnostics", [])
    )
    return RecordSet(records, diagnostics)
