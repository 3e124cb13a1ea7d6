"""Committee codes after the title's full stop, without parentheses, sometimes
followed by parenthesised ones (some exports of 2021-2023):

    Främja det stadsnära friluftslivet. KFN (KS, TN)   -> ["KFN", "KS", "TN"]
    Stärk profileringen som evenemangsstad. KS         -> ["KS"]

The bare code is the lead committee, the parenthesised ones take part; the title
keeps its full stop. A bare word counts as a code only if the theme knows it or it
is all capitals of 2-5 letters, so an ordinary last word never does.
"""

from __future__ import annotations

import re

from .base import CODE_SEPARATORS, Codes, Context
from .codes_parenthesised import parenthesised_codes

_SPLIT = re.compile(CODE_SEPARATORS)
_CAPITALS = re.compile(r"[A-ZÅÄÖ]{2,5}")


def codes_bare(text: str, context: Context) -> Codes | None:
    if ". " not in text:
        return None
    taking_part = parenthesised_codes(text)
    head = taking_part.title if taking_part else text
    stop = head.rfind(". ")
    if stop < 0:
        return None
    bare = _SPLIT.split(head[stop + 2 :])
    known = context.theme.committees
    if not all(code in known or _CAPITALS.fullmatch(code) for code in bare):
        return None
    codes = tuple(bare) + (tuple(c for c in taking_part.codes if c not in bare) if taking_part else ())
    return Codes(head[: stop + 1], codes)
