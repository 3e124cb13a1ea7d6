"""The rules of the code that a linter checks: ruff, configured in pyproject.toml
(errors, bugbear, private access only in the adapter modules, banned internals)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .support import ROOT


def _ruff() -> list[str]:
    beside = shutil.which("ruff", path=str(ROOT / ".venv" / "bin")) or shutil.which("ruff")
    if beside is None:
        try:
            import ruff  # noqa: F401
        except ImportError:
            pytest.skip("ruff is not installed (pip install -e '.[test]')")
        return [sys.executable, "-m", "ruff"]
    return [beside]


def test_ruff_finds_nothing_in_the_package():
    done = subprocess.run([*_ruff(), "check", "--no-cache", "exporter"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_flags_private_access_and_banned_internals_outside_the_adapters(tmp_path):
    # The same configuration, on a module that is not an adapter.
    module = tmp_path / "exporter" / "writers" / "_pdf" / "elsewhere.py"
    module.parent.mkdir(parents=True)
    module.write_text("from reportlab import rl_config\n\n\ndef peek(doc):\n    return doc._objects, rl_config\n")
    done = subprocess.run([*_ruff(), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
                           "--output-format", "concise", str(module)], cwd=tmp_path, capture_output=True, text=True)
    assert "SLF001" in done.stdout and "TID251" in done.stdout, done.stdout + done.stderr
