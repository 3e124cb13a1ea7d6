"""One measurement, run in a fresh process so that its time and peak memory are its own:

    python -m bench.measure '{"task": "writer", "name": "docx", "input": "DIR", "out": "DIR"}'

It prints one JSON line: {"ok": true, "seconds": ..., "processor_seconds": ...,
"parts": {...}, "peak_mb": ..., "documents": n, "bytes": n} or {"ok": false, "status":
"skipped"|"failed", "note": ...}. Seconds exclude Python's start-up and imports except for
command-line tasks (`build`, `startup`), which time the command as a user runs it.
Processor seconds are the user and system time of the same stretches, of every thread of
this process and of the processes it waited for (Typst writes with several threads; a
build with several processes): the work done, where seconds are the time waited. Peak
memory is the largest resident set of this process or any process it waited for.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["HEAVY_MODULES", "exporter_command", "in_source_process", "main"]

HEAVY_MODULES = ("docx", "openpyxl", "reportlab", "pikepdf", "lxml")


def exporter_command() -> list[str]:
    """How to run the `exporter` command of this Python: its console script, else -m."""
    script = Path(sys.executable).parent / "exporter"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "exporter"]


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # Linux reports kilobytes


def _processor() -> float:
    """User and system time so far of this process (all its threads) and of the
    children it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class _Processor:
    """The processor time of the stretches `_timed` measured that count in a task's
    seconds (not the imports)."""

    counted = 0.0


def _timed(fn: Callable[[], Any], counted: bool = True) -> tuple[float, Any]:
    """The wall-clock seconds `fn` took and its value; its processor time is added to
    `_Processor.counted` unless `counted` is False (an import, not in the seconds)."""
    cpu = _processor()
    start = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - start
    if counted:
        _Processor.counted += _processor() - cpu
    return seconds, value


def _read(spec: dict) -> tuple[Any, Any, float]:
    from exporter.readers import read
    from exporter.theme import load_theme

    theme = load_theme()
    seconds, record_set = _timed(lambda: read([spec["input"]], theme))
    if record_set.errors:
        raise RuntimeError(f"the corpus does not parse: {record_set.errors[0]}")
    return record_set, theme, seconds


def _summary(paths: list[Path]) -> dict:
    return {"documents": len(paths), "bytes": sum(p.stat().st_size for p in paths)}


def _render_with_exporter(record_set: Any, theme: Any, name: str, out: Path) -> list[Path]:
    """Every document of writer `name`, written one after another to its file through
    exporter.build.write, as `exporter build` writes them in one process."""
    from exporter.build import plan, write
    from exporter.writers import BuildOptions

    options = BuildOptions()
    written = []
    for job in plan(record_set, [name], options):
        path = out / job.document.name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write(record_set, job, theme, options, fh)
        written.append(path)
    return written


# -- tasks ----------------------------------------------------------------------------------


def task_parse(spec: dict) -> dict:
    record_set, _, seconds = _read(spec)
    return {"seconds": seconds, "parts": {"parse": seconds}, "records": len(record_set)}


def task_writer(spec: dict) -> dict:
    """parse, then each document of one exporter writer in turn (no process pool)."""
    from exporter import writers

    out = Path(spec["out"])
    record_set, theme, parse = _read(spec)
    load, _ = _timed(lambda: writers.get(spec["name"]), counted=False)  # imports, not timed with the writing
    write, paths = _timed(lambda: _render_with_exporter(record_set, theme, spec["name"], out))
    parts = {"parse": parse, "write": write, "import": load}
    note = ""
    if spec["name"] == "pdf":
        # Tagging's own cost, from a pass of its own (not in the seconds).
        tagging = in_source_process({"task": "tagging", "input": spec["input"]})
        if tagging.get("ok") and tagging["writing"]:
            parts["tagging"] = tagging["tagging"]
            note = (f"tagging (structure tree made and written) {tagging['tagging']:.2f} s of "
                    f"{tagging['writing']:.2f} s processor time of the writing "
                    f"({tagging['tagging'] / tagging['writing']:.0%}), measured in a pass of its own "
                    f"on the Python source")
    return {"seconds": parse + write, "parts": parts, "note": note, **_summary(paths)}


