"""A status label alone opens a record (exports whose header names no period,
`Uppdrag. Kommentar`, with the status column first):

    Bedöms bli genomförd
    Säkerställ en beredskap för kriser (KS)

Only where a record can start (the first line, or after a blank line), so that a
comment line that happens to read "Genomförd" stays comment.
"""

from __future__ import annotations

from .base import Context, Opening


def opening_label(line: str, context: Context, can_start: bool) -> Opening | None:
    if not can_start or len(line) > context.vocabulary.longest_label:
        return None
    return Opening(None, line) if context.vocabulary.label(line) is not None else None
