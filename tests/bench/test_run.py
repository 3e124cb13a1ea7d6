"""A smoke test of the benchmark harness on a tiny corpus (floor, parse, the json writer)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import report

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow  # runs the benchmark harness at a small size
def test_harness_writes_the_json_and_prints_the_table(tmp_path):
    out = tmp_path / "result.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "50", "--repeat", "1", "--only", "floor,parse,json",
         "--json", str(out), "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text("utf-8"))
    assert document["format"] == "exporter.bench" and document["finished"] is True
    assert {"cores", "cpu_model", "python", "libraries", "tools"} <= set(document["machine"])
    assert document["settings"]["sizes"] == [50]
    whats = {(r["shape"], r["what"]) for r in document["results"]}
    for shape in ("spread", "single"):
        assert {(shape, "floor docx"), (shape, "floor xlsx"), (shape, "exporter parse"), (shape, "exporter json")} <= whats
    for result in document["results"]:
        assert {"shape", "records", "what", "kind", "status", "seconds", "peak_mb", "per_record_us",
                "parse_us_per_record", "ratio_to_floor", "speedup", "processor_seconds", "processor_speedup",
                "runs"} <= set(result)
        assert result["status"] == "ok", result
        assert result["records"] == 50 and result["seconds"] > 0 and result["peak_mb"] > 0
        assert result["processor_seconds"] > 0
    assert "targets" in document
    assert "floor docx" in done.stdout and "peak MB" in done.stdout and "cpu s" in done.stdout and "parse µs/record" in done.stdout
    parsed = next(r for r in document["results"] if r["what"] == "exporter parse")
    assert parsed["parse_us_per_record"] == pytest.approx(parsed["per_record_us"], rel=0.02)


def test_ratios_compare_the_same_records_and_format():
    def row(what, kind, fmt, seconds, records=10_000, shape="spread", processor=None):
        return {"shape": shape, "records": records, "what": what, "kind": kind, "format": fmt,
                "status": "ok", "seconds": seconds, "processor_seconds": processor, "peak_mb": 100.0,
                "per_record_us": seconds / records * 1e6}

    results = [
        row("floor docx", "floor", "docx", 1.0),
        row("exporter docx", "exporter", "docx", 2.0),
        row("route python-docx", "route", "docx", 40.0),
        row("route pandoc", "route", "docx", 20.0, shape="single"),
        row("exporter pdf", "exporter", "pdf", 3.0, processor=2.5),
        {"shape": "spread", "records": 10_000, "what": "route reportlab", "kind": "route", "format": "pdf",
         "status": "skipped", "note": "over budget"},
        row("route typst", "route", "pdf", 8.1, processor=20.0),  # several threads: more work than wall clock
    ]
    report.add_ratios(results)
    assert results[1]["ratio_to_floor"] == 2.0
    assert results[1]["speedup"] == {"python-docx": 20.0}  # pandoc ran on the other shape
    assert results[4]["speedup"] == {"typst": 2.7}  # reportlab was skipped
    assert results[4]["processor_speedup"] == {"typst": 8.0}
    assert results[1]["processor_speedup"] == {}  # no processor time measured
    checks = {c["target"]: c for c in report.targets(results)}
    assert checks["spread: .docx at 10,000 records / floor"]["verdict"] == "ok"
    assert checks["spread: .docx at 10,000 records / floor (#11)"]["verdict"] == "ok"  # 2.0 is within 2×
    assert checks["spread: .pdf at 10,000 records, speed-up vs typst (#12)"]["verdict"] == "ok"  # 2.7×
    assert checks["spread: .pdf at 10,000 records, speed-up vs reportlab (#11)"]["verdict"] == "n/a"  # skipped
    assert "skipped" in report.table(results)
    assert "typst 2.7x (cpu 8x)" in report.table(results)


def test_processor_time_counts_threads_and_children_but_not_imports():
    from bench import measure

    def spin_in_threads():  # two threads of Python work: their processor time adds up
        import threading

        threads = [threading.Thread(target=lambda: sum(i * i for i in range(300_000))) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    child = [sys.executable, "-c", "sum(i * i for i in range(600_000))"]
    before = measure._Processor.counted
    measure._timed(lambda: subprocess.run(child, check=True), counted=False)  # (an import's stretch)
    assert measure._Processor.counted == before
    alone, _ = measure._timed(lambda: subprocess.run(child, check=True))
    in_child = measure._Processor.counted - before
    assert in_child > 0.02  # the child's own processor time, not just the wait for it
    measure._timed(spin_in_threads)
    assert measure._Processor.counted - before - in_child > 0.02
