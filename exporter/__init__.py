"""exporter: a municipality's follow-up texts as Word reports, Excel status matrices and archival PDFs.

The public API is small:

    >>> import exporter
    >>> records = exporter.read(["input/"])
    >>> exporter.build(records, ["docx", "xlsx"], "output/")

`read` turns follow-up texts into a `RecordSet`; `build` renders it with the
writers named (see `exporter.writers`). Nothing here imports the document
libraries until a document is rendered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from . import build as _building  # loaded before `build` below is defined, which then names the function
from .model import Diagnostic, Level, Period, Record, RecordSet, Source, Status
from .theme import Theme, ThemeError, load_theme

__all__ = [
    "Diagnostic",
    "Level",
    "Period",
    "Record",
    "RecordSet",
    "Source",
    "Status",
    "Theme",
    "ThemeError",
    "load_theme",
    "read",
    "build",
]
__version__ = "0.1.0"


def read(
    paths: Iterable[str | Path],
    theme: Theme | None = None,
    *,
    repair: bool = True,
    period: Period | None = None,
    recursive: bool = False,
) -> RecordSet:
    """Every record of the follow-up texts in `paths` (files or folders of *.txt).

    Words split by old line breaks ("arbetsmarknads- politiken") are mended, each join an
    `info` diagnostic; `repair=False` keeps the text exactly as written (the command
    line's --keep-line-breaks)."""
    from .readers import ReadOptions
    from .readers import read as read_inputs

    return read_inputs(paths, theme or load_theme(), ReadOptions(repair=repair, period=period), recursive)


def build(
    record_set: RecordSet,
    formats: Sequence[str],
    out_dir: str | Path,
    theme: Theme | None = None,
    options=None,
    jobs: int | None = None,
    *,
    progress=None,
    finish=None,
) -> list[Path]:
    """Write the documents of `formats` for `record_set` into `out_dir`, all of them or
    none; the paths written. The theme's files are verified first; `progress(done, total,
    name)` is told of each document; `finish(staged)` may add files to the same build
    (see `exporter.build.build`). Raises ThemeError for a template that cannot be used
    and `exporter.files.OutputError` for an output folder that cannot be written."""
    from .writers import BuildOptions

    return _building.build(
        record_set, theme or load_theme(), formats, out_dir, options or BuildOptions(), jobs, progress, finish
    )
