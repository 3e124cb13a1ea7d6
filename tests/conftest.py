"""Shared fixtures: the real samples, a hostile record set, and LibreOffice rendering."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from exporter.model import RecordSet
from exporter.readers import ReadOptions, read
from exporter.theme import load_theme

from .support import INPUT, hostile_record_set, soffice_path


@pytest.fixture(scope="session")
def theme():
    return load_theme()


@pytest.fixture(scope="session")
def sample_records(theme) -> RecordSet:
    """The record set of the three real samples in input/ (20 records, 2 periods)."""
    return read([INPUT], theme, ReadOptions())


@pytest.fixture(scope="session")
def hostile_records() -> RecordSet:
    """Text that tries to be markup, formulas or layout: it must stay text everywhere."""
    return hostile_record_set()


@pytest.fixture
def to_pdf(tmp_path):
    """Convert an office document to PDF with LibreOffice headless; skips where it is missing."""
    soffice = soffice_path()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")

    def convert(document: Path) -> Path:
        out = tmp_path / "lo"
        out.mkdir(exist_ok=True)
        profile = tmp_path / "lo-profile"
        result = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out), str(document)],
            capture_output=True, text=True, timeout=300,
        )
        pdf = out / (document.stem + ".pdf")
        assert result.returncode == 0 and pdf.is_file(), f"LibreOffice failed: {result.stdout} {result.stderr}"
        return pdf

    return convert




def pytest_collection_modifyitems(items):
    """A test that needs LibreOffice (its marker or the `to_pdf` fixture) is slow too."""
    for item in items:
        if item.get_closest_marker("libreoffice") or "to_pdf" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
