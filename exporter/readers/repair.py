"""Repair of words split by old line breaks: "arbetsmarknads- politiken".

A hyphen followed by a space joins the two halves, unless the next word makes it
a Swedish coordination ("barn- och unga", "arbets- och studieförberedande"),
where the hyphen stands for the shared last part of a compound.

The readers mend split words by default, each join an `info` diagnostic that starts
with `JOINED`; `--keep-line-breaks` (`ReadOptions(repair=False)`) keeps the text as
written and only counts them (`split_words`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Diagnostic, Level

__all__ = ["JOINED", "repair_split_words", "split_words", "mended", "Repair"]

# How the info diagnostic of each join starts: "joined a word split by a line break: 'a- b' -> 'ab'".
JOINED = "joined a word split by a line break"

# Words after "X- " that show a coordination, not a split word.
COORDINATORS = frozenset(
    {"och", "eller", "samt", "respektive", "resp", "resp.", "som", "men", "till", "utan", "&", "/", "+", "el.", "o."}
)

_SPLIT = re.compile(r"(?P<left>\b[\wÅÄÖåäö]+)-[ \u00a0]+(?P<right>[\wÅÄÖåäö&/+.]+)")


class Repair(tuple):
    """(before, after) of one joined word."""

    __slots__ = ()

    def __new__(cls, before: str, after: str):
        return super().__new__(cls, (before, after))

    @property
    def before(self) -> str:
        return self[0]

    @property
    def after(self) -> str:
        return self[1]


def mended(diagnostics: Iterable[Diagnostic]) -> int:
    """How many words the reading of `diagnostics` joined (its `JOINED` infos)."""
    prefix = JOINED + ": "
    return sum(1 for d in diagnostics if d.level is Level.INFO and d.message.startswith(prefix))


def _join(left: str, right: str) -> str | None:
    if right.casefold() in COORDINATORS or not right[0].isalpha():
        return None
    if not right[0].islower():
        # "Mark- Exploatering" or "EU- Kommissionen": not a plain split word.
        return None
    if left.isupper() or len(left) == 1 or any(ch.isdigit() for ch in left):
        # "UF- företag", "e- tjänster", "2022- talet": the hyphen belongs to the word.
        return f"{left}-{right}"
    return f"{left}{right}"


def repair_split_words(text: str) -> tuple[str, list[Repair]]:
    """The text with split words joined, and each join made."""
    repairs: list[Repair] = []

    def replace(match: re.Match[str]) -> str:
        joined = _join(match.group("left"), match.group("right"))
        if joined is None:
            return match.group(0)
        repairs.append(Repair(match.group(0), joined))
        return joined

    return _SPLIT.sub(replace, text), repairs


_RIGHT = re.compile(r"[ \u00a0]+(?P<right>[\wÅÄÖåäö&/+.]+)")


def _is_word_character(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def split_words(text: str) -> list[str]:
    """The words of `text` that look split by an old line break, as written
    ("arbets- marknadsenheten"): what `repair_split_words` would join, found by
    looking only around each "- " (fast enough to run on every text)."""
    if "- " not in text:
        return [] if "-\u00a0" not in text else [r.before for r in repair_split_words(text)[1]]
    if "-\u00a0" in text:
        return [r.before for r in repair_split_words(text)[1]]
    found: list[str] = []
    taken = 0  # matches do not overlap, as in repair_split_words
    at = text.find("- ")
    while at >= 0:
        if text.startswith("och ", at + 2):  # "barn- och unga": a coordination, the common case
            taken = at + 5
            at = text.find("- ", taken)
            continue
        space = text.rfind(" ", taken, at)
        start = space + 1 if space >= 0 else taken
        if not text[start:at].isalnum():  # punctuation or "_" in it: find where the word starts
            start = at
            while start > taken and _is_word_character(text[start - 1]):
                start -= 1
        right = _RIGHT.match(text, at + 1)
        if start < at and right is not None and (start == 0 or not _is_word_character(text[start - 1])):
            if _join(text[start:at], right.group("right")) is not None:
                found.append(text[start : right.end()])
            taken = right.end()
            at = text.find("- ", taken)
        else:
            at = text.find("- ", at + 1)
    return found
