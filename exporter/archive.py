"""The archive's manifest: SHA256SUMS over the archived reports, which the writer
`pdfa` (`exporter.writers.pdfa`) lays out in year/tertial folders."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .files import atomic_write

__all__ = ["write_manifest", "MANIFEST"]

MANIFEST = "SHA256SUMS"
ARCHIVE_PATTERN = "*/T*/uppfoljning-*.pdf"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(out_dir: str | Path) -> Path:
    """Write `out_dir/SHA256SUMS` listing every archived PDF under `out_dir`, sorted, in
    the format `sha256sum -c` reads (paths relative to `out_dir`); its path."""
    out_dir = Path(out_dir)
    files = sorted((p.relative_to(out_dir).as_posix(), p) for p in out_dir.glob(ARCHIVE_PATTERN) if p.is_file())
    text = "".join(f"{_sha256(path)}  {name}\n" for name, path in files)
    return atomic_write(out_dir / MANIFEST, text.encode("utf-8"))
