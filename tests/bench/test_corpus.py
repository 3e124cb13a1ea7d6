"""The corpus generator: deterministic for a seed, and what it writes parses cleanly."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bench import corpus, fragments
from exporter.model import Level, Period, Status
from exporter.readers import read
from exporter.theme import default_template_dir, load_theme


@pytest.fixture(scope="module")
def theme():
    return load_theme()


def _contents(paths: list[Path]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


@pytest.mark.parametrize("shape", corpus.SHAPES)
def test_same_seed_same_bytes(tmp_path, shape):
    first = corpus.generate(300, seed=7, shape=shape, out_dir=tmp_path / "a")
    second = corpus.generate(300, seed=7, shape=shape, out_dir=tmp_path / "b")
    assert _contents(first) == _contents(second)


def test_other_seed_other_bytes(tmp_path):
    first = corpus.generate(300, seed=7, out_dir=tmp_path / "a")
    second = corpus.generate(300, seed=8, out_dir=tmp_path / "b")
    assert _contents(first) != _contents(second)


def test_committees_are_the_default_themes():
    table = tomllib.loads((default_template_dir() / "theme.toml").read_text("utf-8"))["committees"]
    assert set(fragments.COMMITTEES) == set(table)


def test_spread_parses_into_every_period_and_committee(tmp_path, theme):
    n = 600
    paths = corpus.generate(n, seed=3, shape="spread", out_dir=tmp_path)
    record_set = read([tmp_path], theme)
    assert len(paths) >= 24
    assert len(record_set) == n
    assert not record_set.errors and not record_set.warnings
    assert record_set.periods == tuple(Period(y, t) for y in range(2019, 2027) for t in (1, 2, 3))
    assert set(record_set.committees) == set(theme.committees)
    assert Status.UNKNOWN not in {r.status for r in record_set}
    for record in record_set:
        assert record.status.is_forecast == (record.period.tertial < 3)
    # Some assignments recur across periods, so a previous status exists.
    assert len(record_set.assignments) < n
    assert any(record_set.previous(r) is not None for r in record_set)


def test_single_puts_every_record_in_one_period(tmp_path, theme):
    n = 500
    corpus.generate(n, seed=3, shape="single", out_dir=tmp_path)
    record_set = read([tmp_path], theme)
    assert len(record_set) == n
    assert not [d for d in record_set.diagnostics if d.level in (Level.ERROR, Level.WARNING)]
    assert record_set.periods == (Period(*corpus.SINGLE_PERIOD),)
    assert len(record_set.assignments) == n  # no duplicate within the period


def test_text_has_the_samples_quirks(tmp_path):
    paths = corpus.generate(400, seed=1, out_dir=tmp_path)
    text = "".join(p.read_text("utf-8") for p in paths)
    assert text.startswith("T1 2019 Uppdrag. Kommentar T1 2019\n.\n")
    assert "\u00a0" in text
    assert "arbetsmarknads- politiken" in text
    assert "under året\n" in text and "genomfört.\n" in text  # with and without the full stop / "under året"


def test_zero_records_writes_nothing(tmp_path):
    assert corpus.generate(0, seed=1, out_dir=tmp_path) == []


def test_cli_writes_the_same_as_the_function(tmp_path):
    assert corpus.main(["120", "--seed", "5", "--shape", "single", "-o", str(tmp_path / "cli")]) == 0
    paths = corpus.generate(120, seed=5, shape="single", out_dir=tmp_path / "api")
    assert _contents(sorted((tmp_path / "cli").iterdir())) == _contents(paths)
