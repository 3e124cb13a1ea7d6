"""Bytes on disk: atomic writes, builds that appear all together or not at all, and
deterministic zip containers.

.docx and .xlsx files are zip archives; the libraries that make them stamp each
entry with the wall clock. `normalise_zip` rewrites an archive with fixed
timestamps and attributes so that the same content gives the same bytes.

A build writes every document to a temporary file beside its target first
(`.NAME.exporter-TOKEN.tmp`) and renames them all at the end (`Staging`). Each
build holds a lock on `.exporter-TOKEN.lock` in the output folder while it runs;
the next build into the folder finds the lock of a build that died (nobody holds
it any more) and removes that build's temporary files, or, where the dead build
had already begun renaming (its `.exporter-TOKEN.commit` lists the renames),
finishes the renames, so the folder holds the old documents or the new ones.
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locks, so stale files are left alone
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "atomic_write", "normalise_zip", "stream_entry", "utf8_batches", "write_zip", "zip_info", "COMPRESSLEVEL", "ZIP_EPOCH",
    "OutputError", "Staging", "TEMP_MARK", "remove_stale", "interrupts_deferred",
]

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


# -- builds: all documents or none ---------------------------------------------------

TEMP_MARK = ".exporter-"  # every temporary name of a build holds it: .NAME.exporter-TOKEN.tmp
_LOCK = ".exporter-{token}.lock"
_COMMIT = ".exporter-{token}.commit"


class OutputError(Exception):
    """The output cannot be written (read-only folder, full disk, a name taken by a
    folder); says which path. The folder is left as it was."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"cannot write {self.path.as_posix()}: {problem}")


def _problem(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is used up"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno == errno.EISDIR:
        return "a folder of that name is in the way"
    if exc.errno == errno.ENOTDIR:
        return "a file is in the way of a folder"
    return exc.strerror or str(exc)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) until the block is done: for the steps that must not stop
    halfway (taking a lock, renaming the documents into place, starting workers). A
    process forked inside the block keeps it held back for good, which is what the
    build's workers want: the build, not each worker, answers Ctrl-C."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Only one build commits or cleans up in `folder` at a time."""
    if fcntl is None:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def remove_stale(out_dir: str | Path) -> list[Path]:
    """Clean up after builds into `out_dir` that died: finish the renames of one that had
    begun them, remove the temporary files of the others; what was removed or renamed.
    Builds still running are left alone."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    with _folder_lock(out_dir):
        return _remove_stale(out_dir)


def _remove_stale(out_dir: Path) -> list[Path]:
    """`remove_stale`, holding the folder's lock."""
    touched: list[Path] = []
    if fcntl is None:  # pragma: no cover - whether a build is alive cannot be told
        return touched
    for lock in sorted(out_dir.glob(_LOCK.format(token="*"))):
        token = lock.name[len(TEMP_MARK) : -len(".lock")]
        try:
            fd = os.open(lock, os.O_RDWR)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its build is still running
            touched.extend(_finish(out_dir, token, lock))
        finally:
            os.close(fd)
    # Temporary files whose build left no lock behind.
    live = {p.name[len(TEMP_MARK) : -len(".lock")] for p in out_dir.glob(_LOCK.format(token="*"))}
    for tmp in out_dir.glob(f".*{TEMP_MARK}*.tmp"):
        if tmp.name.rsplit(TEMP_MARK, 1)[1][: -len(".tmp")] not in live:
            _unlink(tmp)
            touched.append(tmp)
    return touched


