"""What a writer is: a name, the documents it makes of a record set, and how it renders one.

A writer never reads input files and never writes to disk itself: it turns the
record set into bytes, and the build writes those bytes atomically. That keeps
writers pure functions of (record set, theme, options), which is what makes
output deterministic and lets documents be built in parallel.
"""

from __future__ import annotations

import datetime as _dt
import logging
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import BinaryIO, ClassVar

from ..memory import without_cyclic_gc
from ..model import UNSTORABLE, Period, RecordSet, normalise_space
from ..theme import LANGUAGES, Theme

__all__ = ["GROUPINGS", "BuildOptions", "Document", "PeriodWriter", "Writer", "report_name", "warn", "without_cyclic_gc"]

_log = logging.getLogger("exporter.writers")

GROUPINGS = ("source", "committee", "status")


@dataclass(frozen=True)
class Document:
    """One file a writer makes: its name in the output folder and the period it covers
    (None for a document over every period)."""

    name: str
    period: Period | None = None


@dataclass(frozen=True)
class BuildOptions:
    """The options of a build that shape the documents.

    `report_date` is the date printed as the report's date; None means the last
    day of the document's period, so output never depends on the clock.
    `archived_at` is when an archive copy is made (`exporter archive` sets it once for
    all its copies; None: the archive writer asks `exporter.archive.archive_time`).
    `extra` carries options for writers of other packages.
    """

    lang: str = "sv"
    group_by: str = "source"
    report_date: _dt.date | None = None
    extra: Mapping[str, str] = field(default_factory=dict)
    # The filters the record set was selected with: they name the documents and their scope.
    committees: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()
    # A handout's title-page facts; an empty one falls back to the theme's [report] value.
    case_number: str = ""
    meeting: str = ""
    contact: str = ""
    archived_at: _dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"unknown language {self.lang!r}: use {', '.join(LANGUAGES)}")
        if self.group_by not in GROUPINGS:
            raise ValueError(f"unknown grouping {self.group_by!r}: use {', '.join(GROUPINGS)}")
        for key in ("case_number", "meeting", "contact"):
            # Text for every document alike, as the readers make it: a control character or
            # lone surrogate a space, white space normalised.
            value = getattr(self, key)
            clean = normalise_space(UNSTORABLE.sub(" ", value))
            if clean != value:
                object.__setattr__(self, key, clean)

    def file_name(self, name: str, *, spans_periods: bool = False) -> str:
        """`name` ("uppfoljning-2022-T1.docx") as a filtered build names it, so that it never
        replaces a full document: "-SAN" for a committee filter; for a document over every
        period, the periods of a period filter ("statusmatris-2022-T1.xlsx")."""
        suffix = "".join(f"-{code}" for code in self.committees)
        if spans_periods and self.periods:
            suffix = "".join(f"-{p.slug}" for p in sorted(self.periods)) + suffix
        if not suffix:
            return name
        stem, dot, extension = name.rpartition(".")
        return f"{stem}{suffix}{dot}{extension}" if dot else name + suffix

    def in_scope(self, record_set: RecordSet) -> RecordSet:
        """The records a document over every period shows: those of the period filter. (A
        period-filtered build is given the tertial before each period too, so that a report
        can say what changed since then.)"""
        return record_set.select(periods=self.periods) if self.periods else record_set

    def date_for(self, period: Period | None, record_set: RecordSet) -> _dt.date:
        """The report date of a document: the one asked for, else the period's last day."""
        if self.report_date is not None:
            return self.report_date
        if period is not None:
            return period.last_day
        periods = record_set.periods
        return periods[-1].last_day if periods else _dt.date(2000, 1, 1)


class Writer(ABC):
    """A document format. Subclass it, give it a `name`, and register the class under the
    entry point group `exporter.writers` to add a format from another package."""

    name: ClassVar[str]
    description: ClassVar[str] = ""

    @abstractmethod
    def documents(self, record_set: RecordSet, options: BuildOptions) -> list[Document]:
        """The files this writer makes of `record_set`, in a fixed order."""

    @abstractmethod
    def render(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions) -> bytes:
        """The bytes of one document. `record_set` is the whole (filtered) set, so that a
        document of one period can still show an assignment's previous status."""

    def write(self, record_set: RecordSet, document: Document, theme: Theme, options: BuildOptions,
              out: BinaryIO) -> None:
        """Write one document to the binary file `out`: its `render` bytes, unless the
        writer streams a long document to the file as it makes it."""
        out.write(self.render(record_set, document, theme, options))


class PeriodWriter(Writer):
    """A writer of one document per period of the record set: say how a period's file
    is named, and render it (`document.period` is always set)."""

    @abstractmethod
    def file_name(self, period: Period) -> str:
        """The name of the document of `period` in the output folder."""

    def documents(self, record_set: RecordSet, options: BuildOptions) -> list[Document]:
        return [Document(options.file_name(self.file_name(period)), period) for period in record_set.periods
                if not options.periods or period in options.periods]


def report_name(period: Period, extension: str) -> str:
    """The file name of a period's follow-up report: "uppfoljning-2022-T1.docx"."""
    return f"uppfoljning-{period.slug}.{extension}"


def warn(document: Document, message: str) -> None:
    """Tell the user about something a writer had to do to a document (e.g. split a text
    too long for one spreadsheet cell). Name the record by its source file and line."""
    _log.warning("%s: %s", document.name, message)
