"""The reportlab and python-docx internals exporter relies on: each library's are
used in one adapter module only, and the installed (pinned) versions still do what
those adapters rely on."""

from __future__ import annotations

import shutil
import subprocess

import docx
import pytest
import reportlab
from reportlab import rl_config

from exporter.writers import BuildOptions, Document
from exporter.writers._docx import adapter as docx_adapter
from exporter.writers._pdf import adapter as pdf_adapter
from exporter.writers._pdf.report import build_report

from ..support import ROOT

FONT = ROOT / "templates" / "default" / "fonts" / "LiberationSans-Regular.ttf"

# What each adapter alone may name: reportlab's undocumented attributes and process
# settings, python-docx's package-writing internals and the serialised body marker.
INTERNALS = {
    "exporter/writers/_pdf/adapter.py": [
        r"delayedFonts", r"numberToId", r"idToObject", r"PDFIndirectObject", r"useA85", r"rl_config",
        r"charToGlyph", r"\.dict\[", r"\bcanv\._", r"FontDescriptor\.",
    ],
    "exporter/writers/_docx/adapter.py": [
        r"before_marshal", r"docx\.opc\.spec", r"default_content_types", r"<w:body>",
    ],
}


def test_reportlab_still_does_what_the_pdf_adapter_relies_on():
    problems = pdf_adapter.contract_problems(str(FONT))
    assert not problems, (f"reportlab {reportlab.Version} changed what exporter/writers/_pdf/adapter.py relies on: "
                          + "; ".join(problems))


def test_python_docx_still_does_what_the_word_adapter_relies_on():
    problems = docx_adapter.contract_problems()
    assert not problems, (f"python-docx {docx.__version__} changed what exporter/writers/_docx/adapter.py "
                          "relies on: " + "; ".join(problems))


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize("adapter", sorted(INTERNALS))
def test_the_internals_are_named_in_their_adapter_only(adapter):
    for pattern in INTERNALS[adapter]:
        found = subprocess.run(["git", "grep", "-n", "-E", pattern, "--", "exporter", f":!{adapter}"],
                               cwd=ROOT, capture_output=True, text=True)
        assert found.returncode in (0, 1), found.stderr
        assert not found.stdout, f"{pattern!r} outside {adapter}:\n{found.stdout}"


def _settings() -> dict[str, object]:
    return {name: getattr(rl_config, name) for name in dir(rl_config) if not name.startswith("_")
            and isinstance(getattr(rl_config, name), (int, float, str, bytes, tuple, type(None)))}


def test_writing_a_pdf_leaves_reportlabs_process_settings_as_they_were(sample_records, theme):
    before = _settings()
    period = sample_records.periods[-1]
    build_report(sample_records, Document(f"uppfoljning-{period.slug}.pdf", period), theme, BuildOptions())
    assert _settings() == before
