"""Encodings, line endings and files that are not follow-up text at all."""

from __future__ import annotations

import codecs

import pytest

from exporter.model import Level, Period
from exporter.readers import read

SAMPLE = (
    "T1 2022 Uppdrag. Kommentar T1 2022\n.\nÖka barns välbefinnande (KS)\n\n"
    "Uppdraget bedöms bli genomfört under året.\n\nHälsoworkshop genomfördes den 5\u00a0maj.\n"
)


def read_bytes(tmp_path, theme, data: bytes, name="in.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return read([path], theme)


@pytest.mark.parametrize(
    "encoding, data",
    [
        ("utf-8", SAMPLE.encode("utf-8")),
        ("utf-8 with BOM", codecs.BOM_UTF8 + SAMPLE.encode("utf-8")),
        ("utf-16 LE with BOM", SAMPLE.encode("utf-16")),
        ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be")),
        ("CRLF", SAMPLE.replace("\n", "\r\n").encode("utf-8")),
        ("CR", SAMPLE.replace("\n", "\r").encode("utf-8")),
        ("utf-16 with CRLF", SAMPLE.replace("\n", "\r\n").encode("utf-16")),
    ],
)
def test_every_accepted_encoding_and_line_ending_gives_the_same_record(tmp_path, theme, encoding, data):
    records = read_bytes(tmp_path, theme, data)
    assert records.diagnostics == (), encoding
    (record,) = records.records
    assert record.title == "Öka barns välbefinnande"
    assert record.period == Period(2022, 1)
    assert record.comment == ("Hälsoworkshop genomfördes den 5 maj.",)
    assert record.source.line == 3


def test_windows_1252_is_read_with_a_warning(tmp_path, theme):
    records = read_bytes(tmp_path, theme, SAMPLE.replace("\u00a0", " ").encode("cp1252"))
    (record,) = records.records
    assert record.title == "Öka barns välbefinnande"
    (warning,) = records.diagnostics
    assert warning.level is Level.WARNING and "Windows-1252" in warning.message
    assert warning.line == 3  # the first byte that is not UTF-8: the Ö of the title


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b"  \r\n\n \n", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "zip archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(100), "PDF"),
        (bytes(range(256)) * 8, "binary"),
        (SAMPLE.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (b"T1 2022 Uppdrag\n.\nTitel \x81\x8d (KS)\n", "neither UTF-8 nor Windows-1252"),
        (codecs.BOM_UTF8 + b"T1 2022\n\xff\xfe\xfa", "not valid UTF-8"),
    ],
)
def test_files_that_are_not_text_get_one_clear_error(tmp_path, theme, data, words):
    records = read_bytes(tmp_path, theme, data)
    assert len(records) == 0
    (error,) = records.diagnostics
    assert error.level is Level.ERROR
    assert words in error.message
    assert error.file.endswith("in.txt") and error.line >= 1


def test_undecodable_bytes_are_located_by_line(tmp_path, theme):
    records = read_bytes(tmp_path, theme, b"T1 2022 Uppdrag\n.\nTitel \x81 (KS)\n")
    assert records.errors[0].line == 3


def test_a_missing_path_and_an_empty_folder_are_errors(tmp_path, theme):
    (tmp_path / "empty").mkdir()
    records = read([tmp_path / "nope.txt", tmp_path / "empty"], theme)
    assert [d.message for d in records.errors] == ["no such file or folder", "the folder holds no *.txt files"]


def test_a_folder_means_its_txt_files_in_sorted_order(tmp_path, theme):
    for name in ("b.txt", "a.txt", "c.md"):
        (tmp_path / name).write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text(SAMPLE, encoding="utf-8")
    flat = read([tmp_path], theme)
    assert [r.source.file.rsplit("/", 1)[-1] for r in flat] == ["a.txt", "b.txt"]
    deep = read([tmp_path], theme, recursive=True)
    assert [r.source.file.rsplit("/", 1)[-1] for r in deep] == ["a.txt", "b.txt", "d.txt"]
