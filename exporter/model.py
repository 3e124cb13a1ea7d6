"""The domain model: periods, statuses, records of assignments and the record set.

Frozen dataclasses with no I/O. The record set is the only thing writers see,
so it answers every question more than one writer asks (periods in order,
previous status, counts by status) instead of leaving each writer to compute it.
"""

from __future__ import annotations

import datetime as _dt
import enum
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

__all__ = [
    "UNSTORABLE",
    "UNSTORABLE_CLASS",
    "normalise_space",
    "fold",
    "assignment_key",
    "Level",
    "Status",
    "Period",
    "Source",
    "Record",
    "Diagnostic",
    "RecordSet",
    "StatusChange",
    "Changes",
]


class Level(str, enum.Enum):
    """How serious a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Status(str, enum.Enum):
    """Status of an assignment in a period: an outcome (T3) or a forecast (T1, T2)."""

    DONE = "done"
    PARTLY_DONE = "partly_done"
    NOT_DONE = "not_done"
    EXPECTED_DONE = "expected_done"
    EXPECTED_NOT_DONE = "expected_not_done"
    UNKNOWN = "unknown"

    @property
    def is_forecast(self) -> bool:
        return self in (Status.EXPECTED_DONE, Status.EXPECTED_NOT_DONE)


# Characters a record's text never holds: control characters but tab, LF and CR (C0,
# DEL and C1, which only come from text decoded the wrong way), lone surrogates, and
# the non-characters U+FFFE and U+FFFF. The readers replace them by a space. (What a
# document format cannot hold is the writers' business: `writers.xmltext.NOT_XML`.)
UNSTORABLE_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"  # as the body of a [class]
UNSTORABLE = re.compile(f"[{UNSTORABLE_CLASS}]")


def normalise_space(text: str) -> str:
    """Runs of white space (non-breaking spaces too) become one space; ends trimmed: the
    one way every text of a record, a theme and a filter is compared and stored."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """White space normalised, case folded and in NFC: the key texts are matched by."""
    folded = normalise_space(text).casefold()
    return folded if folded.isascii() else unicodedata.normalize("NFC", folded)

_TERTIAL_END = {1: (4, 30), 2: (8, 31), 3: (12, 31)}
_PERIOD_PATTERNS = (
    re.compile(r"^\s*T\s*([123])\s*[-_ ]?\s*(\d{4})\s*$", re.IGNORECASE),
    re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*T\s*([123])\s*$", re.IGNORECASE),
)


@dataclass(frozen=True, order=True)
class Period:
    """A tertial of a year, 1900 to 2999; periods order in time. A period read from the
    input (`read`) has a tertial before it (`previous`) in that range too: T1 1900 has
    none, and a report compares every period with the tertial before it."""

    year: int
    tertial: int

    def __post_init__(self) -> None:
        if self.tertial not in (1, 2, 3):
            raise ValueError(f"a tertial is 1, 2 or 3, not {self.tertial}")
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"year {self.year} is out of range (1900 to 2999)")

    @classmethod
    def read(cls, year: int, tertial: int) -> Period:
        """The period of a year and tertial given by the input; ValueError, in words, where
        it or the tertial before it is out of range."""
        period = cls(year, tertial)
        if (year, tertial) == (1900, 1):
            raise ValueError("T1 1900 is out of range: the tertial before it, T3 1899, is before 1900, and every "
                             "report compares a period with the tertial before it; the first period is T2 1900")
        return period

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read "T1 2022", "2022-T1" or "2022 T1" (as `read`, checked with the tertial before)."""
        m = _PERIOD_PATTERNS[0].match(text)
        if m:
            return cls.read(int(m.group(2)), int(m.group(1)))
        m = _PERIOD_PATTERNS[1].match(text)
        if m:
            return cls.read(int(m.group(1)), int(m.group(2)))
        raise ValueError(f"not a period: {text!r} (expected e.g. 'T1 2022')")

    @property
    def label(self) -> str:
        """The period as the exports write it: "T1 2022"."""
        return f"T{self.tertial} {self.year}"

    @property
    def slug(self) -> str:
        """The period as file names write it: "2022-T1"."""
        return f"{self.year}-T{self.tertial}"

    @property
    def first_day(self) -> _dt.date:
        """Every tertial report runs from the first of January."""
        return _dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> _dt.date:
        month, day = _TERTIAL_END[self.tertial]
        return _dt.date(self.year, month, day)

    @property
    def previous(self) -> Period:
        """The tertial before this one: T3 of the year before for a T1."""
        return Period(self.year, self.tertial - 1) if self.tertial > 1 else Period(self.year - 1, 3)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Source:
    """Where a record or diagnostic comes from: a file and a 1-based line."""

    file: str
    line: int


