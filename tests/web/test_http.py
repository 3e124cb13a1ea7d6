"""The web page over HTTP (Starlette's TestClient): every route, limit and hostile upload."""

from __future__ import annotations

import base64
import io
import os
import re
import signal
import sys
import time
import zipfile
from html import unescape
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import exporter
from exporter.web import Settings, create_app
from exporter.web.uploads import Limits

from .support import (
    SAMPLES, WITH_ERRORS, WITH_WARNINGS, cli_files, csrf_of, download_links, samples, start_build, upload, wait_for,
    zip_contents, zipped,
)


SLEEPER = """import sys, time
print('{"progress": [0, 1, "sleeping"]}', flush=True)
time.sleep(float(sys.argv[1]))
"""


@pytest.fixture
def make_client(tmp_path):
    clients = []

    def make(**settings) -> TestClient:
        client = TestClient(create_app(Settings(temp_dir=str(tmp_path), **settings)))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


def service(client: TestClient):
    return client.app.service  # type: ignore[attr-defined]


def sleeping_workers(client: TestClient, seconds: float, tmp_path: Path) -> None:
    """Builds that only sleep (and report one step), to fill the pool or pass the time limit."""
    script = tmp_path / "sleeper.py"
    script.write_text(SLEEPER, encoding="utf-8")
    service(client).pool.command = [sys.executable, str(script), str(seconds)]


# -- the page ------------------------------------------------------------------------------


def test_the_page_sets_a_session_cookie_and_the_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert '<html lang="sv">' in response.text and "Välj exportfilerna" in response.text
    assert "<script>" not in response.text and " style=" not in response.text  # nothing inline for the policy to allow


def test_the_page_switches_to_english_for_the_session(client):
    assert '<html lang="en">' in client.get("/?lang=en").text
    assert "Choose the export files" in client.get("/").text


