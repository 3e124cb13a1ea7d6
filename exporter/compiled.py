"""Which of exporter's modules this installation runs compiled, and running from the
source instead.

An installation compiles the report outline's builder and the PDF writer's core with
mypyc (see setup.py): each such
module is a C extension beside its Python source, and Python imports the extension.
The two give the same bytes. With the environment variable EXPORTER_PURE_PYTHON set,
exporter imports every module from its source: for developing (an edited module is
used as it is, without compiling again), and for comparing the two.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

__all__ = ["PURE_PYTHON", "compiled_modules", "use_source"]

PURE_PYTHON = "EXPORTER_PURE_PYTHON"
_PACKAGE = Path(__file__).resolve().parent


def compiled_modules() -> dict[str, Path]:
    """The modules of exporter installed compiled (whether or not they are used), by
    name, with their extension files; sorted by name."""
    found = {}
    for path in _PACKAGE.rglob("*"):
        # the most specific suffix first, as Python lists them (.cpython-311-….so before .so)
        suffix = next((s for s in importlib.machinery.EXTENSION_SUFFIXES if path.name.endswith(s)), None)
        if suffix is not None:
            parts = path.relative_to(_PACKAGE.parent).with_name(path.name[: -len(suffix)]).parts
            found[".".join(parts)] = path
    return dict(sorted(found.items()))


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Finds exporter's modules as their Python source where a compiled one is beside it."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if not fullname.startswith("exporter.") or not path:
            return None
        leaf = fullname.rpartition(".")[2]
        for folder in path:
            source = os.path.join(folder, leaf + ".py")
            if os.path.isfile(source):
                return importlib.util.spec_from_file_location(fullname, source)
        return None


def use_source() -> None:
    """Import exporter's modules from their source from now on (modules imported
    already stay as they are)."""
    if not any(isinstance(finder, _SourceFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SourceFirst())


if os.environ.get(PURE_PYTHON):
    use_source()
