"""Follow-up text exports, in both layouts, to records with diagnostics.

Layout with codes in the title (2020-2022):

    T1 2022 Uppdrag. Kommentar T1 2022
    .
    Title of the assignment (KS, SAN)

    Uppdraget bedöms bli genomfört under året.

    First comment paragraph.

Layout with the committee on the opening line (2024 onwards):

    Nämnd T1 2024 Uppdrag Kommentar T1 2024
    (Kommunstyrelsen) .
    Title of the assignment

    Comment paragraph.

The `.` of an opening line stands for an empty status-label column; a label
("Genomförd") may stand there instead. Every record of the input comes out:
a record that lacks a piece is kept and flagged, never dropped or merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..model import UNSTORABLE, Diagnostic, Level, Period, Record, RecordSet, Source, Status, assignment_key
from ..theme import Theme
from .decoding import decode
from .repair import repair_split_words
from .vocabulary import StatusVocabulary

__all__ = ["parse_text", "parse_file", "normalise_space", "ReadOptions"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL_NAMES = {"\x00": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape", "\x7f": "delete"}
_HEADER_PERIOD = re.compile(r"\bT\s*([123])\s*(\d{4})\b", re.IGNORECASE)
_HEADER_WORDS = re.compile(r"\b(uppdrag|kommentar)\b", re.IGNORECASE)
_CODE = r"[A-ZÅÄÖ][A-ZÅÄÖ0-9]{0,9}"
_CODES_AT_END = re.compile(
    r"\s*\(\s*(?P<codes>" + _CODE + r"(?:\s*(?:,|;|/|&|\boch\b)\s*" + _CODE + r")*)\s*\)\s*\.?\s*$"
)
_CODE_SPLIT = re.compile(r"\s*(?:,|;|/|&|\boch\b)\s*")
_OPENING_NAMES = re.compile(r"^\((?P<names>[^()]+)\)\s*(?P<label>.*)$")


def normalise_space(text: str) -> str:
    """Runs of white space (non-breaking spaces too) become one space; ends trimmed."""
    return " ".join(text.split())


@dataclass(frozen=True)
class ReadOptions:
    """How to read the inputs: `repair` joins split words; `period` is assumed for a
    file whose header gives none."""

    repair: bool = False
    period: Period | None = None


@dataclass
class _Paragraph:
    line: int
    lines: list[str]

    @cached_property
    def text(self) -> str:
        return normalise_space(" ".join(self.lines))


@dataclass
class _Block:
    """The lines of one record: its opening line and what follows up to the next one."""

    line: int  # of the opening line
    names: str | None  # committee names of the 2024 opening line
    label: str | None  # status label of the opening line
    body: list[tuple[int, str]] = field(default_factory=list)


class _FileReader:
    def __init__(self, name: str, theme: Theme, options: ReadOptions) -> None:
        self.name = name
        self.theme = theme
        self.options = options
        self.vocabulary = StatusVocabulary(theme)
        self.diagnostics: list[Diagnostic] = []

    def note(self, line: int, level: Level, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.name, line, level, message))

    # -- lines ------------------------------------------------------------------

    def clean_lines(self, text: str) -> list[str]:
        lines = _LINE_BREAK.split(text)
        if not UNSTORABLE.search(text):
            return lines
        cleaned = []
        for number, line in enumerate(lines, start=1):
            found = UNSTORABLE.findall(line)
            if found:
                names = ", ".join(
                    dict.fromkeys(
                        f"U+{ord(ch):04X} ({_CONTROL_NAMES[ch]})" if ch in _CONTROL_NAMES else f"U+{ord(ch):04X}"
                        for ch in found
                    )
                )
                self.note(
                    number,
                    Level.WARNING,
                    f"replaced {len(found)} character(s) that documents cannot hold by a space: {names}",
                )
                line = UNSTORABLE.sub(" ", line)
            cleaned.append(line)
        return cleaned

    # -- header -----------------------------------------------------------------

    def header(self, lines: list[str]) -> tuple[Period | None, int]:
        """The period of the header and the index of the first line after it."""
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            return None, len(lines)
        line = lines[first]
        found = _HEADER_PERIOD.findall(line)
        is_header = bool(found) and (bool(_HEADER_WORDS.search(line)) or not self.is_opening(line.strip()))
        if not is_header:
            if self.options.period is not None:
                self.note(
                    first + 1,
                    Level.INFO,
                    f"no period in the header; read as {self.options.period.label} as asked",
                )
                return self.options.period, first
            self.note(
                first + 1,
                Level.ERROR,
                "no period in the header (expected a first line like 'T1 2022 Uppdrag. Kommentar T1 2022'); "
                "give one with --period",
            )
            return None, first
        periods = []
        for tertial, year in found:
            try:
                periods.append(Period(int(year), int(tertial)))
            except ValueError as exc:
                self.note(first + 1, Level.ERROR, f"the header's period is not valid: {exc}")
                return None, first + 1
        if len(set(periods)) > 1:
            self.note(
                first + 1,
                Level.WARNING,
                f"the header names more than one period ({', '.join(p.label for p in dict.fromkeys(periods))}); "
                f"read as {periods[0].label}",
            )
        period = periods[0]
        if self.options.period is not None and self.options.period != period:
            self.note(
                first + 1,
                Level.INFO,
                f"the header says {period.label}; --period {self.options.period.label} applies only to files without one",
            )
        return period, first + 1

    # -- opening lines ------------------------------------------------------------

    def is_opening(self, stripped: str) -> bool:
        return self.opening(stripped) is not None

    def opening(self, stripped: str) -> tuple[str | None, str | None] | None:
        """(committee names, status label) if the line opens a record, else None."""
        if stripped == ".":
            return None, None
        if self.vocabulary.label(stripped) is not None:
            return None, stripped
        m = _OPENING_NAMES.match(stripped)
        if m:
            names, label = m.group("names").strip(), m.group("label").strip()
            if label == ".":
                return names, None
            if label and self.vocabulary.label(label.rstrip(". ")) is not None:
                return names, label.rstrip(". ")
            if not label and self._names_known(names):
                return names, None
        return None

    def _names_known(self, names: str) -> bool:
        return all(self.theme.committee_code(n) for n in self._split_names(names))

    def _split_names(self, names: str) -> list[str]:
        if self.theme.committee_code(names):
            return [names]
        return [n for n in (part.strip() for part in names.split(",")) if n]

    def blocks(self, lines: list[str], start: int) -> Iterator[_Block]:
        current: _Block | None = None
        previous_blank = True
        for index in range(start, len(lines)):
            line = lines[index]
            stripped = line.strip()
            # Opening lines are short: a ".", a label, or "(Committee name) .".
            if stripped and (len(stripped) <= 120 or stripped[0] == "("):
                stripped = normalise_space(stripped)
                opening = self.opening(stripped)
            else:
                opening = None
            # A label alone on a line opens a record only where a record can start.
            if opening is not None and opening == (None, stripped) and not previous_blank and current and current.body:
                opening = None
            if opening is not None:
                if current is not None:
                    yield current
                current = _Block(index + 1, opening[0], opening[1])
            else:
                if current is None:
                    if not stripped:
                        previous_blank = True
                        continue
                    self.note(index + 1, Level.WARNING, "text before the first record's opening '.' line; read as a record")
                    current = _Block(index + 1, None, None)
                current.body.append((index + 1, line))
            previous_blank = not stripped
        if current is not None:
            yield current

    # -- records ------------------------------------------------------------------

    @staticmethod
    def paragraphs(body: list[tuple[int, str]]) -> list[_Paragraph]:
        paragraphs: list[_Paragraph] = []
        current: _Paragraph | None = None
        for number, line in body:
            if line.strip():
                if current is None:
                    current = _Paragraph(number, [])
                    paragraphs.append(current)
                current.lines.append(line)
            else:
                current = None
        return paragraphs

    def split_title(self, paragraphs: list[_Paragraph]) -> list[_Paragraph]:
        """Split the first paragraph after the title and after the status sentence, where
        they run on into what follows with no blank line between."""
        first = paragraphs[0]
        for i, line in enumerate(first.lines[:-1]):
            next_line = first.lines[i + 1]
            if (
                _CODES_AT_END.search(line)
                or self.vocabulary.sentence(line) is not None
                or self.vocabulary.sentence(next_line) is not None
            ):
                head = _Paragraph(first.line, first.lines[: i + 1])
                tail = _Paragraph(first.line + i + 1, first.lines[i + 1 :])
                return [head, *self.split_title([tail]), *paragraphs[1:]]
        return paragraphs

    def committees_of_names(self, names: str, line: int) -> list[str]:
        committees = []
        for name in self._split_names(names):
            code = self.theme.committee_code(name)
            if code is None:
                self.note(line, Level.WARNING, f"committee {name!r} is not in the theme's committee table; kept as written")
                committees.append(normalise_space(name))
            else:
                committees.append(code)
        return committees

    def record(self, block: _Block, period: Period) -> Record | None:
        paragraphs = self.paragraphs(block.body)
        if not paragraphs:
            self.note(block.line, Level.WARNING, "a record's opening line with nothing after it (no title); nothing to keep")
            return None
        paragraphs = self.split_title(paragraphs)
        title_paragraph, rest = paragraphs[0], paragraphs[1:]
        line = title_paragraph.line
        title = title_paragraph.text

        committees: list[str] = []
        if block.names is not None:
            committees = self.committees_of_names(block.names, block.line)
        m = _CODES_AT_END.search(title)
        if m:
            title = title[: m.start()].rstrip()
            for code in _CODE_SPLIT.split(m.group("codes")):
                if code not in self.theme.committees:
                    self.note(line, Level.WARNING, f"committee code {code!r} is not in the theme's committee table")
                if code not in committees:
                    committees.append(code)
        if not committees:
            self.note(line, Level.WARNING, "no committee codes at the end of the title, e.g. '(KS, SAN)'")
        if not title:
            self.note(line, Level.WARNING, "the record has committee codes but no title")

        status, status_text = Status.UNKNOWN, ""
        if rest:
            candidate = rest[0].text
            sentence_status = self.vocabulary.sentence(candidate)
            if sentence_status is not None:
                status, status_text, rest = sentence_status, candidate, rest[1:]
            elif self.vocabulary.looks_like_status(candidate):
                status_text, rest = candidate, rest[1:]
                self.note(
                    line,
                    Level.WARNING,
                    f"unknown status sentence {candidate!r} (line {paragraphs[1].line}); status set to unknown",
                )
        label_status = self.vocabulary.label(block.label) if block.label else None
        if status_text == "":
            if label_status is not None:
                status = label_status
            else:
                self.note(line, Level.WARNING, "no status sentence and no status label; status set to unknown")
        elif label_status is not None and status is not Status.UNKNOWN and label_status is not status:
            self.note(
                line,
                Level.WARNING,
                f"the status label {block.label!r} says {label_status.value} but the status sentence says "
                f"{status.value}; the sentence wins",
            )

        comment = [p for p in rest]
        if not comment:
            self.note(line, Level.WARNING, "no comment")

        texts = [title, status_text, *(p.text for p in comment)]
        if self.options.repair:
            lines = [line, paragraphs[1].line if status_text else line, *(p.line for p in comment)]
            texts = [self.repair(text, at) for text, at in zip(texts, lines)]

        return Record(
            assignment=assignment_key(texts[0]),
            period=period,
            title=texts[0],
            committees=tuple(committees),
            status=status,
            status_text=texts[1],
            comment=tuple(texts[2:]),
            source=Source(self.name, line),
        )

    def repair(self, text: str, line: int) -> str:
        repaired, repairs = repair_split_words(text)
        for repair in repairs:
            self.note(line, Level.INFO, f"joined a word split by a line break: {repair.before!r} -> {repair.after!r}")
        return repaired

    # -- file -----------------------------------------------------------------------

    def read(self, text: str) -> list[Record]:
        lines = self.clean_lines(text)
        period, start = self.header(lines)
        if period is None:
            return []
        records = []
        for block in self.blocks(lines, start):
            record = self.record(block, period)
            if record is not None:
                records.append(record)
        if not records:
            self.note(start or 1, Level.WARNING, "the file has a header but no records")
        return records


def parse_text(text: str, name: str, theme: Theme, options: ReadOptions = ReadOptions()) -> RecordSet:
    """The records of one follow-up text, with diagnostics naming `name` and lines."""
    reader = _FileReader(name, theme, options)
    records = reader.read(text)
    return RecordSet(tuple(records), tuple(reader.diagnostics))


def parse_bytes(data: bytes, name: str, theme: Theme, options: ReadOptions = ReadOptions()) -> RecordSet:
    """The records of a follow-up file's bytes, decoding them first."""
    decoded = decode(data)
    notes = tuple(Diagnostic(name, p.line, p.level, p.message) for p in decoded.problems)
    if decoded.text is None:
        return RecordSet((), notes)
    parsed = parse_text(decoded.text, name, theme, options)
    return RecordSet(parsed.records, notes + parsed.diagnostics)


def parse_file(path: str | Path, theme: Theme, options: ReadOptions = ReadOptions(), name: str | None = None) -> RecordSet:
    """The records of a follow-up file on disk."""
    path = Path(path)
    name = name or path.as_posix()
    try:
        data = path.read_bytes()
    except OSError as exc:
        return RecordSet((), (Diagnostic(name, 1, Level.ERROR, f"cannot read the file: {exc.strerror or exc}"),))
    return parse_bytes(data, name, theme, options)


def mark_duplicates(records: Iterable[Record]) -> list[Diagnostic]:
    """A warning for each record whose assignment was already reported in the same period."""
    first_seen: dict[tuple[str, Period], Record] = {}
    notes = []
    for record in records:
        key = (record.assignment, record.period)
        earlier = first_seen.setdefault(key, record)
        if earlier is not record:
            notes.append(
                Diagnostic(
                    record.source.file,
                    record.source.line,
                    Level.WARNING,
                    f"duplicate record: the same assignment in {record.period.label} is at "
                    f"{earlier.source.file}:{earlier.source.line}; both are kept",
                )
            )
    return notes
