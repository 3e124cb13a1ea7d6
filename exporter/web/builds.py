"""Builds of the web page: a bounded pool of worker processes with a time limit.

Each build runs in a process of its own (`exporter.web.worker`), so that a build that
crashes, or is killed, or runs past the time limit, ends only itself: the service
says so to that user and keeps serving the others. At most `workers` builds run at
once; up to `queue` more wait, each told how many are ahead of it; beyond that the
service answers that it is busy.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .text import Message

__all__ = ["Build", "BuildPool", "Busy"]

MAX_WARNINGS = 100  # a build's warnings shown on its page


class Busy(Exception):
    """The queue is full; `ahead` builds are before the one refused."""

    def __init__(self, ahead: int) -> None:
        super().__init__(ahead)
        self.ahead = ahead


@dataclass(eq=False)
class Build:
    """One build: what it was asked, where it writes, and how it is going."""

    id: str
    folder: Path  # the build's own folder in the workspace
    request: dict
    state: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int = 0
    current: str = ""
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failure: Message | None = None

    @property
    def out(self) -> Path:
        return self.folder / "out"

    @property
    def over(self) -> bool:
        return self.state in ("done", "failed")


class BuildPool:
    """Runs builds, `workers` at a time, each within `time_limit` seconds."""

    def __init__(self, workers: int = 2, queue: int = 20, time_limit: float = 600.0) -> None:
        self.workers = workers
        self.queue_limit = queue
        self.time_limit = time_limit
        self._slots = asyncio.Semaphore(workers)
        self._waiting: list[Build] = []
        self._running: dict[Build, asyncio.subprocess.Process | None] = {}
        self._tasks: set[asyncio.Task] = set()
        self.closing = False
        # The worker's command line; the request file's path is added to it.
        self.command: list[str] = [sys.executable, "-m", "exporter.web.worker"]

    @property
    def running(self) -> int:
        return len(self._running)

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def ahead(self, build: Build) -> int:
        """How many builds are before `build`: those running and those queued first."""
        if build not in self._waiting:
            return 0
        return len(self._running) + self._waiting.index(build)

    def submit(self, build: Build) -> None:
        """Queue `build`; Busy when the queue is full."""
        if self.closing:
            raise Busy(self.running + self.waiting)
        if self._slots.locked() and len(self._waiting) >= self.queue_limit:
            raise Busy(self.running + self.waiting)
        self._waiting.append(build)
        task = asyncio.get_running_loop().create_task(self._run(build))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, build: Build) -> None:
        try:
            async with self._slots:
                self._waiting.remove(build)
                if self.closing:
                    raise asyncio.CancelledError
                self._running[build] = None
                build.state = "running"
                try:
                    await asyncio.wait_for(self._work(build), self.time_limit)
                except TimeoutError:
                    self._fail(build, Message("timed_out", {"seconds": int(self.time_limit)}))
        except asyncio.CancelledError:
            self._fail(build, Message("shutting_down"))
        finally:
            process = self._running.pop(build, None)
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
            if build in self._waiting:
                self._waiting.remove(build)
            if build.state != "done":
                if build.state != "failed":
                    self._fail(build, Message("worker_died"))
                shutil.rmtree(build.out, ignore_errors=True)

    def _fail(self, build: Build, message: Message) -> None:
        build.state = "failed"
        build.failure = message

    async def _work(self, build: Build) -> None:
        build.folder.mkdir(parents=True, exist_ok=True)
        request_file = build.folder / "request.json"
        request_file.write_text(json.dumps({**build.request, "out": str(build.out), "parent": os.getpid()}), encoding="utf-8")
        process = await asyncio.create_subprocess_exec(
            *self.command, str(request_file),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
            cwd=build.folder, limit=1 << 20,
        )
        self._running[build] = process
        assert process.stdout is not None
        result: dict | None = None
        while line := await process.stdout.readline():
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if "progress" in message:
                build.done, build.total, build.current = message["progress"]
            elif "warning" in message:
                if len(build.warnings) < MAX_WARNINGS and message["warning"] not in build.warnings:
                    build.warnings.append(str(message["warning"]))
            else:
                result = message
        await process.wait()
        if result is not None and "files" in result and process.returncode == 0:
            build.files = list(result["files"])
            build.state = "done"
        elif result is not None and "error" in result:
            self._fail(build, Message("build_error", {"detail": str(result["error"])}))
        else:
            self._fail(build, Message("worker_died"))

    def processes(self) -> list[int]:
        """The process ids of the builds running (for the tests)."""
        return [p.pid for p in self._running.values() if p is not None]

    async def close(self) -> None:
        """Stop every build: queued ones are not started, running ones are killed."""
        self.closing = True
        for process in list(self._running.values()):
            if process is not None and process.returncode is None:
                process.kill()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
