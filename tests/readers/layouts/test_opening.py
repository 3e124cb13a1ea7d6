"""The opening-line rules: which line opens a record, one rule per layout."""

from __future__ import annotations

import pytest

from exporter.readers.layouts import OPENING_RULES, Opening
from exporter.readers.layouts.opening_committee import opening_committee
from exporter.readers.layouts.opening_dot import opening_dot
from exporter.readers.layouts.opening_label import opening_label


def test_the_rules_are_tried_dot_committee_label():
    assert OPENING_RULES == (opening_dot, opening_committee, opening_label)


def test_opening_dot_is_a_line_holding_only_a_full_stop(context):
    assert opening_dot(".", context, False) == Opening(None, None)
    assert opening_dot("..", context, True) is None
    assert opening_dot("Titel.", context, True) is None


@pytest.mark.parametrize(
    "line, opening",
    [
        ("(Kommunstyrelsen) .", Opening("Kommunstyrelsen", None)),
        ("(KS) .", Opening("KS", None)),
        ("(KS).", Opening("KS", None)),
        ("(Social- och arbetsmarknadsnämnden) Bedöms bli genomförd", Opening("Social- och arbetsmarknadsnämnden", "Bedöms bli genomförd")),
        ("(Kommunstyrelsen) Genomförd.", Opening("Kommunstyrelsen", "Genomförd")),
        ("(Kommunstyrelsen, Tekniska nämnden)", Opening("Kommunstyrelsen, Tekniska nämnden", None)),
        ("(Fjällnämnden) .", Opening("Fjällnämnden", None)),
        # a committee name that looks like a formula is a name like any other
        ("(=1+1) .", Opening("=1+1", None)),
        ("(se bilaga)", None),  # unknown names and no status column: comment, not an opening line
        ("(Kommunstyrelsen) arbetar vidare", None),
        ("Kommunstyrelsen .", None),
    ],
)
def test_opening_committee_names_the_committee_and_the_status_column(context, line, opening):
    assert opening_committee(line, context, False) == opening


def test_opening_label_only_where_a_record_can_start(context):
    assert opening_label("Bedöms bli genomförd", context, True) == Opening(None, "Bedöms bli genomförd")
    assert opening_label("bedöms INTE bli genomförd", context, True) == Opening(None, "bedöms INTE bli genomförd")
    assert opening_label("Bedöms bli genomförd", context, False) is None
    assert opening_label("Genomförd enligt plan", context, True) is None
