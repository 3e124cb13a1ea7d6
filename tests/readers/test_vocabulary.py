"""The status vocabulary: phrases and labels of the theme, with the tails the input may add."""

from __future__ import annotations

import pytest

from exporter.model import Status
from exporter.readers.vocabulary import StatusVocabulary


@pytest.fixture(scope="module")
def vocabulary(theme):
    return StatusVocabulary(theme)


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("Uppdraget är genomfört under 2022.", Status.DONE),
        ("Uppdraget är genomfört under år 2022", Status.DONE),
        ("Uppdraget är genomfört under innevarande år.", Status.DONE),
        ("Uppdraget har genomförts.", Status.DONE),
        ("Uppdraget är genomförd", Status.DONE),
        ("Uppdraget är delvis genomförd under 2024", Status.PARTLY_DONE),
        ("Uppdraget har inte genomförts under 2021.", Status.NOT_DONE),
        ("Uppdraget är ej genomförd", Status.NOT_DONE),
        ("Uppdraget bedöms bli genomförd under året", Status.EXPECTED_DONE),
        ("Uppdraget bedöms bli genomfört under 2024 ", Status.EXPECTED_DONE),
        ("Uppdraget bedöms kunna genomföras under året.", Status.EXPECTED_DONE),
        ("Uppdraget bedöms ej bli genomförd under 2023.", Status.EXPECTED_NOT_DONE),
        ("Uppdraget bedöms inte kunna genomföras!", Status.EXPECTED_NOT_DONE),
        ("UPPDRAGET   ÄR\u00a0GENOMFÖRT.", Status.DONE),
    ],
)
def test_a_swedish_reader_accepts_these_as_the_same_status(vocabulary, sentence, status):
    assert vocabulary.sentence(sentence) is status


@pytest.mark.parametrize(
    "sentence",
    [
        "Uppdraget är genomfört under hösten.",  # a tail that is not a year
        "Uppdraget är genomfört under 22.",
        "Uppdraget är nästan genomfört.",
        "Arbetet är genomfört.",
        "Uppdraget är genomfört. Mer text.",
    ],
)
def test_other_sentences_are_not_status_sentences(vocabulary, sentence):
    assert vocabulary.sentence(sentence) is None


def test_an_opening_sentence_is_split_from_what_follows(vocabulary):
    found = vocabulary.opening_sentence("Uppdraget har genomförts under 2022. Arbetet är klart.")
    assert tuple(found) == (Status.DONE, "Uppdraget har genomförts under 2022.", "Arbetet är klart.")
    assert vocabulary.opening_sentence("Uppdraget har genomförts under 2022.") is None
    assert vocabulary.opening_sentence("Arbetet pågår. Uppdraget är genomfört.") is None


def test_labels(vocabulary):
    assert vocabulary.label("Delvis genomförd") is Status.PARTLY_DONE
    assert vocabulary.label("bedöms  inte bli genomförd") is Status.EXPECTED_NOT_DONE
    assert vocabulary.label("Pågående") is None
