"""What an upload may be, and saving it into a workspace.

The names of uploaded files and zip members never choose a path: a name is checked
(no folder, no `..`, no control characters, UTF-8, not too long), and the file is
saved under that plain name in the upload's own folder, or refused with a message
that names it. Sizes are counted as the bytes come, never taken from a header, so
that a zip bomb stops at the limit; zips inside zips, binary files and files of
other kinds are refused. An upload is all or nothing: one bad file refuses it.
"""

from __future__ import annotations

import shutil
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO

from .text import Message

__all__ = ["Limits", "UploadRefused", "save_upload", "SUFFIXES"]

SUFFIXES = (".txt", ".json")
ZIP_MAGIC = b"PK\x03\x04"
CHUNK = 1 << 16
MAX_NAME_BYTES = 200


@dataclass(frozen=True)
class Limits:
    """The limits of one upload (and of the service's builds)."""

    max_upload_bytes: int = 50 * 1024 * 1024  # the request's body
    max_files: int = 500  # files in one upload, zip members counted
    max_unpacked_bytes: int = 200 * 1024 * 1024  # all files as saved, zips unpacked

    @property
    def max_upload_mb(self) -> int:
        return max(1, self.max_upload_bytes // (1024 * 1024))

    @property
    def max_unpacked_mb(self) -> int:
        return max(1, self.max_unpacked_bytes // (1024 * 1024))


class UploadRefused(Exception):
    """An upload that is not read: the HTTP status and what to tell the user."""

    def __init__(self, status: int, message: Message) -> None:
        super().__init__(message.key)
        self.status = status
        self.message = message


def _refuse(status: int, key: str, **facts) -> UploadRefused:
    return UploadRefused(status, Message(key, facts, target="files"))


def _shown(name: str) -> str:
    """A name as the page may show it: control characters made visible."""
    return "".join(c if unicodedata.category(c)[0] != "C" else f"\\x{ord(c):02x}" for c in name)[:120]


def checked_name(name: str) -> str:
    """`name` (an uploaded file's or a zip member's) as the plain file name it is saved
    under, or UploadRefused: a name with a folder that leads out (`..`, an absolute or
    drive path) is refused, as are control characters, a lone `.`, and names over
    200 bytes. A member in a folder of the zip (`2022/T1.txt`) is saved by its base
    name."""
    if not name or any(unicodedata.category(c) in ("Cc", "Cs", "Cf", "Co", "Cn") for c in name) or "\ufffd" in name:
        raise _refuse(400, "bad_name", name=_shown(name))
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive or PureWindowsPath(name).root:
        raise _refuse(400, "unsafe_name", name=_shown(name))
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if any(part == ".." for part in parts):
        raise _refuse(400, "unsafe_name", name=_shown(name))
    base = parts[-1] if parts else ""
    if base in ("", ".") or base.startswith(".") or len(base.encode("utf-8")) > MAX_NAME_BYTES:
        raise _refuse(400, "bad_name", name=_shown(name))
    return base


def _zip_member_name(info: zipfile.ZipInfo, zip_name: str) -> str:
    """A member's name as text: UTF-8 where the zip says so or the bytes are UTF-8;
    other bytes (an old code page) are refused rather than guessed."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(400, "bad_name", name=_shown(f"{zip_name}: {raw.decode('utf-8', 'backslashreplace')}")) from None


class _Budget:
    """What is left of the upload's limits while files are saved."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.files = 0
        self.unpacked = 0
        self.names: set[str] = set()

    def add_file(self, name: str) -> None:
        self.files += 1
        if self.files > self.limits.max_files:
            raise _refuse(413, "too_many_files", max_files=self.limits.max_files)
        if name.casefold() in self.names:
            raise _refuse(400, "duplicate_name", name=_shown(name))
        self.names.add(name.casefold())


def _copy(source: IO[bytes], target: Path, shown: str, budget: _Budget, unpacking: str | None) -> None:
    """Copy `source` to `target`, counting its bytes against the budget; a NUL byte
    (a binary file) or a zip's signature (a zip inside a zip) refuses it."""
    first = True
    with open(target, "xb") as out:
        while block := source.read(CHUNK):
            if first and block.startswith(ZIP_MAGIC):
                raise _refuse(422, "nested_zip" if unpacking else "binary_file", name=shown)
            first = False
            if b"\x00" in block:
                raise _refuse(422, "binary_file", name=shown)
            budget.unpacked += len(block)
            if budget.unpacked > budget.limits.max_unpacked_bytes:
                raise _refuse(413, "unpacks_too_large", name=unpacking or shown, max_mb=budget.limits.max_unpacked_mb)
            out.write(block)


def _save_zip(source: IO[bytes], zip_name: str, folder: Path, budget: _Budget) -> list[str]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(422, "bad_zip", name=_shown(zip_name)) from None
    saved: list[str] = []
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) + budget.files > budget.limits.max_files:
            raise _refuse(413, "too_many_files", max_files=budget.limits.max_files)
        for info in members:
            name = _zip_member_name(info, zip_name)
            if name.startswith("__MACOSX/") or PurePosixPath(name).name.startswith("._"):
                continue  # the resource forks a Mac adds to a zip it makes
            base = checked_name(name)
            shown = _shown(f"{zip_name}: {name}")
            suffix = PurePosixPath(base).suffix.lower()
            if suffix == ".zip":
                raise _refuse(422, "nested_zip", name=shown)
            if suffix not in SUFFIXES:
                raise _refuse(415, "wrong_type", name=shown)
            if info.flag_bits & 0x1:
                raise _refuse(422, "encrypted_zip", name=shown)
            budget.add_file(base)
            try:
                with archive.open(info) as member:
                    _copy(member, folder / base, shown, budget, unpacking=_shown(zip_name))
            except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, RuntimeError):
                raise _refuse(422, "bad_zip", name=shown) from None
            saved.append(base)
    return saved


def save_upload(files: Iterable[tuple[str, IO[bytes]]], folder: Path, limits: Limits) -> list[str]:
    """Save the uploaded `files` (name as the browser gave it, content) into `folder`
    (new, empty), zips unpacked; the names saved, sorted. Anything refused raises
    UploadRefused and `folder` is removed."""
    budget = _Budget(limits)
    saved: list[str] = []
    folder.mkdir(parents=True)
    try:
        for given, content in files:
            base = checked_name(given)
            suffix = PurePosixPath(base).suffix.lower()
            if suffix == ".zip":
                saved.extend(_save_zip(content, base, folder, budget))
            elif suffix in SUFFIXES:
                budget.add_file(base)
                _copy(content, folder / base, _shown(base), budget, unpacking=None)
                saved.append(base)
            else:
                raise _refuse(415, "wrong_type", name=_shown(base))
        if not saved:
            raise _refuse(400, "no_files")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return sorted(saved)
