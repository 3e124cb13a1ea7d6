"""The package's type hints hold: mypy, configured in pyproject.toml, accepts every
module of exporter."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .support import ROOT


@pytest.mark.slow  # mypy over the whole package: about 10 s
def test_mypy_accepts_the_whole_package(tmp_path):
    # A fresh cache folder: what a clean checkout would see, nothing left in the tree.
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "exporter"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
