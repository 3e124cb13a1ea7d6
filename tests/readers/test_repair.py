"""Joining words split by old line breaks, never Swedish coordinations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.model import Level
from exporter.readers import ReadOptions, read
from exporter.readers.repair import mended, repair_split_words, split_words
from exporter.readers.text import parse_text

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


def test_a_default_read_of_the_samples_mends_three_words_and_keeps_two_coordinations(theme):
    repaired = read([INPUT], theme)
    written = read([INPUT], theme, ReadOptions(repair=False))  # --keep-line-breaks
    infos = [d for d in repaired.diagnostics if d.level is Level.INFO]
    assert [(d.file.rsplit("/", 1)[-1], d.line) for d in infos] == [
        ("2022-T1-naringsliv.txt", 21),
        ("2022-T1-naringsliv.txt", 21),
        ("2022-T1-naringsliv.txt", 35),
    ]
    assert "'arbetsmarknads- politiken' -> 'arbetsmarknadspolitiken'" in infos[0].message
    assert mended(repaired.diagnostics) == 3 and mended(written.diagnostics) == 0
    texts = " ".join(t for r in repaired for t in r.text)
    assert "arbetsmarknadspolitiken" in texts and "samverkansperspektiv" in texts and "arbetsmarknadsenheten" in texts
    for broken in ("arbetsmarknads- politiken", "samverkans- perspektiv", "arbets- marknadsenheten"):
        assert broken not in texts
    assert "arbetsmarknads- och studieförberedande" in texts
    assert "barn- och unga" in texts
    # repair changes text, never which records there are or their keys
    assert [r.assignment for r in repaired] == [r.assignment for r in written]
    # with --keep-line-breaks, one hint per file: the count and the first example
    assert [(d.file.rsplit("/", 1)[-1], d.line, d.level, d.message) for d in written.diagnostics] == [
        ("2022-T1-naringsliv.txt", 21, Level.INFO,
         '3 words look split by old line breaks ("arbetsmarknads- politiken"); kept as written (--keep-line-breaks)'),
    ]


def test_a_default_read_keeps_coordinations_unjoined(theme):
    text = ("T1 2022 Uppdrag. Kommentar T1 2022\n.\nStöd till barn- och unga (KS)\n\n"
            "Uppdraget bedöms bli genomfört under året.\n\n"
            "Kultur- och fritidsnämnden och arbets- eller studieförberedande insatser för barn- och unga; "
            "ett nytt samverkans-\nperspektiv.\n")
    (record,) = parse_text(text, "in.txt", theme).records
    assert record.title == "Stöd till barn- och unga"
    assert record.comment == ("Kultur- och fritidsnämnden och arbets- eller studieförberedande insatser för "
                              "barn- och unga; ett nytt samverkansperspektiv.",)


PIECES = ("a", "arbets", "-", " ", "- ", "och", "Mark", "UF", "e", "x_y", "ö", "2022", "&", "/", ".", "\u00a0",
          "é", "-\u00a0", "Ab", "(o)", "_")


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16).map("".join))
def test_the_split_word_count_finds_exactly_what_repair_would_join(text):
    assert split_words(text) == [r.before for r in repair_split_words(text)[1]]