def test_healthz_answers_for_monitoring(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_static_files_are_served(client):
    assert "dropzone" in client.get("/static/enhance.js").text
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


def test_an_unknown_page_is_a_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Det finns inget här" in response.text


# -- uploads and what was read ---------------------------------------------------------------


def test_the_samples_show_their_periods_counts_and_diagnostics_as_check_gives_them(client):
    response = upload(client, samples())
    assert response.status_code == 303 and response.headers["location"].endswith("/#read")
    page = unescape(client.get("/").text)
    record_set = exporter.read(SAMPLES)
    for path in SAMPLES:
        records = [r for r in record_set.records if r.source.file == path.name]
        labels = ", ".join(p.label for p in sorted({r.period for r in records}))
        assert re.search(rf"<th scope=\"row\">{re.escape(path.name)}</th>\s*<td>{labels}</td>\s*"
                         rf"<td class=\"number\">{len(records)}</td>", page), path.name
    for diagnostic in record_set.diagnostics:
        assert f"<td>{diagnostic.file}</td><td class=\"number\">{diagnostic.line}</td><td>{diagnostic.message}</td>" \
            in page
    assert f"{len(SAMPLES)} filer, {len(record_set)} poster" in page
    assert 'id="build-form"' in page


def test_the_counts_table_gives_records_per_period_and_lead_committee(client):
    upload(client, samples())
    page = client.get("/").text
    record_set = exporter.read(SAMPLES)
    table = page[page.index('id="counts-caption"'):]
    table = table[:table.index("</table>")]
    for committee in {r.committees[0] for r in record_set.records}:
        row = re.search(rf"<th scope=\"row\">{committee}</th>(.*?)</tr>", table, re.S).group(1)
        counts = [int(n) for n in re.findall(r"<td class=\"number\">(\d+)</td>", row)]
        expected = [sum(1 for r in record_set.records if r.committees[0] == committee and r.period == p)
                    for p in record_set.periods]
        assert counts == [*expected, sum(expected)], committee


def test_errors_block_the_build_and_the_summary_links_to_them(client):
    upload(client, [(WITH_ERRORS.name, WITH_ERRORS.read_bytes()), *samples()])
    response = upload(client, [(WITH_ERRORS.name, WITH_ERRORS.read_bytes()), *samples()])
    assert response.headers["location"] == "/"  # the top of the page, where the summary is
    page = unescape(client.get("/").text)
    assert 'class="error-summary"' in page
    target = re.search(r'<li><a href="#(diag-\d+)">inte-en-uppföljning.txt rad 1: not a follow-up export', page).group(1)
    assert re.search(rf'<tr id="{target}" class="level-error"', page)
    assert 'id="build-form"' not in page
    response = client.post("/build", data={"csrf": csrf_of(client), "formats": ["docx"]}, follow_redirects=False)
    assert response.status_code == 409


def test_warnings_are_shown_and_do_not_block(client):
    upload(client, [(WITH_WARNINGS.name, WITH_WARNINGS.read_bytes())])
    page = client.get("/").text
    assert 'class="level-warning"' in page and 'id="build-form"' in page and 'class="error-summary"' not in page


def test_a_zip_of_the_samples_reads_as_the_samples(client):
    assert upload(client, [("export.zip", zipped(samples()))]).status_code == 303
    assert f"{len(SAMPLES)} filer" in client.get("/").text


def test_a_records_json_is_read(client, tmp_path):
    from exporter.writers.records_json import dumps

    data = dumps(exporter.read(SAMPLES)).encode("utf-8")
    assert upload(client, [("records.json", data)]).status_code == 303
    assert "1 filer, 20 poster" in client.get("/").text


# -- limits and hostile uploads -----------------------------------------------------------------


@pytest.mark.parametrize("name, data, status, words", [
    ("../../etc/evil.txt", b"text", 400, "pekar ut ur mappen"),
    ("/etc/evil.txt", b"text", 400, "pekar ut ur mappen"),
    ("bild.png", b"\x89PNG", 415, "varken .txt"),
    ("binär.txt", b"abc\x00def", 422, "binär fil"),
    ("dokument.txt", zipped([("a.txt", b"x")]), 422, "binär fil"),
    ("trasig.zip", b"PK\x03\x04 not really a zip", 422, "ingen läsbar zip"),
])
def test_a_hostile_file_is_refused_with_a_message(client, tmp_path, name, data, status, words):
    response = upload(client, [(name, data)])
    assert response.status_code == status
    assert words in unescape(response.text) and 'class="error-summary"' in response.text
    assert not list(tmp_path.rglob("evil*")) and not list(tmp_path.rglob("*.png"))


@pytest.mark.parametrize("member, status, words", [
    ("../evil.txt", 400, "pekar ut ur mappen"),
    ("/abs/evil.txt", 400, "pekar ut ur mappen"),
    ("C:\\evil.txt", 400, "pekar ut ur mappen"),
    ("..\\..\\evil.txt", 400, "pekar ut ur mappen"),
    ("evil\x01.txt", 400, "går inte att använda"),
    ("evil\u202e.txt", 400, "går inte att använda"),
    ("inner.zip", 422, "zip-filer i zip-filer"),
])
def test_a_hostile_zip_member_is_refused(client, tmp_path, member, status, words):
    response = upload(client, [("export.zip", zipped([("ok.txt", SAMPLES[0].read_bytes()), (member, b"x")]))])
    assert response.status_code == status and words in unescape(response.text)
    assert not list(tmp_path.rglob("evil*")) and not list(tmp_path.rglob("ok.txt"))


def test_a_zip_inside_a_zip_by_content_is_refused(client):
    response = upload(client, [("export.zip", zipped([("inner.txt", zipped([("a.txt", b"x")]))]))])
    assert response.status_code == 422 and "zip-filer i zip-filer" in unescape(response.text)


def test_a_zip_member_name_that_is_not_utf8_is_refused(client):
    response = upload(client, [("export.zip", _latin1_zip())])
    assert response.status_code == 400 and "inte är UTF-8" in unescape(response.text)


def _latin1_zip() -> bytes:
    """A zip whose one member's name is Latin-1 bytes, without the UTF-8 flag."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("rXk.txt")
        archive.writestr(info, b"text")
    return buffer.getvalue().replace(b"rXk.txt", b"r\xe4k.txt")


def test_a_zip_bomb_stops_at_the_limit(make_client, tmp_path):
    client = make_client(limits=Limits(max_upload_bytes=1 << 20, max_unpacked_bytes=4 << 20))
    bomb = zipped([("bomb.txt", b"a" * (64 << 20))])  # 64 MB of one letter, 64 kB zipped
    assert len(bomb) < 1 << 20
    started = time.monotonic()
    response = upload(client, [("bomb.zip", bomb)])
    assert response.status_code == 413 and "zip-bomb" in response.text
    assert time.monotonic() - started < 10
    assert not list(tmp_path.rglob("bomb.txt"))


def test_an_upload_over_the_size_limit_is_413(make_client):
    client = make_client(limits=Limits(max_upload_bytes=100_000))
    response = upload(client, [("stor.txt", b"x" * 200_000)])
    assert response.status_code == 413 and "större än 1 MB" in unescape(response.text)


def test_a_body_over_the_limit_without_a_length_is_413(make_client):
    client = make_client(limits=Limits(max_upload_bytes=100_000))
    csrf = csrf_of(client)
    boundary = "grans"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\n").encode()
    body += b"y" * 300_000 + f"\r\n--{boundary}--\r\n".encode()

    def chunks():
        for start in range(0, len(body), 16_384):
            yield body[start:start + 16_384]

    response = client.post("/upload", content=chunks(), headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413


def test_too_many_files_is_413(make_client):
    client = make_client(limits=Limits(max_files=5))
    response = upload(client, [(f"f{i}.txt", b"x") for i in range(6)])
    assert response.status_code == 413 and "fler än 5 filer" in response.text


def test_a_zip_with_too_many_members_is_413(make_client):
    client = make_client(limits=Limits(max_files=5))
    response = upload(client, [("many.zip", zipped([(f"f{i}.txt", b"x") for i in range(6)]))])
    assert response.status_code == 413 and "fler än 5 filer" in response.text


def test_ten_thousand_files_are_refused_quickly(client):
    started = time.monotonic()
    response = upload(client, [(f"f{i}.txt", b"x") for i in range(10_000)])
    assert response.status_code == 413 and "fler än 500 filer" in response.text
    response = upload(client, [("many.zip", zipped([(f"f{i}.txt", b"x") for i in range(10_000)]))])
    assert response.status_code == 413
    assert time.monotonic() - started < 30


def test_an_upload_without_files_is_400(client):
    response = client.post("/upload", data={"csrf": csrf_of(client)}, files=[("files", ("", b"", "application/octet-stream"))])
    assert response.status_code == 400 and "Välj minst en fil" in response.text


def test_two_files_of_one_name_are_refused(client):
    response = upload(client, [("export.zip", zipped([("a/x.txt", b"1"), ("b/x.txt", b"2")]))])
    assert response.status_code == 400 and "Två filer heter x.txt" in response.text


# -- CSRF, sessions, secret --------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_403(client):
    upload(client, samples())
    response = upload(client, samples(), csrf="wrong")
    assert response.status_code == 403
    response = client.post("/build", data={"formats": ["docx"]}, follow_redirects=False)
    assert response.status_code == 403


def test_a_post_without_a_session_is_403(client):
    token = csrf_of(client)
    client.cookies.clear()
    assert upload(client, samples(), csrf=token).status_code == 403


def test_with_a_secret_a_request_without_it_is_401(make_client):
    client = make_client(secret="correct horse battery")
    for path in ("/", "/healthz", "/static/style.css", "/builds/x"):
        response = client.get(path)
        assert response.status_code == 401 and response.headers["www-authenticate"].startswith("Basic")
    wrong = base64.b64encode(b"anyone:wrong").decode()
    assert client.get("/", headers={"authorization": f"Basic {wrong}"}).status_code == 401
    right = base64.b64encode(b"anyone:correct horse battery").decode()
    assert client.get("/", headers={"authorization": f"Basic {right}"}).status_code == 200


def test_a_build_form_with_bad_choices_is_400_with_links_to_the_fields(client):
    upload(client, samples())
    form = {"csrf": csrf_of(client), "formats": ["docx", "exe"], "period": "1999-T1", "lang": "fi",
            "group_by": "x", "date": "31/5", "case_number": "x" * 300, "committees": ["NOPE"]}
    response = client.post("/build", data=form)
    assert response.status_code == 400
    for target in ("format-docx", "period", "lang", "group_by", "date", "case_number", "committees"):
        assert f'href="#{target}"' in response.text, target
    response = client.post("/build", data={"csrf": csrf_of(client)})
    assert response.status_code == 400 and 'href="#format-docx"' in response.text


def test_a_build_without_an_upload_is_400(client):
    response = client.post("/build", data={"csrf": csrf_of(client), "formats": ["docx"]})
    assert response.status_code == 400


# -- builds and downloads -----------------------------------------------------------------------


def test_a_build_gives_the_command_lines_bytes_and_only_to_its_session(client, make_client, tmp_path):
    upload(client, samples())
    build = start_build(client, ["docx", "xlsx", "html"])
    assert wait_for(client, build)["state"] == "done"
    page = client.get(build).text
    links = download_links(page)
    expected = cli_files(tmp_path, SAMPLES, ["docx", "xlsx", "html"], "2022-T1")
    got = {}
    for link in links:
        response = client.get(link)
        assert response.status_code == 200
        assert response.headers["content-disposition"].startswith("attachment")
        assert response.headers["x-content-type-options"] == "nosniff"
        got[link.rsplit("/", 1)[1]] = response.content
    assert got == expected
    types = {name: client.get(link).headers["content-type"] for name, link in zip(got, links)}
    assert types["uppfoljning-2022-T1.docx"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    assert types["statusmatris.xlsx"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    everything = client.get(f"{build}/dokument.zip")
    assert everything.headers["content-disposition"].startswith("attachment")
    assert zip_contents(everything.content) == expected
    # The preview: inline, in a sandbox of its own, framed only by the page.
    preview = client.get(f"{build}/preview/uppfoljning-2022-T1.html")
    assert preview.status_code == 200 and preview.content == expected["uppfoljning-2022-T1.html"]
    assert "sandbox" in preview.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in preview.headers["content-security-policy"]
    assert '<iframe class="preview" sandbox' in page
    assert "default template&#39;s neutral name" in page  # the library's warning, said on the build's page
    # Another session of the same service, with the link: nothing.
    other = TestClient(client.app)
    assert other.get("/").status_code == 200 and other.cookies.get("exporter_session") != \
        client.cookies.get("exporter_session")
    for path in (links[0], build, f"{build}/status", f"{build}/dokument.zip", f"{build}/preview/uppfoljning-2022-T1.html"):
        assert other.get(path).status_code == 404, path
    # A name the build did not write, or one that walks out: nothing.
    for name in ("request.json", "..%2Frequest.json", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "uppfoljning-2022-T1.docx%00"):
        assert client.get(f"{build}/files/{name}").status_code == 404, name
    assert client.get(f"{build}/preview/uppfoljning-2022-T1.docx").status_code == 404
    assert client.get(f"{build}/arkiv.zip").status_code == 404  # no archive was asked for


def test_the_archive_s_copies_and_manifest_carry_one_time_of_archiving(tmp_path, monkeypatch):
    """Without SOURCE_DATE_EPOCH the archive is dated by the clock once for the whole
    build, as `exporter archive` dates it: every copy and the manifest get that one time
    (each taking the clock for itself would date them apart whenever a second passes)."""
    from exporter.web.worker import ARCHIVE_FORMAT, plan_parts

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    request = {"inputs": [str(p) for p in SAMPLES], "formats": ["pdfa"], "periods": []}
    _, parts = plan_parts(request, tmp_path)
    (part,) = [p for p in parts if p.formats == (ARCHIVE_FORMAT,)]
    assert part.options.archived_at is not None
    assert part.finish is not None and part.finish.keywords == {"archived": part.options.archived_at}


def test_build_ids_are_random_and_unguessable(client):
    upload(client, samples())
    ids = {start_build(client, ["xlsx"]).rsplit("/", 1)[1] for _ in range(3)}
    assert len(ids) == 3 and all(len(i) >= 24 for i in ids)


@pytest.mark.slow
def test_the_archive_is_a_zip_with_its_manifest_as_the_command_line_writes_it(client, tmp_path):
    upload(client, samples())
    build = start_build(client, ["pdfa"])
    assert wait_for(client, build)["state"] == "done"
    archive = client.get(f"{build}/arkiv.zip")
    assert archive.status_code == 200 and archive.headers["content-type"] == "application/zip"
    expected = cli_files(tmp_path, SAMPLES, ["pdfa"], "2022-T1")
    assert {f"arkiv/{n}": b for n, b in zip_contents(archive.content).items()} == expected
    assert "SHA256SUMS" in zip_contents(archive.content)
    assert client.get(f"{build}/arkiv.zip").content == archive.content  # the same bytes again


def test_a_full_pool_says_how_many_are_ahead(make_client, tmp_path):
    client = make_client(workers=1, queue=1)
    sleeping_workers(client, 30, tmp_path)
    upload(client, samples())
    first = start_build(client, ["xlsx"])
    second = start_build(client, ["xlsx"])
    assert "1 före dig i kön" in client.get(second).text
    deadline = time.monotonic() + 20
    while client.get(f"{first}/status").json()["text"] != "0 av 1 dokument klara; senast sleeping.":  # its progress, said
        assert time.monotonic() < deadline, client.get(f"{first}/status").json()
        time.sleep(0.1)
    assert client.get(f"{second}/status").json()["state"] == "queued"
    response = client.post("/build", data={"csrf": csrf_of(client), "formats": ["xlsx"], "period": "latest",
                                           "lang": "sv", "group_by": "source"})
    assert response.status_code == 503 and "2 byggen före dig" in response.text
    assert client.get("/healthz").json() == {"status": "ok", "builds_running": 1, "builds_queued": 1, "sessions": 1}
    assert first != second


def test_a_build_past_its_time_limit_is_stopped_and_the_service_serves_on(make_client, tmp_path):
    client = make_client(time_limit=1)
    sleeping_workers(client, 60, tmp_path)
    upload(client, samples())
    build = start_build(client, ["xlsx"])
    status = wait_for(client, build, timeout=20)
    assert status["state"] == "failed" and "längre än 1 sekunder" in status["text"]
    assert "längre än 1 sekunder" in client.get(build).text
    assert not service(client).pool.processes()
    assert client.get("/healthz").status_code == 200


def test_a_killed_worker_gives_a_clear_error(make_client, tmp_path):
    client = make_client()
    sleeping_workers(client, 60, tmp_path)
    upload(client, samples())
    build = start_build(client, ["xlsx"])
    deadline = time.monotonic() + 20
    while not service(client).pool.processes() and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(service(client).pool.processes()[0], signal.SIGKILL)
    status = wait_for(client, build, timeout=20)
    assert status["state"] == "failed" and "avbröts oväntat" in status["text"]


def test_a_build_error_is_said_on_the_page(client):
    upload(client, samples())
    build = start_build(client, ["docx"], committees=["BUN"], period="2022-T1")  # BUN has none in T1 2022
    status = wait_for(client, build)
    assert status["state"] == "failed" and "no records for" in status["text"]


# -- workspaces ----------------------------------------------------------------------------------


def test_a_workspace_is_deleted_after_the_expiry(make_client, tmp_path):
    client = make_client(expiry=0.5)
    upload(client, samples())
    root = service(client).workspaces.root
    assert list(root.rglob("*.txt"))
    time.sleep(1.5)
    assert not list(root.rglob("*.txt"))
    assert 'id="read"' not in client.get("/").text  # a new session, without the upload


def test_every_workspace_is_deleted_at_shutdown(tmp_path):
    with TestClient(create_app(Settings(temp_dir=str(tmp_path)))) as client:
        upload(client, samples())
        root = client.app.service.workspaces.root  # type: ignore[attr-defined]
        assert list(root.rglob("*.txt"))
    assert not root.exists() and not list(tmp_path.iterdir())


def test_upload_names_never_choose_a_path(client):
    upload(client, [("export.zip", zipped([("deep/deeper/a.txt", SAMPLES[0].read_bytes())]))])
    root = service(client).workspaces.root
    saved = [p for p in root.rglob("*.txt")]
    assert [p.name for p in saved] == ["a.txt"] and saved[0].parent.parent.name == "uploads"


def test_a_template_is_offered_by_name_and_builds_as_the_command_line_with_it(make_client, tmp_path):
    from .support import ROOT, cli

    fjallby = ROOT / "templates" / "fjallby"
    client = make_client(templates={"fjallby": fjallby})
    upload(client, samples())
    page = client.get("/").text
    assert '<option value="fjallby">fjallby</option>' in page
    build = start_build(client, ["docx", "html"], template="fjallby")
    assert wait_for(client, build)["state"] == "done"
    got = {link.rsplit("/", 1)[1]: client.get(link).content for link in download_links(client.get(build).text)}
    cli("build", *map(str, SAMPLES), "-f", "docx", "-f", "html", "--period", "2022-T1", "--template", str(fjallby),
        "-o", str(tmp_path / "cli"), cwd=tmp_path)
    assert got == {p.name: p.read_bytes() for p in (tmp_path / "cli").iterdir()}
    response = client.post("/build", data={"csrf": csrf_of(client), "formats": ["docx"], "template": "../../etc"})
    assert response.status_code == 400 and 'href="#template"' in response.text


def test_opening_the_page_again_and_again_keeps_a_bounded_number_of_sessions(tmp_path):
    from exporter.web.workspaces import Workspaces

    workspaces = Workspaces(3600, tmp_path, max_sessions=3)
    first, *others = [workspaces.new() for _ in range(5)]
    assert len(workspaces) == 3 and workspaces.get(first.token) is None
    assert workspaces.get(others[-1].token) is others[-1]
    assert not list(workspaces.root.iterdir())  # no folder until an upload
    workspaces.close()


def test_behind_a_reverse_proxy_the_links_carry_its_path(tmp_path):
    with TestClient(create_app(Settings(temp_dir=str(tmp_path))), root_path="/exporter") as client:
        page = client.get("/exporter/").text
        assert 'href="/exporter/static/style.css"' in page and 'action="/exporter/upload"' in page
        assert client.get("/exporter/static/style.css").status_code == 200  # the proxy keeps the path
        response = upload(client, samples(), csrf=csrf_of_page(page))
        assert response.headers["location"] == "/exporter/#read"


def csrf_of_page(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_a_file_name_that_is_not_utf8_in_the_form_is_no_500(client):
    csrf = csrf_of(client)
    body = (b"--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf.encode() + b"\r\n"
            b"--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"r\xe4k\xff.txt\"\r\n\r\n"
            + SAMPLES[0].read_bytes() + b"\r\n--b--\r\n")
    response = client.post("/upload", content=body, headers={"content-type": "multipart/form-data; boundary=b"},
                           follow_redirects=False)
    assert response.status_code in (303, 400), response.status_code
    if response.status_code == 303:  # taken as Latin-1 text: a plain name in the upload's folder
        assert [p.parent.parent.name for p in service(client).workspaces.root.rglob("*.txt")] == ["uploads"]


def test_a_wrong_method_and_a_failure_of_the_service_are_pages_not_tracebacks(tmp_path):
    app = create_app(Settings(temp_dir=str(tmp_path)))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/", data={})
        assert response.status_code == 405 and "Det går inte att göra så här" in response.text

        def broken(*_args):
            raise RuntimeError("a bug")

        client.get("/")
        app.service.workspaces.get = broken  # type: ignore[attr-defined]
        response = client.get("/")
        assert response.status_code == 500
        assert "Något gick fel i tjänsten" in response.text and "Traceback" not in response.text


def test_over_https_the_session_cookie_is_secure(tmp_path):
    with TestClient(create_app(Settings(temp_dir=str(tmp_path))), base_url="https://intranet") as client:
        assert "Secure" in client.get("/").headers["set-cookie"]
