"""The json writer: the record set in the contract's form, and back again."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.model import UNSTORABLE, Diagnostic, Level, Period, Record, RecordSet, Source, Status
from exporter.readers.records_json import loads
from exporter.shown import shown
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


# Any text: controls, lone surrogates and decomposed (NFD) letters too.
texts = st.one_of(
    st.text(max_size=40),
    st.text(st.sampled_from("aÅÖ\u0308\u030a\x1b\x9b\ud800\udfff\n\t "), max_size=12),
    st.text(max_size=40).map(lambda t: unicodedata.normalize("NFD", t)),
)
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


def as_read(record_set: RecordSet) -> RecordSet:
    """What reading a record set gives back: texts in NFC with the characters documents
    cannot hold as spaces; file names and messages in NFC and `shown`."""

    def text(t: str) -> str:
        return UNSTORABLE.sub(" ", unicodedata.normalize("NFC", t))

    def name(t: str) -> str:
        return unicodedata.normalize("NFC", shown(t))

    return RecordSet(
        tuple(replace(r, assignment=text(r.assignment), title=text(r.title), committees=tuple(map(text, r.committees)),
                      status_text=text(r.status_text), comment=tuple(map(text, r.comment)),
                      source=Source(name(r.source.file), r.source.line)) for r in record_set),
        tuple(replace(d, file=name(d.file), message=name(d.message)) for d in record_set.diagnostics),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(records, max_size=5), st.lists(diagnostics, max_size=3))
def test_any_record_set_written_and_read_back_is_equal(record_list, diagnostic_list):
    """Equal as read: every string field of the JSON cleaned (a lone surrogate never
    passes), and what is read once is read the same again."""
    original = RecordSet(tuple(record_list), tuple(diagnostic_list))
    read = loads(dumps(original))
    assert read == as_read(original)
    assert loads(dumps(read)) == read
    dumps(read).encode("utf-8")  # storable: no lone surrogate is left
