"""The service under load and under faults, on loopback: a real `exporter serve`."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

import exporter
from exporter.model import Period
from exporter.writers import BuildOptions

from .support import INPUT, SAMPLES, Server, wait_for

USERS = 20
T1_2022 = Period(2022, 1)
BASE = INPUT / "2022-T1-naringsliv.txt"


def user_input(folder: Path, user: int) -> Path:
    """A different input for each user: the sample, with the user's mark in a comment."""
    text = BASE.read_text(encoding="utf-8").replace("Ett flertal aktiviteter", f"Användare {user:02d}: Ett flertal", 1)
    path = folder / f"2022-T1-anvandare-{user:02d}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def expected_files(path: Path, out: Path) -> dict[str, bytes]:
    """The web page and status matrix of `path`, made through the library as the command line makes them."""
    selected = exporter.read([path], period=T1_2022).for_documents([T1_2022])
    exporter.build(selected, ["html"], out, options=BuildOptions(periods=(T1_2022,)), jobs=1)
    exporter.build(exporter.read([path]).for_documents(), ["xlsx"], out, jobs=1)
    return {p.name: p.read_bytes() for p in out.iterdir()}


def open_session(client: httpx.Client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)


def upload_and_build(client: httpx.Client, files: list[Path], formats: list[str], period: str = "latest") -> str:
    csrf = open_session(client)
    parts = [("files", (p.name, p.read_bytes(), "text/plain")) for p in files]
    assert client.post("/upload", data={"csrf": csrf}, files=parts).status_code == 303
    response = client.post("/build", data={"csrf": csrf, "formats": formats, "period": period, "lang": "sv",
                                           "group_by": "source"})
    assert response.status_code == 303, response.text
    return response.headers["location"]


def peak_memory_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


@pytest.mark.slow
def test_twenty_users_at_once_each_get_their_own_files_and_nothing_is_left(tmp_path):
    inputs = [user_input(tmp_path, user) for user in range(USERS)]
    expected = {user: expected_files(inputs[user], tmp_path / f"expected-{user}") for user in range(USERS)}
    server = Server(tmp_path, "--workers", "2")
    results: dict[int, dict] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(USERS)

    def user(number: int) -> None:
        try:
            with httpx.Client(base_url=server.url, timeout=120) as client:
                start.wait()
                build = upload_and_build(client, [inputs[number]], ["html", "xlsx"])
                status = wait_for(client, build, timeout=300)
                links = re.findall(r'href="([^"]+/files/[^"]+)"', client.get(build).text)
                files = {link.rsplit("/", 1)[1]: client.get(link).content for link in links}
                results[number] = {"status": status, "files": files, "build": build, "links": links,
                                   "cookies": dict(client.cookies)}
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    try:
        server.wait_ready()
        started = time.monotonic()
        threads = [threading.Thread(target=user, args=(n,)) for n in range(USERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        elapsed = time.monotonic() - started
        assert not errors, errors
        assert len(server.workspaces()) == 1
        assert len(list(server.workspaces()[0].iterdir())) == USERS  # one workspace a session
        for number in range(USERS):
            result = results[number]
            assert result["status"]["state"] == "done", result["status"]
            assert result["files"] == expected[number], number  # their own files, byte for byte
        # Nobody can fetch another's files, even with the link.
        with httpx.Client(base_url=server.url, cookies=results[1]["cookies"]) as other:
            for link in results[0]["links"] + [results[0]["build"]]:
                assert other.get(link).status_code == 404
        memory = peak_memory_kb(server.process.pid)
    finally:
        code, err = server.interrupt()
    print(f"{USERS} users: {elapsed:.1f} s; the server's peak memory {memory / 1024:.0f} MB")
    assert memory < 150 * 1024, f"the server peaked at {memory / 1024:.0f} MB"  # measured: about 40 MB
    assert code == 0, err
    assert server.workspaces() == []


@pytest.mark.slow
def test_a_worker_killed_mid_build_fails_that_build_only(tmp_path):
    other_input = user_input(tmp_path, 99)
    expected = expected_files(other_input, tmp_path / "expected")
    server = Server(tmp_path, "--workers", "2")
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=60) as victim, \
                httpx.Client(base_url=server.url, timeout=60) as bystander:
            doomed = upload_and_build(victim, SAMPLES, ["docx", "pdf", "pdfa", "xlsx", "html"], period="all")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and victim.get(f"{doomed}/status").json()["state"] != "running":
                time.sleep(0.05)
            workers = server.children()
            assert len(workers) == 1, workers
            os.kill(workers[0], signal.SIGKILL)
            status = wait_for(victim, doomed, timeout=300)
            assert status["state"] == "failed" and "avbröts oväntat" in status["text"]
            page = victim.get(doomed).text
            assert 'class="error-summary"' in page and "avbröts oväntat" in page
            # The service serves on: the other user's build is whole and correct.
            build = upload_and_build(bystander, [other_input], ["html", "xlsx"])
            assert wait_for(bystander, build, timeout=300)["state"] == "done"
            links = re.findall(r'href="([^"]+/files/[^"]+)"', bystander.get(build).text)
            assert {link.rsplit("/", 1)[1]: bystander.get(link).content for link in links} == expected
            assert victim.get("/healthz").json()["status"] == "ok"
    finally:
        code, err = server.interrupt()
    assert code == 0 and server.workspaces() == []
