"""Decomposed Unicode (NFD, as macOS may write it) is read as composed (NFC), in the
texts, the record set's JSON and the theme; and a period is checked at read time, with
the tertial before it (T1 1900 has none)."""

from __future__ import annotations

import json
import unicodedata

import pytest
from click.testing import CliRunner

from exporter.cli import cli
from exporter.model import Period, Status
from exporter.readers.records_json import RecordsJsonError, loads
from exporter.readers.text import parse_text
from exporter.theme import load_theme

TEXT = "T1 2022 Uppdrag. Kommentar T1 2022\n.\nÖka tillgängligheten (ÖFN, KS)\n\nUppdraget är genomfört.\n\nKlart.\n"


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    return decomposed


def test_a_decomposed_text_is_read_as_the_composed_one(theme):
    composed = parse_text(TEXT, "t.txt", theme)
    decomposed = parse_text(nfd(TEXT), "t.txt", theme)
    assert decomposed == composed
    record = decomposed.records[0]
    assert record.committees == ("ÖFN", "KS") and record.status is Status.DONE
    assert record.title == "Öka tillgängligheten" and unicodedata.is_normalized("NFC", record.title)


def test_a_decomposed_committee_name_on_the_opening_line_is_known(theme):
    text = "Nämnd T1 2024 Uppdrag Kommentar T1 2024\n(Överförmyndarnämnden) .\nTitel\n\nUppdraget är genomfört.\n"
    assert parse_text(nfd(text), "t.txt", theme).records[0].committees == ("ÖFN",)


def test_a_record_set_in_nfd_is_read_in_nfc(sample_records):
    from exporter.writers.records_json import dumps

    assert loads(nfd(dumps(sample_records))).records == sample_records.records


def test_a_decomposed_theme_is_read_composed(tmp_path):
    (tmp_path / "theme.toml").write_text(nfd('[organisation]\nname = "Fjällby"\n[committees]\n"ÄN" = "Äldrenämnden"\n'),
                                         encoding="utf-8")
    theme = load_theme(tmp_path)
    assert theme.organisation == "Fjällby" and theme.committee_code("Äldrenämnden") == "ÄN"
    assert theme.committee_code(nfd("äldrenämnden")) == "ÄN"


def test_t1_1900_is_refused_at_read_time_for_its_tertial_before(theme):
    with pytest.raises(ValueError, match="T1 1900"):
        Period.read(1900, 1)
    with pytest.raises(ValueError, match="T1 1900"):
        Period.parse("1900-T1")
    assert Period.read(1900, 2).previous == Period(1900, 1)
    read = parse_text(TEXT.replace("2022", "1900"), "t.txt", theme)
    assert not read.records and "T1 1900 is out of range" in read.errors[0].message
    result = CliRunner().invoke(cli, ["check", "--period", "T1 1900", "nothing"])
    assert result.exit_code == 2 and "T1 1900 is out of range" in result.stderr


def test_t1_1900_in_a_record_set_is_refused_with_its_json_path(sample_records):
    from exporter.writers.records_json import dumps

    document = json.loads(dumps(sample_records))
    document["records"][2].update(year=1900, tertial=1, period="T1 1900")
    with pytest.raises(RecordsJsonError) as refused:
        loads(json.dumps(document))
    assert str(refused.value).startswith("$.records[2].year: T1 1900 is out of range")


def test_t1_1900_never_reaches_the_build(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "t.txt").write_text(TEXT.replace("2022", "1900"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out"), "-f", "pdf"])
    assert result.exit_code == 1 and "T1 1900 is out of range" in result.stderr
    assert not (tmp_path / "out").exists()
