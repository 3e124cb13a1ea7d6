"""Bytes on disk: atomic writes and deterministic zip containers.

.docx and .xlsx files are zip archives; the libraries that make them stamp each
entry with the wall clock. `normalise_zip` rewrites an archive with fixed
timestamps and attributes so that the same content gives the same bytes.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_write", "normalise_zip", "stream_entry", "write_zip", "zip_info", "COMPRESSLEVEL", "ZIP_EPOCH"]

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` whole or not at all: a temporary file in the same folder,
    flushed to disk, then renamed over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


COMPRESSLEVEL = 6


def zip_info(name: str) -> zipfile.ZipInfo:
    """A zip entry with the fixed timestamp and attributes every archive of ours uses."""
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    return info


def stream_entry(archive: zipfile.ZipFile, name: str, pieces: Iterable[str], flush: int = 1 << 20) -> None:
    """Write an entry from text pieces, encoding and compressing about `flush` characters
    at a time, so that a big part never exists whole in memory."""
    with archive.open(zip_info(name), "w") as out:
        batch: list[str] = []
        size = 0
        for piece in pieces:
            batch.append(piece)
            size += len(piece)
            if size >= flush:
                out.write("".join(batch).encode("utf-8"))
                batch, size = [], 0
        out.write("".join(batch).encode("utf-8"))


def write_zip(entries: Iterable[tuple[str, bytes | Iterable[str]]], compresslevel: int = COMPRESSLEVEL) -> bytes:
    """A zip archive of (name, content) entries in the order given, with fixed timestamps.

    Content is bytes, or text pieces that are streamed into the entry (`stream_entry`) so
    that a big part never exists whole. `entries` is read lazily: each entry is written
    before the next is asked for, so a later entry may depend on an earlier one's pieces
    having been made."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for name, data in entries:
            if isinstance(data, (bytes, bytearray)):
                archive.writestr(zip_info(name), data, compresslevel=compresslevel)
            else:
                stream_entry(archive, name, data)
    return buffer.getvalue()


def normalise_zip(
    data: bytes | BinaryIO,
    transform: Callable[[str, bytes], bytes] | None = None,
    compresslevel: int = COMPRESSLEVEL,
) -> bytes:
    """The same archive (bytes, or a seekable binary file) with fixed timestamps and
    attributes; `transform(name, bytes)` may rewrite an entry on the way (e.g. to pin a
    date in docProps/core.xml). Entries pass one at a time, so a big archive is never
    held uncompressed as a whole."""
    with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as source:

        def entries() -> Iterator[tuple[str, bytes]]:
            for info in source.infolist():
                content = source.read(info)
                if transform is not None:
                    content = transform(info.filename, content)
                yield info.filename, content

        return write_zip(entries(), compresslevel=compresslevel)
