"""A short paragraph after the title that reads like a status sentence but is not
one the vocabulary knows ("Uppdraget är nästan klart."): kept as the status text,
with status unknown (the reader warns, naming the line).
"""

from __future__ import annotations

from ...model import Status
from .base import Context, Paragraph, StatusFound


def status_unknown(paragraphs: list[Paragraph], context: Context) -> StatusFound | None:
    first = paragraphs[0]
    text = first.text
    if not context.vocabulary.looks_like_status(text):
        return None
    return StatusFound(Status.UNKNOWN, text, first.line, paragraphs[1:])
