"""Status sentences and status labels, recognised through the theme's vocabulary."""

from __future__ import annotations

import re

from ..model import Status
from ..theme import Theme

__all__ = ["StatusVocabulary"]

# "under året" (or "under 2022") may end any phrase; so may a full stop.
_TAIL = re.compile(r"(?:\s+under\s+(?:året|år\s+\d{4}|\d{4}))?\s*[.!]*\s*$", re.IGNORECASE)
# What a status sentence looks like even when its words are not in the vocabulary.
_STATUS_LIKE = re.compile(r"^uppdraget\s+(?:är|bedöms|har|blir|kommer|beräknas)\b", re.IGNORECASE)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


class StatusVocabulary:
    """Maps status sentences and status labels to status codes."""

    def __init__(self, theme: Theme) -> None:
        self._phrases: dict[str, Status] = {}
        self._labels: dict[str, Status] = {}
        for status, style in theme.statuses.items():
            for phrase in style.phrases:
                self._phrases[_fold(_TAIL.sub("", phrase))] = status
            for label in style.labels:
                self._labels[_fold(label)] = status

    def sentence(self, text: str) -> Status | None:
        """The status a sentence states, or None if it is not a known status sentence."""
        return self._phrases.get(_fold(_TAIL.sub("", text)))

    def label(self, text: str) -> Status | None:
        """The status a label of the status column gives, or None."""
        return self._labels.get(_fold(text))

    @staticmethod
    def looks_like_status(text: str) -> bool:
        """True for a short single sentence that reads like a status ("Uppdraget är ...")."""
        words = text.split()
        inner = text.rstrip(" .!")
        return bool(_STATUS_LIKE.match(text)) and len(words) <= 12 and ". " not in inner
