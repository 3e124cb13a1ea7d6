"""Joining words split by old line breaks, never Swedish coordinations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.model import Level
from exporter.readers import ReadOptions, read
from exporter.readers.repair import repair_split_words, split_words

from ..support import INPUT


@pytest.mark.parametrize(
    "before, after",
    [
        ("den lokala arbetsmarknads- politiken behöver", "den lokala arbetsmarknadspolitiken behöver"),
        ("utifrån ett samverkans- perspektiv.", "utifrån ett samverkansperspektiv."),
        ("som bildat nya arbets- marknadsenheten, är", "som bildat nya arbetsmarknadsenheten, är"),
        ("UF- företag", "UF-företag"),
        ("e- tjänster", "e-tjänster"),
    ],
)
def test_split_words_are_joined(before, after):
    assert repair_split_words(before)[0] == after


@pytest.mark.parametrize(
    "text",
    [
        "utbudet av arbetsmarknads- och studieförberedande insatser",
        "den psykiska ohälsan hos barn- och unga",
        "hälso- eller sjukvård",
        "för- samt nackdelar",
        "Mark- och exploateringskontoret",
        "Vård-och omsorgsnämnden",
        "Barn- Och Unga",
        "ett 2022- 2023",
    ],
)
def test_coordinations_and_other_hyphens_stay(text):
    assert repair_split_words(text) == (text, [])


def test_repair_on_the_samples_joins_three_words_and_keeps_two_coordinations(theme):
    plain = read([INPUT], theme)
    repaired = read([INPUT], theme, ReadOptions(repair=True))
    infos = [d for d in repaired.diagnostics if d.level is Level.INFO]
    assert [(d.file.rsplit("/", 1)[-1], d.line) for d in infos] == [
        ("2022-T1-naringsliv.txt", 21),
        ("2022-T1-naringsliv.txt", 21),
        ("2022-T1-naringsliv.txt", 35),
    ]
    assert "'arbetsmarknads- politiken' -> 'arbetsmarknadspolitiken'" in infos[0].message
    texts = " ".join(t for r in repaired for t in r.text)
    assert "arbetsmarknadspolitiken" in texts and "samverkansperspektiv" in texts and "arbetsmarknadsenheten" in texts
    assert "arbetsmarknads- och studieförberedande" in texts
    assert "barn- och unga" in texts
    # repair changes text, never which records there are or their keys
    assert [r.assignment for r in repaired] == [r.assignment for r in plain]
    # without --repair, one hint per file: the count and the first example
    assert [(d.file.rsplit("/", 1)[-1], d.line, d.level, d.message) for d in plain.diagnostics] == [
        ("2022-T1-naringsliv.txt", 21, Level.INFO,
         '3 words look split by old line breaks ("arbetsmarknads- politiken"); --repair joins them'),
    ]


PIECES = ("a", "arbets", "-", " ", "- ", "och", "Mark", "UF", "e", "x_y", "ö", "2022", "&", "/", ".", "\u00a0",
          "é", "-\u00a0", "Ab", "(o)", "_")


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_the_split_word_count_finds_exactly_what_repair_would_join(text):
    assert split_words(text) == [r.before for r in repair_split_words(text)[1]]
