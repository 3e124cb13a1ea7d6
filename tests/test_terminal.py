"""Text from the input never acts on the terminal: control characters in file names,
messages and `source.file` are printed as escapes (`\\x1b`), on standard output,
standard error and in the JSON diagnostics alike; Ctrl-C ends with one line and 130."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from exporter.shown import shown, shown_lines

from .support import INPUT

# A terminal acts on these: C0 but tab and line feed, DEL, C1.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
OSC_TITLE = "\x1b]0;pwned\x07"
OSC_CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
CSI = "\x1b[31m\x9b2J"


def exporter(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True, text=True, cwd=cwd,
                          encoding="utf-8", errors="surrogateescape")


def record_set(file: str, message: str) -> str:
    return json.dumps({
        "format": "exporter.records", "version": 1,
        "records": [{"assignment": "a", "year": 2022, "tertial": 1, "title": "Ett uppdrag", "committees": ["KS"],
                     "status": "done", "status_text": "Uppdraget är genomfört.", "comment": ["Klart."],
                     "source": {"file": file, "line": 3}}],
        "diagnostics": [{"file": file, "line": 3, "level": "warning", "message": message}],
    })


def test_shown_escapes_every_control_and_keeps_the_rest():
    assert shown(f"a{OSC_TITLE}b") == "a\\x1b]0;pwned\\x07b"
    assert shown("\x9b\ud800\u202e\n\tåäö") == "\\x9b\\ud800\\u202e\\x0a\\x09åäö"
    assert shown(shown(CSI)) == shown(CSI)
    assert shown_lines(f"one{CSI}\ntwo") == "one\\x1b[31m\\x9b2J\ntwo"


@pytest.mark.slow
def test_messages_and_file_names_of_a_record_set_reach_no_terminal(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"r{OSC_TITLE}.json").write_text(record_set(f"k{OSC_CLIPBOARD}.txt", f"m{CSI}\nforged: error: x"),
                                               encoding="utf-8")
    (folder / f"t{OSC_TITLE}.txt").write_bytes(b"not a follow-up\n")
    for args in (["check", str(folder / f"r{OSC_TITLE}.json"), str(folder / f"t{OSC_TITLE}.txt")],
                 ["parse", str(folder / f"r{OSC_TITLE}.json")],
                 ["build", "-f", "json", "-o", str(tmp_path / f"o{OSC_TITLE}"), str(folder / f"r{OSC_TITLE}.json")]):
        result = exporter(*args)
        assert not RAW.search(result.stdout + result.stderr), (args, result.stdout + result.stderr)
        assert "\\x1b]" in result.stdout + result.stderr
        assert "internal error" not in result.stderr
    check = exporter("check", str(folder / f"r{OSC_TITLE}.json"))
    assert "k\\x1b]52;c;ZWNobyBwd25lZA==\\x07.txt:3: warning: m\\x1b[31m\\x9b2J\\x0aforged: error: x" in check.stdout
    parsed = json.loads(exporter("parse", str(folder / f"r{OSC_TITLE}.json")).stdout)
    assert parsed["diagnostics"][0]["message"] == "m\\x1b[31m\\x9b2J\\x0aforged: error: x"
    assert parsed["records"][0]["source"]["file"] == "k\\x1b]52;c;ZWNobyBwd25lZA==\\x07.txt"


@pytest.mark.slow
def test_a_template_folder_and_an_option_named_with_escapes_are_printed_escaped(tmp_path):
    template = tmp_path / f"t{OSC_TITLE}"
    template.mkdir()
    (template / "theme.toml").write_text('[organisation]\nname = "X"\nnonsense = 1\n', encoding="utf-8")
    result = exporter("check", "--template", str(template), str(INPUT))
    assert "nonsense" in result.stderr and not RAW.search(result.stderr)
    unknown = exporter("check", f"--x{OSC_TITLE}", str(INPUT))
    assert unknown.returncode == 2 and "No such option" in unknown.stderr and not RAW.search(unknown.stderr)
    missing = exporter("check", str(tmp_path / f"gone{CSI}"))
    assert missing.returncode == 1 and "\\x1b[31m" in missing.stderr and not RAW.search(missing.stderr)


def test_ctrl_c_prints_interrupted_and_exits_130(tmp_path):
    code = textwrap.dedent(f"""
        import os, signal
        import exporter.cli as cli
        def read(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGINT)
        cli._read = read
        cli.main(["check", {str(INPUT)!r}])
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 130
    assert result.stderr.strip() == "exporter: interrupted"
    assert "Aborted" not in result.stderr


# -- fuzz: control characters in every command-line text ------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

CONTROL_TEXT = st.lists(st.sampled_from(["\x1b]0;x\x07", "\x1b[31m", "\x9b", "\x00", "\x0b", "\n", "\ud800", "Ö",
                                         "O\u0308", "KS", " ", "a"]), max_size=6).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(CONTROL_TEXT, CONTROL_TEXT, CONTROL_TEXT, st.sampled_from(["", "", "KS", "ks\x1b"]) | CONTROL_TEXT,
       st.sampled_from(["", "", "T1 2022", "T1\x1b 2022"]) | CONTROL_TEXT)
def test_control_characters_in_any_command_line_text_reach_no_terminal_or_page(tmp_path_factory, contact, meeting,
                                                                               case_number, committee, period):
    from click.testing import CliRunner

    from exporter.cli import cli

    out = tmp_path_factory.mktemp("out")
    args = ["build", str(INPUT), "-f", "html", "-o", str(out), "--contact", contact, "--meeting", meeting,
            "--case-number", case_number]
    if committee.strip():
        args += ["--committee", committee]
    if period.strip():
        args += ["--period", period]
    result = CliRunner().invoke(cli, args)
    said = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), said
    assert "internal error" not in said and result.exception is None or isinstance(result.exception, SystemExit)
    assert not RAW.search(said.replace("\n", "")), said
    pages = list(out.glob("*.html"))
    assert bool(pages) == (result.exit_code == 0)
    for page in pages:
        assert not RAW.search(page.read_text(encoding="utf-8").replace("\n", "").replace("\t", ""))


def test_a_library_warning_is_one_line_without_its_source_path():
    code = textwrap.dedent(f"""
        import warnings
        import exporter.cli as cli
        def read(*args, **kwargs):
            warnings.warn("Title is more than 31 characters\\x1b[2J", UserWarning)
            raise SystemExit(0)
        cli._read = read
        cli.main(["check", {str(INPUT)!r}])
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr == "exporter: warning: Title is more than 31 characters\\x1b[2J\n"
