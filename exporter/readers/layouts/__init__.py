"""The layout rules of follow-up exports, one small function each.

The reader (`readers/text.py`) tries the rules of each kind in the order listed
here and takes the first that answers (the way markdown-it-py keeps one function
per block rule). A new drift of the export is one new module here, one line in a
list below and its test.

- OPENING_RULES, `(line, context, can_start) -> Opening | None`: does this line
  (white space normalised) open a record? `can_start` is true at the first line
  and after a blank line.
- CODES_RULES, `(title, context) -> Codes | None`: the committee codes at the end
  of a title, lead committee first, and the title without them.
- STATUS_RULES, `(paragraphs, context) -> StatusFound | None`: where the status
  sentence stands among the paragraphs after the title.

Where no status rule answers, the status label of the opening line gives the
status; where neither does, the status is unknown, with a warning.
"""

from __future__ import annotations

from .base import Codes, Context, Opening, Paragraph, StatusFound
from .codes_bare import codes_bare
from .codes_parenthesised import codes_parenthesised
from .names import split_names
from .opening_committee import opening_committee
from .opening_dot import opening_dot
from .opening_label import opening_label
from .status_line import status_line
from .status_opens_comment import status_opens_comment
from .status_paragraph import status_paragraph
from .status_unknown import status_unknown

__all__ = [
    "OPENING_RULES",
    "CODES_RULES",
    "STATUS_RULES",
    "Codes",
    "Context",
    "Opening",
    "Paragraph",
    "StatusFound",
    "split_names",
]

OPENING_RULES = (opening_dot, opening_committee, opening_label)
CODES_RULES = (codes_bare, codes_parenthesised)
STATUS_RULES = (status_paragraph, status_opens_comment, status_line, status_unknown)
