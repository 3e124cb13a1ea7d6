"""Committee codes in parentheses at the end of the title, lead committee first:

    Utveckla dialogen med företagare (KS, MSN, SAN)

Codes may be joined by `,`, `och`, `/`, `;` or `&`; a final full stop may follow.
A parenthesis that holds anything but codes, "(o)hälsa" or "(se bilaga)", is title.
"""

from __future__ import annotations

import re

from .base import CODE_SEPARATORS, Codes, Context

CODE = r"[A-ZÅÄÖ][A-ZÅÄÖ0-9]{0,9}"
CODE_LIST = re.compile(f"{CODE}(?:{CODE_SEPARATORS}{CODE})*")
SPLIT = re.compile(CODE_SEPARATORS)


def parenthesised_codes(text: str, known=None) -> Codes | None:
    """`text` without the codes in parentheses at its end, and the codes; or None.
    `known`, the theme's codes, only makes the common case faster."""
    end = len(text)
    if text.endswith("."):
        end -= 1
        if end and text[end - 1] == " ":
            end -= 1
    if not end or text[end - 1] != ")":
        return None
    start = text.rfind("(", 0, end)
    if start < 0:
        return None
    inner = text[start + 1 : end - 1].strip()
    if known is not None and inner in known:  # one code the theme knows: the common case
        return Codes(text[:start].rstrip(), (inner,))
    if not CODE_LIST.fullmatch(inner):
        return None
    return Codes(text[:start].rstrip(), tuple(SPLIT.split(inner)))


def codes_parenthesised(text: str, context: Context) -> Codes | None:
    return parenthesised_codes(text, context.theme.committees)
