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
