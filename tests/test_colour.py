"""Colours as WCAG sees them (exporter/colour.py), checked against the WCAG figures."""

from __future__ import annotations

import pytest

from exporter.colour import contrast_ratio, luminance, readable_on_white, text_on


def test_luminance_and_contrast_are_wcag_s():
    assert luminance("FFFFFF") == pytest.approx(1.0) and luminance("000000") == 0.0
    assert contrast_ratio("000000") == pytest.approx(21.0)
    assert contrast_ratio("FFFFFF", "FFFFFF") == pytest.approx(1.0)
    # The grey every WCAG checker names: #767676 is the lightest that passes AA on white, #777777 fails it.
    assert contrast_ratio("767676") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("777777") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("2E7D32", "FFFFFF") == contrast_ratio("FFFFFF", "2E7D32")


@pytest.mark.parametrize("colour", ["777777", "959595", "FFC107", "F9A825", "4CAF50", "ff0000", "FFFFFF", "2196F3"])
def test_a_colour_too_light_for_text_on_white_is_darkened_to_wcag_aa(colour):
    readable = readable_on_white(colour)
    assert contrast_ratio(readable) >= 4.5  # WCAG AA for normal text, not the 3.0 of large text
    assert readable != colour.upper()


@pytest.mark.parametrize("colour", ["767676", "2E7D32", "000000", "c62828"])
def test_a_colour_readable_on_white_is_kept(colour):
    assert readable_on_white(colour) == colour.upper()


def test_the_threshold_is_wcag_aa_for_text():
    assert readable_on_white("777777") != "777777"  # 4.48: below AA, though above the 3.0 of large text
    assert contrast_ratio(readable_on_white("888888")) >= 4.5  # 3.5 on white
    assert readable_on_white("888888", ratio=3.0) == "888888"


@pytest.mark.parametrize("fill, text", [("FFC107", "000000"), ("FFFFFF", "000000"), ("0D47A1", "FFFFFF"),
                                        ("000000", "FFFFFF"), ("2E7D32", "FFFFFF")])
def test_text_on_a_fill_is_black_or_white_whichever_contrasts_more(fill, text):
    assert text_on(fill) == text
