"""Workbooks as input: the records of an .xlsx whose first table of records, on the
first sheet that has one, has the records table's columns.

The Uppdrag sheet of the project's own `statusmatris.xlsx` is such a table, so a
board's corrections made in the workbook can be read back and the reports rebuilt;
so is a municipality's own list of assignments kept in Excel. Columns are found by
their header words in Swedish or English (the theme's words for the records sheet:
"Titel"/"Title", "Ansvariga nämnder", "Period", "Status", "Kommentar", ...) in any
order, in the first rows of a sheet; a text the records sheet continued in columns
of its own ("Kommentar (fortsättning 1)") is joined back.

openpyxl reads the workbook in its read-only mode, a row at a time, so time and memory
grow linearly with the workbook. The same rules as for a text file hold first (a
regular file within the size limit), and the archive is checked before openpyxl
opens it: a bounded number of parts, a bounded size unpacked (a zip bomb is
refused), no XML part with a document type declaration (entity expansion). A formula
in a cell is read as the result the file stores for it (`data_only`), never
evaluated. A row that cannot be read gets a diagnostic naming the sheet, the row and
the column; what can be kept is kept.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..model import Diagnostic, Level, Period, Record, RecordSet, Source, Status, assignment_key, fold, normalise_space
from ..theme import LANGUAGES, Theme
from .disk import InputFileError, read_regular_file

__all__ = ["parse_workbook", "read_workbook", "MAX_PARTS", "UNPACKED_FACTOR", "HEADER_ROWS"]

MAX_PARTS = 10_000  # parts of the archive (a workbook of four sheets has about 25)
UNPACKED_FACTOR = 4  # the archive may unpack to this many times the input size limit
HEADER_ROWS = 20  # the header row is looked for in this many first rows of a sheet
_CONTINUED = 40  # "Kommentar (fortsättning 40)" at most: a record holds a million characters

# A field of a record and the theme words its column may be headed with.
_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "assignment"),
    "committees": ("committees", "committees_column"),
    "period": ("period_column",),
    "status": ("status",),
    "status_text": ("status_text",),
    "comment": ("comment",),
    "year": ("year",),
    "tertial": ("tertial",),
    "status_code": ("status_code",),
}
_TEXT_FIELDS = ("title", "committees", "status_text", "comment")


class WorkbookError(Exception):
    """A workbook that cannot be read at all; the message says why."""


@dataclass(frozen=True)
class _Layout:
    """Where a sheet's records are: its header row and the columns of each field
    (0-based; a text field may continue in more columns)."""

    sheet: str
    header_row: int  # 1-based
    columns: dict[str, list[int]]
    headers: dict[int, str]


def _header_words(theme: Theme) -> tuple[dict[str, str], dict[str, tuple[str, int]]]:
    """Folded header word -> field, and folded continuation header -> (field, n)."""
    words: dict[str, str] = {}
    continued: dict[str, tuple[str, int]] = {}
    for field, keys in _FIELDS.items():
        for key in keys:
            for lang in LANGUAGES:
                word = theme.word(key, lang)
                words.setdefault(fold(word), field)
                if field in _TEXT_FIELDS:
                    for n in range(1, _CONTINUED + 1):
                        continued[fold(f"{word} {theme.word('continued_n', lang, n=n)}")] = (field, n)
    return words, continued


def _status_words(theme: Theme) -> dict[str, Status]:
    """Folded status text -> status: the words in every language, with or without the
    matrix's symbol, and the status codes."""
    found: dict[str, Status] = {}
    for status in Status:
        style = theme.status_style(status)
        found[fold(status.value)] = status
        for lang in LANGUAGES:
            words = style.words[lang]
            found.setdefault(fold(words), status)
            found.setdefault(fold(f"{style.symbol} {words}"), status)
    return found


def _check_archive(data: bytes, max_bytes: int) -> None:
    """Refuse an archive that is not a workbook or would unpack past the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise WorkbookError("this is not an .xlsx workbook (not a zip archive)") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise WorkbookError(f"the workbook has {len(infos):,} parts, more than {MAX_PARTS:,}")
        limit = UNPACKED_FACTOR * max_bytes
        unpacked = sum(info.file_size for info in infos)
        if unpacked > limit:
            raise WorkbookError(f"the workbook unpacks to {unpacked:,} bytes, more than {limit:,} "
                                f"({UNPACKED_FACTOR} times the input size limit): refused as a zip bomb")
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            raise WorkbookError("this is not an .xlsx workbook (it has no xl/workbook.xml)")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as part:
                    head = part.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise WorkbookError(f"the part {info.filename} declares a document type; refused")


def _text(value: object) -> str:
    """A cell's value as text: a number without a needless ".0", a date as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _find_layout(sheet: str, rows: Iterable[tuple], words: dict[str, str],
                 continued: dict[str, tuple[str, int]]) -> _Layout | None:
    """The header row among a sheet's first rows that names a title, a status and a
    period (or year and tertial); None if the sheet has none."""
    for number, row in enumerate(rows, start=1):
        columns: dict[str, list[int]] = {}
        extra: dict[str, dict[int, int]] = {}
        headers: dict[int, str] = {}
        for index, value in enumerate(row):
            if not isinstance(value, str):
                continue
            key = fold(value)
            if key in words and words[key] not in columns:
                columns[words[key]] = [index]
                headers[index] = value
            elif key in continued:
                field, n = continued[key]
                extra.setdefault(field, {})[n] = index
                headers[index] = value
        for field, more in extra.items():
            if field in columns:
                columns[field] += [more[n] for n in sorted(more)]
        has_period = "period" in columns or ("year" in columns and "tertial" in columns)
        if "title" in columns and ("status" in columns or "status_code" in columns) and has_period:
            return _Layout(sheet, number, columns, headers)
    return None


