"""Faults of the disk, of the user and of the machine, injected into real builds: each
ends with a clear message naming the path and exit 1, or with the build complete, and
afterwards no temporary file is left, no worker process lives on, the earlier output
is intact or wholly replaced, and every file in the folder is valid."""

from __future__ import annotations

import os
import random
import time

import pytest

from ..support import INPUT
from .conftest import (
    assert_valid,
    exporter,
    kill_and_check_no_orphans,
    snapshot,
    start,
    temporary_files,
)

pytestmark = pytest.mark.slow  # SIGKILL loops, concurrent and big builds

KILL_SEED = 14
KILLS = 8  # SIGKILLs at random moments of a big build


def check_folder(folder, *, before=None, after=None) -> str:
    """No temporary file; every file valid; the documents all as `before` or all as
    `after` (when given). Which of the two it is."""
    assert temporary_files(folder) == []
    state = snapshot(folder)
    for name in state:
        assert_valid(folder / name)
    if before is None:
        return "checked"
    documents = {k: v for k, v in state.items() if k in before or (after and k in after)}
    if documents == before:
        return "before"
    assert after is not None and documents == after, "a mix of the earlier and the new output"
    return "after"


def test_a_read_only_output_folder_exits_1_naming_it_and_changes_nothing(tmp_path, request):
    """As root, a file system mounted read-only (root may write to any folder); else a
    folder without write permission."""
    if os.geteuid() == 0:
        fs = request.getfixturevalue("small_fs")("read-only")
        out, make_read_only, words = fs.folder, fs.read_only, "the file system is read-only"
    else:
        out = tmp_path / "read-only"
        out.mkdir()
        make_read_only, words = (lambda: out.chmod(0o555)), "permission denied"
    assert exporter("build", str(INPUT), "-o", str(out), "-f", "json", "-f", "docx").returncode == 0
    before = snapshot(out)
    make_read_only()
    result = exporter("build", str(INPUT), "-o", str(out), "--lang", "en")
    if os.geteuid() != 0:
        out.chmod(0o755)  # so that pytest can remove it
    assert result.returncode == 1, result.stderr
    assert f"cannot write {out.as_posix()}: {words}" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert snapshot(out) == before


def test_a_full_disk_exits_1_naming_the_path_and_leaves_the_earlier_output(small_fs, big_input):
    out = small_fs("full", "1m").folder
    assert exporter("build", str(INPUT), "-o", str(out), "-f", "json", "-f", "docx").returncode == 0
    before = snapshot(out)
    result = exporter("build", str(big_input), "-o", str(out), "-j", "2")
    assert result.returncode == 1, result.stderr
    assert "the disk is full" in result.stderr and out.as_posix() in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert check_folder(out, before=before) == "before"
    assert snapshot(out) == before


def test_a_full_disk_while_archiving_leaves_no_pdf_without_its_checksums(small_fs, big_input):
    out = small_fs("archive", "1m").folder
    result = exporter("archive", str(big_input), "-o", str(out), "-j", "2")
    assert result.returncode == 1 and "the disk is full" in result.stderr, result.stderr
    assert snapshot(out) == {}


def test_a_folder_where_a_document_goes_exits_1_naming_it(tmp_path):
    out = tmp_path / "out"
    assert exporter("build", str(INPUT), "-o", str(out), "-f", "json").returncode == 0
    before = snapshot(out)
    (out / "statusmatris.xlsx").mkdir()
    result = exporter("build", str(INPUT), "-o", str(out))
    assert result.returncode == 1
    assert f"cannot write {(out / 'statusmatris.xlsx').as_posix()}: a folder of that name is in the way" in result.stderr
    assert snapshot(out) == before and temporary_files(out) == []


def test_a_file_where_the_output_folder_goes_exits_1_naming_it(tmp_path):
    (tmp_path / "arkiv").write_text("not a folder", encoding="utf-8")
    result = exporter("archive", str(INPUT), "-o", str(tmp_path / "arkiv" / "sub"))
    assert result.returncode == 1
    assert f"cannot write {(tmp_path / 'arkiv').as_posix()}" in result.stderr and "internal error" not in result.stderr


def kill_at_random(process, rng, duration: float) -> None:
    """SIGKILL `process` at a random moment of a run that takes about `duration`
    seconds: mostly while it renders, now and then once it has ended (then only
    waited for); its workers must end with it."""
    time.sleep(rng.uniform(0.2, 1.1) * duration)
    if process.poll() is None:
        kill_and_check_no_orphans(process)
    else:
        process.communicate()