@dataclass(frozen=True)
class Record:
    """One assignment as reported in one period."""

    assignment: str
    period: Period
    title: str
    committees: tuple[str, ...]
    status: Status
    status_text: str
    comment: tuple[str, ...]
    source: Source

    def __post_init__(self) -> None:
        # Accept lists from callers but store tuples, so records stay hashable and equal.
        if not isinstance(self.committees, tuple):
            object.__setattr__(self, "committees", tuple(self.committees))
        if not isinstance(self.comment, tuple):
            object.__setattr__(self, "comment", tuple(self.comment))

    @property
    def text(self) -> Iterator[str]:
        """Every piece of text of the record, in reading order."""
        yield self.title
        if self.status_text:
            yield self.status_text
        yield from self.comment


@dataclass(frozen=True)
class Diagnostic:
    """Something the reader noticed about an input, with where it is."""

    file: str
    line: int
    level: Level
    message: str

    def __str__(self) -> str:
        if self.line == 0:  # no line: the message says where, e.g. a JSON path "$.records[3].comment: …"
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.level.value}: {self.message}"


# A forecast or outcome of done that became one of not done (or only partly done) has slipped.
_ON_TRACK = frozenset({Status.DONE, Status.EXPECTED_DONE})
_OFF_TRACK = frozenset({Status.NOT_DONE, Status.EXPECTED_NOT_DONE, Status.PARTLY_DONE})


@dataclass(frozen=True)
class StatusChange:
    """One assignment whose status differs between two periods."""

    before: Record
    after: Record

    @property
    def slipped(self) -> bool:
        """Done, or expected to be done, before; not done, partly done or not expected
        to be done now."""
        return self.before.status in _ON_TRACK and self.after.status in _OFF_TRACK


@dataclass(frozen=True)
class Changes:
    """What changed between a period and the tertial before it.

    `new`: records of `period` whose assignment the previous period does not report;
    `gone`: records of the previous period whose assignment `period` does not report;
    `changed`: assignments reported in both with another status, in the order of `period`.
    Every tuple is empty where there is no previous period."""

    period: Period
    previous: Period | None
    new: tuple[Record, ...] = ()
    gone: tuple[Record, ...] = ()
    changed: tuple[StatusChange, ...] = ()

    @property
    def slipped(self) -> tuple[StatusChange, ...]:
        return tuple(c for c in self.changed if c.slipped)

    def __bool__(self) -> bool:
        return bool(self.new or self.gone or self.changed)