def task_tagging(spec: dict) -> dict:
    """Tagging's share of the PDF writing (bench.tagging): the timing wraps the
    tagging functions and restores them after."""
    from exporter.writers._pdf import writer

    from .tagging import tagging_seconds, wrapped

    record_set, theme, _ = _read(spec)
    before = [getattr(owner, name) for owner, name in wrapped()]
    spent, writing = tagging_seconds(record_set, theme)
    after = [getattr(owner, name) for owner, name in wrapped()]
    return {"seconds": 0.0, "tagging": spent, "writing": writing, "restored": before == after,
            "source": writer.__file__.endswith(".py")}


def in_source_process(spec: dict, timeout: float = 3600) -> dict:
    """The result of a task run in a fresh process."""
    done = subprocess.run([sys.executable, "-m", "bench.measure", json.dumps(spec)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent,
                          timeout=timeout)
    if done.returncode != 0:
        return {"ok": False, "status": "failed", "note": done.stderr.strip()[-300:]}
    return json.loads(done.stdout)


def task_floor(spec: dict) -> dict:
    from . import floor

    out = Path(spec["out"])
    record_set, _, parse = _read(spec)
    fn = floor.write_docx if spec["name"] == "docx" else floor.write_xlsx
    write, paths = _timed(lambda: fn(record_set, out))
    return {"seconds": parse + write, "parts": {"parse": parse, "write": write}, **_summary(paths)}


def task_route(spec: dict) -> dict:
    from . import routes, workbook_routes

    out = Path(spec["out"])
    name = spec["name"]
    if name == "libreoffice":
        return _libreoffice(spec, out)
    fn = {
        "python-docx": routes.python_docx,
        "openpyxl": routes.openpyxl_default,
        "openpyxl-write-only": routes.openpyxl_write_only,
        "xlsxwriter": workbook_routes.xlsxwriter_plain,
        "openpyxl-workbook": workbook_routes.openpyxl_naive,
        "reportlab": routes.reportlab_naive,
        "typst": routes.typst_tagged,
        "pandoc": routes.pandoc_markdown,
    }[name]
    if name == "pandoc" and routes.tool_version(["pandoc", "--version"]) is None:
        raise routes.RouteUnavailable("pandoc is not installed")
    record_set, _, parse = _read(spec)
    library = _ROUTE_LIBRARIES.get(name)
    if library:
        try:
            load, _ = _timed(lambda: importlib.import_module(library), counted=False)  # imports, not timed with the writing
        except ImportError as exc:
            raise routes.RouteUnavailable(f"{library} is not installed ({exc})") from None
    write, paths = _timed(lambda: fn(record_set, out))
    parts = {"parse": parse, "write": write}
    if library:
        parts["import"] = load
    return {"seconds": parse + write, "parts": parts, **_summary(paths)}


_ROUTE_LIBRARIES = {"python-docx": "docx", "openpyxl": "openpyxl", "openpyxl-write-only": "openpyxl",
                    "xlsxwriter": "xlsxwriter", "openpyxl-workbook": "openpyxl",
                    "reportlab": "reportlab.platypus", "typst": "typst"}


def _libreoffice(spec: dict, out: Path) -> dict:
    """parse, make the .docx files (exporter's writer, else naive python-docx), convert them."""
    from . import routes

    if routes.soffice_path() is None:
        raise routes.RouteUnavailable("LibreOffice (soffice) is not installed")
    profile = Path(spec["profile"])
    routes.warm_libreoffice(profile)  # not timed: a user's profile exists already
    record_set, theme, parse = _read(spec)
    docx_dir = out / "docx"
    docx_dir.mkdir(parents=True, exist_ok=True)
    source = "exporter docx writer"
    try:
        make, documents = _timed(lambda: _render_with_exporter(record_set, theme, "docx", docx_dir))
    except Exception as exc:  # noqa: BLE001 - the writer may be missing while it is written
        source = f"naive python-docx (exporter's docx writer failed: {type(exc).__name__})"
        make, documents = _timed(lambda: routes.python_docx(record_set, docx_dir))
    convert, paths = _timed(lambda: routes.libreoffice_pdf(documents, out, profile, timeout=spec.get("timeout")))
    return {
        "seconds": parse + make + convert,
        "parts": {"parse": parse, "docx": make, "convert": convert},
        "note": f".docx from {source}",
        **_summary(paths),
    }


def task_build(spec: dict) -> dict:
    """`exporter build INPUT -o OUT` as a user runs it (default formats, default -j)."""
    command = exporter_command() + ["build", spec["input"], "-o", spec["out"], *spec.get("args", [])]
    seconds, done = _timed(lambda: subprocess.run(command, capture_output=True, text=True))
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return {"ok": False, "status": "failed", "note": f"exit {done.returncode}: {last[:200]}"}
    paths = [Path(line) for line in done.stdout.splitlines() if line.strip()]
    return {"seconds": seconds, "parts": {"command": seconds}, **_summary(paths)}


def task_startup(spec: dict) -> dict:
    """The median wall time of an exporter command over `repeat` runs."""
    command = exporter_command() + spec["args"]
    times = []
    for _ in range(spec.get("repeat", 5)):
        seconds, done = _timed(lambda: subprocess.run(command, capture_output=True))
        if done.returncode not in (0, 1):
            return {"ok": False, "status": "failed", "note": f"{' '.join(spec['args'])}: exit {done.returncode}"}
        times.append(seconds)
    return {"seconds": statistics.median(times), "parts": {"min": min(times), "max": max(times)}, "runs": times}


def task_imports(spec: dict) -> dict:
    """Which document libraries `exporter ARGS` imports, run in this process through
    exporter.cli.main, its output thrown away."""
    import contextlib
    import io

    from exporter.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(spec["args"])
        except SystemExit:
            pass
    loaded = [name for name in HEAVY_MODULES if name in sys.modules]
    return {"seconds": 0.0, "loaded": loaded}


# The tasks whose seconds are a sum of timed stretches (the start-up's are a median of
# runs), whose processor time is reported beside them.
_PROCESSOR_TASKS = ("parse", "writer", "floor", "route", "build")

TASKS: dict[str, Callable[[dict], dict]] = {
    "parse": task_parse,
    "writer": task_writer,
    "tagging": task_tagging,
    "floor": task_floor,
    "route": task_route,
    "build": task_build,
    "startup": task_startup,
    "imports": task_imports,
}


def run(spec: dict) -> dict:
    """The result of one task, never raising: failures and missing tools are results too."""
    from .routes import RouteUnavailable

    try:
        result = TASKS[spec["task"]](spec)
        if spec["task"] in _PROCESSOR_TASKS:
            result["processor_seconds"] = _Processor.counted
        result.setdefault("ok", True)
        result.setdefault("status", "ok" if result["ok"] else "failed")
    except RouteUnavailable as exc:
        result = {"ok": False, "status": "skipped", "note": str(exc)}
    except subprocess.TimeoutExpired as exc:
        result = {"ok": False, "status": "skipped", "note": f"over budget: timed out after {exc.timeout:.0f} s"}
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        where = traceback.extract_tb(exc.__traceback__)[-1]
        result = {
            "ok": False,
            "status": "failed",
            "note": f"{type(exc).__name__}: {str(exc)[:200]} ({Path(where.filename).name}:{where.lineno})",
        }
    result["peak_mb"] = _peak_mb()
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    spec = json.loads(args[0])
    print(json.dumps(run(spec)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