def read_workbook(data: bytes, name: str, theme: Theme, max_bytes: int) -> RecordSet:
    """The records of a workbook's bytes, named `name` in records and diagnostics."""
    try:
        _check_archive(data, max_bytes)
    except WorkbookError as exc:
        return RecordSet((), (Diagnostic(name, 1, Level.ERROR, str(exc)),))
    import warnings

    from openpyxl import load_workbook

    records: list[Record] = []
    notes: list[Diagnostic] = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns of parts it does not read (data validation, extensions): nothing to tell.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            try:
                words, continued = _header_words(theme)
                layout = None
                for ws in workbook.worksheets:
                    rows = ws.iter_rows(max_row=HEADER_ROWS, values_only=True)
                    layout = _find_layout(ws.title, rows, words, continued)
                    if layout is not None:
                        break
                if layout is None:
                    wanted = ", ".join(repr(theme.word(k, "sv")) for k in ("title", "period_column", "status"))
                    return RecordSet((), (Diagnostic(name, 1, Level.ERROR,
                                                     f"no sheet has a table of records: a header row naming {wanted} "
                                                     f"(or their English words) in its first {HEADER_ROWS} rows"),))
                statuses = _status_words(theme)
                sheet = workbook[layout.sheet]
                for number, row in enumerate(sheet.iter_rows(min_row=layout.header_row + 1, values_only=True),
                                             start=layout.header_row + 1):
                    record = _record(row, number, layout, statuses, name, notes)
                    if record is not None:
                        records.append(record)
            finally:
                workbook.close()
    except Exception as exc:  # openpyxl's many errors over a damaged file: one clear message
        return RecordSet((), (Diagnostic(name, 1, Level.ERROR,
                                         f"cannot read the workbook: {type(exc).__name__}: {exc}"),))
    return RecordSet(tuple(records), tuple(notes))


def _record(row: tuple, number: int, layout: _Layout, statuses: dict[str, Status], name: str,
            notes: list[Diagnostic]) -> Record | None:
    """The record of one row (None for an empty row), with diagnostics in `notes`."""

    def cells(field: str) -> Iterator[tuple[int, object]]:
        for index in layout.columns.get(field, ()):
            yield index, row[index] if index < len(row) else None

    def text(field: str) -> str:
        return "".join(_text(value) for _, value in cells(field))

    def note(level: Level, field: str, message: str) -> None:
        from openpyxl.utils import get_column_letter

        index = layout.columns[field][0]
        notes.append(Diagnostic(name, number, level, f"sheet {layout.sheet!r}, row {number}, column "
                                                     f"{get_column_letter(index + 1)} ({layout.headers[index]!r}): {message}"))

    title = normalise_space(text("title"))
    if not title:
        if any(value not in (None, "") for value in row):
            note(Level.ERROR, "title", "the row has no title; it is not read")
        return None

    period = None
    if "period" in layout.columns:
        shown = text("period").strip()
        try:
            period = Period.parse(shown)
        except ValueError:
            if "year" not in layout.columns:
                note(Level.ERROR, "period", f"{shown!r} is not a period (e.g. 'T1 2022'); the row is not read")
                return None
    if period is None:
        year, tertial = text("year").strip(), text("tertial").strip()
        try:
            period = Period(int(year), int(tertial))
        except ValueError:
            note(Level.ERROR, "year", f"year {year!r} and tertial {tertial!r} are not a period; the row is not read")
            return None

    status = None
    if "status" in layout.columns:
        status = statuses.get(fold(text("status")))
    if status is None and "status_code" in layout.columns:
        status = statuses.get(fold(text("status_code")))
    if status is None:
        field = "status" if "status" in layout.columns else "status_code"
        note(Level.WARNING, field, f"{text(field)!r} is not a status; read as {Status.UNKNOWN.value!r}")
        status = Status.UNKNOWN

    committees = tuple(code for code in (normalise_space(c) for c in text("committees").split(",")) if code)
    comment = tuple(p for p in (normalise_space(p) for p in text("comment").split("\n\n")) if p)
    return Record(assignment_key(title), period, title, tuple(dict.fromkeys(committees)), status,
                  normalise_space(text("status_text")), comment, Source(name, number))


def parse_workbook(path: str | Path, theme: Theme, max_bytes: int | None = None, name: str | None = None) -> RecordSet:
    """The records of a workbook on disk (a regular file, within the size limit)."""
    from .disk import default_max_bytes

    path = Path(path)
    name = name or path.as_posix()
    try:
        limit = default_max_bytes() if max_bytes is None else max_bytes
        data = read_regular_file(path, limit)
    except InputFileError as exc:
        return RecordSet((), (Diagnostic(name, 1, Level.ERROR, str(exc)),))
    return read_workbook(data, name, theme, limit)
