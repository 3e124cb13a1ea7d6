"""Building: documents in parallel, byte-identical whatever the number of jobs, written whole."""

from __future__ import annotations

import os

import pytest

from exporter.build import Job, build, plan
from exporter.files import atomic_write, normalise_zip, write_zip
from exporter.writers import BuildOptions, Document


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


def test_zips_are_normalised_to_fixed_timestamps():
    a = write_zip([("a.xml", b"<a/>"), ("b.xml", b"<b/>")])
    assert normalise_zip(a) == a
    assert normalise_zip(a, lambda name, data: data.replace(b"a", b"z")) != a
