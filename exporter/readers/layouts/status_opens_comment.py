"""The status sentence opens the first comment paragraph:

    Uppdraget bedöms bli genomfört under året. Arbetet pågår och tre av tio besök är gjorda.

The sentence, up to and with its full stop, is the status; the rest of the
paragraph stays the first comment paragraph, word for word. A status sentence
wrapped over two lines ("Uppdraget är genomfört" / "under året. Arbetet ...") is
read the same way.
"""

from __future__ import annotations

from .base import Context, Paragraph, StatusFound


def status_opens_comment(paragraphs: list[Paragraph], context: Context) -> StatusFound | None:
    first = paragraphs[0]
    found = context.vocabulary.opening_sentence(first.text)
    if found is None:
        return None
    if found.sentence == first.lines[0]:  # the comment starts on the next line
        comment = Paragraph(first.line + 1, first.lines[1:])
    else:
        comment = Paragraph(first.line, (found.remainder,))
    return StatusFound(found.status, found.sentence, first.line, [comment, *paragraphs[1:]])
