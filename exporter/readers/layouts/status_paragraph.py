"""The status sentence stands alone in the paragraph after the title (the samples):

    Främja friluftslivet (KFN)

    Uppdraget är genomfört under året.

    Comment paragraph.
"""

from __future__ import annotations

from .base import Context, Paragraph, StatusFound


def status_paragraph(paragraphs: list[Paragraph], context: Context) -> StatusFound | None:
    first = paragraphs[0]
    text = first.text
    status = context.vocabulary.sentence(text)
    if status is None:
        return None
    return StatusFound(status, text, first.line, paragraphs[1:])
