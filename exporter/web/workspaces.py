"""One workspace per browser session: a temporary folder, its uploads and builds.

A session is known by a random cookie (256 bits, from `secrets`), a workspace by
another random name; neither can be guessed or listed, and nothing of one session is
reachable from another. Workspaces are deleted when their session has been idle past
the expiry (an hour by default) and, all of them, when the service stops. The texts'
content is never logged.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Level, Period, RecordSet
from .builds import Build

__all__ = ["Upload", "Session", "Workspaces", "FileSummary", "summarise"]


@dataclass(frozen=True)
class FileSummary:
    """One input file as the page shows it: its periods and its number of records."""

    name: str
    periods: tuple[Period, ...]
    records: int


@dataclass(frozen=True)
class Upload:
    """The files of one upload, saved in `folder`, as read."""

    id: str
    folder: Path
    names: tuple[str, ...]
    record_set: RecordSet
    files: tuple[FileSummary, ...]
    # (period, lead committee) -> records; the lead committee is a record's first.
    by_period_committee: dict[tuple[Period, str], int]

    @property
    def paths(self) -> list[Path]:
        return [self.folder / name for name in self.names]

    @property
    def errors(self) -> int:
        return sum(1 for d in self.record_set.diagnostics if d.level is Level.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.record_set.diagnostics if d.level is Level.WARNING)

    @property
    def latest(self) -> Period | None:
        return self.record_set.periods[-1] if self.record_set.periods else None


def summarise(upload_id: str, folder: Path, names: list[str], record_set: RecordSet) -> Upload:
    # A records.json names the texts its records came from: those are the rows then.
    periods: dict[str, list[Period]] = {name: [] for name in names
                                        if not (name.lower().endswith(".json") and record_set.records)}
    counts: Counter[str] = Counter()
    table: Counter[tuple[Period, str]] = Counter()
    for record in record_set.records:
        counts[record.source.file] += 1
        seen = periods.setdefault(record.source.file, [])
        if record.period not in seen:
            seen.append(record.period)
        table[(record.period, record.committees[0] if record.committees else "")] += 1
    files = tuple(FileSummary(name, tuple(sorted(ps)), counts[name]) for name, ps in periods.items())
    return Upload(upload_id, folder, tuple(names), record_set, files, dict(sorted(table.items())))


@dataclass(eq=False)
class Session:
    """One browser session: its CSRF token, language, workspace folder, its current
    upload and its builds (by their random ids)."""

    token: str
    csrf: str
    folder: Path
    lang: str = "sv"
    last_used: float = field(default_factory=time.monotonic)
    upload: Upload | None = None
    builds: dict[str, Build] = field(default_factory=dict)
    closed: bool = False

    def new_id(self) -> str:
        return secrets.token_urlsafe(18)


def _building(session: Session) -> bool:
    return any(not build.over for build in session.builds.values())


class Workspaces:
    """The sessions of the service and their folders, under one temporary folder."""

    def __init__(self, expiry: float, parent: str | Path | None = None, max_sessions: int = 10_000) -> None:
        self.expiry = expiry
        self.max_sessions = max_sessions
        self.root = Path(tempfile.mkdtemp(prefix="exporter-serve-", dir=parent))
        self._sessions: dict[str, Session] = {}

    def __len__(self) -> int:
        return len(self._sessions)

    def new(self, lang: str = "sv") -> Session:
        """A new session; its folder is made with its first upload. Past `max_sessions`
        the longest idle session goes first, so that opening the page again and again
        cannot fill the memory."""
        while len(self._sessions) >= self.max_sessions:
            self.drop(min(self._sessions.values(), key=lambda s: (_building(s), s.last_used)))
        folder = self.root / secrets.token_hex(16)
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), folder, lang)
        self._sessions[session.token] = session
        return session

    def sessions(self) -> list[Session]:
        return list(self._sessions.values())

    def get(self, token: str | None) -> Session | None:
        """The live session of the cookie `token`, marked as used; None for an unknown,
        expired or missing one."""
        if not token:
            return None
        session = self._sessions.get(token)
        if session is None:
            return None
        now = time.monotonic()
        if now - session.last_used > self.expiry:
            self.drop(session)
            return None
        session.last_used = now
        return session

    def drop(self, session: Session) -> None:
        session.closed = True
        self._sessions.pop(session.token, None)
        shutil.rmtree(session.folder, ignore_errors=True)

    def expired(self, now: float | None = None, busy: Collection[str] = frozenset()) -> list[Session]:
        """The sessions idle past the expiry (those with a build running, `busy`, wait)."""
        now = time.monotonic() if now is None else now
        return [s for s in self._sessions.values() if now - s.last_used > self.expiry and s.token not in busy]

    def close(self) -> None:
        """Delete every workspace and the service's temporary folder."""
        for session in list(self._sessions.values()):
            self.drop(session)
        shutil.rmtree(self.root, ignore_errors=True)
