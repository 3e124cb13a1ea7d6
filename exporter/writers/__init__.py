"""The registry of writers: built-in formats and those other packages install.

Built-in writers are named here by dotted path and imported only when used, so
that commands which write no documents never load the document libraries. Other
packages add writers under the entry point group `exporter.writers`:

    [project.entry-points."exporter.writers"]
    odt = "exporter_odt:OdtWriter"
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib.metadata import entry_points

from .base import BuildOptions, Document, PeriodWriter, Writer, warn

__all__ = ["BuildOptions", "Document", "PeriodWriter", "Writer", "warn", "WriterInfo", "UnknownWriter", "available", "get"]

ENTRY_POINT_GROUP = "exporter.writers"

# name -> (module:class, description). Adding a built-in format is one line here.
BUILTIN: dict[str, tuple[str, str]] = {
    "docx": ("exporter.writers.docx:DocxWriter", "Word follow-up report, one per period"),
    "xlsx": ("exporter.writers.xlsx:StatusWorkbookWriter", "Excel status matrix over all periods"),
    "pdf": ("exporter.writers.pdf:PdfWriter", "printable PDF report, one per period"),
    "json": ("exporter.writers.records_json:RecordsJsonWriter", "the record set as JSON"),
    "pdfa": ("exporter.writers.pdfa:ArchivalPdfWriter", "archival PDF/A-2a and PDF/UA-1, one per period, in year/tertial folders"),
    "html": ("exporter.writers.html:HtmlWriter", "accessible web page of the report, one per period"),
}


class UnknownWriter(LookupError):
    """No writer of that name is built in or installed."""


@dataclass(frozen=True)
class WriterInfo:
    name: str
    target: str
    description: str
    origin: str  # "built-in" or the distribution that registered it


def available() -> dict[str, WriterInfo]:
    """Every writer by name, built-in first, without importing any of them.

    A built-in name cannot be taken over by another package."""
    writers = {
        name: WriterInfo(name, target, description, "built-in") for name, (target, description) in BUILTIN.items()
    }
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        if ep.name in writers:
            continue
        origin = ep.dist.name if ep.dist is not None else "unknown package"
        writers[ep.name] = WriterInfo(ep.name, ep.value, "", origin)
    return writers


def _load(target: str):
    module_name, _, attr = target.partition(":")
    obj = importlib.import_module(module_name)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj


def get(name: str) -> Writer:
    """An instance of the writer called `name`."""
    if name in BUILTIN:  # no scan of the installed packages' entry points
        target = BUILTIN[name][0]
    else:
        info = available().get(name)
        if info is None:
            raise UnknownWriter(f"no writer called {name!r}; available: {', '.join(available())}")
        target = info.target
    obj = _load(target)
    writer = obj() if isinstance(obj, type) else obj
    if not isinstance(writer, Writer) and not (hasattr(writer, "documents") and hasattr(writer, "render")):
        raise UnknownWriter(f"{target} (writer {name!r}) is not a writer")
    return writer
