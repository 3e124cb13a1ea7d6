"""The command line as the contract describes it: parse, check, build, writers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from exporter.cli import cli

from .support import FIXTURES, INPUT


@pytest.fixture
def runner():
    return CliRunner()


def test_parse_prints_the_record_set(runner):
    result = runner.invoke(cli, ["parse", str(INPUT)])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["format"] == "exporter.records" and len(document["records"]) == 20


def test_check_prints_file_line_level_message_and_a_summary(runner):
    result = runner.invoke(cli, ["check", str(INPUT), str(FIXTURES / "2024-T1-nämnd-på-öppningsraden.txt")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].endswith("2024-T1-nämnd-på-öppningsraden.txt:3: warning: no status sentence and no status label; status set to unknown")
    assert lines[-1] == "4 files, 25 records, 3 periods: 0 error(s), 4 warning(s), 0 info"


def test_check_exits_1_on_errors_and_with_strict_on_warnings(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{(tmp_path / 'empty.txt').as_posix()}:1: error: the file is empty" in result.stdout
    strict = runner.invoke(cli, ["check", "--strict", str(FIXTURES / "2024-T1-nämnd-på-öppningsraden.txt")])
    assert strict.exit_code == 1
    assert runner.invoke(cli, ["check", "--strict", str(INPUT)]).exit_code == 0


def test_check_with_repair_reports_each_repair_as_info(runner):
    result = runner.invoke(cli, ["check", "--repair", str(INPUT)])
    assert result.exit_code == 0
    assert result.stdout.count(": info: joined a word split by a line break") == 3


def test_build_writes_nothing_when_an_input_has_an_error(runner, tmp_path):
    shutil.copytree(INPUT, tmp_path / "in")
    (tmp_path / "in" / "z-broken.txt").write_bytes(b"%PDF-1.4\n" + bytes(50))
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(tmp_path / "in"), "-o", str(out), "-f", "json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "z-broken.txt:1: error: this is a PDF file" in result.stderr
    assert not out.exists()


def test_build_keep_going_skips_the_broken_file_and_names_it(runner, tmp_path):
    shutil.copytree(INPUT, tmp_path / "in")
    (tmp_path / "in" / "z-broken.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(tmp_path / "in"), "-o", str(out), "-f", "json", "--keep-going"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [(out / "records.json").as_posix()]
    assert "skipped because of errors" in result.stderr and "z-broken.txt" in result.stderr
    assert len(json.loads((out / "records.json").read_text(encoding="utf-8"))["records"]) == 20


def test_build_filters_by_period_and_committee(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(INPUT), "-o", str(out), "-f", "json", "--period", "T1 2022", "--committee", "SAN"])
    assert result.exit_code == 0, result.stderr
    records = json.loads((out / "records.json").read_text(encoding="utf-8"))["records"]
    assert len(records) == 2 and all(r["period"] == "T1 2022" and "SAN" in r["committees"] for r in records)


def test_build_is_byte_identical_for_the_same_input(runner, tmp_path):
    for name in ("a", "b"):
        assert runner.invoke(cli, ["build", str(INPUT), "-o", str(tmp_path / name), "-f", "json"]).exit_code == 0
    assert (tmp_path / "a" / "records.json").read_bytes() == (tmp_path / "b" / "records.json").read_bytes()


def test_usage_mistakes_exit_2(runner, tmp_path):
    assert runner.invoke(cli, ["build", str(INPUT), "-f", "odt", "-o", str(tmp_path)]).exit_code == 2
    assert runner.invoke(cli, ["parse", str(INPUT), "--period", "T7 2022"]).exit_code == 2
    assert runner.invoke(cli, ["parse"]).exit_code == 2


def test_a_broken_template_is_one_clear_line(runner, tmp_path):
    (tmp_path / "theme.toml").write_text('[organisation]\nname = "X"\n[status.done]\ncolour = "red"\n', encoding="utf-8")
    result = runner.invoke(cli, ["check", str(INPUT), "--template", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{tmp_path / 'theme.toml'}:4: error: status.done.colour 'red' is not a colour like #2E7D32"


def test_no_traceback_for_bad_input_from_the_real_command(tmp_path):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "latin.txt").write_bytes("T1 2022 Uppdrag\n.\nÖka (KS)\n".encode("cp1252"))
    for args in (["check", str(tmp_path)], ["parse", str(tmp_path)], ["build", str(tmp_path), "-o", str(tmp_path / "o")]):
        result = subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True, text=True)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr + result.stdout


def test_build_without_paths_reads_input_and_writes_output(tmp_path):
    shutil.copytree(INPUT, tmp_path / "input")
    result = subprocess.run([sys.executable, "-m", "exporter", "build", "-f", "json"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "output/records.json\n"
    assert (tmp_path / "output" / "records.json").is_file()


def test_a_record_set_from_parse_is_itself_an_input_of_build(runner, tmp_path):
    records = tmp_path / "records.json"
    records.write_text(runner.invoke(cli, ["parse", str(INPUT)]).stdout, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(records), "-o", str(out), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert (out / "records.json").read_bytes() == records.read_bytes()


def test_a_broken_record_set_json_is_an_error_naming_the_file(runner, tmp_path):
    (tmp_path / "records.json").write_text('{"format": "something else"}', encoding="utf-8")
    result = runner.invoke(cli, ["check", str(tmp_path / "records.json")])
    assert result.exit_code == 1
    assert 'records.json: $.format: expected "exporter.records": this is not a record set' in result.stdout
