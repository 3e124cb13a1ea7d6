"""Committee-on-the-opening-line layout (2024; already in some 2021-2022 exports): a
record opens with the committee's full name in parentheses, then the status-label
column, `.` where it is empty:

    (Kommunstyrelsen) .
    (Social- och arbetsmarknadsnämnden) Bedöms bli genomförd
    (Kommunstyrelsen, Tekniska nämnden) .

A parenthesis with nothing after it opens a record only when the theme knows every
name in it, so that a comment line like "(se bilaga)" stays comment.
"""

from __future__ import annotations

import re

from .base import Context, Opening
from .names import split_names

_NAMES = re.compile(r"\((?P<names>[^()]+)\) ?(?P<label>[^()]*)")


def opening_committee(line: str, context: Context, can_start: bool) -> Opening | None:
    if line[0] != "(":
        return None
    m = _NAMES.fullmatch(line)
    if m is None:
        return None
    names, label = m.group("names").strip(), m.group("label").strip()
    if label == ".":
        return Opening(names, None)
    if label:
        label = label.rstrip(". ")
        return Opening(names, label) if context.vocabulary.label(label) is not None else None
    if all(context.theme.committee_code(name) for name in split_names(names, context.theme)):
        return Opening(names, None)
    return None
