"""The command line as the contract describes it: parse, check, build, writers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
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
    assert lines[0] == ("2022-T1-naringsliv.txt:21: info: joined a word split by a line break: "
                        "'arbetsmarknads- politiken' -> 'arbetsmarknadspolitiken'")
    assert lines[3] == "2024-T1-nämnd-på-öppningsraden.txt:3: warning: no status sentence and no status label; status set to unknown"
    assert lines[-1] == "4 files, 25 records, 3 periods: 0 error(s), 4 warning(s), 3 info"


def test_check_exits_1_on_errors_and_with_strict_on_warnings(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "empty.txt:1: error: the file is empty" in result.stdout.splitlines()
    strict = runner.invoke(cli, ["check", "--strict", str(FIXTURES / "2024-T1-nämnd-på-öppningsraden.txt")])
    assert strict.exit_code == 1
    assert runner.invoke(cli, ["check", "--strict", str(INPUT)]).exit_code == 0


def test_check_reports_each_mended_word_as_info_and_repair_is_still_accepted(runner):
    for options in ([], ["--repair"]):  # --repair, the old switch, is accepted and changes nothing
        result = runner.invoke(cli, ["check", *options, str(INPUT)])
        assert result.exit_code == 0
        assert result.stdout.count(": info: joined a word split by a line break") == 3


def test_keep_line_breaks_keeps_the_text_as_written_and_says_how_many_look_split(runner):
    result = runner.invoke(cli, ["check", "--keep-line-breaks", str(INPUT)])
    assert result.exit_code == 0
    assert "joined a word" not in result.stdout
    assert result.stdout.splitlines()[0] == ('2022-T1-naringsliv.txt:21: info: 3 words look split by old line breaks '
                                             '("arbetsmarknads- politiken"); kept as written (--keep-line-breaks)')
    def comments(*options: str) -> str:
        records = json.loads(runner.invoke(cli, ["parse", *options, str(INPUT)]).stdout)["records"]
        return " ".join(p for r in records for p in r["comment"])

    assert "arbetsmarknads- politiken" in comments("--keep-line-breaks")
    assert "arbetsmarknads- politiken" not in comments()


def test_build_says_how_many_words_it_mended(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(INPUT), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 0
    assert "exporter: mended 3 words split by old line breaks" in result.stderr
    def texts(folder: str) -> str:
        records = json.loads((tmp_path / folder / "records.json").read_text(encoding="utf-8"))["records"]
        return " ".join(p for r in records for p in (r["title"], r["status_text"], *r["comment"]))

    for broken in ("arbetsmarknads- politiken", "samverkans- perspektiv", "arbets- marknadsenheten"):
        assert broken not in texts("out")
    kept = runner.invoke(cli, ["build", str(INPUT), "-o", str(tmp_path / "kept"), "-f", "json", "--keep-line-breaks"])
    assert kept.exit_code == 0 and "mended" not in kept.stderr
    assert "arbetsmarknads- politiken" in texts("kept")


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
    # A filtered build says its filter in its names, and never replaces the full record set.
    assert sorted(p.name for p in out.iterdir()) == ["records-2022-T1-SAN.json"]
    records = json.loads((out / "records-2022-T1-SAN.json").read_text(encoding="utf-8"))["records"]
    assert len(records) == 2 and all(r["period"] == "T1 2022" and "SAN" in r["committees"] for r in records)


def test_a_committee_filter_names_every_document_and_a_full_build_stays(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(cli, ["build", str(INPUT), "-o", str(out), "-f", "json", "-f", "docx"]).exit_code == 0
    full = {p.name: p.read_bytes() for p in out.iterdir()}
    result = runner.invoke(cli, ["build", str(INPUT), "-o", str(out), "-f", "json", "-f", "docx", "--committee", "SAN"])
    assert result.exit_code == 0, result.stderr
    assert {p.name for p in out.iterdir()} == set(full) | {
        "records-SAN.json", "uppfoljning-2020-T3-SAN.docx", "uppfoljning-2022-T1-SAN.docx"}
    assert all((out / name).read_bytes() == data for name, data in full.items())


def test_build_is_byte_identical_for_the_same_input(runner, tmp_path):
    for name in ("a", "b"):
        assert runner.invoke(cli, ["build", str(INPUT), "-o", str(tmp_path / name), "-f", "json"]).exit_code == 0
    assert (tmp_path / "a" / "records.json").read_bytes() == (tmp_path / "b" / "records.json").read_bytes()


def test_usage_mistakes_exit_2(runner, tmp_path):
    assert runner.invoke(cli, ["build", str(INPUT), "-f", "odt", "-o", str(tmp_path)]).exit_code == 2
    assert runner.invoke(cli, ["parse", str(INPUT), "--period", "T7 2022"]).exit_code == 2
    assert runner.invoke(cli, ["parse", "--no-such-option"]).exit_code == 2


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


# -- messages a person can act on (issue #10) ------------------------------------------------


def test_a_period_filter_that_matches_nothing_names_the_periods_there_are(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(INPUT), "-o", str(tmp_path / "o"), "-f", "json", "--period", "T2 2022"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == 'exporter: no records for --period "T2 2022"; the input has T1 2022, T3 2020'
    assert result.stdout == "" and not (tmp_path / "o").exists()


def test_a_committee_filter_that_matches_nothing_names_the_committees_there_are(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(INPUT), "-o", str(tmp_path / "o"), "-f", "json", "--committee", "TN"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "exporter: no records for --committee TN; the input has KS, MSN, SAN, KFN, BUN, VON"
    within = runner.invoke(cli, ["build", str(INPUT), "-o", str(tmp_path / "o"), "-f", "json", "--committee", "MSN",
                                 "--period", "T1 2022"])
    assert within.stderr.splitlines()[-1] == (
        "exporter: no records for --committee MSN in T1 2022; the input has KS, SAN there")


def test_committee_codes_in_filters_ignore_case(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(INPUT), "-o", str(tmp_path), "-f", "json", "--committee", "san"])
    assert result.exit_code == 0, result.stderr
    (written,) = result.stdout.splitlines()
    records = json.loads(Path(written).read_text(encoding="utf-8"))["records"]
    assert len(records) == 5 and all("SAN" in r["committees"] for r in records)


def test_a_missing_path_is_one_line_without_line_number_or_keep_going_hint(tmp_path):
    for command in ("build", "check", "parse", "archive"):
        result = subprocess.run([sys.executable, "-m", "exporter", command, "nope"], capture_output=True, text=True,
                                cwd=tmp_path)
        assert result.returncode == 1, command
        assert result.stderr == "nope: no such file or folder\n", command
        assert result.stdout == ""


def test_check_parse_and_build_read_input_when_given_no_path_and_say_so(tmp_path):
    shutil.copytree(INPUT, tmp_path / "input")
    for args in (["check"], ["parse"], ["build", "-f", "json"]):
        result = subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines()[0] == "exporter: no PATH given; reading input/"
    assert result.stdout == "output/records.json\n"  # build's standard output stays only the paths written
    missing = subprocess.run([sys.executable, "-m", "exporter", "check"], capture_output=True, text=True,
                             cwd=tmp_path / "input")
    assert missing.returncode == 1
    assert "input: no such file or folder (with no PATH, exporter reads input/ in the current folder)" in missing.stderr


def test_archive_reads_input_and_writes_arkiv_by_default_and_says_so(tmp_path):
    pytest.importorskip("pikepdf")
    (tmp_path / "input").mkdir()
    shutil.copy(INPUT / "2022-T1-naringsliv.txt", tmp_path / "input")
    result = subprocess.run([sys.executable, "-m", "exporter", "archive"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[:2] == ["exporter: no PATH given; reading input/", "exporter: no -o given; writing to arkiv/"]
    assert lines[-1] == ("exporter: mended 3 words split by old line breaks ('exporter check' lists them; "
                         "--keep-line-breaks keeps the text as written)")
    assert (tmp_path / "arkiv" / "SHA256SUMS").is_file()
    assert (tmp_path / "arkiv" / "2022" / "T1" / "uppfoljning-2022-T1.pdf").is_file()


def test_template_init_into_a_template_folder_says_to_use_another_or_force(runner, tmp_path):
    assert runner.invoke(cli, ["template", "init", str(tmp_path / "mall")]).exit_code == 0
    (tmp_path / "mall" / "theme.toml").write_text("# mine\n", encoding="utf-8")
    again = runner.invoke(cli, ["template", "init", str(tmp_path / "mall")])
    assert again.exit_code == 1
    assert "choose another folder, or add --force" in again.stderr
    assert (tmp_path / "mall" / "theme.toml").read_text(encoding="utf-8") == "# mine\n"
    forced = runner.invoke(cli, ["template", "init", "--force", str(tmp_path / "mall")])
    assert forced.exit_code == 0
    assert (tmp_path / "mall" / "theme.toml").read_text(encoding="utf-8").startswith("# The theme")


def test_a_period_filtered_report_still_says_what_changed_since_the_tertial_before(runner, tmp_path):
    from exporter.writers.records_json import dumps

    from .support import changing_record_set

    source = tmp_path / "records.json"
    source.write_text(dumps(changing_record_set()), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(source), "-o", str(out), "-f", "html", "-f", "json",
                                 "--period", "T2 2022"])
    assert result.exit_code == 0, result.stderr
    # Documents of the period asked for only, the records of that period only ...
    assert sorted(p.name for p in out.iterdir()) == ["records-2022-T2.json", "uppfoljning-2022-T2.html"]
    records = json.loads((out / "records-2022-T2.json").read_text(encoding="utf-8"))["records"]
    assert {r["period"] for r in records} == {"T2 2022"}
    # ... but the report compares with T1 2022: the changes, and each assignment's previous status.
    page = (out / "uppfoljning-2022-T2.html").read_text(encoding="utf-8")
    assert "Förändringar sedan T1 2022" in page and "Har halkat efter" in page and "Föregående" in page


# -- help --------------------------------------------------------------------------------


def _options(command, path=()):
    """Every option of `command` and its sub-commands, with the command's path."""
    for param in command.params:
        if isinstance(param, click.Option):
            yield (*path, command.name), param
    for name, sub in getattr(command, "commands", {}).items():
        yield from _options(sub, (*path, command.name))


def test_every_option_of_every_command_has_help_text():
    missing = [f"{' '.join(path)} {param.opts[0]}" for path, param in _options(cli) if not (param.help or "").strip()]
    assert missing == []


def test_build_and_archive_share_their_options_with_the_same_help():
    shared = {param.opts[0]: param.help for param in cli.commands["archive"].params if param.opts[0] != "-o"}
    build = {param.opts[0]: param.help for param in cli.commands["build"].params}
    assert shared and all(build.get(name) == text for name, text in shared.items())


def test_the_help_names_the_formats_the_committee_match_and_every_spelling_of_a_period(runner):
    from exporter.model import Period
    from exporter.writers import BUILTIN

    text = " ".join(runner.invoke(cli, ["build", "--help"], terminal_width=1000).output.split())
    assert all(name in text for name in ("docx", "xlsx", "pdf", "html", "json", *BUILTIN))
    assert "participating" in text
    period_help = next(param.help for param in cli.commands["build"].params if param.name == "periods")
    spellings = period_help.split(":", 1)[1].split("'")[1::2]
    assert len(spellings) >= 4 and {Period.parse(spelling) for spelling in spellings} == {Period(2022, 1)}
