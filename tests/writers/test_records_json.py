"""The json writer: the record set in the contract's form, and back again."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.model import Diagnostic, Level, Period, Record, RecordSet, Source, Status
from exporter.readers.records_json import loads
from exporter.writers import BuildOptions, Document, get
from exporter.writers.records_json import dumps


def test_the_json_has_the_contract_form(sample_records, theme):
    writer = get("json")
    assert writer.documents(sample_records, BuildOptions()) == [Document("records.json")]
    document = json.loads(writer.render(sample_records, Document("records.json"), theme, BuildOptions()))
    assert (document["format"], document["version"]) == ("exporter.records", 1)
    first = document["records"][0]
    assert list(first) == ["assignment", "period", "year", "tertial", "title", "committees", "status",
                           "status_text", "comment", "source"]
    assert (first["period"], first["year"], first["tertial"]) == ("T3 2020", 2020, 3)
    assert first["source"] == {"file": sample_records.records[0].source.file, "line": 3}
    assert [(d["file"], d["line"], d["level"]) for d in document["diagnostics"]] == [
        ("2022-T1-naringsliv.txt", 21, "info"), ("2022-T1-naringsliv.txt", 21, "info"),
        ("2022-T1-naringsliv.txt", 35, "info"),  # the three words mended
    ]


def test_the_samples_round_trip(sample_records):
    assert loads(dumps(sample_records)) == sample_records


texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x0b\x0c"), max_size=40)
records = st.builds(
    Record,
    assignment=texts,
    period=st.builds(Period, st.integers(1990, 2100), st.integers(1, 3)),
    title=texts,
    committees=st.lists(texts, max_size=3).map(tuple),
    status=st.sampled_from(Status),
    status_text=texts,
    comment=st.lists(texts, max_size=3).map(tuple),
    source=st.builds(Source, texts, st.integers(1, 10_000)),
)
diagnostics = st.builds(Diagnostic, texts, st.integers(1, 10_000), st.sampled_from(Level), texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(records, max_size=5), st.lists(diagnostics, max_size=3))
def test_any_record_set_written_and_read_back_is_equal(record_list, diagnostic_list):
    from exporter.model import UNSTORABLE

    original = RecordSet(tuple(record_list), tuple(diagnostic_list))
    clean = all(not UNSTORABLE.search(t) for r in record_list for t in (r.title, r.status_text, *r.comment, *r.committees))
    if clean:
        assert loads(dumps(original)) == original
    else:
        assert len(loads(dumps(original))) == len(original)
