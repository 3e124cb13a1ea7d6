"""Building documents: which files the writers make of a record set, rendering them
(in parallel where there are several), and writing each one atomically."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import writers
from .files import atomic_write
from .model import RecordSet
from .theme import Theme
from .writers import BuildOptions, Document

__all__ = ["Job", "plan", "render", "build"]

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Job:
    """One document of one writer."""

    writer: str
    document: Document


def plan(record_set: RecordSet, formats: Sequence[str], options: BuildOptions) -> list[Job]:
    """Every document the writers of `formats` make of `record_set`, in output order."""
    jobs = []
    for name in dict.fromkeys(formats):
        writer = writers.get(name)
        jobs.extend(Job(name, document) for document in writer.documents(record_set, options))
    names = [job.document.name for job in jobs]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise ValueError(f"two writers would write the same file: {', '.join(clashes)}")
    return jobs


def render(record_set: RecordSet, job: Job, theme: Theme, options: BuildOptions) -> bytes:
    """The bytes of one job's document."""
    return writers.get(job.writer).render(record_set, job.document, theme, options)


# Worker processes receive the record set and theme once, not with every job.
_shared: tuple[RecordSet, Theme, BuildOptions] | None = None


def _init_worker(record_set: RecordSet, theme: Theme, options: BuildOptions) -> None:
    global _shared
    _shared = (record_set, theme, options)


def _render_in_worker(job: Job) -> bytes:
    assert _shared is not None
    record_set, theme, options = _shared
    return render(record_set, job, theme, options)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def build(
    record_set: RecordSet,
    theme: Theme,
    formats: Sequence[str],
    out_dir: str | Path,
    options: BuildOptions = BuildOptions(),
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Render every document of `formats` and write it to `out_dir`; the paths written,
    in output order. The bytes do not depend on `jobs`."""
    out_dir = Path(out_dir)
    work = plan(record_set, formats, options)
    workers = min(jobs or default_jobs(), len(work))
    written: list[Path] = []
    if workers <= 1:
        for done, job in enumerate(work, start=1):
            written.append(atomic_write(out_dir / job.document.name, render(record_set, job, theme, options)))
            if progress:
                progress(done, len(work), job.document.name)
        return written
    # The biggest documents first keeps both cores busy to the end.
    order = sorted(range(len(work)), key=lambda i: -_weight(record_set, work[i]))
    results: dict[int, Path] = {}
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(record_set, theme, options)) as pool:
        futures = {i: pool.submit(_render_in_worker, work[i]) for i in order}
        for done, i in enumerate(order, start=1):
            results[i] = atomic_write(out_dir / work[i].document.name, futures[i].result())
            if progress:
                progress(done, len(work), work[i].document.name)
    return [results[i] for i in range(len(work))]


def _weight(record_set: RecordSet, job: Job) -> int:
    period = job.document.period
    return len(record_set.for_period(period)) if period is not None else len(record_set)
