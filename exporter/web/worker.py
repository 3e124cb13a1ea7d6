"""One build of the web page, in a process of its own: `python -m exporter.web.worker REQUEST`.

REQUEST is a JSON file naming the inputs, the output folder and the choices of the
form. The build goes through the same library API, with the same arguments, as the
command line's: the reports and the web page as `exporter build PATHS -f ... --period P`,
the status matrix as `exporter build PATHS -f xlsx` (every period), the archive as
`exporter archive PATHS --period P`, so every file is byte-identical to the command
line's. Standard output carries one JSON object a line: {"progress": [done, total,
name]} at the start (done 0, no name) and as each document is made, {"warning": "..."} for each of the library's warnings, then {"files": [...]} or {"error": "..."}.

The process ends with the service that started it, even when that is killed.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import signal
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the library is loaded when the build starts, after the process is set up
    from exporter.build import Finish
    from exporter.model import RecordSet
    from exporter.writers import BuildOptions

__all__ = ["main", "REPORT_FORMATS", "ARCHIVE_FOLDER", "DOCUMENTS_FOLDER"]

REPORT_FORMATS = ("docx", "pdf", "html")
WORKBOOK_FORMAT = "xlsx"
ARCHIVE_FORMAT = "pdfa"
FORMATS = ("docx", "xlsx", "pdf", "html", "pdfa")
DOCUMENTS_FOLDER = "dokument"
ARCHIVE_FOLDER = "arkiv"


class Failure(Exception):
    """A build that cannot be made; the message says why, for the page."""


def _end_with_parent(parent: int) -> None:
    """Die with the service `parent`: Linux signals this process when its parent ends; a
    parent that ended before that was set up is seen here."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no libc to ask
            pass
    if parent and os.getppid() != parent:
        os._exit(1)


def _emit(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


@dataclass(frozen=True)
class _Part:
    """One library call of the build: its records, formats, folder, options, finish."""

    record_set: RecordSet
    formats: tuple[str, ...]
    out_dir: Path
    options: BuildOptions
    finish: Finish | None = None


def _selected(paths, theme, periods, committees):
    """The records of a build as the command line selects them (`cli._selected_records`
    without --keep-going: errors stop the build)."""
    import exporter

    assumed = periods[0] if len(periods) == 1 else None
    record_set = exporter.read(paths, theme, period=assumed)
    if record_set.errors:
        raise Failure(f"{len(record_set.errors)} error(s) in the input; nothing written")
    selected = record_set.for_documents(periods, record_set.committees_named(committees))
    if not selected.records:
        if record_set.records and (periods or committees):
            raise Failure(record_set.nothing_for(periods, committees))
        raise Failure("no records to build from: the input holds none")
    return selected


def plan_parts(request: dict, out: Path):
    """The theme and the library calls that make what `request` asks for."""
    from exporter import load_theme
    from exporter.archive import archive_time, manifest
    from exporter.environment import check_source_date_epoch
    from exporter.model import Period
    from exporter.writers import BuildOptions

    theme = load_theme(request.get("template"))
    paths = request["inputs"]
    formats = [f for f in FORMATS if f in request["formats"]]
    committees = tuple(request.get("committees", ()))
    report_date = _dt.date.fromisoformat(request["date"]) if request.get("date") else None
    facts = dict(lang=request.get("lang", "sv"), group_by=request.get("group_by", "source"), report_date=report_date,
                 case_number=request.get("case_number", ""), meeting=request.get("meeting", ""),
                 contact=request.get("contact", ""))
    periods = tuple(Period.parse(p) for p in request.get("periods", ()))
    parts: list[_Part] = []
    documents = out / DOCUMENTS_FOLDER
    reports = tuple(f for f in formats if f in REPORT_FORMATS)
    if reports:
        selected = _selected(paths, theme, periods, committees)
        options = BuildOptions(committees=selected.committees_named(committees), periods=periods, **facts)
        parts.append(_Part(selected, reports, documents, options))
    if WORKBOOK_FORMAT in formats:
        selected = _selected(paths, theme, (), committees)
        options = BuildOptions(committees=selected.committees_named(committees), periods=(), **facts)
        parts.append(_Part(selected, (WORKBOOK_FORMAT,), documents, options))
    if ARCHIVE_FORMAT in formats:
        selected = _selected(paths, theme, periods, ())
        problem = check_source_date_epoch()  # a value that is no time is ignored, as in every build
        if problem:
            logging.getLogger("exporter").warning("%s", problem)
        archived = archive_time()  # one time for every copy and the manifest, as `exporter archive` has
        options = BuildOptions(periods=periods, archived_at=archived, **facts)
        archive = out / ARCHIVE_FOLDER
        parts.append(_Part(selected, (ARCHIVE_FORMAT,), archive, options,
                           partial(manifest, archive, archived=archived)))
    if not parts:
        raise Failure("no documents chosen")
    return theme, parts


def run(request: dict, out: Path, emit=_emit) -> list[str]:
    """Make every part of `request` into `out`; the files written, relative to `out`."""
    import exporter
    from exporter.build import plan

    theme, parts = plan_parts(request, out)
    total = sum(len(plan(part.record_set, part.formats, part.options)) for part in parts)
    done = 0
    written: list[str] = []
    emit({"progress": [0, total, ""]})

    def progress(offset: int, step: int, _total: int, name: str) -> None:
        emit({"progress": [offset + step, total, name]})

    for part in parts:
        paths = exporter.build(part.record_set, part.formats, part.out_dir, theme, part.options, jobs=1,
                               progress=partial(progress, done), finish=part.finish)
        done += len(plan(part.record_set, part.formats, part.options))
        written.extend(path.relative_to(out).as_posix() for path in paths)
    return written


class _Warnings(logging.Handler):
    """The library's warnings (a template's neutral name, a text split to fit a cell), for the page."""

    def emit(self, record: logging.LogRecord) -> None:
        _emit({"warning": record.getMessage()})


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    request = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    _end_with_parent(int(request.get("parent", 0)))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the service ends its builds itself on Ctrl-C
    logging.getLogger("exporter").addHandler(_Warnings(logging.WARNING))
    out = Path(request["out"])
    try:
        written = run(request, out)
    except Failure as exc:
        _emit({"error": str(exc)})
        return 1
    except Exception as exc:  # noqa: BLE001 - the page says what failed, never a traceback
        from exporter import ThemeError
        from exporter.files import OutputError

        if isinstance(exc, (ThemeError, OutputError, ValueError)):
            _emit({"error": str(exc)})
        else:
            _emit({"error": f"{type(exc).__name__}: {exc}"})
        return 1
    _emit({"files": written})
    return 0


if __name__ == "__main__":
    sys.exit(main())
