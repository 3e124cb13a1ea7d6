"""Properties over arbitrary input: the reader never raises, and never loses a record."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.readers.decoding import decode
from exporter.readers.text import parse_bytes, parse_text
from exporter.writers.records_json import dumps
from exporter.readers.records_json import loads

LINES = st.sampled_from([
    ".", "", "T1 2022 Uppdrag. Kommentar T1 2022", "Nämnd T2 2024 Uppdrag Kommentar T2 2024",
    "Titel (KS, SAN)", "Titel med (o)hälsa (ÖFN)", "Uppdraget är genomfört under året.",
    "Uppdraget bedöms bli genomfört", "Uppdraget är nästan klart.", "(Kommunstyrelsen) .",
    "(Okänd nämnd) Genomförd", "Genomförd", "Kommentar med\u00a0hårt mellanslag.", "arbets- marknad",
    "\x0c\x0b\x00", "(", ")", "()", "( . )", "T9 9999",
])


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_the_parser_never_raises_on_arbitrary_text(theme, text):
    result = parse_text(text, "any.txt", theme)
    assert all(d.line >= 1 for d in result.diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decoding_never_raises_on_arbitrary_bytes(theme, data):
    decoded = decode(data)
    assert (decoded.text is None) == any(p.level.value == "error" for p in decoded.problems)
    parse_bytes(data, "any.txt", theme)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=40))
def test_structured_noise_never_raises_and_round_trips_through_json(theme, lines):
    for ending in ("\n", "\r\n"):
        result = parse_text(ending.join(lines), "noise.txt", theme)
        assert loads(dumps(result)) == result
        for record in result:
            assert record.source.line >= 1
            assert "\x0c" not in record.title


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Titel A (KS)", "Titel B (SAN)", "Titel C"]), min_size=1, max_size=12))
def test_every_opening_line_with_a_title_gives_exactly_one_record(theme, titles):
    text = "T1 2022 Uppdrag. Kommentar T1 2022\n" + "".join(
        f".\n{t}\n\nUppdraget är genomfört.\n\nText {i}.\n\n" for i, t in enumerate(titles)
    )
    result = parse_text(text, "n.txt", theme)
    assert [r.title for r in result] == [t.split(" (")[0] for t in titles]
    assert [r.comment for r in result] == [(f"Text {i}.",) for i in range(len(titles))]


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=40))
def test_structured_noise_in_nfd_reads_as_in_nfc(theme, lines):
    """Decomposed text (NFD, as macOS may write it) gives the records of the composed text."""
    import unicodedata

    text = "\n".join(lines)
    assert parse_text(unicodedata.normalize("NFD", text), "nfd.txt", theme) == parse_text(
        unicodedata.normalize("NFC", text), "nfd.txt", theme)


@settings(max_examples=300, deadline=None)
@given(st.text().map(lambda t: __import__("unicodedata").normalize("NFD", t)))
def test_the_parser_never_raises_on_arbitrary_nfd_text_and_keeps_only_nfc(theme, text):
    import unicodedata

    result = parse_text("T1 2022 Uppdrag. Kommentar T1 2022\n.\n" + text, "nfd.txt", theme)
    assert all(unicodedata.is_normalized("NFC", t) for r in result for t in r.text)


WHITE_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(WHITE_SPACE + "ab.(\x00\x85\ud800"), max_size=60))
def test_lines_are_normalised_as_str_split_would_whatever_the_white_space(theme, text):
    from exporter.model import UNSTORABLE
    from exporter.readers.text import _FileReader, _split_lines

    reader = _FileReader("w.txt", theme, None)
    expected = [" ".join(UNSTORABLE.sub(" ", line).split()) for line in _split_lines(text)]
    assert reader.normalised_lines(text) == expected