def _inside(name: str) -> bool:
    path = Path(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def _finish(out_dir: Path, token: str, lock: Path) -> list[Path]:
    """Finish or undo the build of `token`, which died. Only paths inside the folder, and
    only temporary files of that build, are touched, whatever its files say."""
    touched = []
    ours = f"{TEMP_MARK}{token}.tmp"
    commit = out_dir / _COMMIT.format(token=token)
    if commit.is_file():
        for line in commit.read_text(encoding="utf-8", errors="replace").splitlines():
            tmp, _, target = line.partition("\t")
            if _inside(tmp) and _inside(target) and tmp.endswith(ours) and (out_dir / tmp).is_file():
                os.replace(out_dir / tmp, out_dir / target)
                touched.append(out_dir / target)
        _unlink(commit)
    for line in lock.read_text(encoding="utf-8", errors="replace").splitlines():
        if _inside(line) and line.endswith(ours) and (out_dir / line).is_file():
            _unlink(out_dir / line)
            touched.append(out_dir / line)
    _unlink(lock)
    return touched


class Staging:
    """The documents of one build, written to temporary files in the output folder and
    renamed into place together by `commit`; `abort` (or leaving the `with` block on an
    error) removes them and leaves the folder as it was.

    Every failure to write is an `OutputError` naming the path."""

    def __init__(self, out_dir: str | Path, names: Iterable[str]) -> None:
        self.out_dir = Path(out_dir)
        self.names = list(names)
        self.token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.staged: dict[str, Path] = {}
        self._created: list[Path] = []
        self._lock_fd: int | None = None
        self._lock = self.out_dir / _LOCK.format(token=self.token)

    # -- set-up -------------------------------------------------------------------------

    def __enter__(self) -> Staging:
        self._check_targets()
        with interrupts_deferred():
            self._make_folder(self.out_dir)
            try:
                # Clean up and take this build's lock in one step, so that no other build
                # takes the new lock file, not yet locked, for the lock of a dead build.
                with _folder_lock(self.out_dir):
                    _remove_stale(self.out_dir)
                    self._lock_fd = os.open(self._lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
                    if fcntl is not None:
                        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            except OSError as exc:
                if self._lock_fd is not None:
                    self._release()
                self._remove_created()
                raise OutputError(self.out_dir, _problem(exc)) from None
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            self.abort()

    def _check_targets(self) -> None:
        """Refuse before anything is written: a folder where a document goes, a file
        where a folder goes."""
        for name in self.names:
            target = self.out_dir / name
            if Path(name).is_absolute() or ".." in Path(name).parts:
                raise OutputError(target, "a document's name must stay inside the output folder")
            if target.is_dir():
                raise OutputError(target, "a folder of that name is in the way")
            for parent in [*reversed(target.relative_to(self.out_dir).parents[:-1]), Path(".")]:
                folder = self.out_dir / parent
                if folder.exists() and not folder.is_dir():
                    raise OutputError(folder, "a file is in the way of a folder")

    def _make_folder(self, folder: Path) -> None:
        missing = []
        for candidate in [folder, *folder.parents]:
            if candidate.is_dir():
                break
            missing.append(candidate)
        for candidate in reversed(missing):
            try:
                candidate.mkdir()
            except FileExistsError:
                if candidate.is_dir():
                    continue
                self._remove_created()
                raise OutputError(candidate, "a file is in the way of a folder") from None
            except OSError as exc:
                self._remove_created()
                raise OutputError(candidate, _problem(exc)) from None
            self._created.append(candidate)

    def _remove_created(self) -> None:
        for folder in reversed(self._created):
            try:
                folder.rmdir()
            except OSError:
                pass
        self._created.clear()

    # -- writing --------------------------------------------------------------------------

    def temporary(self, name: str) -> Path:
        target = self.out_dir / name
        return target.with_name(f".{target.name}{TEMP_MARK}{self.token}.tmp")

    def write(self, name: str, data: bytes | Callable[[BinaryIO], object]) -> Path:
        """Stage the document `name` (a path relative to the output folder): `data`, or
        what `data(file)` writes to the open file (a long document written as it is
        made)."""
        if name not in self.names:
            self.names.append(name)
            self._check_targets()
        tmp = self.temporary(name)
        self._make_folder(tmp.parent)
        assert self._lock_fd is not None, "use Staging in a with block"
        try:
            os.write(self._lock_fd, tmp.relative_to(self.out_dir).as_posix().encode("utf-8") + b"\n")
            with open(tmp, "xb") as fh:
                if callable(data):
                    data(fh)
                else:
                    fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
        except OSError as exc:
            _unlink(tmp)
            raise OutputError(self.out_dir / name, _problem(exc)) from None
        except BaseException:
            _unlink(tmp)
            raise
        self.staged[name] = tmp
        return tmp

    def commit(self) -> list[Path]:
        """Rename every staged document into place; the paths, in the order staged."""
        targets = [(tmp, self.out_dir / name) for name, tmp in self.staged.items()]
        commit = self.out_dir / _COMMIT.format(token=self.token)
        with interrupts_deferred(), _folder_lock(self.out_dir):
            try:
                self._check_targets()
                listing = "".join(
                    f"{tmp.relative_to(self.out_dir).as_posix()}\t{target.relative_to(self.out_dir).as_posix()}\n"
                    for tmp, target in targets
                )
                atomic_write(commit, listing.encode("utf-8"))
                _fsync_folder(self.out_dir)
            except OSError as exc:
                _unlink(commit)
                raise OutputError(commit, _problem(exc)) from None
            for tmp, target in targets:
                try:
                    os.replace(tmp, target)
                except OSError as exc:
                    # Past the point of no return: keep the lock and the list of renames,
                    # so that the next build into the folder finishes them.
                    self.staged.clear()
                    if self._lock_fd is not None:
                        os.close(self._lock_fd)
                        self._lock_fd = None
                    raise OutputError(target, _problem(exc)) from None
            for folder in {target.parent for _, target in targets}:
                _fsync_folder(folder)
            _unlink(commit)
        self.staged.clear()
        self._release()
        return [target for _, target in targets]

    def abort(self) -> None:
        """Remove every staged file and the folders this build made."""
        with interrupts_deferred():
            self._abort()

    def _abort(self) -> None:
        for tmp in self.staged.values():
            _unlink(tmp)
        self.staged.clear()
        self._release()
        self._remove_created()

    def _release(self) -> None:
        if self._lock_fd is not None:
            _unlink(self._lock)
            os.close(self._lock_fd)
            self._lock_fd = None


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


COMPRESSLEVEL = 6


def zip_info(name: str) -> zipfile.ZipInfo:
    """A zip entry with the fixed timestamp and attributes every archive of ours uses."""
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    return info


def utf8_batches(pieces: Iterable[str], flush: int = 1 << 20) -> Iterator[bytes]:
    """Text pieces as UTF-8, encoded about `flush` characters at a time, so that a big
    document never exists whole as text."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= flush:
            yield "".join(batch).encode("utf-8")
            batch, size = [], 0
    yield "".join(batch).encode("utf-8")


def stream_entry(archive: zipfile.ZipFile, name: str, pieces: Iterable[str], flush: int = 1 << 20) -> None:
    """Write an entry from text pieces, encoding and compressing about `flush` characters
    at a time, so that a big part never exists whole in memory."""
    with archive.open(zip_info(name), "w") as out:
        for data in utf8_batches(pieces, flush):
            out.write(data)


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
