"""Limits of one paragraph and one record, checked on the record set as read, whatever
the layout it was read from (the text layouts and the record set's own JSON alike).

One bad record must not take the machine: a 100 MB comment would take minutes and
gigabytes through the writers. So:

- a comment paragraph longer than `PARAGRAPH_LIMIT` characters is split at white
  space into paragraphs of at most that many, with a warning (no word is lost);
- a title or status sentence longer than `PARAGRAPH_LIMIT` is refused (error): it
  cannot be split without changing what it says;
- a record holding more than `RECORD_LIMIT` characters in all is refused (error).

A refused record stays in the record set with its error, so `check` and `parse` show
it, and `build` writes nothing (or, with `--keep-going`, skips its file).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..model import Diagnostic, Level, Record

__all__ = ["PARAGRAPH_LIMIT", "RECORD_LIMIT", "apply_limits", "split_paragraph"]

PARAGRAPH_LIMIT = 100_000  # characters of one paragraph (a title, a status sentence, a comment paragraph)
RECORD_LIMIT = 1_000_000  # characters of one record, all its text together


def split_paragraph(text: str, limit: int = PARAGRAPH_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at the last white space
    before the limit (that space dropped), or at the limit where a piece has none."""
    pieces = []
    start = 0
    while len(text) - start > limit:
        cut = text.rfind(" ", start, start + limit + 1)
        if cut <= start:
            pieces.append(text[start : start + limit])
            start += limit
        else:
            pieces.append(text[start:cut])
            start = cut + 1
    pieces.append(text[start:])
    return pieces


def apply_limits(records: Iterable[Record]) -> tuple[list[Record], list[Diagnostic]]:
    """The records with over-long comment paragraphs split, and a diagnostic for each
    record that was split or that breaks a limit."""
    kept: list[Record] = []
    notes: list[Diagnostic] = []
    for record in records:
        file, line = record.source.file, record.source.line
        for name, text in (("title", record.title), ("status sentence", record.status_text)):
            if len(text) > PARAGRAPH_LIMIT:
                notes.append(Diagnostic(file, line, Level.ERROR, f"the {name} is {len(text):,} characters long; "
                                        f"one paragraph holds at most {PARAGRAPH_LIMIT:,}"))
        total = sum(len(text) for text in record.text)
        if total > RECORD_LIMIT:
            notes.append(Diagnostic(file, line, Level.ERROR, f"the record holds {total:,} characters; one record "
                                    f"holds at most {RECORD_LIMIT:,} (split it, or shorten its comment)"))
        elif any(len(p) > PARAGRAPH_LIMIT for p in record.comment):
            comment = tuple(piece for p in record.comment for piece in split_paragraph(p))
            notes.append(Diagnostic(file, line, Level.WARNING, f"a comment paragraph longer than {PARAGRAPH_LIMIT:,} "
                                    f"characters is split at white space; the comment now has {len(comment)} "
                                    "paragraphs"))
            record = replace(record, comment=comment)
        kept.append(record)
    return kept, notes
