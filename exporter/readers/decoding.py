"""Bytes of an input file to text: encodings, binary files, empty files.

UTF-8 (with or without BOM) and UTF-16/UTF-32 with BOM are read as such;
anything else that decodes as Windows-1252 is read as that, with a warning.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..model import Level

__all__ = ["Decoded", "DecodeProblem", "decode"]

# Leading bytes of formats people save by mistake instead of a text export.
_MAGIC = (
    (b"PK\x03\x04", "a zip archive (a .docx or .xlsx file?)"),
    (b"%PDF", "a PDF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc or .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_SAVE_AS = "export or save the follow-up as plain text (.txt)"


@dataclass(frozen=True)
class DecodeProblem:
    level: Level
    line: int
    message: str


@dataclass(frozen=True)
class Decoded:
    """The text of a file (None when it cannot be read as text) and what was noticed."""

    text: str | None
    encoding: str | None
    problems: tuple[DecodeProblem, ...]


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _error(line: int, message: str) -> Decoded:
    return Decoded(None, None, (DecodeProblem(Level.ERROR, line, message),))


# Control bytes that do not occur in text (all below 32 but tab, LF, VT, FF and CR).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13))


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return sample.count(0) > len(sample) // 100 or controls > len(sample) // 10


def _looks_utf16_without_bom(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_nuls, odd_nuls) > half * 0.4 and min(even_nuls, odd_nuls) < half * 0.05


def decode(data: bytes) -> Decoded:
    """The text of an input file, or an error saying why it cannot be read."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        return _error(1, "the file is empty")

    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                name = encoding.replace("-sig", "").upper()
                return _error(
                    _line_at(data, exc.start) if name == "UTF-8" else 1,
                    f"the file starts with a {name} byte-order mark but is not valid {name} "
                    f"(byte offset {exc.start}): {_SAVE_AS}",
                )
            if not text.strip():
                return _error(1, "the file is empty")
            return Decoded(text, encoding.replace("-sig", ""), ())

    for magic, what in _MAGIC:
        if data.startswith(magic):
            return _error(1, f"this is {what}, not a follow-up text: {_SAVE_AS}")
    if _looks_utf16_without_bom(data):
        return _error(1, "the file looks like UTF-16 without a byte-order mark: save it as UTF-8")
    if _looks_binary(data):
        return _error(1, f"this is a binary file, not a follow-up text: {_SAVE_AS}")

    try:
        return Decoded(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        return _error(
            _line_at(data, exc.start),
            f"cannot decode the file: it is neither UTF-8 nor Windows-1252 "
            f"(byte 0x{data[exc.start]:02X} at offset {exc.start}): {_SAVE_AS} in UTF-8",
        )
    return Decoded(
        text,
        "cp1252",
        (
            DecodeProblem(
                Level.WARNING,
                _line_at(data, utf8_error.start),
                "the file is not UTF-8; read it as Windows-1252 (check å, ä and ö in the output)",
            ),
        ),
    )
