"""Input files on disk: regular files only, up to a size limit, named as the user sees them.

A FIFO would block the reader forever and a device such as /dev/zero would be read
until memory runs out, so anything but a regular file (or a link to one) is refused
with a message naming it, and so is a file over the size limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..shown import shown

__all__ = ["DEFAULT_MAX_BYTES", "MAX_BYTES_VARIABLE", "InputFileError", "default_max_bytes", "read_regular_file",
           "kind_of", "display_name"]

DEFAULT_MAX_BYTES = 100 * 1024 * 1024  # far above any real export (a year's is well under 1 MB)
MAX_BYTES_VARIABLE = "EXPORTER_MAX_INPUT_MB"  # another limit, in megabytes

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class InputFileError(Exception):
    """An input that cannot be read as a file; the message says why."""


def kind_of(mode: int) -> str | None:
    """What a file of `mode` is, in words, when it is not a regular file; None when it is."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def default_max_bytes() -> int:
    """The size limit of one input file: EXPORTER_MAX_INPUT_MB megabytes where that is
    set, else 100 MB."""
    value = os.environ.get(MAX_BYTES_VARIABLE, "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < 1 << 40:
        raise InputFileError(f"{MAX_BYTES_VARIABLE}={value!r} is not a number of megabytes, e.g. 100")
    return int(megabytes * 1024 * 1024)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def read_regular_file(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file, refusing anything else and anything over `max_bytes`
    (default: `default_max_bytes()`).

    The file is opened without blocking and checked on the open descriptor, so a FIFO
    put in a file's place between listing and reading is refused too."""
    if max_bytes is None:
        max_bytes = default_max_bytes()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise InputFileError(f"this is {kind}, not a file; only regular files are read")
        if info.st_size > max_bytes:
            raise InputFileError(
                f"the file is {_megabytes(info.st_size)}, over the limit of {_megabytes(max_bytes)} "
                f"({MAX_BYTES_VARIABLE} sets another)"
            )
        chunks = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise InputFileError(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew while being read
        raise InputFileError(f"the file is over the limit of {_megabytes(max_bytes)} ({MAX_BYTES_VARIABLE} sets another)")
    return data


def display_name(path: Path) -> str:
    """A path as text to store and print: "/"-separated; a byte of the name that is not
    UTF-8 (an old Latin-1 name, "r\\xe4k.txt") is written as `\\xNN`, and a control
    character as its escape (`\\x1b`, see `exporter.shown`), so the name stays text
    that every format and terminal can hold and no byte of it is lost."""
    text = path.as_posix()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(text)
        except UnicodeEncodeError:
            raw = text.encode("utf-8", "surrogatepass")
        text = raw.decode("utf-8", "backslashreplace")
    return shown(text)
