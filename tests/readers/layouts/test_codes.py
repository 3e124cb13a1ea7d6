"""The committee-code rules: codes in parentheses, and bare codes after the title's full stop."""

from __future__ import annotations

import pytest

from exporter.readers.layouts import CODES_RULES, Codes
from exporter.readers.layouts.codes_bare import codes_bare
from exporter.readers.layouts.codes_parenthesised import codes_parenthesised


def test_bare_codes_are_tried_before_parenthesised_ones():
    assert CODES_RULES == (codes_bare, codes_parenthesised)


@pytest.mark.parametrize(
    "title, codes",
    [
        ("Titel (KS)", Codes("Titel", ("KS",))),
        ("Titel (KS, SAN)", Codes("Titel", ("KS", "SAN"))),
        ("Titel (KS och SAN)", Codes("Titel", ("KS", "SAN"))),
        ("Titel (KS/SAN)", Codes("Titel", ("KS", "SAN"))),
        ("Titel (KS; SAN)", Codes("Titel", ("KS", "SAN"))),
        ("Titel (KS & SAN)", Codes("Titel", ("KS", "SAN"))),
        ("Titel (BUN och TN; KS/SAN)", Codes("Titel", ("BUN", "TN", "KS", "SAN"))),
        ("Titel (ÖFN).", Codes("Titel", ("ÖFN",))),
        ("Titel med (o)hälsa (KS)", Codes("Titel med (o)hälsa", ("KS",))),
        ("Titel med (o)hälsa", None),
        ("Titel (se bilaga)", None),
        ("Titel (KS) och mer", None),
    ],
)
def test_codes_parenthesised(context, title, codes):
    assert codes_parenthesised(title, context) == codes


@pytest.mark.parametrize(
    "title, codes",
    [
        ("Främja det stadsnära friluftslivet. KFN (KS, TN)", Codes("Främja det stadsnära friluftslivet.", ("KFN", "KS", "TN"))),
        ("Stärk profileringen som evenemangsstad. KS", Codes("Stärk profileringen som evenemangsstad.", ("KS",))),
        ("Inför e-tjänster. MSN och KS", Codes("Inför e-tjänster.", ("MSN", "KS"))),
        ("Samverka med regionen. RJH", Codes("Samverka med regionen.", ("RJH",))),  # all capitals, 2-5 letters
        ("Samverka med regionen. Extra", None),  # an ordinary last word never counts
        ("Samverka med regionen. REGIONEN", None),  # too long for a code the theme does not know
        ("Samverka med regionen (KS)", None),  # no full stop: the parenthesised rule's
        ("Titel. KS (KS, TN)", Codes("Titel.", ("KS", "TN"))),
    ],
)
def test_codes_bare(context, title, codes):
    assert codes_bare(title, context) == codes
