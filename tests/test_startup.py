"""Commands that write no documents never load the document libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .support import INPUT

HEAVY = ("docx", "openpyxl", "reportlab", "pikepdf", "PIL", "lxml")

PROBE = """
import sys
from exporter.cli import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})
sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')
"""


@pytest.mark.parametrize("args", [["writers"], ["check", str(INPUT)], ["parse", str(INPUT)]])
def test_check_parse_and_writers_import_no_document_library(args):
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)], capture_output=True, text=True, check=True
    )
    assert "HEAVY=\n" in result.stderr, result.stderr


def test_the_progress_bar_shows_only_after_its_delay(capsys):
    from exporter.cli import _ProgressBar

    quiet = _ProgressBar(delay=60)
    quiet(1, 3, "a.docx")
    quiet.close()
    assert capsys.readouterr().err == ""
    shown = _ProgressBar(delay=0)
    shown(1, 2, "uppfoljning-2022-T1.docx")
    shown(2, 2, "statusmatris.xlsx")
    shown.close()
    err = capsys.readouterr().err
    assert "1/2 uppfoljning-2022-T1.docx" in err and "2/2 statusmatris.xlsx" in err and err.endswith("\n")
