"""Building documents: which files the writers make of a record set, rendering them
(in parallel where there are several), and writing them all or none (`files.Staging`).

Worker processes watch their parent: when the build dies, even by SIGKILL, they end
too instead of living on as orphans."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from . import writers
from .assets import verify as verify_assets
from .environment import check_source_date_epoch
from .files import OutputError, Staging, interrupts_deferred
from .model import RecordSet
from .theme import Theme
from .writers import BuildOptions, Document

_log = logging.getLogger("exporter")

__all__ = ["Job", "OutputError", "build", "plan", "render", "write"]

Progress = Callable[[int, int, str], None]
# Given the staged documents (name -> the file holding its new bytes), more files to
# write in the same build, e.g. the archive's checksum manifest.
Finish = Callable[[Mapping[str, Path]], Iterable[tuple[str, bytes]]]


@dataclass(frozen=True)
class Job:
    """One document of one writer."""

    writer: str
    document: Document


def plan(record_set: RecordSet, formats: Sequence[str], options: BuildOptions) -> list[Job]:
    """Every document the writers of `formats` make of `record_set`, in output order."""
    jobs: list[Job] = []
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


def write(record_set: RecordSet, job: Job, theme: Theme, options: BuildOptions, out: BinaryIO) -> None:
    """Write one job's document to the binary file `out` (a writer of long documents,
    the PDF's, writes it as it makes it)."""
    writers.get(job.writer).write(record_set, job.document, theme, options, out)


# Worker processes receive the record set and theme once, not with every job.
_shared: tuple[RecordSet, Theme, BuildOptions] | None = None


def _init_worker(parent: int, record_set: RecordSet, theme: Theme, options: BuildOptions) -> None:
    global _shared
    _end_with_parent(parent)
    _shared = (record_set, theme, options)


def _end_with_parent(parent: int) -> None:
    """End this worker when the build process `parent` dies: at once where Linux can
    signal it (PR_SET_PDEATHSIG), else within half a second (a watching thread)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - no libc to ask
            pass
    if os.getppid() != parent:  # the parent died before the signal was set up
        os._exit(1)

    def watch() -> None:
        while True:
            threading.Event().wait(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="exporter-parent-watch", daemon=True).start()


def _render_in_worker(job: Job) -> bytes:
    assert _shared is not None
    record_set, theme, options = _shared
    try:
        return render(record_set, job, theme, options)
    except Exception as exc:
        # What reaches the build must pickle; say what failed, not that it cannot pickle.
        raise RuntimeError(f"{job.document.name}: {type(exc).__name__}: {exc}") from None


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
    finish: Finish | None = None,
) -> list[Path]:
    """Render every document of `formats` and write them to `out_dir`, all or none; the
    paths written, in output order. The bytes do not depend on `jobs`.

    Raises `OutputError` naming the path where the output cannot be written; the folder
    is then left as it was."""
    out_dir = Path(out_dir)
    work = plan(record_set, formats, options)
    verify_assets(theme, formats)
    problem = check_source_date_epoch()
    if problem:
        _log.warning("%s", problem)
    if theme.organisation_is_default and any(job.writer != "json" for job in work):
        _log.warning("the documents name the organisation %r, the default template's neutral name; "
                     "set [organisation] name in a template of your own (exporter template init DIR, "
                     "then --template DIR)", theme.organisation)
    with Staging(out_dir, [job.document.name for job in work]) as staging:
        for done, (job, data) in enumerate(_rendered(record_set, theme, options, work, jobs), start=1):
            staging.write(job.document.name, data)
            if progress:
                progress(done, len(work), job.document.name)
        if finish is not None:
            for name, data in finish(dict(staging.staged)):
                staging.write(name, data)
        written = staging.commit()
    order = {job.document.name: i for i, job in enumerate(work)}
    return sorted(written, key=lambda path: order.get(path.relative_to(out_dir).as_posix(), len(order)))


def _rendered(
    record_set: RecordSet, theme: Theme, options: BuildOptions, work: list[Job], jobs: int | None
) -> Iterable[tuple[Job, bytes | Callable[[BinaryIO], None]]]:
    """Each job with its bytes as they are done, or, made in this process, with what
    writes it to a file (written, then, as it is made)."""
    workers = min(jobs or default_jobs(), len(work))
    if workers <= 1:
        for job in work:
            yield job, partial(write, record_set, job, theme, options)
        return
    # The biggest documents first keeps both cores busy to the end.
    order = sorted(range(len(work)), key=lambda i: -_weight(record_set, work[i]))
    with interrupts_deferred():  # Ctrl-C while workers start would leave the pool hanging
        pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(os.getpid(), record_set, theme, options))
        futures = {i: pool.submit(_render_in_worker, work[i]) for i in order}
    with pool:
        try:
            for i in order:
                yield work[i], futures[i].result()
        except BaseException:
            for future in futures.values():
                future.cancel()
            raise


def _weight(record_set: RecordSet, job: Job) -> int:
    period = job.document.period
    return len(record_set.for_period(period)) if period is not None else len(record_set)
