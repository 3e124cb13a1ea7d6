"""The three real samples read field by field.

The oracle is the source text itself: in the samples every record is a title
line, a blank line, a status line, then comment lines separated by blank lines,
so each field can be found by line number and compared with what the parser made
(read with --keep-line-breaks, `written_records`; a default read differs from it
only by the words it mends).
"""

from __future__ import annotations

import re

import pytest

from exporter.model import Period, Status
from exporter.model import normalise_space
from exporter.readers import ReadOptions, read
from exporter.readers.repair import repair_split_words

from ..support import INPUT


@pytest.fixture(scope="module")
def written_records(theme):
    """The samples read with --keep-line-breaks: their text exactly as written."""
    return read([INPUT], theme, ReadOptions(repair=False))

EXPECTED = {
    # file: [(title line, committees, status, number of comment paragraphs)]
    "2020-T3-naringsliv-och-integration.txt": [
        (3, ("KS",), Status.DONE, 1),
        (10, ("KS",), Status.DONE, 1),
        (17, ("KS", "MSN", "SAN"), Status.DONE, 2),
        (26, ("KS",), Status.DONE, 2),
        (35, ("KS",), Status.DONE, 1),
        (42, ("KS",), Status.NOT_DONE, 1),
        (49, ("SAN",), Status.DONE, 1),
        (56, ("KS",), Status.DONE, 1),
        (63, ("KS", "SAN", "KFN", "BUN", "VON"), Status.DONE, 4),
    ],
    "2022-T1-hallbarhet-och-styrning.txt": [
        (3, ("KS",), Status.EXPECTED_DONE, 2),
        (12, ("KS",), Status.EXPECTED_DONE, 1),
        (19, ("KS",), Status.EXPECTED_DONE, 1),
        (26, ("KS",), Status.EXPECTED_DONE, 1),
        (33, ("KS",), Status.EXPECTED_DONE, 1),
        (40, ("KS",), Status.EXPECTED_DONE, 1),
    ],
    "2022-T1-naringsliv.txt": [
        (3, ("KS",), Status.EXPECTED_DONE, 1),
        (10, ("KS",), Status.EXPECTED_DONE, 1),
        (17, ("KS", "SAN"), Status.EXPECTED_DONE, 1),
        (24, ("KS",), Status.EXPECTED_DONE, 1),
        (31, ("KS", "SAN"), Status.EXPECTED_DONE, 1),
    ],
}


def source_lines(name: str) -> list[str]:
    return (INPUT / name).read_text(encoding="utf-8").split("\n")


def test_the_samples_hold_20_records_in_2_periods_and_19_assignments(sample_records):
    assert len(sample_records) == 20
    assert sample_records.periods == (Period(2020, 3), Period(2022, 1))
    assert len(sample_records.for_period(Period(2022, 1))) == 11
    assert len(sample_records.for_period(Period(2020, 3))) == 9
    assert len(sample_records.assignments) == 19
    # no error, no warning; only the three words mended, each an info
    assert [(d.level.value, d.line, d.message) for d in sample_records.diagnostics] == [
        ("info", 21, "joined a word split by a line break: 'arbetsmarknads- politiken' -> 'arbetsmarknadspolitiken'"),
        ("info", 21, "joined a word split by a line break: 'samverkans- perspektiv.' -> 'samverkansperspektiv.'"),
        ("info", 35, "joined a word split by a line break: 'arbets- marknadsenheten' -> 'arbetsmarknadsenheten'"),
    ]


def test_records_keep_input_order_files_sorted_by_name(sample_records):
    order = [(r.source.file.rsplit("/", 1)[-1], r.source.line) for r in sample_records]
    expected = [(name, line) for name, rows in sorted(EXPECTED.items()) for line, *_ in rows]
    assert order == expected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_field_matches_the_source(written_records, name):
    lines = source_lines(name)
    records = [r for r in written_records if r.source.file.endswith(name)]
    assert len(records) == len(EXPECTED[name])
    for record, (line, committees, status, paragraphs) in zip(records, EXPECTED[name]):
        title_line = normalise_space(lines[line - 1])
        assert record.source.line == line
        assert title_line == f"{record.title} ({', '.join(committees)})"
        assert record.committees == committees
        assert record.status is status
        assert record.status_text == normalise_space(lines[line + 1])
        assert len(record.comment) == paragraphs
        for i, paragraph in enumerate(record.comment):
            assert paragraph == normalise_space(lines[line + 3 + 2 * i])
        assert lines[line - 2].strip() == "."


def test_white_space_is_normalised_and_nothing_else_changed(sample_records, written_records):
    for record in (*sample_records, *written_records):
        for text in record.text:
            assert "\u00a0" not in text and "  " not in text and text == text.strip()
    first = sample_records.for_period(Period(2022, 1))[-5]
    assert first.comment[0].startswith("Ett flertal aktiviteter har genomförts under årets första månader.")
    # split words stay as they are with --keep-line-breaks; a default read mends them and changes nothing else
    assert any("arbetsmarknads- politiken" in p for r in written_records for p in r.comment)
    assert not any("arbetsmarknads- politiken" in p for r in sample_records for p in r.comment)
    assert [r.assignment for r in sample_records] == [r.assignment for r in written_records]
    for mended, written in zip(sample_records, written_records):
        assert list(mended.text) == [repair_split_words(text)[0] for text in written.text]


def test_a_status_sentence_without_final_full_stop_is_recognised(sample_records):
    record = next(r for r in sample_records if r.title.startswith("Utred hur miljökrav"))
    assert record.status_text == "Uppdraget är genomfört under året"
    assert record.status is Status.DONE


def test_titles_may_hold_other_parentheses(sample_records):
    record = next(r for r in sample_records if "psykisk (o)hälsa" in r.comment[0])
    assert record.committees == ("KS",)


def test_the_same_assignment_in_two_periods_has_one_key(sample_records):
    title = "Samordna insatser för att främja arbetet med kommunens och näringslivets kompetensförsörjningsbehov"
    records = [r for r in sample_records if r.title == title]
    assert [(r.period.label, r.committees) for r in records] == [("T3 2020", ("KS",)), ("T1 2022", ("KS", "SAN"))]
    assert records[0].assignment == records[1].assignment
    history = sample_records.for_assignment(records[0].assignment)
    assert [r.period for r in history] == [Period(2020, 3), Period(2022, 1)]
    # T3 2020 is five tertials before T1 2022, not its previous tertial (T3 2021, not in the samples)
    assert sample_records.previous(records[1]) is None
    assert sample_records.previous(records[0]) is None


def test_codes_may_hold_swedish_capitals(theme):
    from exporter.readers.text import parse_text

    text = "T1 2022 Uppdrag. Kommentar T1 2022\n.\nSe över förmynderiet (ÖFN, KS)\n\nUppdraget bedöms bli genomfört under året.\n\nKlart.\n"
    (record,) = parse_text(text, "x.txt", theme).records
    assert record.committees == ("ÖFN", "KS")
    assert record.title == "Se över förmynderiet"


def test_every_source_paragraph_is_somewhere_in_a_record(written_records):
    """Nothing is lost: every non-blank line of every sample ends up in a record."""
    texts = {t for r in written_records for t in r.text}
    for name in EXPECTED:
        for raw in source_lines(name)[1:]:
            line = normalise_space(raw)
            if not line or line == ".":
                continue
            stripped = re.sub(r"\s*\([A-ZÅÄÖ, ]+\)$", "", line)
            assert stripped in texts, f"{name}: {line[:60]!r} is in no record"
