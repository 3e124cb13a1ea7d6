"""The modules compiled at install time (setup.py: the report outline and the PDF
writer's core) write what their Python source writes."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import exporter
from exporter.compiled import PURE_PYTHON, compiled_modules

from .support import FIXTURES, INPUT, ROOT

# What the subprocess builds: the reports of the real samples in Swedish and English,
# by source and by committee, of the fixtures, of the example template, and of a
# generated corpus of the benchmark's shape (links, attention lists, changes).
_BUILD = """
import json, sys
from pathlib import Path
import exporter
from exporter.writers import BuildOptions
from exporter.writers._pdf import layout, report
cases, out = json.loads(sys.argv[1]), Path(sys.argv[2])
for name, source, lang, group_by, template in cases:
    theme = exporter.load_theme(template and Path(template))
    records = exporter.read([source], theme)
    exporter.build(records, ["pdf", "docx", "html"], out / name, theme, BuildOptions(lang=lang, group_by=group_by))
print(json.dumps([layout.__file__, report.__file__]))
"""


def _compiled_by_setup() -> list[str]:
    """setup.py's COMPILED list: the paths of the modules it compiles."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    listed = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets))
    return ast.literal_eval(listed)


def _build(cases: list, out: Path, *, source: bool) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != PURE_PYTHON}
    if source:
        env[PURE_PYTHON] = "1"
    done = subprocess.run([sys.executable, "-c", _BUILD, json.dumps(cases), str(out)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(bool(os.environ.get(PURE_PYTHON)), reason=f"{PURE_PYTHON} is set: the source is what runs")
def test_the_installation_compiled_the_pdf_writers_core():
    listed = sorted(path.removesuffix(".py").replace("/", ".") for path in _compiled_by_setup())
    assert list(compiled_modules()) == listed, (
        "install with a C compiler (pip install -e .), or set EXPORTER_PURE_PYTHON=1 to test the source only")


def test_the_compiled_core_writes_the_same_bytes_as_the_source(tmp_path):
    from bench.corpus import generate

    generate(600, seed=7, out_dir=tmp_path / "corpus")
    fjallby = ROOT / "templates" / "fjallby"
    cases = [["samples", str(INPUT), "sv", "source", None],
             ["samples-en", str(INPUT), "en", "committee", None],
             ["fixtures", str(FIXTURES), "sv", "source", None],
             ["fjallby", str(fjallby / "example-input"), "sv", "committee", str(fjallby)],
             ["corpus", str(tmp_path / "corpus"), "sv", "source", None]]
    installed = _build(cases, tmp_path / "installed", source=False)
    source = _build(cases, tmp_path / "source", source=True)
    assert all(path.endswith(".py") for path in source)
    if not os.environ.get(PURE_PYTHON):
        assert not any(path.endswith(".py") for path in installed)
    written = sorted(p.relative_to(tmp_path / "installed") for p in (tmp_path / "installed").rglob("*.*"))
    assert {p.suffix for p in written} == {".pdf", ".docx", ".html"} and len(written) > 30
    assert written == sorted(p.relative_to(tmp_path / "source") for p in (tmp_path / "source").rglob("*.*"))
    for path in written:
        assert (tmp_path / "installed" / path).read_bytes() == (tmp_path / "source" / path).read_bytes(), path


def test_the_source_is_used_where_asked():
    done = subprocess.run(
        [sys.executable, "-c", "from exporter.writers._pdf import draw; print(draw.__file__)"],
        env={**os.environ, PURE_PYTHON: "1"}, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == str(Path(exporter.__file__).parent / "writers" / "_pdf" / "draw.py")


def _compiled_sources() -> dict[str, ast.Module]:
    return {path: ast.parse((ROOT / path).read_text(encoding="utf-8")) for path in _compiled_by_setup()}


def test_the_compiled_modules_have_no_nested_functions():
    """Compiled, a nested function and the frame it shares refer to each other: the
    cycle keeps a whole report alive until the cyclic collector walks it."""
    nested = []
    for path, module in _compiled_sources().items():
        for outer in ast.walk(module):
            if isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
                nested += [f"{path}:{inner.lineno} {inner.name}" for node in outer.body for inner in ast.walk(node)
                           if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assert not nested, nested


def test_the_compiled_modules_bind_no_generator_expression_to_a_name():
    """mypyc makes a list of a generator expression that is not consumed where it
    stands: a table's rows bound as one would all be laid out at once (a tenth more
    memory at 100,000 records). A generator function stays lazy."""
    bound = [f"{path}:{node.lineno}" for path, module in _compiled_sources().items() for node in ast.walk(module)
             if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.GeneratorExp)]
    assert not bound, bound


# Made once per report (a style, the page geometry, the finished document): a
# dataclass's or named tuple's interpreted constructor costs nothing there.
_ONCE_PER_REPORT = {"TextStyle", "Geometry", "Built"}


def test_the_pdf_writers_many_small_objects_have_compiled_constructors():
    # A dataclass's __init__ and a named tuple's __new__ are made by the library at run
    # time and stay interpreted; a class written out is compiled whole. Every class of
    # the compiled PDF modules is written out, but those made once per report. (The
    # outline's classes are frozen dataclasses by design: the model all writers read.)
    found = []
    for name, tree in _compiled_sources().items():
        if "writers/_pdf/" not in name:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name not in _ONCE_PER_REPORT:
                decorators = [ast.unparse(d) for d in node.decorator_list]
                bases = [ast.unparse(b) for b in node.bases]
                if any(d.startswith("dataclass") for d in decorators) or "NamedTuple" in bases:
                    found.append(f"{name}.{node.name}")
    assert not found