@pytest.fixture(scope="module")
def outputs(big_input, tmp_path_factory):
    """The earlier output (Swedish) and what a complete new build (English) writes."""
    sv = tmp_path_factory.mktemp("sv")
    en = tmp_path_factory.mktemp("en")
    assert exporter("build", str(big_input), "-o", str(sv), "-j", "2").returncode == 0
    began = time.monotonic()
    assert exporter("build", str(big_input), "-o", str(en), "-j", "2", "--lang", "en").returncode == 0
    return snapshot(sv), snapshot(en), time.monotonic() - began


def test_sigkill_at_random_moments_leaves_the_earlier_output_or_the_new_one(big_input, outputs, tmp_path):
    before, after, duration = outputs
    rng = random.Random(KILL_SEED)
    seen = []
    for attempt in range(KILLS):
        out = tmp_path / f"out-{attempt}"
        out.mkdir()
        for name, data in before.items():
            (out / name).write_bytes(data)
        kill_at_random(start("build", str(big_input), "-o", str(out), "-j", "2", "--lang", "en"), rng, duration)
        # The next build into the folder cleans up after the killed one (here one of
        # another format, so that what it writes does not hide what the killed one left).
        result = exporter("build", str(big_input), "-o", str(out), "-f", "json")
        assert result.returncode == 0, result.stderr
        seen.append(check_folder(out, before=before, after=after))
    print(f"SIGKILL outcomes: {seen}")
    assert "before" in seen  # the kills did hit builds under way


def test_two_builds_at_once_each_finish_and_one_of_them_is_the_output(big_input, outputs, tmp_path):
    before, after, _ = outputs
    out = tmp_path / "out"
    builds = [start("build", str(big_input), "-o", str(out), "-j", "2", *lang) for lang in ((), ("--lang", "en"))]
    for build in builds:
        stdout, stderr = build.communicate(timeout=300)
        assert build.returncode == 0, stderr
    assert check_folder(out, before=before, after=after) in ("before", "after")


def test_an_interrupted_build_removes_its_own_files(big_input, tmp_path):
    out = tmp_path / "out"
    build = start("build", str(big_input), "-o", str(out), "-j", "2")
    deadline = time.monotonic() + 60
    while not list(out.glob(".exporter-*.lock")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)  # until the build is writing
    build.send_signal(2)  # SIGINT, as Ctrl-C
    _, stderr = build.communicate(timeout=60)
    assert "Traceback" not in stderr
    if build.returncode != 0:  # click's answer to Ctrl-C: "Aborted!", exit 1
        assert "Aborted!" in stderr or "interrupted" in stderr, stderr
        assert not out.exists() or (temporary_files(out) == [] and snapshot(out) == {})


def test_template_init_into_a_read_only_folder_exits_1_naming_it(small_fs):
    fs = small_fs("template")
    fs.read_only()
    result = exporter("template", "init", str(fs.folder / "mall"))
    assert result.returncode == 1 and "internal error" not in result.stderr
    assert f"cannot write {(fs.folder / 'mall').as_posix()}: the file system is read-only" in result.stderr


def test_sigkill_while_archiving_never_leaves_pdfs_without_their_checksums(big_input, tmp_path):
    sv, en = tmp_path / "sv", tmp_path / "en"
    assert exporter("archive", str(big_input), "-o", str(sv), "-j", "2").returncode == 0
    began = time.monotonic()
    assert exporter("archive", str(big_input), "-o", str(en), "-j", "2", "--lang", "en").returncode == 0
    duration = time.monotonic() - began
    rest = "2019/T1/uppfoljning-2019-T1.pdf"  # the one period the next archive writes again
    before = {k: v for k, v in snapshot(sv).items() if k not in (rest, "SHA256SUMS")}
    after = {k: v for k, v in snapshot(en).items() if k not in (rest, "SHA256SUMS")}
    rng = random.Random(KILL_SEED)
    for attempt in range(3):
        out = tmp_path / f"out-{attempt}"
        out.mkdir()
        for name, data in snapshot(sv).items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
        kill_at_random(start("archive", str(big_input), "-o", str(out), "-j", "2", "--lang", "en"), rng, duration)
        result = exporter("archive", str(big_input), "-o", str(out), "--period", "T1 2019")
        assert result.returncode == 0, result.stderr
        check_folder(out, before=before, after=after)  # SHA256SUMS checked by sha256sum -c
