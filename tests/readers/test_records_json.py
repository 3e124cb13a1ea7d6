"""A record set's own JSON as the input of build: checked against the published schema,
every fault answered with its JSON path, nothing guessed."""

from __future__ import annotations

import json
import subprocess
import unicodedata
import sys
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

from exporter.model import UNSTORABLE
from exporter.readers.records_json import RecordsJsonError, loads, schema
from exporter.writers.records_json import dumps

from ..support import make_record


def record_set(**changes) -> dict:
    """A valid record set of one record, with `changes` applied to the record (a value of
    DELETE removes the key)."""
    from exporter.model import RecordSet

    document = json.loads(dumps(RecordSet((make_record("Uppdrag", ["Första stycket."]),))))
    for key, value in changes.items():
        if value is DELETE:
            del document["records"][0][key]
        else:
            document["records"][0][key] = value
    return document


DELETE = object()

# (what the record's key is set to, the path, what the answer says)
HOSTILE_VALUES = [
    ({"comment": "text"}, "$.records[0].comment", "expected a list of strings"),
    ({"committees": "KS"}, "$.records[0].committees", "expected a list of strings"),
    ({"committees": ["KS", 5]}, "$.records[0].committees[1]", "expected a string"),
    ({"comment": [["nested"]]}, "$.records[0].comment[0]", "expected a string"),
    ({"comment": {"a": "b"}}, "$.records[0].comment", "expected a list of strings"),
    ({"title": ["a", "list"]}, "$.records[0].title", "expected a string"),
    ({"title": {"an": "object"}}, "$.records[0].title", "expected a string"),
    ({"title": None}, "$.records[0].title", "expected a string"),
    ({"status_text": 1}, "$.records[0].status_text", "expected a string"),
    ({"assignment": None}, "$.records[0].assignment", "expected a string"),
    ({"assignment": 7}, "$.records[0].assignment", "expected a string"),
    ({"year": 2022.9}, "$.records[0].year", "expected a whole year"),
    ({"year": "2022"}, "$.records[0].year", "expected a whole year"),
    ({"year": 10 ** 40}, "$.records[0].year", "expected a whole year"),
    ({"year": -1}, "$.records[0].year", "expected a whole year"),
    ({"year": True}, "$.records[0].year", "expected a whole year"),
    ({"tertial": 4}, "$.records[0].tertial", "expected a tertial"),
    ({"tertial": 1.5}, "$.records[0].tertial", "expected a tertial"),
    ({"status": "finished"}, "$.records[0].status", "expected a status"),
    ({"status": None}, "$.records[0].status", "expected a status"),
    ({"source": "hostile.txt"}, "$.records[0].source", "expected an object with file and line"),
    ({"source": {"file": "f.txt", "line": 0}}, "$.records[0].source.line", "expected a line number"),
    ({"source": {"file": "f.txt", "line": 2.5}}, "$.records[0].source.line", "expected a line number"),
    ({"source": {"file": "f.txt"}}, "$.records[0].source", "line missing"),
    ({"status": DELETE}, "$.records[0]", "status missing"),
    ({"comment": DELETE}, "$.records[0]", "comment missing"),
    ({"period": "T2 2030"}, "$.records[0].period", 'expected "T1 2022"'),
]


@pytest.mark.parametrize("changes, path, words", HOSTILE_VALUES)
def test_a_value_of_the_wrong_kind_is_refused_with_its_json_path(changes, path, words):
    with pytest.raises(RecordsJsonError) as raised:
        loads(json.dumps(record_set(**changes)))
    assert [p.where for p in raised.value.problems] == [path], raised.value
    assert words in raised.value.problems[0].message


# Texts the json module reads in its own way, or not at all: refused before or while parsing.
YEAR = json.dumps(record_set(year="@")).replace('"@"', "%s")  # a valid record set but for its year
HOSTILE_TEXTS = [
    (YEAR % "1e400", "$.records[0].year", "expected a whole year"),
    (YEAR % "-1e400", "$.records[0].year", "expected a whole year"),
    (YEAR % "NaN", "$.records[0].year", "expected a whole year"),
    (YEAR % "Infinity", "$.records[0].year", "expected a whole year"),
    (YEAR % ("9" * 5000), "$.records[0].year", "expected a whole year"),  # past int's 4300-digit limit
    (YEAR % ("1" * 25), "$.records[0].year", "expected a whole year"),
    ("[" * 100_000 + "]" * 100_000, "line 1", "nested more than"),
    ('{"a":' * 50_000 + "1" + "}" * 50_000, "line 1", "nested more than"),
    ('{"format": "exporter.records", "version": 1, "records": [' + "[" * 30 + "]" * 30 + "]}",
     "line 1", "nested more than"),
    ('{"format": "exporter.records", "version": 1, "records": "all of them"}', "$.records", "expected a list of records"),
    ('{"format": "exporter.records", "version": 1, "records": [null]}', "$.records[0]", "expected a record"),
    ('{"format": "exporter.records", "version": 2, "records": []}', "$.version", "version 1"),
    ('{"format": "something else"}', "$.format", "this is not a record set"),
    ('["a list"]', "$", "expected a record set"),
    ('"a string"', "$", "expected a record set"),
    ("", "line 1", "not JSON"),
    ('{"format": "exporter.records", ', "line 1", "not JSON"),
    ('{"format": "exporter.records", "version": 1, "records": [], "diagnostics": [{"file": 1}]}',
     "$.diagnostics[0]", "missing"),
]


