"""Tagging's own cost in the PDF writer: the processor time spent making the structure
tree (its elements, the marked-content identifiers that tie each page's drawing to
them, the link annotations' place in it) and writing it (the elements and the
ParentTree), measured in a pass of its own over the same documents.

exporter's PDF is always tagged (the law on accessible public documents asks for it),
so there is no untagged writer to subtract; instead each tagging step is timed where
it happens, outermost calls only, and the cost of the timing itself (measured on an
empty call, as often) is taken off.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

__all__ = ["tagging_seconds", "wrapped"]


class _Clock:
    """Processor time inside the wrapped functions, outermost calls only."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self.depth = 0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        clock = time.process_time

        def timed(*args: Any, **kwargs: Any) -> Any:
            if self.depth:
                return fn(*args, **kwargs)
            self.depth = 1
            self.calls += 1
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += clock() - start
                self.depth = 0

        return timed


def _overhead(calls: int) -> float:
    """The seconds `calls` timed calls of an empty function cost more than plain ones."""
    if not calls:
        return 0.0
    probe = _Clock()
    empty = probe.wrap(lambda: None)
    sample = min(calls, 200_000)
    start = time.process_time()
    for _ in range(sample):
        empty()
    timed = time.process_time() - start
    plain = lambda: None  # the same call without the clock
    start = time.process_time()
    for _ in range(sample):
        plain()
    return max(0.0, timed - (time.process_time() - start)) * calls / sample


class _Discard:
    """A file that keeps nothing: the pass writes as the measured one does, without
    holding a document in memory (the measure's peak memory stays its own)."""

    def write(self, data: bytes) -> int:
        return len(data)


def wrapped() -> list[tuple[Any, str]]:
    """The tagging steps `tagging_seconds` times, as (owner, attribute)."""
    from exporter.writers._pdf import tagging, writer

    return [(tagging.Element, "__init__"), (tagging.Element, "add"), (tagging.PageSlot, "mark"),
            (writer, "link_annotation"), (writer, "_write_structure")]


def tagging_seconds(record_set: Any, theme: Any) -> tuple[float, float]:
    """(tagging's processor seconds, all the writing's) over every PDF document of
    `record_set`, each written as `exporter build` writes it."""
    from exporter.build import plan, write
    from exporter.writers import BuildOptions

    clock = _Clock()
    patched = wrapped()
    saved = [getattr(owner, name) for owner, name in patched]
    options = BuildOptions()
    try:
        for (owner, name), original in zip(patched, saved):
            setattr(owner, name, clock.wrap(original))
        start = time.process_time()
        for job in plan(record_set, ["pdf"], options):
            write(record_set, job, theme, options, _Discard())  # type: ignore[arg-type]
        total = time.process_time() - start
    finally:
        for (owner, name), original in zip(patched, saved):
            setattr(owner, name, original)
    overhead = _overhead(clock.calls)
    return max(0.0, clock.seconds - overhead), max(0.0, total - overhead)