def _ordered_unique(items: Iterable) -> tuple:
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True)
class RecordSet:
    """Every record read from the inputs, in input order, with the diagnostics."""

    records: tuple[Record, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.records, tuple):
            object.__setattr__(self, "records", tuple(self.records))
        if not isinstance(self.diagnostics, tuple):
            object.__setattr__(self, "diagnostics", tuple(self.diagnostics))

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    def __reduce__(self):
        # Pickle without the cached indexes (they are rebuilt on demand).
        return (RecordSet, (self.records, self.diagnostics))

    # -- what writers ask ---------------------------------------------------

    @cached_property
    def periods(self) -> tuple[Period, ...]:
        """The distinct periods, in time order."""
        return tuple(sorted({r.period for r in self.records}))

    @cached_property
    def assignments(self) -> tuple[str, ...]:
        """The distinct assignment keys, in the order first seen."""
        return _ordered_unique(r.assignment for r in self.records)

    @cached_property
    def committees(self) -> tuple[str, ...]:
        """The distinct committees, in the order first seen."""
        return _ordered_unique(c for r in self.records for c in r.committees)

    @cached_property
    def _by_period(self) -> Mapping[Period, tuple[Record, ...]]:
        groups: dict[Period, list[Record]] = {}
        for r in self.records:
            groups.setdefault(r.period, []).append(r)
        return {p: tuple(rs) for p, rs in groups.items()}

    @cached_property
    def _by_assignment(self) -> Mapping[str, tuple[Record, ...]]:
        groups: dict[str, list[Record]] = {}
        for r in self.records:
            groups.setdefault(r.assignment, []).append(r)
        # In time order; records of one period keep input order (sort is stable).
        return {k: tuple(sorted(rs, key=lambda r: r.period)) for k, rs in groups.items()}

    @cached_property
    def _by_committee(self) -> Mapping[str, tuple[Record, ...]]:
        groups: dict[str, list[Record]] = {}
        for r in self.records:
            for c in r.committees:
                groups.setdefault(c, []).append(r)
        return {c: tuple(rs) for c, rs in groups.items()}

    def for_period(self, period: Period) -> tuple[Record, ...]:
        """The records of one period, in input order."""
        return self._by_period.get(period, ())

    def for_assignment(self, assignment: str) -> tuple[Record, ...]:
        """The records of one assignment, in time order."""
        return self._by_assignment.get(assignment, ())

    def for_committee(self, committee: str) -> tuple[Record, ...]:
        """The records a committee is responsible for, in input order."""
        return self._by_committee.get(committee, ())

    def latest(self, assignment: str) -> Record:
        """The record of an assignment in the latest period it was reported in."""
        return self._by_assignment[assignment][-1]

    def previous(self, record: Record) -> Record | None:
        """The same assignment's record in the tertial right before the record's (T3 of the
        year before for a T1), if the record set reports it there: the one rule of the
        changes (`changes`), the report's previous status and the contract. An earlier
        record further back is not a previous status. Of several records of the assignment
        in that tertial, the first in input order, as `changes` compares."""
        before = record.period.previous
        for r in self.for_assignment(record.assignment):  # in time order, each period in input order
            if r.period == before:
                return r
            if r.period > before:
                break
        return None

    def reports(self, period: Period) -> bool:
        """Whether the record set holds any record of `period` (a tertial the input
        does not report cannot say that an assignment was not reported then)."""
        return period in self._by_period

    def groups(
        self, period: Period, by: str, committee_order: Iterable[str] = ()
    ) -> list[tuple[str | Status | None, tuple[Record, ...]]]:
        """The records of `period` in the groups a report shows them in, each with its key:
        by "source", one group (key None) in input order; by "committee", a group per
        committee code (a record under each of its committees) in `committee_order`, then
        as first seen, and the records without committees last (key ""); by "status", a
        group per status in the order of `Status`. Empty groups are left out."""
        records = self.for_period(period)
        if by == "source":
            return [(None, records)] if records else []
        if by == "status":
            by_status: dict[Status, list[Record]] = {s: [] for s in Status}
            for r in records:
                by_status[r.status].append(r)
            return [(s, tuple(rs)) for s, rs in by_status.items() if rs]
        if by == "committee":
            by_code: dict[str, list[Record]] = {code: [] for code in committee_order}
            for r in records:
                for code in r.committees or ("",):
                    by_code.setdefault(code, []).append(r)
            without = by_code.pop("", [])
            groups: list[tuple[str | Status | None, tuple[Record, ...]]] = [
                (code, tuple(rs)) for code, rs in by_code.items() if rs
            ]
            return groups + ([("", tuple(without))] if without else [])
        raise ValueError(f"unknown grouping {by!r}: use source, committee or status")

    def assignment_records(self, period: Period) -> tuple[Record, ...]:
        """The records of `period`, each assignment once (its first record), in input order."""
        seen: dict[str, Record] = {}
        for r in self.for_period(period):
            seen.setdefault(r.assignment, r)
        return tuple(seen.values())

    def changes(self, period: Period) -> Changes:
        """What changed since the tertial before `period` (see `Changes`); nothing where the
        record set does not report that tertial (a gap of a year is not a follow-up)."""
        previous = period.previous
        if not self.for_period(previous):
            return Changes(period, None)
        now = {r.assignment: r for r in reversed(self.assignment_records(period))}
        before = {r.assignment: r for r in reversed(self.assignment_records(previous))}
        current = self.assignment_records(period)
        return Changes(
            period,
            previous,
            new=tuple(r for r in current if r.assignment not in before),
            gone=tuple(r for r in self.assignment_records(previous) if r.assignment not in now),
            changed=tuple(
                StatusChange(before[r.assignment], r)
                for r in current
                if r.assignment in before and before[r.assignment].status is not r.status
            ),
        )

    def status_counts(self, records: Iterable[Record] | None = None) -> dict[Status, int]:
        """How many records have each status, every status listed, in the order of `Status`."""
        counts = {s: 0 for s in Status}
        for r in self.records if records is None else records:
            counts[r.status] += 1
        return counts

    # -- what a build is asked for ------------------------------------------------

    def committees_named(self, wanted: Iterable[str]) -> tuple[str, ...]:
        """The committee codes of the record set that `wanted` names, case ignored
        ("san" is SAN); a code the record set lacks is kept as given."""
        codes = {code.casefold(): code for code in reversed(self.committees)}
        return tuple(dict.fromkeys(codes.get(code.casefold(), code) for code in wanted))

    def for_documents(self, periods: Iterable[Period] = (), committees: Iterable[str] = ()) -> RecordSet:
        """The records of a build filtered by `periods` and `committees`, with the tertial
        before each period too, so that a report can say what changed since then (the
        writers make documents of the filtered periods only); empty where the filter
        matches nothing."""
        periods, committees = tuple(periods), tuple(committees)
        selected = self.select(periods=periods, committees=committees)
        if selected.records and periods:
            selected = self.select(periods=(*periods, *(p.previous for p in periods)), committees=committees)
        return selected

    def nothing_for(self, periods: Iterable[Period] = (), committees: Iterable[str] = ()) -> str:
        """Why a filter matches no record, naming what the record set has instead."""
        periods, committees = tuple(periods), tuple(committees)
        if periods and not self.select(periods=periods).records:
            asked = " ".join(f'--period "{p.label}"' for p in periods)
            have = ", ".join(p.label for p in reversed(self.periods)) or "no records"
            return f"no records for {asked}; the input has {have}"
        asked = " ".join(f"--committee {c}" for c in committees)
        if periods:
            in_periods = self.select(periods=periods)
            labels = ", ".join(p.label for p in periods)
            have = ", ".join(in_periods.committees) or "no committees"
            return f"no records for {asked} in {labels}; the input has {have} there"
        return f"no records for {asked}; the input has {', '.join(self.committees) or 'no committees'}"

    # -- diagnostics --------------------------------------------------------

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.ERROR)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.level is Level.WARNING)

    @property
    def files_with_errors(self) -> tuple[str, ...]:
        return _ordered_unique(d.file for d in self.errors)

    # -- derived sets -------------------------------------------------------

    def select(
        self,
        periods: Iterable[Period] = (),
        committees: Iterable[str] = (),
        files: Iterable[str] = (),
    ) -> RecordSet:
        """The records in any of `periods` and with any of `committees` (empty: no filter),
        leaving out the records and diagnostics of `files`."""
        periods, committees, skip = set(periods), set(committees), set(files)
        kept = tuple(
            r
            for r in self.records
            if (not periods or r.period in periods)
            and (not committees or committees.intersection(r.committees))
            and r.source.file not in skip
        )
        diagnostics = tuple(d for d in self.diagnostics if d.file not in skip)
        return RecordSet(kept, diagnostics)


