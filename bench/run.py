"""The benchmark: exporter, the floor and the routes users would otherwise take,
on the same generated corpus, at several sizes and in two shapes.

    python -m bench                # 1,000, 10,000 and 100,000 records, 3 runs each
    python -m bench --quick        # 1,000 and 10,000 records, 1 run each

Every measurement runs in a fresh process (bench.measure); the table goes to
standard output, progress to standard error, and the same numbers with the
machine's description to a JSON file (default bench/results/latest.json).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import report

__all__ = ["Measure", "MEASURES", "GROUPS", "main", "run_benchmark"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSON = ROOT / "bench" / "results" / "latest.json"
LIBRARIES = ("exporter", "python-docx", "openpyxl", "reportlab", "pikepdf", "lxml", "click")


@dataclass(frozen=True)
class Measure:
    """One thing measured at each size: a row of the table."""

    key: str  # what --only names
    what: str  # the row's label
    kind: str  # exporter, floor or route
    format: str | None
    spec: tuple[tuple[str, str], ...]  # the task for bench.measure

    @property
    def costly(self) -> bool:
        return self.key in COSTLY


MEASURES: tuple[Measure, ...] = (
    Measure("floor-docx", "floor docx", "floor", "docx", (("task", "floor"), ("name", "docx"))),
    Measure("floor-xlsx", "floor xlsx", "floor", "xlsx", (("task", "floor"), ("name", "xlsx"))),
    Measure("parse", "exporter parse", "exporter", None, (("task", "parse"),)),
    Measure("docx", "exporter docx", "exporter", "docx", (("task", "writer"), ("name", "docx"))),
    Measure("xlsx", "exporter xlsx", "exporter", "xlsx", (("task", "writer"), ("name", "xlsx"))),
    Measure("pdf", "exporter pdf", "exporter", "pdf", (("task", "writer"), ("name", "pdf"))),
    Measure("json", "exporter json", "exporter", "json", (("task", "writer"), ("name", "json"))),
    Measure("build", "exporter build", "exporter", None, (("task", "build"),)),
    Measure("xlsxwriter", "route xlsxwriter", "route", "xlsx", (("task", "route"), ("name", "xlsxwriter"))),
    Measure("openpyxl-workbook", "route openpyxl workbook", "route", "xlsx",
            (("task", "route"), ("name", "openpyxl-workbook"))),
    Measure("openpyxl", "route openpyxl", "route", "xlsx", (("task", "route"), ("name", "openpyxl"))),
    Measure("openpyxl-write-only", "route openpyxl write-only", "route", "xlsx",
            (("task", "route"), ("name", "openpyxl-write-only"))),
    Measure("pandoc", "route pandoc", "route", "docx", (("task", "route"), ("name", "pandoc"))),
    Measure("reportlab", "route reportlab", "route", "pdf", (("task", "route"), ("name", "reportlab"))),
    Measure("typst", "route typst", "route", "pdf", (("task", "route"), ("name", "typst"))),
    Measure("python-docx", "route python-docx", "route", "docx", (("task", "route"), ("name", "python-docx"))),
    Measure("libreoffice", "route libreoffice", "route", "pdf", (("task", "route"), ("name", "libreoffice"))),
)
GROUPS = {
    "exporter": ("parse", "docx", "xlsx", "pdf", "build"),
    "floor": ("floor-docx", "floor-xlsx"),
    "routes": ("xlsxwriter", "openpyxl-workbook", "openpyxl", "openpyxl-write-only", "pandoc", "reportlab", "typst", "python-docx", "libreoffice"),
    "startup": ("startup",),
}
DEFAULT_ONLY = ("exporter", "floor", "routes", "startup")
# Routes that grow faster than linearly or cost minutes: capped in records and budgeted.
COSTLY = {"python-docx", "pandoc", "reportlab", "typst", "libreoffice", "openpyxl-workbook"}
# How a route's time grows with the records, to predict the next size from the last.
# python-docx's cell() walks the whole table, so it grows with the square of a document's rows.
GROWTH = {("python-docx", "single"): 2.0, ("python-docx", "spread"): 2.0, ("libreoffice", "single"): 2.0,
          ("libreoffice", "spread"): 1.3}


# -- running children ----------------------------------------------------------------------------


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def run_child(spec: dict, timeout: float) -> dict:
    """Run one bench.measure task in a fresh process (its own session, so that a timeout
    ends every process it started) and return what it reports."""
    command = [sys.executable, "-m", "bench.measure", json.dumps(spec)]
    proc = subprocess.Popen(command, cwd=ROOT, env=_child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return {"ok": False, "status": "skipped", "note": f"over budget: killed after {timeout:.0f} s"}
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if not lines:
        last = (err.strip().splitlines() or [f"exit {proc.returncode}, no output"])[-1]
        return {"ok": False, "status": "failed", "note": last[:200]}
    return json.loads(lines[-1])


def generate_corpus(records: int, seed: int, shape: str, out_dir: Path) -> None:
    """The corpus, written by a child process so that this one stays small (a child
    inherits its parent's peak memory on Linux)."""
    command = [sys.executable, "-m", "bench.corpus", str(records), "--seed", str(seed), "--shape", shape,
               "-o", str(out_dir)]
    subprocess.run(command, cwd=ROOT, env=_child_env(), check=True, capture_output=True)


# -- machine ------------------------------------------------------------------------------------------


def machine_info() -> dict:
    """Cores, CPU model, Python, and the versions of the libraries and tools compared."""
    from importlib import metadata

    from .routes import soffice_path, tool_version

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    libraries = {}
    for name in LIBRARIES:
        try:
            libraries[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libraries[name] = None
    soffice = soffice_path()
    return {
        "cores": cores,
        "cpu_model": model,
        "memory_gb": _memory_gb(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "libraries": libraries,
        "tools": {
            "pandoc": tool_version(["pandoc", "--version"]),
            "libreoffice": tool_version([soffice, "--version"]) if soffice else None,
        },
    }


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


# -- the run ----------------------------------------------------------------------------------------


@dataclass
class Settings:
    sizes: list[int]
    shapes: list[str]
    repeat: int
    route_repeat: int
    only: list[str]
    seed: int
    budget: float
    route_cap: int
    timeout: float
    json_path: Path
    work: Path | None
    keep: bool


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _result(shape: str, records: int | None, what: str, kind: str, fmt: str | None) -> dict:
    return {"shape": shape, "records": records, "what": what, "kind": kind, "format": fmt, "status": "ok",
            "note": "", "seconds": None, "processor_seconds": None, "runs": [], "peak_mb": None, "per_record_us": None,
            "parse_us_per_record": None, "parts": {}}


def _run_once(measure: Measure, shape: str, records: int, corpus: Path, work: Path, i: int, timeout: float) -> dict:
    """One fresh-process run of a measure: its outcome."""
    out = work / "out" / f"{shape}-{records}-{measure.key}-{i}"
    out.mkdir(parents=True, exist_ok=True)
    spec = dict(measure.spec, input=str(corpus), out=str(out), profile=str(work / "lo-profile"), timeout=timeout)
    outcome = run_child(spec, timeout + 30)
    shutil.rmtree(out, ignore_errors=True)
    return outcome


def _summarise(measure: Measure, shape: str, records: int, outcomes: list[dict], failed: dict | None) -> dict:
    """The median of a measure's runs (or why it failed)."""
    result = _result(shape, records, measure.what, measure.kind, measure.format)
    if failed is not None:
        result.update(status=failed.get("status", "failed"), note=failed.get("note", ""))
        return result
    times = [o["seconds"] for o in outcomes]
    processor = [o["processor_seconds"] for o in outcomes if o.get("processor_seconds") is not None]
    parts = {k: round(statistics.median(o["parts"][k] for o in outcomes), 4) for k in outcomes[0].get("parts", {})}
    result.update(
        seconds=round(statistics.median(times), 4),
        processor_seconds=round(statistics.median(processor), 4) if processor else None,
        runs=[round(t, 4) for t in times],
        peak_mb=max(o["peak_mb"] for o in outcomes),
        per_record_us=round(statistics.median(times) / records * 1e6, 2) if records else None,
        parse_us_per_record=round(parts["parse"] / records * 1e6, 2) if records and "parse" in parts else None,
        parts=parts,
        documents=outcomes[0].get("documents"),
        bytes=outcomes[0].get("bytes"),
        note=outcomes[0].get("note", ""),
    )
    return result


def _measure_all(plans: list[tuple[Measure, int, float]], shape: str, records: int, corpus: Path,
                 work: Path) -> dict[str, dict]:
    """Every measure's runs, taken in turns (the first run of each, then the second of
    each, ...), so that a stretch of time when the machine runs slower or quicker falls
    on exporter and on the routes it is compared with alike; each measure's result."""
    outcomes: dict[str, list[dict]] = {m.key: [] for m, _, _ in plans}
    failed: dict[str, dict] = {}
    for i in range(max((runs for _, runs, _ in plans), default=0)):
        for measure, runs, timeout in plans:
            if i >= runs or measure.key in failed:
                continue
            outcome = _run_once(measure, shape, records, corpus, work, i, timeout)
            if not outcome.get("ok"):
                failed[measure.key] = outcome
            else:
                outcomes[measure.key].append(outcome)
    return {m.key: _summarise(m, shape, records, outcomes[m.key], failed.get(m.key)) for m, _, _ in plans}


def _over_budget(measure: Measure, shape: str, records: int, last: dict, settings: Settings) -> str | None:
    """Why a costly route is not run at this size, or None to run it."""
    if not measure.costly:
        return None
    if records > settings.route_cap:
        return f"over budget: capped at {settings.route_cap:,} records (--route-cap)"
    previous = last.get((shape, measure.key))
    if previous is None:
        return None
    if previous == "over":
        return "over budget: a smaller size was over it already"
    size, seconds = previous
    predicted = seconds * (records / size) ** GROWTH.get((measure.key, shape), 1.1)
    if predicted > settings.budget:
        return f"over budget: predicted {predicted:.0f} s > {settings.budget:.0f} s (--budget)"
    return None


def _startup(settings: Settings, work: Path) -> list[dict]:
    """Time `exporter writers`, `check` and `parse` and check they load no document library."""
    sample = ROOT / "input"
    if not sorted(sample.glob("*.txt")):
        sample = work / "startup-input"
        generate_corpus(20, settings.seed, "spread", sample)
    shown = "input/" if sample == ROOT / "input" else "a 20-record corpus"
    commands = (("writers",), ("check", str(sample)), ("parse", str(sample)))
    results = []
    for args in commands:
        label = "exporter " + " ".join(args).replace(str(sample), shown)
        r = _result("-", None, f"startup: {label}", "startup", None)
        outcome = run_child({"task": "startup", "args": list(args), "repeat": 5}, settings.timeout)
        if outcome.get("ok"):
            r.update(seconds=round(outcome["seconds"], 4), runs=[round(t, 4) for t in outcome.get("runs", [])],
                     peak_mb=outcome["peak_mb"], parts=outcome.get("parts", {}))
        else:
            r.update(status=outcome.get("status", "failed"), note=outcome.get("note", ""))
        results.append(r)
        _log(f"  {r['what']}: {r['seconds'] if r['status'] == 'ok' else r['status'] + ' ' + r['note']}")
    for args in commands:
        label = "exporter " + " ".join(args).replace(str(sample), shown)
        r = _result("-", None, f"imports: {label}", "startup", None)
        outcome = run_child({"task": "imports", "args": list(args)}, settings.timeout)
        if outcome.get("ok"):
            loaded = outcome.get("loaded", [])
            r.update(seconds=0.0, peak_mb=outcome["peak_mb"], loaded=loaded,
                     note="loads " + ", ".join(loaded) if loaded else "loads no document library")
        else:
            r.update(status=outcome.get("status", "failed"), note=outcome.get("note", ""))
        results.append(r)
        _log(f"  {r['what']}: {r['note']}")
    return results


def _selected(only: Sequence[str]) -> list[str]:
    keys: list[str] = []
    for name in only:
        keys.extend(GROUPS.get(name, (name,)))
    known = {m.key for m in MEASURES} | {"startup"}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise SystemExit(f"bench: unknown --only {', '.join(unknown)}; use {', '.join(sorted(known | set(GROUPS)))}")
    return list(dict.fromkeys(keys))


def _document(settings: Settings, machine: dict, results: list[dict], started: float, finished: bool) -> dict:
    report.add_ratios(results)
    return {
        "format": "exporter.bench",
        "version": 1,
        "finished": finished,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "elapsed_seconds": round(time.monotonic() - started, 1),
        "machine": machine,
        "settings": {
            "sizes": settings.sizes,
            "shapes": settings.shapes,
            "repeat": settings.repeat,
            "route_repeat": settings.route_repeat,
            "only": settings.only,
            "seed": settings.seed,
            "budget_seconds": settings.budget,
            "route_cap": settings.route_cap,
        },
        "results": results,
        "targets": report.targets(results),
    }


def _write_json(path: Path, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def run_benchmark(settings: Settings) -> dict:
    """Run every selected measure at every size and shape; the JSON document of the run."""
    started = time.monotonic()
    keys = _selected(settings.only)
    measures = [m for m in MEASURES if m.key in keys]
    machine = machine_info()
    work = settings.work or Path(tempfile.mkdtemp(prefix="exporter-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    last: dict = {}
    try:
        if "startup" in keys:
            _log("start-up")
            results.extend(_startup(settings, work))
        for shape in settings.shapes:
            for records in settings.sizes:
                corpus = work / f"corpus-{shape}-{records}"
                _log(f"{shape}, {records:,} records: generating the corpus")
                generate_corpus(records, settings.seed, shape, corpus)
                skipped: dict[str, str] = {}
                plans = []
                for measure in measures:
                    why = _over_budget(measure, shape, records, last, settings)
                    if why:
                        skipped[measure.key] = why
                    else:
                        runs = settings.route_repeat if measure.kind == "route" else settings.repeat
                        timeout = min(settings.budget * 2, settings.timeout) if measure.costly else settings.timeout
                        plans.append((measure, runs, timeout))
                measured = _measure_all(plans, shape, records, corpus, work)
                for measure in measures:
                    if measure.key in skipped:
                        r = _result(shape, records, measure.what, measure.kind, measure.format)
                        r.update(status="skipped", note=skipped[measure.key])
                    else:
                        r = measured[measure.key]
                    if r["status"] == "ok":
                        last[(shape, measure.key)] = (records, r["seconds"])
                    elif r["note"].startswith("over budget"):
                        last[(shape, measure.key)] = "over"
                    results.append(r)
                    shown = f"{r['seconds']:.3f} s, {r['peak_mb']:.0f} MB" if r["status"] == "ok" else f"{r['status']}: {r['note']}"
                    _log(f"  {shape} {records:>7,} {measure.what}: {shown}")
                if not settings.keep:
                    shutil.rmtree(corpus, ignore_errors=True)
                _write_json(settings.json_path, _document(settings, machine, results, started, False))
    finally:
        if settings.work is None and not settings.keep:
            shutil.rmtree(work, ignore_errors=True)
    document = _document(settings, machine, results, started, True)
    _write_json(settings.json_path, document)
    return document


# -- command line ------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="record counts, comma-separated")
    parser.add_argument("--shapes", default="spread,single", help="spread, single or both")
    parser.add_argument("--repeat", type=int, default=3, help="runs of exporter and the floor (median)")
    parser.add_argument("--route-repeat", type=int, default=1, help="runs of each route (median)")
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 records, 1 run each")
    parser.add_argument(
        "--only",
        default=",".join(DEFAULT_ONLY),
        help="what to measure, comma-separated: groups exporter, floor, routes, startup or single "
        "measures parse, docx, xlsx, pdf, json, build, floor-docx, floor-xlsx, xlsxwriter, openpyxl-workbook, openpyxl, "
        "openpyxl-write-only, pandoc, "
        "reportlab, typst, python-docx, libreoffice",
    )
    parser.add_argument("--seed", type=int, default=2024, help="seed of the corpus")
    parser.add_argument("--budget", type=float, help="seconds a costly route may take at one size (300; 120 with --quick)")
    parser.add_argument("--route-cap", type=int, default=10_000, help="most records a costly route is run on")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds any one run may take")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the JSON")
    parser.add_argument("--work", type=Path, help="folder for corpora and outputs (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and the work folder")
    return parser


def settings_from(argv: Sequence[str] | None = None) -> Settings:
    args = _parser().parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    repeat, route_repeat = args.repeat, args.route_repeat
    if args.quick:
        sizes, repeat, route_repeat = [s for s in sizes if s <= 10_000] or [1000, 10_000], 1, 1
    shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    for shape in shapes:
        if shape not in ("spread", "single"):
            raise SystemExit(f"bench: unknown shape {shape!r}; use spread, single")
    return Settings(
        sizes=sizes,
        shapes=shapes,
        repeat=max(1, repeat),
        route_repeat=max(1, route_repeat),
        only=[s.strip() for s in args.only.split(",") if s.strip()],
        seed=args.seed,
        budget=args.budget if args.budget is not None else (120.0 if args.quick else 300.0),
        route_cap=args.route_cap,
        timeout=args.timeout,
        json_path=args.json,
        work=args.work,
        keep=args.keep,
    )


def main(argv: Sequence[str] | None = None) -> int:
    settings = settings_from(argv)
    _selected(settings.only)  # fail early on a wrong --only
    document = run_benchmark(settings)
    print(report.table(document["results"]))
    print()
    print(report.targets_text(document["targets"]))
    print(f"\nJSON: {settings.json_path}")
    return 0
