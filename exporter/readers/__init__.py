"""Reading inputs into one record set: follow-up texts, or a record set's own JSON."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..model import Diagnostic, Level, RecordSet
from ..theme import Theme
from . import records_json
from .limits import apply_limits
from .text import ReadOptions, mark_duplicates, parse_file

__all__ = ["ReadOptions", "read", "input_files"]


def input_files(paths: Iterable[str | Path], recursive: bool = False) -> tuple[list[Path], list[Diagnostic]]:
    """The files that PATH arguments stand for: a file itself, a folder its *.txt files
    in sorted order (in sub-folders too if `recursive`)."""
    files: list[Path] = []
    notes: list[Diagnostic] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(path.rglob("*.txt") if recursive else path.glob("*.txt"))
            found = [f for f in found if f.is_file()]
            if not found:
                notes.append(Diagnostic(path.as_posix(), 1, Level.ERROR, "the folder holds no *.txt files"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            notes.append(Diagnostic(path.as_posix(), 1, Level.ERROR, "no such file or folder"))
    return files, notes


def read(
    paths: Iterable[str | Path],
    theme: Theme,
    options: ReadOptions = ReadOptions(),
    recursive: bool = False,
) -> RecordSet:
    """One record set of every record in `paths`, in input order, with diagnostics."""
    files, diagnostics = input_files(paths, recursive)
    records = []
    for path in files:
        part = _read_json(path) if path.suffix.lower() == ".json" else parse_file(path, theme, options)
        records.extend(part.records)
        diagnostics.extend(part.diagnostics)
    records, beyond = apply_limits(records)
    diagnostics.extend(beyond)
    diagnostics.extend(mark_duplicates(records))
    order = {name: i for i, name in enumerate(dict.fromkeys(d.file for d in diagnostics))}
    return RecordSet(tuple(records), tuple(sorted(diagnostics, key=lambda d: (order[d.file], d.line))))


def _read_json(path: Path) -> RecordSet:
    name = path.as_posix()
    try:
        return records_json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        return RecordSet((), (Diagnostic(name, 1, Level.ERROR, f"cannot read the file: {exc}"),))
    except records_json.RecordsJsonError as exc:
        return RecordSet((), exc.diagnostics(name))
