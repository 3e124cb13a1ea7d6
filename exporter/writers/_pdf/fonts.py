"""The report's typeface, and what to do with characters it lacks.

Where the theme names no TrueType files, the PDF is set in Liberation Sans (SIL Open
Font License 1.1), metric-compatible with Arial, the Word report's typeface: its
Regular, Bold and Italic ship inside the default template (`templates/default/fonts/`),
so a build looks the same on every machine.

reportlab silently draws nothing for a character the font has no glyph for, and the
PDF/A validators do not notice. Every text therefore passes through `Typeface.clean`,
which keeps the characters the font has, turns typographic spaces into plain ones and
replaces anything else with a visible, searchable marker "[U+4E2D]" that the writer
reports.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from .adapter import SubsetFont, font_characters

__all__ = ["DEFAULT_FILES", "Cleaned", "Typeface", "typeface"]

# The built-in typeface's files, in the default template's folder.
DEFAULT_FILES = {"body": "LiberationSans-Regular.ttf", "bold": "LiberationSans-Bold.ttf",
                 "italic": "LiberationSans-Italic.ttf"}

# Characters with a plain equivalent that means the same on paper: typographic spaces
# and invisible characters always (a soft hyphen drawn would show mid-word), the rest
# where the typeface lacks them.
_ALWAYS = {
    **{chr(c): " " for c in range(0x2000, 0x200B)},  # en/em/thin/hair spaces
    "\u202f": " ",  # narrow no-break space (Swedish thousands separator)
    "\u205f": " ",
    "\u3000": " ",
    "\t": " ",
    "\u00ad": "",  # soft hyphen: invisible unless a line breaks there
    "\u200b": "",  # zero-width space, joiners, BOM
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}
_EQUIVALENTS = {
    **_ALWAYS,
    "\u2192": "->",  # rightwards arrow, where a theme's typeface has none
}


def _default(role: str) -> Path:
    from ...theme import default_template_dir

    return default_template_dir() / "fonts" / DEFAULT_FILES[role]


def _name(path: Path) -> str:
    """A reportlab font name for a theme's font file, the same for the same bytes."""
    return "ExporterTheme-" + hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A text ready to draw, and the characters of the original that the font lacks."""

    text: str
    missing: tuple[str, ...]


class Typeface:
    """The body, bold and italic fonts, registered with reportlab, and their coverage.

    By default Liberation Sans (`DEFAULT_FILES`); a theme may name TrueType files for
    the body, bold and italic text (its body font serves where it names no bold or
    italic one)."""

    def __init__(self, body: Path | None = None, bold: Path | None = None, italic: Path | None = None) -> None:
        if body is None:
            body, bold, italic = _default("body"), _default("bold"), _default("italic")
        bold = bold or body
        italic = italic or body
        # Liberation Sans draws some status symbols (◐, ?) but not the others (✔, ✖,
        # ↗, ↘), and its ◐ is a small mark: with it, every status is drawn as
        # exporter's own vector shape, one kind of symbol throughout.
        self.builtin = Path(body).resolve() == _default("body").resolve()
        self.body, self.bold, self.italic = _name(body), _name(bold), _name(italic)
        files = {self.body: str(body), self.bold: str(bold), self.italic: str(italic)}
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, file in files.items():
            if name not in registered:
                pdfmetrics.registerFont(SubsetFont(name, file))
        # The characters every face can draw.
        covered = None
        for name in files:
            chars = set(font_characters(name))
            covered = chars if covered is None else covered & chars
        self.covered: frozenset[int] = frozenset(covered or ())
        self._chars: frozenset[str] = frozenset(map(chr, self.covered)).difference(_ALWAYS)
        self._cache: dict[str, Cleaned] = {}

    def has(self, char: str) -> bool:
        return ord(char) in self.covered

    def clean(self, text: str) -> Cleaned:
        """`text` in NFC with every character the font lacks made visible as "[U+XXXX]"."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        normal = unicodedata.normalize("NFC", text)
        covered = self.covered
        if self._chars.issuperset(normal):
            result = Cleaned(normal, ())
        else:
            out: list[str] = []
            missing: list[str] = []
            for ch in normal:
                if ord(ch) in covered and ch not in _ALWAYS:
                    out.append(ch)
                elif ch in _EQUIVALENTS:
                    out.append(_EQUIVALENTS[ch])
                elif ch in "\n\r\v\f\x85\u2028\u2029":
                    out.append(" ")
                else:
                    out.append(f"[U+{ord(ch):04X}]")
                    missing.append(ch)
            result = Cleaned("".join(out), tuple(dict.fromkeys(missing)))
        if len(self._cache) < 200_000:
            self._cache[text] = result
        return result


@lru_cache(maxsize=8)
def typeface(body: Path | None = None, bold: Path | None = None, italic: Path | None = None) -> Typeface:
    """The typeface of these font files (no body: Liberation Sans), made once per
    process: reportlab's font registry is global."""
    return Typeface(body, bold, italic)
