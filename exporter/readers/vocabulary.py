"""Status sentences and status labels, recognised through the theme's vocabulary.

Every test here runs in time linear in the text: white space is normalised first
(one pass of `str.split`), and what follows is dictionary look-ups, `str` methods
and patterns anchored at both ends with no two unbounded repeats over the same
characters, so no input makes a pattern backtrack.
"""

from __future__ import annotations

import re

from ..model import Status, fold
from ..theme import Theme

__all__ = ["StatusVocabulary", "OpeningSentence", "fold"]

# "under året" (or "under 2022", "under år 2022", "under innevarande år") may end any
# phrase; so may a full stop or an exclamation mark.
_TAIL = " under "
_TAIL_WORDS = re.compile(r"året|innevarande år|år \d{4}|\d{4}")
# What a status sentence looks like even when its words are not in the vocabulary.
_STATUS_LIKE = re.compile(r"uppdraget (?:är|bedöms|har|blir|kommer|beräknas)\b", re.IGNORECASE)
# Short texts whose status is remembered, at most.
_SEEN_AT_MOST = 4096
# Longest tail a phrase can carry: " under innevarande år" and the final stops.
_TAIL_ROOM = 30


def _core(folded: str) -> str:
    """A folded status sentence without its final stop and its "under året"."""
    core = folded.rstrip(" .!")
    at = core.rfind(_TAIL)
    if at >= 0 and _TAIL_WORDS.fullmatch(core, at + len(_TAIL)):
        core = core[:at]
    return core


class OpeningSentence(tuple):
    """(status, sentence, remainder) of a text that opens with a status sentence."""

    __slots__ = ()

    def __new__(cls, status: Status, sentence: str, remainder: str):
        return super().__new__(cls, (status, sentence, remainder))

    @property
    def status(self) -> Status:
        return self[0]

    @property
    def sentence(self) -> str:
        return self[1]

    @property
    def remainder(self) -> str:
        return self[2]


class StatusVocabulary:
    """Maps status sentences and status labels to status codes."""

    def __init__(self, theme: Theme) -> None:
        self._phrases: dict[str, Status] = {}
        self._labels: dict[str, Status] = {}
        self._seen: dict[str, Status | None] = {}
        for status, style in theme.statuses.items():
            for phrase in style.phrases:
                self._phrases[_core(fold(phrase))] = status
            for label in style.labels:
                self._labels[fold(label)] = status
        # Anything longer cannot be a status sentence or a label: skip it unread.
        self.longest_sentence = max((len(p) for p in self._phrases), default=0) + _TAIL_ROOM
        self.longest_label = max((len(label) for label in self._labels), default=0) + 4

    def sentence(self, text: str) -> Status | None:
        """The status a sentence states, or None if it is not a known status sentence."""
        if len(text) > 4 * self.longest_sentence:  # room for runs of spaces before folding
            return None
        try:
            return self._seen[text]
        except KeyError:
            pass
        status = self._phrases.get(_core(fold(text)))
        if len(self._seen) < _SEEN_AT_MOST:  # status sentences repeat; remember the first few thousand
            self._seen[text] = status
        return status

    def opening_sentence(self, text: str) -> OpeningSentence | None:
        """The status sentence that opens `text` (white space normalised) and ends with a
        full stop followed by more text, or None: "Uppdraget är genomfört. Arbetet ..."."""
        end = text.find(". ", 0, self.longest_sentence)
        if end < 0:
            return None
        status = self._phrases.get(_core(text[: end + 1].casefold()))
        if status is None:
            return None
        return OpeningSentence(status, text[: end + 1], text[end + 2 :])

    def label(self, text: str) -> Status | None:
        """The status a label of the status column gives, or None."""
        if len(text) > 4 * self.longest_label:
            return None
        return self._labels.get(fold(text))

    @staticmethod
    def looks_like_status(text: str) -> bool:
        """True for a short single sentence that reads like a status ("Uppdraget är ...")."""
        if len(text) > 200:
            return False
        words = text.split()
        inner = " ".join(words).rstrip(" .!")
        return bool(_STATUS_LIKE.match(" ".join(words[:3]))) and len(words) <= 12 and ". " not in inner
