"""The record set's own JSON, read back."""

from __future__ import annotations

import json
from typing import Any

from ..model import UNSTORABLE, Diagnostic, Level, Period, Record, RecordSet, Source, Status

FORMAT = "exporter.records"


class RecordsJsonError(ValueError):
    """The JSON is not a record set of a version this package reads."""




def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a text, got {value!r}")
    return UNSTORABLE.sub(" ", value)


def loads(text: str) -> RecordSet:
    """The record set of a JSON text; characters documents cannot hold become spaces."""
    try:
        document: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordsJsonError(f"line {exc.lineno}: not JSON: {exc.msg}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RecordsJsonError(f"not a record set (expected \"format\": \"{FORMAT}\")")
    if document.get("version") != 1:
        raise RecordsJsonError(f"record set version {document.get('version')!r} is not supported (1 is)")
    try:
        records = tuple(
            Record(
                assignment=r["assignment"],
                period=Period(int(r["year"]), int(r["tertial"])),
                title=_text(r["title"]),
                committees=tuple(_text(c) for c in r["committees"]),
                status=Status(r["status"]),
                status_text=_text(r["status_text"]),
                comment=tuple(_text(c) for c in r["comment"]),
                source=Source(r["source"]["file"], int(r["source"]["line"])),
            )
            for r in document["records"]
        )
        diagnostics = tuple(
            Diagnostic(d["file"], int(d["line"]), Level(d["level"]), d["message"])
            for d in document.get("diagnostics", [])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordsJsonError(f"a record is malformed: {exc}") from None
    return RecordSet(records, diagnostics)
