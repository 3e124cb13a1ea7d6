"""The fault-injection suite: the real command in subprocesses, against folders that
fail the way disks and users make them fail, and builds killed at random moments."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from exporter.files import TEMP_MARK

from ..support import ROOT

# An archive copy records when it was made: one SOURCE_DATE_EPOCH for every run makes
# the archives of two runs the same bytes, so that a folder can be compared with both.
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1700000000"}


def exporter(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """Run `exporter ARGS...` as a user would, in a process of its own."""
    return subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True, text=True,
                          timeout=timeout, env=ENV, **kwargs)


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "exporter", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=ENV)


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the build's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill_and_check_no_orphans(process: subprocess.Popen, within: float = 5.0) -> None:
    """SIGKILL the build alone (not its workers) and check that its workers end too."""
    workers = children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    deadline = time.monotonic() + within
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    orphans = [p for p in workers if alive(p)]
    for pid in orphans:  # do not leave them to the machine, but fail
        os.kill(pid, signal.SIGKILL)
    assert not orphans, f"worker processes {orphans} outlived the killed build"


def temporary_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if TEMP_MARK in p.name)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_valid(path: Path) -> None:
    """The file opens as what its name says."""
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path
        if path.suffix == ".docx":
            import docx

            docx.Document(str(path))
        else:
            from openpyxl import load_workbook

            load_workbook(path, read_only=True).close()
    elif path.suffix == ".pdf":
        from pypdf import PdfReader

        assert len(PdfReader(str(path)).pages) > 0, path
    elif path.suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    elif path.name == "SHA256SUMS":
        result = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=path.parent, capture_output=True)
        assert result.returncode == 0, result.stdout
        listed = {line.split("  ", 1)[1] for line in path.read_text(encoding="utf-8").splitlines()
                  if not line.startswith("#")}  # the first line says when it was archived
        assert listed == {p.relative_to(path.parent).as_posix() for p in path.parent.glob("*/T*/*.pdf")}


@pytest.fixture(scope="session")
def big_input(tmp_path_factory) -> Path:
    """A seeded generated input big enough that a build takes seconds (3,000 records
    over 24 tertials: 49 documents)."""
    from bench.corpus import generate

    folder = tmp_path_factory.mktemp("big-input")
    generate(3000, seed=14, shape="spread", out_dir=folder)
    return folder


class SmallFileSystem:
    """A tmpfs of a given size mounted on a folder (root only), unmounted afterwards."""

    def __init__(self, folder: Path, size: str) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"cannot mount a small file system here ({result.stderr.strip() or 'mount failed'}); "
                        "run as root where tmpfs mounts are allowed")

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.folder)], check=True)

    def unmount(self) -> None:
        subprocess.run(["umount", str(self.folder)], check=False)


@pytest.fixture
def small_fs(tmp_path):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root and mount(8)")
    mounted: list[SmallFileSystem] = []

    def make(name: str, size: str = "1m") -> SmallFileSystem:
        fs = SmallFileSystem(tmp_path / name, size)
        mounted.append(fs)
        return fs

    yield make
    for fs in mounted:
        fs.unmount()