@pytest.mark.parametrize("text, where, words", HOSTILE_TEXTS)
def test_what_the_json_parser_would_take_or_choke_on_is_refused(text, where, words):
    with pytest.raises(RecordsJsonError) as raised:
        loads(text)
    assert raised.value.problems[0].where == where, raised.value
    assert words in raised.value.problems[0].message


def test_every_fault_of_a_file_is_answered_not_only_the_first():
    document = record_set(comment="text", year=2022.9)
    document["records"].append(dict(document["records"][0], committees="KS"))
    with pytest.raises(RecordsJsonError) as raised:
        loads(json.dumps(document))
    assert {p.where for p in raised.value.problems} == {
        "$.records[0].comment", "$.records[0].year", "$.records[1].comment", "$.records[1].year",
        "$.records[1].committees"}


def test_a_valid_record_set_reads_back_whole(sample_records):
    again = loads(dumps(sample_records))
    assert again.records == sample_records.records


def test_the_schema_is_published_with_the_package_and_matches_what_parse_writes(sample_records):
    published = json.loads((resources.files("exporter") / "records-1.schema.json").read_text(encoding="utf-8"))
    assert published == schema()
    assert published["properties"]["format"]["const"] == "exporter.records"
    Draft202012Validator.check_schema(published)
    assert not list(Draft202012Validator(published).iter_errors(json.loads(dumps(sample_records))))


def test_build_answers_a_hostile_record_set_with_file_and_path_and_writes_nothing(tmp_path):
    source = tmp_path / "records.json"
    document = record_set()
    document["records"] = [document["records"][0]] * 3 + [dict(document["records"][0], comment="text")]
    source.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "exporter", "build", str(source), "-o", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    # The file is named as it was given: its base name (the contract's source.file).
    assert "records.json: $.records[3].comment: expected a list of strings" in result.stderr.splitlines()
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


# -- fuzz: any JSON value anywhere ----------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
KEYS = ["assignment", "period", "year", "tertial", "title", "committees", "status", "status_text", "comment", "source"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(KEYS), json_values)
def test_any_json_value_in_place_of_a_field_is_read_or_refused_with_its_path(key, value):
    text = json.dumps(record_set(**{key: value}))
    try:
        read_back = loads(text)
    except RecordsJsonError as exc:
        assert exc.problems and all(p.where.startswith(("$", "line ")) for p in exc.problems)
        return
    # Accepted: then the value was of the right kind, and is kept as it was.
    record = read_back.records[0]
    if key in ("committees", "comment"):
        assert isinstance(value, list) and list(getattr(record, key)) == [
            UNSTORABLE.sub(" ", unicodedata.normalize("NFC", v)) for v in value]
    elif key in ("title", "status_text"):
        assert isinstance(value, str)
    elif key == "year":
        assert record.period.year == value


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_document_is_read_or_refused_never_crashes(document):
    try:
        loads(json.dumps(document))
    except RecordsJsonError as exc:
        assert exc.problems


# Any text, lone surrogates, controls and decomposed letters too, in every string field.
hostile_texts = st.one_of(
    st.text(max_size=12),
    st.lists(st.sampled_from(["\ud800", "\udfff", "\x1b", "\x9b", "A\u030a", "\n", "ä", "🚲"]), max_size=8).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(hostile_texts, hostile_texts, hostile_texts, hostile_texts, hostile_texts, hostile_texts, hostile_texts,
       hostile_texts)
def test_surrogates_and_controls_in_every_string_field_are_cleaned_or_refused(
        assignment, title, committee, status_text, comment, file, diagnostic_file, message):
    document = record_set(assignment=assignment, title=title, committees=[committee], status_text=status_text,
                          comment=[comment], source={"file": file, "line": 1})
    document["diagnostics"] = [{"file": diagnostic_file, "line": 2, "level": "warning", "message": message}]
    try:
        read = loads(json.dumps(document))
    except RecordsJsonError as exc:
        assert all(p.where.startswith("$") for p in exc.problems)
        return
    stored = [text for r in read for text in (r.assignment, *r.text, *r.committees, r.source.file)]
    stored += [text for d in read.diagnostics for text in (d.file, d.message)]
    for text in stored:
        text.encode("utf-8")  # no lone surrogate is left: every format can hold it
        assert unicodedata.is_normalized("NFC", text)
    assert not any(ch in text for text in (read.records[0].source.file, *(d.message for d in read.diagnostics))
                   for ch in "\x1b\x9b\n")
    dumps(read).encode("utf-8")
