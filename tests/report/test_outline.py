"""The outline's classes: frozen dataclasses, the model every writer reads."""

from __future__ import annotations

import ast
import dataclasses

import pytest

from exporter.model import Status
from exporter.report import outline

from ..support import ROOT

CLASSES = [c for c in vars(outline).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]

# Each field's type as written in the source (compiled, a dataclass field's type is
# what mypyc makes of it).
ANNOTATIONS = {(node.name, field.target.id): ast.unparse(field.annotation)
               for node in ast.parse((ROOT / "exporter/report/outline.py").read_text(encoding="utf-8")).body
               if isinstance(node, ast.ClassDef)
               for field in node.body if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)}


def _values(cls, true_bool: int) -> list:
    """A value of its type for each field of `cls`, each different from the others
    (of booleans, only the one numbered `true_bool` is true)."""
    figure = outline.Figure(outline.Image("logo.png", 7.0), "logo")
    title_page = outline.TitlePage("title", "subtitle", "organisation", ())
    running = outline.RunningText("left", "right", "footer", "{page}")
    values: list = []
    booleans = 0
    for i, f in enumerate(dataclasses.fields(cls)):
        kind = ANNOTATIONS[cls.__name__, f.name]
        if kind == "bool":
            values.append(booleans == true_bool)
            booleans += 1
        elif kind.startswith("str"):
            values.append(f"value {i}")
        elif kind == "int":
            values.append(1000 + i)
        elif kind == "float":
            values.append(0.5 + i)
        elif kind.startswith("tuple"):
            values.append((f"item {i}",))
        else:
            values.append({"Status": Status.DONE, "Image | BarChart": outline.BarChart(()), "Figure | None": figure,
                           "TitlePage": title_page, "RunningText": running}.get(kind, lambda: iter(())))
    return values


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_class_takes_its_fields_in_order_and_keeps_them(cls):
    # Some write their __init__ out (compiled, for speed): it must be the one the
    # dataclass would make, every field in order, each default as declared.
    fields = dataclasses.fields(cls)
    for true_bool in range(1 + sum(ANNOTATIONS[cls.__name__, f.name] == "bool" for f in fields)):
        given = _values(cls, true_bool)
        assert [getattr(cls(*given), f.name) for f in fields] == given
        assert [getattr(cls(**{f.name: v for f, v in zip(fields, given)}), f.name) for f in fields] == given
    required = sum(f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING for f in fields)
    made = cls(*_values(cls, -1)[:required])
    assert [getattr(made, f.name) for f in fields[required:]] == [f.default for f in fields[required:]]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_each_class_is_frozen(cls):
    made = cls(*_values(cls, 0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(cls)[0].name, None)
