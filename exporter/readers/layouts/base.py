"""What the layout rules are given and what they give back.

A rule is a plain function. The reader (`readers/text.py`) tries the rules of each
kind in the order `layouts/__init__.py` lists them and takes the first answer that
is not None, so a new drift of the export is one new rule (and its test).
"""

from __future__ import annotations

from typing import NamedTuple

from ...model import Status
from ...theme import Theme
from ..vocabulary import StatusVocabulary

__all__ = ["Context", "Opening", "Paragraph", "Codes", "StatusFound", "CODE_SEPARATORS"]

# Between committee codes or names: "KS, SAN", "KS och SAN", "KS/SAN", "KS; SAN", "KS & SAN".
CODE_SEPARATORS = r" ?(?:,|;|/|&|\boch\b) ?"


class Context(NamedTuple):
    """What every rule may consult: the theme and its status vocabulary."""

    theme: Theme
    vocabulary: StatusVocabulary


class Opening(NamedTuple):
    """A line that opens a record: the committee names it holds (2024 layout) and
    the status label of its status column, each None where the line has none."""

    names: str | None = None
    label: str | None = None


class Paragraph(NamedTuple):
    """Consecutive non-blank lines, white space normalised, and the 1-based line of the first."""

    line: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


class Codes(NamedTuple):
    """A title without its committee codes, and the codes, lead committee first."""

    title: str
    codes: tuple[str, ...]


class StatusFound(NamedTuple):
    """A status sentence found after the title: its status (unknown for one that only
    reads like a status sentence), its text, its line, and the comment paragraphs
    that follow it."""

    status: Status
    text: str
    line: int
    rest: list[Paragraph]
