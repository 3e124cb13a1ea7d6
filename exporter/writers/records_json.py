"""The record set as JSON, in the form of the contract (`format: exporter.records`)."""

from __future__ import annotations

import json
from typing import Any

from ..model import Record, RecordSet
from ..theme import Theme
from .base import BuildOptions, Document, Writer

FORMAT = "exporter.records"
VERSION = 1


def record_to_dict(record: Record) -> dict[str, Any]:
    return {
        "assignment": record.assignment,
        "period": record.period.label,
        "year": record.period.year,
        "tertial": record.period.tertial,
        "title": record.title,
        "committees": list(record.committees),
        "status": record.status.value,
        "status_text": record.status_text,
        "comment": list(record.comment),
        "source": {"file": record.source.file, "line": record.source.line},
    }


def record_set_to_dict(record_set: RecordSet) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "records": [record_to_dict(r) for r in record_set.records],
        "diagnostics": [
            {"file": d.file, "line": d.line, "level": d.level.value, "message": d.message}
            for d in record_set.diagnostics
        ],
    }


def dumps(record_set: RecordSet) -> str:
    """The record set as JSON text (UTF-8 characters kept as they are, two-space indent)."""
    return json.dumps(record_set_to_dict(record_set), ensure_ascii=False, indent=2) + "\n"


class RecordsJsonWriter(Writer):
    name = "json"
    description = "the record set as JSON"

    def documents(self, record_set: RecordSet, options: BuildOptions) -> list[Document]:
        return [Document(options.file_name("records.json", spans_periods=True))]

    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        return dumps(options.in_scope(record_set)).encode("utf-8")