_NOT_LETTERS = re.compile(r"[\W_]+")


def _letters(text: str) -> str:
    """The letters and digits of `text` (what `_NOT_LETTERS` leaves): white space goes
    first by `str.split`, which is much faster, and the pattern only runs where
    something else is left."""
    joined = "".join(text.split())
    return joined if joined.isalnum() else _NOT_LETTERS.sub("", joined)


# Punctuation that stands between words (or ends a sentence) and does not change what a
# title says; between two digits it is part of a number.
_BETWEEN_WORDS = frozenset(",.;:!?\u2026-\u2010\u2011\u2012\u2013\u2014\u2015'\"\u2018\u2019\u201a\u201b"
                           "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a()[]{}/_")


def _key_text(text: str) -> str:
    """What of a (case-folded) title the key tells apart: letters and digits, every other
    sign (an emoji, %, §, &, +) and punctuation between two digits ("1,5", "2022/23");
    not white space, nor the punctuation between words (`_BETWEEN_WORDS`: a comma, a
    final full stop, quotes, brackets, the hyphen of a word split by an old line break,
    "in- satser"), nor combining marks and format characters. A title with none of the
    first (only punctuation) counts whole, but for its white space. For a title of
    letters, digits, white space and punctuation between words this is its letters and
    digits, what the key has always been made of, so such keys stay as they were."""
    joined = "".join(text.split())
    if joined.isalnum():
        return joined
    last = len(joined) - 1
    kept = []
    for i, ch in enumerate(joined):
        if ch.isalnum():
            kept.append(ch)
            continue
        if ch in _BETWEEN_WORDS:
            if 0 < i < last and joined[i - 1].isdigit() and joined[i + 1].isdigit():
                kept.append(ch)
        elif unicodedata.category(ch)[0] not in "MCZ":  # marks, format characters: as before
            kept.append(ch)
    return "".join(kept) or joined


@lru_cache(maxsize=65536)
def assignment_key(title: str) -> str:
    """The stable key of an assignment: the same title gives the same key whatever its
    white space, case, punctuation between words, hyphenation or committee codes; titles
    that differ in anything else (a symbol such as an emoji, "1,5 km" and "15 km") get
    different keys (`_key_text`).

    The key is a readable prefix of the title's letters and digits and a hash of what it
    tells apart: "samordnainsatserfora-3f9c0e1a2b".
    """
    folded = unicodedata.normalize("NFC", title).casefold()
    digest = hashlib.sha1(_key_text(folded).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    letters = _letters(folded)
    ascii_letters = unicodedata.normalize("NFKD", letters[:40]).encode("ascii", "ignore").decode("ascii")
    prefix = _letters(ascii_letters)[:20]
    return f"{prefix}-{digest}" if prefix else digest
