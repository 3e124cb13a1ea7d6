"""Parsing takes time linear in the input, for every input.

These tests time nothing: each parses hostile inputs of about 1 MB in a child
process that is given 60 seconds, where a linear parser needs about a second. A
pattern that backtracks (two unbounded repeats over the same characters, as the
status-phrase pattern once had over runs of spaces) needs hours for these inputs
and fails the test by running out of its limit, whatever the machine's speed.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADER = "T1 2022 Uppdrag. Kommentar T1 2022\n.\n"
MB = 1_000_000

HOSTILE = {
    "a line of spaces in a title paragraph": HEADER + "Titel\n" + " " * MB + "x\n(KS)\n",
    "spaces inside a status sentence": HEADER + "Titel (KS)\n\nUppdraget är" + " " * MB + "genomfört" + " " * MB + ".\n",
    "non-breaking spaces before the tail": HEADER + "Titel (KS)\n\nUppdraget är genomfört" + "\u00a0" * MB + "under året.\n",
    "tabs and spaces mixed": HEADER + "Titel" + " \t" * (MB // 2) + "(KS)\n",
    "one long line of open parentheses": HEADER + "Titel " + "(" * MB + "\n",
    "codes without end": HEADER + "Titel (" + "KS, " * (MB // 4) + "\n",
    "full stops and spaces": HEADER + "Titel" + ". " * (MB // 2) + "KS\n",
    "periods in the header": "T " * (MB // 2) + "\n.\nTitel (KS)\n",
    "hyphens that look like split words": HEADER + "Titel (KS)\n\n" + "ab- " * (MB // 4) + "\n",
    "one long word then a hyphen": HEADER + "Titel (KS)\n\n" + "a" * MB + "- b\n",
    "a million opening lines": HEADER + ".\n" * (MB // 2),
    "a million short title lines": HEADER + "Titel\n" * (MB // 6),
    "a million status lines": HEADER + "Titel (KS)\n" + "Uppdraget är genomfört.\n" * (MB // 24),
}

CHILD = """
import sys
from exporter.readers.text import parse_text
from exporter.theme import load_theme
text = sys.stdin.read()
result = parse_text(text, "hostile.txt", load_theme())
print(len(result.records), len(result.diagnostics))
"""


@pytest.mark.slow  # a child process parsing a megabyte per case
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_megabyte_parses_well_within_a_minute(name):
    try:
        result = subprocess.run(
            [sys.executable, "-c", CHILD], input=HOSTILE[name], capture_output=True, text=True, timeout=60,
            encoding="utf-8",
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: parsing 1 MB took over 60 s; some pattern is not linear")
    assert result.returncode == 0, result.stderr


# -- doubling: the time of twice the input, measured in one run --------------------------

import time  # noqa: E402

GROWTH_LIMIT = 3.0  # twice the input: about twice the time where linear, four times where quadratic


def growth(parse, make, size: int) -> float:
    """How much longer `parse(make(2 * size))` takes than `parse(make(size))`: each
    repeated until it runs long enough to time, the best of three runs taken."""
    small, big = make(size), make(2 * size)
    parse(small)

    def timed(text, repeats: int) -> float:
        start = time.perf_counter()
        for _ in range(repeats):
            parse(text)
        return time.perf_counter() - start

    repeats = 1
    while timed(small, repeats) < 0.05:
        repeats *= 2
    return min(timed(big, repeats) for _ in range(3)) / min(timed(small, repeats) for _ in range(3))


def test_the_text_reader_is_linear_in_the_number_of_och_on_an_opening_line():
    from exporter.readers.text import parse_text
    from exporter.theme import load_theme

    theme = load_theme()

    def make(n: int) -> str:
        names = " och ".join(["Kommunstyrelsen"] * n)
        return f"Nämnd T1 2024 Uppdrag Kommentar T1 2024\n({names}) .\nTitel\n\nUppdraget är genomfört.\n"

    assert growth(lambda text: parse_text(text, "och.txt", theme), make, 1000) < GROWTH_LIMIT


def test_the_json_reader_is_linear_in_an_unclosed_string_of_escaped_quotes():
    from exporter.readers.records_json import RecordsJsonError, loads

    def parse(text: str) -> None:
        with pytest.raises(RecordsJsonError):
            loads(text)

    assert growth(parse, lambda n: '{"records": [{"title": "' + '\\"' * n, 3000) < GROWTH_LIMIT


def test_the_theme_reader_is_linear_in_the_number_of_unknown_keys(tmp_path):
    from exporter.theme import load_theme

    def make(n: int) -> str:
        folder = tmp_path / str(n)
        folder.mkdir()
        (folder / "theme.toml").write_text('[organisation]\nname = "X"\n' + "".join(f"k{i} = 1\n" for i in range(n)),
                                           encoding="utf-8")
        return str(folder)

    def parse(folder: str) -> None:
        assert load_theme(folder).warnings

    assert growth(parse, make, 500) < GROWTH_LIMIT
