"""Helpers of the web page's tests: a client with its session, uploads, builds, the CLI's files."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
INPUT = ROOT / "input"
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = sorted(INPUT.glob("*.txt"))
WITH_ERRORS = FIXTURES / "inte-en-uppföljning.txt"
WITH_WARNINGS = FIXTURES / "2024-T1-nämnd-på-öppningsraden.txt"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(client: TestClient) -> str:
    """The CSRF token of the client's session (the page is opened for it)."""
    match = CSRF.search(client.get("/").text)
    assert match, "the page has no CSRF field"
    return match.group(1)


def upload(client: TestClient, files: list[tuple[str, bytes]], csrf: str | None = None):
    """POST the files as the upload form does."""
    token = csrf if csrf is not None else csrf_of(client)
    parts = [("files", (name, io.BytesIO(data), "application/octet-stream")) for name, data in files]
    return client.post("/upload", data={"csrf": token}, files=parts, follow_redirects=False)


def samples() -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in SAMPLES]


def zipped(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def start_build(client: TestClient, formats: list[str], **choices) -> str:
    """POST the build form; the build page's path."""
    form = {"csrf": csrf_of(client), "formats": formats, "period": "latest", "lang": "sv", "group_by": "source",
            **choices}
    response = client.post("/build", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def wait_for(client: TestClient | httpx.Client, build: str, timeout: float = 180) -> dict:
    """The build's status once it is over (through the test client or over loopback)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"{build}/status").json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.2)
    raise AssertionError(f"{build} did not finish in {timeout} s")


def download_links(page: str) -> list[str]:
    return re.findall(r'href="([^"]+/files/[^"]+)"', page)


def cli(*arguments: str, cwd: Path) -> None:
    """Run the command line, as a user would."""
    subprocess.run([sys.executable, "-m", "exporter", *arguments], cwd=cwd, check=True, capture_output=True)


def cli_files(tmp: Path, inputs: list[Path], formats: list[str], period: str | None) -> dict[str, bytes]:
    """What the command line writes for `inputs` as the page's build does it: the reports
    (and web page) for `period`, the status matrix over every period, the archive; name ->
    bytes (the archive's files under arkiv/)."""
    reports = [f for f in formats if f in ("docx", "pdf", "html")]
    out: dict[str, bytes] = {}
    period_args = ["--period", period] if period else []
    paths = [str(p) for p in inputs]
    if reports:
        cli("build", *paths, *[a for f in reports for a in ("-f", f)], *period_args, "-o", str(tmp / "r"), cwd=tmp)
    if "xlsx" in formats:
        cli("build", *paths, "-f", "xlsx", "-o", str(tmp / "r"), cwd=tmp)
    for path in sorted((tmp / "r").glob("*")) if (tmp / "r").exists() else []:
        out[path.name] = path.read_bytes()
    if "pdfa" in formats:
        cli("archive", *paths, *period_args, "-o", str(tmp / "a"), cwd=tmp)
        for path in sorted((tmp / "a").rglob("*")):
            if path.is_file():
                out["arkiv/" + path.relative_to(tmp / "a").as_posix()] = path.read_bytes()
    return out


def zip_contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# -- a real server on loopback ----------------------------------------------------------------

def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`exporter serve` in a process of its own, with its temporary folder in `temp`."""

    def __init__(self, temp: Path, *arguments: str, env: dict[str, str] | None = None, auth=None) -> None:
        import os

        self.port = free_port()
        self.temp = temp
        self.url = f"http://127.0.0.1:{self.port}"
        self.auth = auth
        environment = {**os.environ, "TMPDIR": str(temp), **(env or {})}
        environment.pop("EXPORTER_SERVE_PASSWORD", None) if not env or "EXPORTER_SERVE_PASSWORD" not in env else None
        self.process = subprocess.Popen(
            [sys.executable, "-m", "exporter", "serve", "--port", str(self.port), *arguments],
            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait_ready(self, timeout: float = 30) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server ended: {self.process.communicate()}")
            try:
                if httpx.get(f"{self.url}/healthz", auth=self.auth, timeout=2).status_code in (200, 401):
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def children(self) -> list[int]:
        """The processes the server started (its builds)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return found

    def interrupt(self, timeout: float = 30) -> tuple[int, str]:
        """Ctrl-C: its exit status and what it said on standard error."""
        import signal

        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=timeout)
        return self.process.returncode, err

    def workspaces(self) -> list[Path]:
        return list(self.temp.glob("exporter-serve-*"))
