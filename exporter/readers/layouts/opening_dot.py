"""Codes-in-title layout (2020-2022): a record opens with a line holding only `.`,
the empty status-label column.

    .
    Främja friluftslivet (KFN)
"""

from __future__ import annotations

from .base import Context, Opening

_EMPTY = Opening()


def opening_dot(line: str, context: Context, can_start: bool) -> Opening | None:
    return _EMPTY if line == "." else None
