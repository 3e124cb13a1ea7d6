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
That recovery trusts what it finds only as far as this user made it: regular files
owned by the user, named as a build names them, each renamed only to the document it
was made for in its own folder, every folder reached from the output folder without
following a symbolic link; anything else is left alone.
"""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
import stat
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
    """`remove_stale`, holding the folder's lock.

    What a dead build left is trusted only as far as this user made it: a lock, a list
    of renames or a temporary file is touched only where it is a regular file owned by
    the user running this build, named as a build names its files, and reached from the
    output folder without following a symbolic link (see `_Folder`)."""
    touched: list[Path] = []
    if fcntl is None:  # pragma: no cover - whether a build is alive cannot be told
        return touched
    try:
        folder = _Folder(out_dir)
    except OSError:
        return touched
    with folder:
        live: set[str] = set()
        for name in sorted(folder.names()):
            m = _LOCK_NAME.fullmatch(name)
            if m is None:
                continue
            token = m.group(1)
            live.add(token)
            try:
                fd = folder.open_own(name, os.O_RDWR)
            except OSError:
                continue  # gone, a link, or not this user's: not ours to judge
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # its build is still running
                touched.extend(_finish(folder, token, fd))
                live.discard(token)
            finally:
                os.close(fd)
        # Temporary files whose build left no lock behind.
        for name in folder.names():
            m = _TEMP_NAME.fullmatch(name)
            if m is not None and m.group(2) not in live and folder.own_file(name):
                folder.unlink(name)
                touched.append(out_dir / name)
    return touched


# The names a build gives its files: TOKEN is the process id and eight hex digits.
_TOKEN = r"(\d+-[0-9a-f]{8})"
_LOCK_NAME = re.compile(re.escape(TEMP_MARK) + _TOKEN + r"\.lock")

_TEMP_NAME = re.compile(r"\.(.+)" + re.escape(TEMP_MARK) + _TOKEN + r"\.tmp", re.DOTALL)
_LIST_LIMIT = 1 << 20  # bytes of a lock's or a commit list's names


class _Folder:
    """The output folder opened once, and its sub-folders reached from it one name at a
    time without following a symbolic link (`O_NOFOLLOW` with `dir_fd`), so that what a
    dead build's lists name can only ever be a file in the folder's own tree."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        self.uid = os.getuid() if hasattr(os, "getuid") else None

    def __enter__(self) -> _Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def names(self) -> list[str]:
        return os.listdir(self.fd)

    def _owned_regular(self, st: os.stat_result) -> bool:
        return stat.S_ISREG(st.st_mode) and (self.uid is None or st.st_uid == self.uid)

    def own_file(self, name: str, dir_fd: int | None = None) -> bool:
        """Whether `name` is a regular file of this user (a link is not)."""
        try:
            st = os.stat(name, dir_fd=self.fd if dir_fd is None else dir_fd, follow_symlinks=False)
        except OSError:
            return False
        return self._owned_regular(st)

    def open_own(self, name: str, flags: int) -> int:
        """An open file descriptor of `name`, a regular file of this user; OSError else."""
        fd = os.open(name, flags | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=self.fd)
        try:
            if not self._owned_regular(os.fstat(fd)):
                raise PermissionError(errno.EPERM, "not a regular file of this user", name)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def read_own(self, name: str, fd: int | None = None) -> list[str]:
        """The lines of `name` (or of the open `fd`), a regular file of this user; none
        where it is anything else or missing."""
        try:
            own = self.open_own(name, os.O_RDONLY) if fd is None else os.dup(fd)
        except OSError:
            return []
        try:
            os.lseek(own, 0, os.SEEK_SET)
            data = os.read(own, _LIST_LIMIT)
        except OSError:
            return []
        finally:
            os.close(own)
        return data.decode("utf-8", errors="replace").splitlines()

    def parent(self, relative: str) -> tuple[int, str] | None:
        """An open descriptor of the folder of `relative` (a POSIX path in the output
        folder) and its last name; None where a part is empty, `.`, `..`, or not a
        real folder (a symbolic link is not followed)."""
        *folders, name = relative.split("/")
        if any(part in ("", ".", "..") for part in (*folders, name)):
            return None
        fd = os.dup(self.fd)
        try:
            for part in folders:
                next_fd = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = next_fd
        except OSError:
            os.close(fd)
            return None
        return fd, name

    def unlink(self, name: str, dir_fd: int | None = None) -> None:
        try:
            os.unlink(name, dir_fd=self.fd if dir_fd is None else dir_fd)
        except FileNotFoundError:
            pass


def _temporary_of(token: str, relative: str) -> str | None:
    """The document a temporary file of the build `token` stands for (its path in the
    output folder), or None where `relative` is not such a name."""
    folder, _, name = relative.rpartition("/")
    m = _TEMP_NAME.fullmatch(name)
    if m is None or m.group(2) != token or "/" in m.group(1):
        return None
    return f"{folder}/{m.group(1)}" if folder else m.group(1)


def _finish(folder: _Folder, token: str, lock_fd: int) -> list[Path]:
    """Finish or undo the build of `token`, which died. Only this user's temporary files
    of that build, renamed to the name they were made for in their own folder, inside
    the output folder's tree, are touched, whatever its lists say."""
    touched = []
    commit = _COMMIT.format(token=token)
    for line in folder.read_own(commit):
        tmp, _, target = line.partition("\t")
        if _temporary_of(token, tmp) != target:
            continue  # not a rename this package makes: a temporary file to its own name
        found = folder.parent(tmp)
        if found is None:
            continue
        fd, name = found
        try:
            if folder.own_file(name, fd):
                os.replace(name, target.rpartition("/")[2], src_dir_fd=fd, dst_dir_fd=fd)
                touched.append(folder.path / target)
        except OSError:
            pass  # a folder in the way: the temporary file is removed below
        finally:
            os.close(fd)
    if folder.own_file(commit):
        folder.unlink(commit)
    for line in folder.read_own("", lock_fd):
        if _temporary_of(token, line) is None:
            continue
        found = folder.parent(line)
        if found is None:
            continue
        fd, name = found
        try:
            if folder.own_file(name, fd):
                folder.unlink(name, fd)
                touched.append(folder.path / line)
        finally:
            os.close(fd)
    folder.unlink(_LOCK.format(token=token))
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
