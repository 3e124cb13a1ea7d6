"""Reading inputs into one record set: follow-up texts, a record set's own JSON, or a
workbook (.xlsx) with a table of records.

Each input file is named, in records and diagnostics, by its path relative to the
folder given (`sub/2022-T1.txt` under `input/`), or by its base name where the file
itself was given, so that the record set does not depend on how a path was typed
or where the command ran. A byte of a file name that is not UTF-8 is kept as `\\xNN`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from ..memory import without_cyclic_gc
from ..model import Diagnostic, Level, Record, RecordSet
from ..theme import Theme
from . import records_json
from .disk import InputFileError, display_name, kind_of, read_regular_file
from .limits import apply_limits
from .text import ReadOptions, mark_duplicates, parse_file

__all__ = ["ReadOptions", "InputFile", "read", "input_files"]


class InputFile(NamedTuple):
    """A file to read and the name it goes by in records and diagnostics."""

    path: Path
    name: str


def _not_regular(path: Path) -> str | None:
    """What `path` is in words when it is not a regular file (or a link to one)."""
    try:
        return kind_of(os.stat(path).st_mode)
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"


def input_files(paths: Iterable[str | Path], recursive: bool = False) -> tuple[list[InputFile], list[Diagnostic]]:
    """The files that PATH arguments stand for, each with its name: a file itself (by
    its base name), a folder its *.txt files in sorted order (in sub-folders too if
    `recursive`), by their path relative to the folder. Anything in a folder that
    matches but is not a regular file (a FIFO, a device) is an error naming it."""
    files: list[InputFile] = []
    notes: list[Diagnostic] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(path.rglob("*.txt") if recursive else path.glob("*.txt"))
            if not found:
                notes.append(Diagnostic(display_name(path), 1, Level.ERROR, "the folder holds no *.txt files"))
            for file in found:
                name = display_name(file.relative_to(path))
                if file.is_dir():
                    continue
                kind = _not_regular(file)
                if kind is None:
                    files.append(InputFile(file, name))
                else:
                    notes.append(
                        Diagnostic(name, 1, Level.ERROR, f"this is {kind}, not a file; only regular files are read")
                    )
        elif path.exists():
            files.append(InputFile(path, display_name(Path(path.name))))
        else:
            notes.append(Diagnostic(display_name(path), 0, Level.ERROR, "no such file or folder"))
    return files, notes


def read(
    paths: Iterable[str | Path],
    theme: Theme,
    options: ReadOptions = ReadOptions(),
    recursive: bool = False,
) -> RecordSet:
    """One record set of every record in `paths`, in input order, with diagnostics."""
    files, diagnostics = input_files(paths, recursive)
    records: list[Record] = []
    with without_cyclic_gc():
        for file in files:
            part = _read_file(file, theme, options)
            records.extend(part.records)
            diagnostics.extend(part.diagnostics)
        records, beyond = apply_limits(records)
        diagnostics.extend(beyond)
        diagnostics.extend(mark_duplicates(records))
        order = {name: i for i, name in enumerate(dict.fromkeys(d.file for d in diagnostics))}
        return RecordSet(tuple(records), tuple(sorted(diagnostics, key=lambda d: (order[d.file], d.line))))


def _read_file(file: InputFile, theme: Theme, options: ReadOptions) -> RecordSet:
    if file.path.suffix.lower() == ".json":
        return _read_json(file.path, file.name, options.max_bytes)
    if file.path.suffix.lower() == ".xlsx":
        from .xlsx import parse_workbook  # openpyxl is loaded only for a workbook

        return parse_workbook(file.path, theme, options.max_bytes, file.name)
    return parse_file(file.path, theme, options, file.name)


def _read_json(path: Path, name: str, max_bytes: int | None = None) -> RecordSet:
    try:
        return records_json.loads(read_regular_file(path, max_bytes).decode("utf-8-sig"))
    except InputFileError as exc:
        return RecordSet((), (Diagnostic(name, 1, Level.ERROR, str(exc)),))
    except UnicodeDecodeError as exc:
        return RecordSet((), (Diagnostic(name, 1, Level.ERROR, f"cannot read the file: {exc}"),))
    except records_json.RecordsJsonError as exc:
        return RecordSet((), exc.diagnostics(name))
