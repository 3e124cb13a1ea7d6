"""Text that came from the input, made safe to show on a terminal or store as a message.

A file name, a diagnostic's message or a `source.file` may hold control characters:
an escape sequence (ESC ] … BEL sets a terminal's title, OSC 52 writes its
clipboard, CSI colours and moves the cursor), a line break that forges a line of
output, a lone surrogate that no output encoding can write, or a bidirectional
override that reorders what the reader sees. `shown` writes each of these as an
escape (`\\x1b`, `\\u202e`) the way `display_name` writes a byte of a file name
that is not UTF-8 (`\\xe4`), so no character is lost and none acts on the terminal.
Every text printed to standard output or standard error passes through it, and the
readers store diagnostics' messages and file names shown already, so that the JSON
diagnostics say the same as the terminal.
"""

from __future__ import annotations

import re

__all__ = ["shown", "shown_lines"]

# C0 and C1 controls and DEL, lone surrogates, the line and paragraph separators, and
# the bidirectional embeddings, overrides and isolates.
_ACTIVE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` with every control character written as an escape (`\\x1b`); idempotent."""
    return _ACTIVE.sub(_escape, text) if _ACTIVE.search(text) else text


def shown_lines(text: str) -> str:
    """`shown` for a text of several lines: the line breaks between them are kept."""
    return "\n".join(shown(line) for line in text.split("\n"))
