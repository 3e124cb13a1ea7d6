"""Follow-up text exports to records with diagnostics, driven by the layout rules.

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

The variants of these that real exports hold (a status label as the opening line,
codes after the title's full stop, a status sentence that runs into the comment
or opens it) are each one rule in `readers/layouts/`; this module splits the text
into lines, paragraphs and records and asks the rules. Every record of the input
comes out: a record that lacks a piece is kept and flagged, never dropped or merged.

The text is read in Unicode NFC (a decomposed "Ö", as macOS may write it, is the
composed one), and every line's white space is normalised once, first (runs of spaces and
non-breaking spaces become one space, ends trimmed); everything after works on
normalised text in one pass, so parsing takes time linear in the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model import UNSTORABLE, UNSTORABLE_CLASS, Diagnostic, Level, Period, Record, RecordSet, Source, Status, assignment_key, normalise_space
from ..theme import Theme
from .decoding import decode
from .disk import InputFileError, read_regular_file
from .layouts import CODES_RULES, OPENING_RULES, STATUS_RULES, Codes, Context, Opening, Paragraph, split_names
from .repair import JOINED, repair_split_words, split_words
from .vocabulary import StatusVocabulary

__all__ = ["parse_text", "parse_bytes", "parse_file", "normalise_space", "ReadOptions"]

_CONTROL_NAMES = {"\x00": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape", "\x7f": "delete"}
_HEADER_PERIOD = re.compile(r"\bT ?([123]) ?(\d{4})\b", re.IGNORECASE)
_HEADER_WORDS = re.compile(r"\b(?:uppdrag|kommentar)\b", re.IGNORECASE)
# A header that names no period: "Uppdrag. Kommentar", "Nämnd Uppdrag Kommentar".
_HEADER_WITHOUT_PERIOD = re.compile(r"(?:nämnd )?uppdrag\.? kommentar\.?", re.IGNORECASE)
# White space other than space, tab and no-break space (which str.split also splits at),
# and the characters that documents cannot hold: where a text has none of them, a line
# with no two spaces in a row and no space at either end is normalised already.
_IRREGULAR = re.compile(f"[\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000{UNSTORABLE_CLASS}]")
# An opening line not in parentheses is "." or a status label: never longer than this.
_LONGEST_OPENING = 120


@dataclass(frozen=True)
class ReadOptions:
    """How to read the inputs: `repair` joins words split by old line breaks (the
    default; False keeps the text exactly as written); `period` is assumed for a
    file whose header gives none; `max_bytes` is the largest input file read (None:
    EXPORTER_MAX_INPUT_MB megabytes where that is set, else 100 MB)."""

    repair: bool = True
    period: Period | None = None
    max_bytes: int | None = None


class _Block:
    """The paragraphs of one record: its opening line and what follows up to the next one."""

    __slots__ = ("line", "opening", "paragraphs")

    def __init__(self, line: int, opening: Opening | None) -> None:
        self.line = line  # of the opening line (of the first line, where the text has none)
        self.opening = opening  # None for text before the first opening line
        self.paragraphs: list[Paragraph] = []


def _split_lines(text: str) -> list[str]:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


class _FileReader:
    def __init__(self, name: str, theme: Theme, options: ReadOptions) -> None:
        self.name = name
        self.theme = theme
        self.options = options
        self.context = Context(theme, StatusVocabulary(theme))
        self.diagnostics: list[Diagnostic] = []
        self.words_split: list[tuple[int, str]] = []  # (line, "arbets- marknad") with --keep-line-breaks

    def note(self, line: int, level: Level, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.name, line, level, message))

    # -- lines ------------------------------------------------------------------

    def clean_lines(self, text: str) -> list[str]:
        """The lines of the text, characters no document can hold replaced by a space."""
        lines = _split_lines(text)
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

    def header(self, lines: list[str]) -> tuple[Period | None, int, tuple[int, str] | None]:
        """The period of the header, the index of the first line after it, and where
        the period is None, the error to report, (line, message), unless noted already."""
        first = next((i for i, line in enumerate(lines) if line), None)
        if first is None:
            return None, len(lines), None
        line = lines[first]
        found = _HEADER_PERIOD.findall(line)
        is_header = bool(found) and (bool(_HEADER_WORDS.search(line)) or self.opening(line, True) is None)
        if not is_header:
            start = first + 1 if _HEADER_WITHOUT_PERIOD.fullmatch(line) else first
            if self.options.period is not None:
                self.note(
                    first + 1,
                    Level.INFO,
                    f"no period in the header; read as {self.options.period.label} as asked",
                )
                return self.options.period, start, None
            return (
                None,
                start,
                (
                    first + 1,
                    "no period in the header (expected a first line like 'T1 2022 Uppdrag. Kommentar T1 2022'); "
                    "give one with --period",
                ),
            )
        periods = []
        for tertial, year in found:
            try:
                periods.append(Period.read(int(year), int(tertial)))
            except ValueError as exc:
                self.note(first + 1, Level.ERROR, f"the header's period is not valid: {exc}")
                return None, first + 1, None
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
        return period, first + 1, None

    # -- opening lines and blocks ----------------------------------------------------

    def opening(self, line: str, can_start: bool) -> Opening | None:
        context = self.context
        for rule in OPENING_RULES:
            found = rule(line, context, can_start)
            if found is not None:
                return found
        return None

    def blocks(self, lines: list[str], start: int) -> Iterator[_Block]:
        """The records' blocks of paragraphs, one at a time; text before the first
        opening line is a block of its own (with opening None)."""
        current: _Block | None = None
        paragraph: list[str] | None = None
        paragraph_line = 0
        can_start = True  # at the first line and after a blank line
        opening = self.opening
        for index in range(start, len(lines)):
            line = lines[index]
            if not line:
                if paragraph is not None:
                    current.paragraphs.append(Paragraph(paragraph_line, tuple(paragraph)))  # type: ignore[union-attr]
                    paragraph = None
                can_start = True
                continue
            # Opening lines are short (".", a label) or start with a parenthesis.
            if len(line) <= _LONGEST_OPENING or line[0] == "(":
                found = opening(line, can_start or current is None or (not current.paragraphs and paragraph is None))
            else:
                found = None
            if found is not None:
                if paragraph is not None:
                    current.paragraphs.append(Paragraph(paragraph_line, tuple(paragraph)))  # type: ignore[union-attr]
                    paragraph = None
                if current is not None:
                    yield current
                current = _Block(index + 1, found)
            else:
                if current is None:
                    current = _Block(index + 1, None)
                if paragraph is None:
                    paragraph, paragraph_line = [line], index + 1
                else:
                    paragraph.append(line)
            can_start = False
        if paragraph is not None:
            current.paragraphs.append(Paragraph(paragraph_line, tuple(paragraph)))  # type: ignore[union-attr]
        if current is not None:
            yield current

    # -- title and committees --------------------------------------------------------

    def title_paragraph(self, paragraphs: list[Paragraph]) -> tuple[Paragraph, list[Paragraph]]:
        """The title's paragraph, ending at the blank line or where a status sentence
        starts on a line of its own, and the paragraphs after it."""
        first = paragraphs[0]
        vocabulary = self.context.vocabulary
        for i in range(1, len(first.lines)):
            line = first.lines[i]
            if vocabulary.sentence(line) is not None or vocabulary.opening_sentence(line) is not None:
                head = Paragraph(first.line, first.lines[:i])
                tail = Paragraph(first.line + i, first.lines[i:])
                return head, [tail, *paragraphs[1:]]
        return first, paragraphs[1:]

    def codes(self, text: str) -> Codes | None:
        context = self.context
        for rule in CODES_RULES:
            found = rule(text, context)
            if found is not None:
                return found
        return None

    def title_and_codes(self, title: Paragraph, rest: list[Paragraph]) -> tuple[str, Codes | None, list[Paragraph]]:
        """The title text, its codes and the paragraphs after it. The title ends at the
        end of its paragraph; where that holds no codes but an earlier line ends in
        codes, the title ends there and the lines after it are comment."""
        text = title.text
        found = self.codes(text)
        if found is not None or len(title.lines) == 1:
            return text, found, rest
        for i in range(len(title.lines) - 2, -1, -1):
            found = self.codes(title.lines[i])
            if found is not None:
                head = " ".join((*title.lines[:i], found.title)) if i else found.title
                tail = Paragraph(title.line + i + 1, title.lines[i + 1 :])
                return head, Codes(head, found.codes), [tail, *rest]
        return text, None, rest

    def committees_of_names(self, names: str, line: int) -> list[str]:
        committees = []
        for name in split_names(names, self.theme):
            code = self.theme.committee_code(name)
            if code is None:
                self.note(line, Level.WARNING, f"committee {name!r} is not in the theme's committee table; kept as written")
                code = name
            if code not in committees:
                committees.append(code)
        return committees

    def committees(self, block: _Block, codes: Codes | None, line: int) -> list[str]:
        """The record's committees, lead committee first: from the opening line's names,
        from the title's codes, or both, the opening line's first (with a warning where
        they disagree, so that no code the input names is dropped)."""
        named = self.committees_of_names(block.opening.names, block.line) if block.opening and block.opening.names else []
        if codes is None:
            return named
        coded: list[str] = []
        for code in codes.codes:
            if code not in self.theme.committees:
                self.note(line, Level.WARNING, f"committee code {code!r} is not in the theme's committee table")
            if code not in coded:
                coded.append(code)
        if not named:
            return coded
        if not all(code in coded for code in named):
            self.note(
                line,
                Level.WARNING,
                f"the title's committee codes ({', '.join(coded)}) disagree with the opening line's committees "
                f"({', '.join(named)}, line {block.line}); the opening line wins: its committees lead, "
                "the title's follow",
            )
        return named + [code for code in coded if code not in named]

    # -- records ------------------------------------------------------------------

    def record(self, block: _Block, period: Period) -> Record | None:
        if not block.paragraphs:
            self.note(block.line, Level.WARNING, "a record's opening line with nothing after it (no title); nothing to keep")
            return None
        title_paragraph, rest = self.title_paragraph(block.paragraphs)
        line = title_paragraph.line
        title, codes, rest = self.title_and_codes(title_paragraph, rest)
        if codes is not None:
            title = codes.title
        committees = self.committees(block, codes, line)
        if not committees:
            self.note(line, Level.WARNING, "no committee codes at the end of the title, e.g. '(KS, SAN)'")
        if not title:
            self.note(line, Level.WARNING, "the record has committee codes but no title")

        status, status_text, status_line = Status.UNKNOWN, "", line
        if rest:
            context = self.context
            for rule in STATUS_RULES:
                found = rule(rest, context)
                if found is not None:
                    status, status_text, status_line, rest = found
                    if status is Status.UNKNOWN:
                        self.note(
                            line,
                            Level.WARNING,
                            f"unknown status sentence {status_text!r} (line {status_line}); status set to unknown",
                        )
                    break
        label = block.opening.label if block.opening else None
        label_status = self.context.vocabulary.label(label) if label else None
        if not status_text:
            if label_status is not None:
                status = label_status
            else:
                self.note(line, Level.WARNING, "no status sentence and no status label; status set to unknown")
        elif label_status is not None and status is not Status.UNKNOWN and label_status is not status:
            self.note(
                line,
                Level.WARNING,
                f"the status label {label!r} says {label_status.value} but the status sentence says "
                f"{status.value}; the sentence wins",
            )

        if not rest:
            self.note(line, Level.WARNING, "no comment")

        texts = [title, status_text, *(p.text for p in rest)]
        lines = [line, status_line, *(p.line for p in rest)]
        if self.options.repair:
            texts = [self.repair(text, at) if "- " in text or "-\xa0" in text else text
                     for text, at in zip(texts, lines)]
        else:
            for text, at in zip(texts, lines):
                if "- " in text:
                    self.words_split.extend((at, word) for word in split_words(text))

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

    def add_record(self, records: list[Record], block: _Block, period: Period) -> None:
        record = self.record(block, period)
        if record is not None:
            records.append(record)

    def repair(self, text: str, line: int) -> str:
        repaired, repairs = repair_split_words(text)
        for repair in repairs:
            self.note(line, Level.INFO, f"{JOINED}: {repair.before!r} -> {repair.after!r}")
        return repaired

    def note_split_words(self) -> None:
        """One line per file, with --keep-line-breaks: how many words look split, one example."""
        if not self.words_split:
            return
        line, example = self.words_split[0]
        count = len(self.words_split)
        words = f"{count} words look split by old line breaks" if count > 1 else "1 word looks split by an old line break"
        self.note(line, Level.INFO, f'{words} ("{example}"); kept as written (--keep-line-breaks)')

    # -- file -----------------------------------------------------------------------

    def normalised_lines(self, text: str) -> list[str]:
        """The lines of the text with white space normalised and characters no document
        can hold replaced (each replacement noted). Most lines are normal already, which
        one look at the whole text and two at each line show, so they are not rebuilt."""
        if "\xa0" in text:
            text = text.replace("\xa0", " ")
        if "\t" in text:
            text = text.replace("\t", " ")
        if _IRREGULAR.search(text):
            return [normalise_space(line) for line in self.clean_lines(text)]
        if "  " not in text and " \n" not in text and "\n " not in text and " \r" not in text and "\r " not in text:
            return [line.strip(" ") for line in _split_lines(text)]  # only the first and last line may need it
        return [
            line if "  " not in line and line[:1] != " " and line[-1:] != " " else normalise_space(line)
            for line in _split_lines(text)
        ]

    def read(self, text: str) -> list[Record]:
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)  # decomposed text (from macOS) read as composed
        lines = self.normalised_lines(text)
        period, start, problem = self.header(lines)
        records: list[Record] = []
        before: _Block | None = None  # text before the first opening line
        opened = False
        for block in self.blocks(lines, start):  # one at a time: a big file is never held as blocks
            if block.opening is None:
                before = block
                continue
            if period is None:
                opened = True
                break  # a follow-up export without period: reported below
            if not opened:
                opened = True
                if before is not None:
                    self.note(before.line, Level.WARNING, "text before the first record's opening '.' line; read as a record")
                    self.add_record(records, before, period)
            self.add_record(records, block, period)
        if not opened:
            if before is not None:
                self.note(
                    1,
                    Level.ERROR,
                    "not a follow-up export: no record opening line found "
                    "(each record opens with a line holding '.', a status label or '(Committee name) .')",
                )
                return []
        if period is None:
            if problem:
                self.note(problem[0], Level.ERROR, problem[1])
            return []
        if not records:
            self.note(start or 1, Level.WARNING, "the file has a header but no records")
        self.note_split_words()
        return records


def parse_text(text: str, name: str, theme: Theme, options: ReadOptions = ReadOptions()) -> RecordSet:
    """The records of one follow-up text, with diagnostics naming `name` and lines."""
    reader = _FileReader(name, theme, options)
    records = reader.read(text)
    diagnostics = sorted(reader.diagnostics, key=lambda d: d.line)
    return RecordSet(tuple(records), tuple(diagnostics))


def parse_bytes(data: bytes, name: str, theme: Theme, options: ReadOptions = ReadOptions()) -> RecordSet:
    """The records of a follow-up file's bytes, decoding them first."""
    decoded = decode(data)
    notes = tuple(Diagnostic(name, p.line, p.level, p.message) for p in decoded.problems)
    if decoded.text is None:
        return RecordSet((), notes)
    parsed = parse_text(decoded.text, name, theme, options)
    return RecordSet(parsed.records, notes + parsed.diagnostics)


def parse_file(path: str | Path, theme: Theme, options: ReadOptions = ReadOptions(), name: str | None = None) -> RecordSet:
    """The records of a follow-up file on disk (a regular file, within the size limit)."""
    path = Path(path)
    name = name or path.as_posix()
    try:
        data = read_regular_file(path, options.max_bytes)
    except InputFileError as exc:
        return RecordSet((), (Diagnostic(name, 1, Level.ERROR, str(exc)),))
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
