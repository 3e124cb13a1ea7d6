"""Building: documents in parallel, byte-identical whatever the number of jobs, written all
together or not at all, and cleaned up after when killed."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from exporter.build import Job, build, plan
from exporter.files import TEMP_MARK, ZIP_EPOCH, OutputError, Staging, atomic_write, remove_stale
from exporter.writers import BuildOptions, Document

from .support import INPUT, ROOT


def test_the_plan_lists_each_writers_documents_in_output_order(sample_records):
    jobs = plan(sample_records, ["docx", "xlsx", "pdf", "json"], BuildOptions())
    assert [job.document.name for job in jobs] == [
        "uppfoljning-2020-T3.docx", "uppfoljning-2022-T1.docx", "statusmatris.xlsx",
        "uppfoljning-2020-T3.pdf", "uppfoljning-2022-T1.pdf", "records.json"]
    assert jobs[0] == Job("docx", Document("uppfoljning-2020-T3.docx", jobs[0].document.period))


def test_the_bytes_do_not_depend_on_the_number_of_jobs(sample_records, theme, tmp_path):
    formats = ["docx", "xlsx", "pdf", "json"]
    one = build(sample_records, theme, formats, tmp_path / "one", BuildOptions(), jobs=1)
    two = build(sample_records, theme, formats, tmp_path / "two", BuildOptions(), jobs=2)
    assert [p.name for p in one] == [p.name for p in two]
    for a, b in zip(one, two):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_progress_is_reported_for_every_document(sample_records, theme, tmp_path):
    seen = []
    build(sample_records, theme, ["json", "docx"], tmp_path, BuildOptions(), jobs=2,
          progress=lambda done, total, name: seen.append((done, total)))
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]


def test_an_atomic_write_leaves_the_old_file_when_it_fails(tmp_path, monkeypatch):
    target = tmp_path / "rapport.docx"
    target.write_bytes(b"the finished report")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, b"half")
    assert target.read_bytes() == b"the finished report"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.docx"]  # no temporary file left


def test_office_documents_carry_no_clock_time(sample_records, theme, tmp_path):
    """A .docx or .xlsx is a zip whose entries would carry the time they were written."""
    from exporter.writers.xlsx import ARCHIVE_DATE  # XlsxWriter's own fixed date

    for path in build(sample_records, theme, ["docx", "xlsx"], tmp_path, BuildOptions(), jobs=1):
        with zipfile.ZipFile(path) as archive:
            fixed = ARCHIVE_DATE if path.suffix == ".xlsx" else ZIP_EPOCH
            assert {info.date_time for info in archive.infolist()} == {fixed}, path.name


# -- all or nothing ---------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if TEMP_MARK in p.name)


def test_the_public_api_reads_and_builds(tmp_path):
    import exporter

    records = exporter.read([INPUT])
    written = exporter.build(records, ["json", "docx"], tmp_path / "out")
    assert [p.name for p in written] == ["records.json", "uppfoljning-2020-T3.docx", "uppfoljning-2022-T1.docx"]
    assert exporter.build is not None and callable(exporter.build)  # not shadowed by the module of that name
    assert leftovers(tmp_path / "out") == []


def test_a_folder_in_the_way_of_a_document_is_refused_before_anything_is_written(sample_records, theme, tmp_path):
    (tmp_path / "statusmatris.xlsx").mkdir()
    (tmp_path / "records.json").write_text("the old one", encoding="utf-8")
    with pytest.raises(OutputError) as raised:
        build(sample_records, theme, ["json", "xlsx"], tmp_path, BuildOptions(), jobs=1)
    assert raised.value.path == tmp_path / "statusmatris.xlsx"
    assert "a folder of that name is in the way" in str(raised.value)
    assert (tmp_path / "records.json").read_text(encoding="utf-8") == "the old one"
    assert leftovers(tmp_path) == []


def test_a_failure_halfway_leaves_the_folder_as_it_was(sample_records, theme, tmp_path, monkeypatch):
    first = build(sample_records, theme, ["json", "docx"], tmp_path, BuildOptions(), jobs=1)
    before = {p.name: p.read_bytes() for p in first}
    real_open = open
    calls = []

    def full_after_one(path, mode="r", *args, **kwargs):
        if "x" in mode and TEMP_MARK in str(path):
            calls.append(path)
            if len(calls) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", full_after_one)
    with pytest.raises(OutputError) as raised:
        build(sample_records, theme, ["json", "docx"], tmp_path, BuildOptions(lang="en"), jobs=1)
    monkeypatch.undo()
    assert "the disk is full" in str(raised.value) and raised.value.path.parent == tmp_path
    assert {p.name: p.read_bytes() for p in first} == before  # not one document of the failed build
    assert leftovers(tmp_path) == []


def test_a_disk_that_fills_while_a_pdf_is_streamed_leaves_the_folder_as_it_was(sample_records, theme, tmp_path,
                                                                               monkeypatch):
    first = build(sample_records, theme, ["pdf"], tmp_path, BuildOptions(), jobs=1)
    before = {p.name: p.read_bytes() for p in first}
    real_open = open
    written = []

    class FillingFile:
        """A staged file on a disk that is full after 20,000 bytes."""

        def __init__(self, fh):
            self.fh = fh

        def write(self, data):
            written.append(len(data))
            if sum(written) > 20_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.fh.write(data)

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.fh.__exit__(*exc)

    def filling(path, mode="r", *args, **kwargs):
        fh = real_open(path, mode, *args, **kwargs)
        return FillingFile(fh) if "x" in mode and TEMP_MARK in str(path) else fh

    monkeypatch.setattr("builtins.open", filling)
    with pytest.raises(OutputError) as raised:
        build(sample_records, theme, ["pdf"], tmp_path, BuildOptions(lang="en"), jobs=1)
    monkeypatch.undo()
    assert len(written) > 1  # the document was being written piece by piece
    assert "the disk is full" in str(raised.value) and raised.value.path.parent == tmp_path
    assert {p.name: p.read_bytes() for p in first} == before
    assert leftovers(tmp_path) == []


def test_a_new_output_folder_is_not_left_behind_by_a_failed_build(sample_records, theme, tmp_path, monkeypatch):
    target = tmp_path / "new" / "out"

    def broken(self, name, data):
        raise OutputError(target / name, "the disk is full")

    monkeypatch.setattr(Staging, "write", broken)
    with pytest.raises(OutputError):
        build(sample_records, theme, ["json"], target, BuildOptions(), jobs=1)
    assert list(tmp_path.iterdir()) == []


def test_the_stale_files_of_a_killed_build_are_removed_by_the_next(sample_records, theme, tmp_path):
    """A build killed while writing leaves its temporary files and its lock behind; the
    lock is free, since its holder is dead, so the next build removes them."""
    code = textwrap.dedent(f"""
        import os, sys
        from exporter.files import Staging
        staging = Staging({str(tmp_path)!r}, ["records.json", "2022/T1/rapport.pdf"]).__enter__()
        staging.write("records.json", b"half")
        staging.write("2022/T1/rapport.pdf", b"half")
        os._exit(9)  # as SIGKILL would: no clean-up
    """)
    subprocess.run([sys.executable, "-c", code], check=False)
    assert len(leftovers(tmp_path)) == 3  # two temporary files and the lock
    written = build(sample_records, theme, ["json"], tmp_path, BuildOptions(), jobs=1)
    assert leftovers(tmp_path) == []
    assert [p.name for p in written] == ["records.json"] and (tmp_path / "records.json").read_bytes() != b"half"


def test_a_build_killed_while_renaming_is_finished_by_the_next(tmp_path):
    """Killed after it listed its renames, a build is completed, not undone: the folder
    holds every new document, not a mix of old and new."""
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_bytes(b"old")
    code = textwrap.dedent(f"""
        import os
        from exporter import files
        staging = files.Staging({str(tmp_path)!r}, ["a.json", "b.json"]).__enter__()
        staging.write("a.json", b"new")
        staging.write("b.json", b"new")
        real = os.replace
        def die_after_first(src, dst):
            real(src, dst)
            if str(dst).endswith("a.json"):
                os._exit(9)
        os.replace = die_after_first
        staging.commit()
    """)
    subprocess.run([sys.executable, "-c", code], check=False)
    assert [(tmp_path / n).read_bytes() for n in ("a.json", "b.json")] == [b"new", b"old"]
    remove_stale(tmp_path)
    assert [(tmp_path / n).read_bytes() for n in ("a.json", "b.json")] == [b"new", b"new"]
    assert leftovers(tmp_path) == []


def test_a_running_build_is_not_cleaned_up_by_another(tmp_path):
    with Staging(tmp_path, ["a.json"]) as staging:
        tmp = staging.write("a.json", b"in progress")
        assert remove_stale(tmp_path) == []
        assert tmp.read_bytes() == b"in progress"
        staging.commit()
    assert (tmp_path / "a.json").read_bytes() == b"in progress" and leftovers(tmp_path) == []


def test_workers_end_when_the_build_dies(tmp_path):
    """SIGKILL the build while its workers render: no worker lives on."""
    code = textwrap.dedent("""
        import os, sys, time
        import exporter.build
        b = sys.modules["exporter.build"]
        from exporter.model import RecordSet
        from exporter.theme import load_theme
        from exporter.writers import BuildOptions
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(2, initializer=b._init_worker,
                                 initargs=(os.getpid(), RecordSet(), load_theme(), BuildOptions())) as pool:
            pids = [pool.submit(os.getpid).result() for _ in range(4)]
            print(" ".join(map(str, set(pids))), flush=True)
            time.sleep(60)
    """)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    workers = [int(p) for p in process.stdout.readline().split()]
    assert workers and all(alive(p) for p in workers)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(p) for p in workers)


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_files_of_a_dead_build_cannot_make_the_next_touch_anything_else(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    keep = tmp_path / "keep.txt"
    keep.write_text("mine", encoding="utf-8")
    (out / "rapport.docx").write_text("mine too", encoding="utf-8")
    token = "1-deadbeef"
    (out / f".exporter-{token}.lock").write_text("../keep.txt\nrapport.docx\n", encoding="utf-8")
    (out / f".exporter-{token}.commit").write_text("../keep.txt\trapport.docx\nrapport.docx\t../keep.txt\n",
                                                   encoding="utf-8")
    remove_stale(out)
    assert keep.read_text(encoding="utf-8") == "mine"
    assert (out / "rapport.docx").read_text(encoding="utf-8") == "mine too"
    assert leftovers(out) == []


def test_a_build_that_still_names_the_default_organisation_warns_once(sample_records, theme, tmp_path, caplog):
    from exporter.theme import load_theme

    with caplog.at_level("WARNING", logger="exporter"):
        build(sample_records, theme, ["json"], tmp_path / "json")
        assert not caplog.records  # the record set names no organisation
        build(sample_records, theme, ["docx", "html"], tmp_path / "docs", jobs=1)
    assert [r.getMessage() for r in caplog.records if "neutral name" in r.getMessage()] == [
        "the documents name the organisation 'Kommunen', the default template's neutral name; set [organisation] "
        "name in a template of your own (exporter template init DIR, then --template DIR)"]
    caplog.clear()
    fjallby = load_theme(ROOT / "templates" / "fjallby")
    with caplog.at_level("WARNING", logger="exporter"):
        build(sample_records, fjallby, ["html"], tmp_path / "fjallby", jobs=1)
    assert not [r for r in caplog.records if "neutral name" in r.getMessage()]
