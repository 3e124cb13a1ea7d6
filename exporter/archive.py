"""The archive's manifest: SHA256SUMS over the archived reports, which the writer
`pdfa` (`exporter.writers.pdfa`) lays out in year/tertial folders, and the time of
archiving that the manifest and the archive copies record.

The manifest opens with a comment line that says when it was made,
`# archived 2022-06-14T09:30:00Z by exporter`, which `sha256sum -c` (and `shasum -c`)
skip as they skip every line that begins with `#`; one line per PDF follows.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from .files import atomic_write

__all__ = ["manifest", "write_manifest", "archive_time", "ArchiveTimeError", "MANIFEST"]

MANIFEST = "SHA256SUMS"
ARCHIVE_PATTERN = "*/T*/uppfoljning-*.pdf"


class ArchiveTimeError(ValueError):
    """SOURCE_DATE_EPOCH is set to something that is not a time."""


def archive_time(environ: Mapping[str, str] | None = None) -> _dt.datetime:
    """When an archive copy is made: `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) where
    it is set and not empty, so that two archives made with the same value are the same
    bytes; else the clock. UTC, in whole seconds. ArchiveTimeError names a value that
    is not a number of seconds."""
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    try:
        seconds = int(value)
        return _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ArchiveTimeError(
            f"SOURCE_DATE_EPOCH={value[:40]!r} is not a time: give whole seconds since 1970-01-01 UTC"
        ) from None


def _stamp(archived: _dt.datetime | None) -> str:
    """The manifest's first line: when the archive was made."""
    when = (archived or archive_time()).astimezone(_dt.timezone.utc)
    return f"# archived {when:%Y-%m-%dT%H:%M:%SZ} by exporter\n"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest(out_dir: str | Path, staged: Mapping[str, Path],
             archived: _dt.datetime | None = None) -> list[tuple[str, bytes]]:
    """The SHA256SUMS a build of the archive writes together with its PDFs: when it was
    archived (`archived`, else `archive_time()`), then every archived PDF under `out_dir`,
    those of the build (`staged`: name -> file with the new bytes) counted as they will be."""
    out_dir = Path(out_dir)
    files = {p.relative_to(out_dir).as_posix(): p for p in out_dir.glob(ARCHIVE_PATTERN) if p.is_file()}
    files.update({name: path for name, path in staged.items() if Path(name).match(ARCHIVE_PATTERN)})
    text = _stamp(archived) + "".join(f"{_sha256(files[name])}  {name}\n" for name in sorted(files))
    return [(MANIFEST, text.encode("utf-8"))]


def write_manifest(out_dir: str | Path, archived: _dt.datetime | None = None) -> Path:
    """Write `out_dir/SHA256SUMS` listing every archived PDF under `out_dir`, sorted, in
    the format `sha256sum -c` reads (paths relative to `out_dir`), after the line that
    says when (`archived`, else `archive_time()`); its path."""
    out_dir = Path(out_dir)
    files = sorted((p.relative_to(out_dir).as_posix(), p) for p in out_dir.glob(ARCHIVE_PATTERN) if p.is_file())
    text = _stamp(archived) + "".join(f"{_sha256(path)}  {name}\n" for name, path in files)
    return atomic_write(out_dir / MANIFEST, text.encode("utf-8"))
