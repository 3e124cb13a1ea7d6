"""Inputs on disk: regular files only, a size limit, and names that do not depend on
how a path was typed (or on whether the name is UTF-8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from exporter.readers import ReadOptions, input_files, read

from ..support import INPUT

SAMPLE = "2022-T1-naringsliv.txt"


def exporter(*args, cwd=None, env=None):
    """The real command in a child, so that a read that blocks fails the test instead of hanging it."""
    return subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True, text=True, timeout=60,
                          cwd=cwd, env=env)


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="the system has no named pipes")


@needs_fifo
def test_a_fifo_given_as_input_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = exporter("check", str(fifo))
    assert result.returncode == 1
    assert "pipe.txt:1: error: this is a named pipe (FIFO), not a file; only regular files are read" in result.stdout


@needs_fifo
def test_a_fifo_inside_an_input_folder_is_an_error_naming_it(tmp_path, theme):
    (tmp_path / SAMPLE).write_bytes((INPUT / SAMPLE).read_bytes())
    os.mkfifo(tmp_path / "z-pipe.txt")
    result = exporter("check", str(tmp_path))
    assert result.returncode == 1
    assert "z-pipe.txt:1: error: this is a named pipe (FIFO), not a file; only regular files are read" in result.stdout
    assert "1 file, 5 records" in result.stdout  # the regular file is still read


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="the system has no /dev/zero")
def test_a_device_is_refused_not_read_until_memory_runs_out():
    result = exporter("check", "/dev/zero")
    assert result.returncode == 1
    assert "zero:1: error: this is a character device, not a file; only regular files are read" in result.stdout


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(tmp_path, theme):
    (tmp_path / SAMPLE).write_bytes((INPUT / SAMPLE).read_bytes())
    records = read([tmp_path], theme, ReadOptions(max_bytes=1000))
    (error,) = records.errors
    assert (error.file, error.line) == (SAMPLE, 1)
    assert error.message == "the file is 2464 bytes, over the limit of 1000 bytes (EXPORTER_MAX_INPUT_MB sets another)"
    assert len(read([tmp_path], theme, ReadOptions(max_bytes=100_000))) == 5


def test_the_size_limit_is_100_mb_unless_the_environment_sets_another(tmp_path):
    (tmp_path / SAMPLE).write_bytes((INPUT / SAMPLE).read_bytes())
    env = {**os.environ, "EXPORTER_MAX_INPUT_MB": "0.001"}
    result = exporter("check", str(tmp_path), env=env)
    assert result.returncode == 1 and "over the limit of 1048 bytes (EXPORTER_MAX_INPUT_MB sets another)" in result.stdout
    env["EXPORTER_MAX_INPUT_MB"] = "lots"
    result = exporter("check", str(tmp_path), env=env)
    assert "EXPORTER_MAX_INPUT_MB='lots' is not a number of megabytes" in result.stdout
    assert exporter("check", str(tmp_path)).returncode == 0


def test_a_file_is_named_relative_to_the_folder_given_or_by_its_base_name(tmp_path, theme):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_bytes((INPUT / SAMPLE).read_bytes())
    (tmp_path / "sub" / "b.txt").write_bytes((INPUT / SAMPLE).read_bytes())
    assert [f.name for f in input_files([tmp_path], recursive=True)[0]] == ["a.txt", "sub/b.txt"]
    assert [f.name for f in input_files([tmp_path / "sub" / "b.txt"])[0]] == ["b.txt"]
    assert {r.source.file for r in read([tmp_path], theme, recursive=True)} == {"a.txt", "sub/b.txt"}


def test_the_record_set_does_not_depend_on_how_the_path_was_typed(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / SAMPLE).write_bytes((INPUT / SAMPLE).read_bytes())
    outputs = {exporter("parse", typed, cwd=tmp_path).stdout for typed in ("in", "in/", "./in", str(tmp_path / "in"))}
    assert len(outputs) == 1
    assert {r["source"]["file"] for r in json.loads(outputs.pop())["records"]} == {SAMPLE}


@pytest.fixture
def latin1_name(tmp_path):
    """A folder holding a sample under a name that is not UTF-8: b"r\\xe4k.txt"."""
    folder = tmp_path / "in"
    folder.mkdir()
    try:
        path = Path(os.fsdecode(bytes(folder) + b"/r\xe4k.txt"))
        path.write_bytes((INPUT / SAMPLE).read_bytes())
    except (OSError, UnicodeError) as exc:
        pytest.skip(f"the file system does not take a name that is not UTF-8: {exc}")
    return folder


def test_a_name_that_is_not_utf8_keeps_its_byte_as_backslash_x(latin1_name, theme):
    records = read([latin1_name], theme)
    assert {r.source.file for r in records} == {"r\\xe4k.txt"}


def test_build_json_and_the_workbook_keep_a_name_that_is_not_utf8(latin1_name, tmp_path):
    out = tmp_path / "out"
    result = exporter("build", str(latin1_name), "-o", str(out), "-f", "json", "-f", "xlsx")
    assert result.returncode == 0, result.stderr
    document = json.loads((out / "records.json").read_text(encoding="utf-8"))
    assert {r["source"]["file"] for r in document["records"]} == {"r\\xe4k.txt"}

    from openpyxl import load_workbook

    workbook = load_workbook(out / "statusmatris.xlsx", read_only=True)
    cells = {cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    assert "r\\xe4k.txt" in cells


def test_reading_leaves_the_cycle_collector_as_it_was(theme):
    import gc

    assert gc.isenabled()
    read([INPUT], theme)
    assert gc.isenabled()
    gc.disable()
    try:
        read([INPUT], theme)
        assert not gc.isenabled()
    finally:
        gc.enable()
