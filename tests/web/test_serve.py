"""`exporter serve` itself: the checks before it listens, the secret, Ctrl-C."""

from __future__ import annotations

import os
import re
import time

import httpx
import pytest
from click.testing import CliRunner

from exporter.cli import cli

from .support import SAMPLES, Server


def test_listening_beyond_loopback_without_a_secret_refuses_to_start(monkeypatch):
    monkeypatch.delenv("EXPORTER_SERVE_PASSWORD", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code == 1
    assert "--password-file" in result.output and "EXPORTER_SERVE_PASSWORD" in result.output
    assert "Traceback" not in result.output


def test_a_password_too_short_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.delenv("EXPORTER_SERVE_PASSWORD", raising=False)
    secret = tmp_path / "secret"
    secret.write_text("short\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--password-file", str(secret)])
    assert result.exit_code == 1 and "at least 8 characters" in result.output


def test_templates_must_be_a_folder_of_templates(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--templates", str(tmp_path)])
    assert result.exit_code == 1 and "no template folders" in result.output


@pytest.mark.slow
def test_with_a_secret_it_serves_beyond_loopback_and_asks_every_request_for_it(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("a long shared secret\n", encoding="utf-8")
    server = Server(tmp_path, "--host", "0.0.0.0", "--password-file", str(secret))
    try:
        server.wait_ready()
        assert httpx.get(f"{server.url}/").status_code == 401
        assert httpx.get(f"{server.url}/healthz").status_code == 401
        assert httpx.get(f"{server.url}/", auth=("it", "wrong password")).status_code == 401
        assert httpx.get(f"{server.url}/healthz", auth=("it", "a long shared secret")).json()["status"] == "ok"
    finally:
        code, err = server.interrupt()
    assert "serving the page on http://127.0.0.1:" in err


@pytest.mark.slow
def test_ctrl_c_mid_build_stops_cleanly_deletes_every_workspace_and_leaves_no_process(tmp_path):
    server = Server(tmp_path)
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url) as client:
            page = client.get("/").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in SAMPLES]
            assert client.post("/upload", data={"csrf": csrf}, files=files).status_code == 303
            response = client.post("/build", data={"csrf": csrf, "formats": ["docx", "pdf", "pdfa", "xlsx"],
                                                   "period": "all", "lang": "sv", "group_by": "source"})
            assert response.status_code == 303
            assert len(server.workspaces()) == 1 and list(server.workspaces()[0].rglob("*.txt"))
            deadline = time.monotonic() + 20
            while not server.children() and time.monotonic() < deadline:
                time.sleep(0.05)
            builds = server.children()
            assert builds, "no build process started"
    finally:
        code, err = server.interrupt()
    assert code == 0 and "stopped; every workspace deleted" in err, err
    assert "Traceback" not in err
    assert server.workspaces() == []
    assert not any(alive(pid) for pid in builds)


@pytest.mark.slow
def test_a_server_killed_mid_build_leaves_no_build_process(tmp_path):
    import signal

    server = Server(tmp_path)
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url) as client:
            csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)
            files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in SAMPLES]
            client.post("/upload", data={"csrf": csrf}, files=files)
            build = client.post("/build", data={"csrf": csrf, "formats": ["docx", "pdf", "pdfa", "xlsx"],
                                                "period": "all", "lang": "sv", "group_by": "source"})
            status = build.headers["location"] + "/status"
            deadline = time.monotonic() + 60
            while client.get(status).json()["total"] == 0:  # the build has started (and set up PR_SET_PDEATHSIG)
                assert time.monotonic() < deadline
                time.sleep(0.05)
            builds = server.children()
            assert builds and client.get(status).json()["state"] == "running"
    finally:
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
    deadline = time.monotonic() + 1  # at once (PR_SET_PDEATHSIG), not at its next line of progress
    while any(alive(pid) for pid in builds) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in builds), "a build outlived its server"


def alive(pid: int) -> bool:
    """Whether process `pid` runs (a zombie waiting for its new parent to reap it does not)."""
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_open_opens_the_page_in_the_browser_once_it_listens(monkeypatch):
    import threading
    import webbrowser

    import uvicorn

    opened: list[str] = []
    seen = threading.Event()

    def run(self):  # listens at once, and stays up until the browser was asked
        self.started = True
        seen.wait(10)

    monkeypatch.setattr(uvicorn.Server, "run", run)
    monkeypatch.setattr(webbrowser, "open", lambda url: (opened.append(url), seen.set()))
    result = CliRunner().invoke(cli, ["serve", "--port", "8123", "--open"])
    assert result.exit_code == 0, result.output
    assert opened == ["http://127.0.0.1:8123/"]
    assert "serving the page on http://127.0.0.1:8123/" in result.output


@pytest.mark.slow
def test_sigterm_from_a_service_manager_also_deletes_every_workspace(tmp_path):
    import signal

    server = Server(tmp_path)
    server.wait_ready()
    with httpx.Client(base_url=server.url) as client:
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)
        files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in SAMPLES]
        assert client.post("/upload", data={"csrf": csrf}, files=files).status_code == 303
    assert list(server.workspaces()[0].rglob("*.txt"))
    server.process.send_signal(signal.SIGTERM)
    server.process.communicate(timeout=30)
    assert server.workspaces() == []
