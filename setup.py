"""Compiles the report outline's builder and the PDF writer's core with mypyc at
install time; everything else about the package is in pyproject.toml.

The modules listed build the report's outline and lay out, draw, tag and write the
PDF: ordinary type-checked Python, which mypyc (part of mypy) turns into C extension
modules that run the same code about a quarter faster on a long report. The Python
source stays the reference: the package works from it unchanged, and gives the same
bytes (tests/test_compiled.py compares the two).

There is no compiling where the environment variable EXPORTER_PURE_PYTHON is set
(for development: an edited module is then used as it is), and an installation
where compiling fails (no C compiler) goes on without it, from the source.
"""

from __future__ import annotations

import os

from setuptools import setup

COMPILED = [
    "exporter/report/build.py",
    "exporter/report/outline.py",
    "exporter/writers/_pdf/draw.py",
    "exporter/writers/_pdf/fonts.py",
    "exporter/writers/_pdf/layout.py",
    "exporter/writers/_pdf/report.py",
    "exporter/writers/_pdf/tagging.py",
    "exporter/writers/_pdf/writer.py",
]


def extensions() -> list:
    if os.environ.get("EXPORTER_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # pragma: no cover - mypy is a build requirement
        return []
    modules = mypycify(["--ignore-missing-imports", *COMPILED], group_name="exporter", debug_level="0")
    for module in modules:
        module.optional = True  # no C compiler: installed from the source instead
    return modules


setup(ext_modules=extensions())
