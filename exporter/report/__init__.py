"""The report outline: what a follow-up report says, decided once for every format.

`build_outline(record_set, period, theme, options)` gives an `Outline` (see
`outline.py` for its nodes); the Word, PDF and HTML writers render it.
"""

from .build import ATTENTION, build_outline, relevant_statuses
from .outline import Outline

__all__ = ["ATTENTION", "Outline", "build_outline", "relevant_statuses"]
