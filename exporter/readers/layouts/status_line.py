"""The status line runs straight into the comment, with no blank line between:

    Uppdraget bedöms bli genomfört under året
    Enheten har genomfört en första utbildning ...
"""

from __future__ import annotations

from .base import Context, Paragraph, StatusFound


def status_line(paragraphs: list[Paragraph], context: Context) -> StatusFound | None:
    first = paragraphs[0]
    if len(first.lines) < 2:
        return None
    status = context.vocabulary.sentence(first.lines[0])
    if status is None:
        return None
    comment = Paragraph(first.line + 1, first.lines[1:])
    return StatusFound(status, first.lines[0], first.line, [comment, *paragraphs[1:]])
