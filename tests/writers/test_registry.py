"""Writers as plugins: built-in ones by name, and a third party's through its entry point."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from exporter import writers
from exporter.writers import UnknownWriter

from ..support import INPUT

PLUGIN = '''
from exporter.writers import Document, Writer


class ShoutWriter(Writer):
    """A third party's format: every title in capitals, one file per period."""

    name = "shout"
    description = "titles in capitals"

    def documents(self, record_set, options):
        return [Document(f"shout-{p.slug}.txt", p) for p in record_set.periods]

    def render(self, record_set, document, theme, options):
        lines = [r.title.upper() for r in record_set.for_period(document.period)]
        return ("\\n".join(lines) + "\\n").encode("utf-8")
'''


@pytest.fixture
def installed_plugin(tmp_path):
    """A package installed the way pip installs one: a module and a dist-info with entry points."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "exporter_shout.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    info = site / "exporter_shout-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: exporter-shout\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[exporter.writers]\nshout = exporter_shout:ShoutWriter\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
    return env


def run(args, env, cwd=None):
    return subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True, text=True, env=env, cwd=cwd)


def test_the_built_in_writers_are_listed_without_importing_them():
    names = list(writers.available())
    assert names[:4] == ["docx", "xlsx", "pdf", "json"]
    assert all(info.origin == "built-in" for info in writers.available().values())


def test_an_unknown_writer_is_named_in_the_error():
    with pytest.raises(UnknownWriter, match="no writer called 'odt'"):
        writers.get("odt")


def test_a_third_party_writer_is_listed_and_builds(installed_plugin, tmp_path):
    listed = run(["writers"], installed_plugin)
    assert listed.returncode == 0
    assert any(line.split()[:2] == ["shout", "exporter-shout"] for line in listed.stdout.splitlines())

    out = tmp_path / "out"
    built = run(["build", str(INPUT), "-o", str(out), "-f", "shout", "-f", "json"], installed_plugin)
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines() == [
        (out / "shout-2020-T3.txt").as_posix(),
        (out / "shout-2022-T1.txt").as_posix(),
        (out / "records.json").as_posix(),
    ]
    assert (out / "shout-2020-T3.txt").read_text(encoding="utf-8").splitlines()[-1] == (
        "GENOMFÖR INTEGRATIONSFRÄMJANDE INSATSER UTIFRÅN KOMMUNÖVERGRIPANDE SATSNINGAR FÖR INTEGRATION")
