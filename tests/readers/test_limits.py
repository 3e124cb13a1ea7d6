"""Limits of one paragraph and one record: a huge comment is split or refused with a
clear message, whatever layout it was read from."""

from __future__ import annotations

import subprocess
import sys

from exporter.model import Level, RecordSet
from exporter.readers import read
from exporter.readers.limits import PARAGRAPH_LIMIT, RECORD_LIMIT, split_paragraph
from exporter.writers.records_json import dumps

from ..support import make_record


def as_input(tmp_path, *records):
    path = tmp_path / "records.json"
    path.write_text(dumps(RecordSet(records)), encoding="utf-8")
    return path


def test_a_long_paragraph_is_cut_at_white_space_and_no_word_is_lost():
    text = " ".join(f"ord{i}" for i in range(60_000))
    pieces = split_paragraph(text, 100_000)
    assert all(len(p) <= 100_000 for p in pieces) and len(pieces) == -(-len(text) // 100_000)
    assert " ".join(pieces) == text
    assert split_paragraph("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]  # no white space: cut at the limit


def test_a_comment_paragraph_over_the_limit_is_split_with_a_warning(tmp_path, theme):
    paragraph = ("Mycket lång kommentar med åäö. " * (PARAGRAPH_LIMIT // 10))[:-1]
    record = make_record("Uppdrag med lång kommentar", ["Kort stycke.", paragraph], line=7, file="lång.txt")
    read_back = read([as_input(tmp_path, record)], theme)
    comment = read_back.records[0].comment
    assert comment[0] == "Kort stycke." and len(comment) == 5
    assert all(len(p) <= PARAGRAPH_LIMIT for p in comment)
    assert " ".join(comment[1:]) == paragraph
    [warning] = read_back.warnings
    assert (warning.file, warning.line) == ("lång.txt", 7) and "split at white space" in warning.message
    assert not read_back.errors


def test_a_record_over_the_limit_is_refused_naming_file_and_line(tmp_path, theme):
    huge = ["ord " * (PARAGRAPH_LIMIT // 4 - 1)] * (RECORD_LIMIT // PARAGRAPH_LIMIT + 1)
    record = make_record("Uppdrag med enorm kommentar", huge, line=12, file="enorm.txt")
    [error] = read([as_input(tmp_path, record)], theme).errors
    assert (error.file, error.line, error.level) == ("enorm.txt", 12, Level.ERROR)
    assert f"at most {RECORD_LIMIT:,}" in error.message


def test_a_title_or_status_sentence_over_the_limit_is_refused(tmp_path, theme):
    long_title = make_record("Titel " * (PARAGRAPH_LIMIT // 5), ["Text."], line=3, file="a.txt")
    long_status = make_record("Kort titel", ["Text."], status_text="Status " * (PARAGRAPH_LIMIT // 6), file="b.txt")
    errors = read([as_input(tmp_path, long_title, long_status)], theme).errors
    assert [e.message.split(" is ")[0] for e in errors] == ["the title", "the status sentence"]


def test_build_refuses_a_record_over_the_limit_and_writes_nothing(tmp_path):
    huge = ["ord " * (PARAGRAPH_LIMIT // 4 - 1)] * (RECORD_LIMIT // PARAGRAPH_LIMIT + 1)
    source = as_input(tmp_path, make_record("Enormt uppdrag", huge, line=12, file="enorm.txt"))
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "exporter", "build", str(source), "-o", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "enorm.txt:12: error: the record holds" in result.stderr
    assert not out.exists()
