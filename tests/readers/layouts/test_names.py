"""Committee names of an opening line."""

from __future__ import annotations

from exporter.readers.layouts import split_names


def test_a_name_the_theme_knows_is_one_committee_even_with_och_in_it(theme):
    assert split_names("Barn- och utbildningsnämnden", theme) == ["Barn- och utbildningsnämnden"]


def test_names_are_split_at_comma_semicolon_slash_and_och_between_known_names(theme):
    assert split_names("Kommunstyrelsen, Tekniska nämnden", theme) == ["Kommunstyrelsen", "Tekniska nämnden"]
    assert split_names("Kommunstyrelsen; Tekniska nämnden", theme) == ["Kommunstyrelsen", "Tekniska nämnden"]
    assert split_names("Kommunstyrelsen/Valnämnden", theme) == ["Kommunstyrelsen", "Valnämnden"]
    assert split_names("Kommunstyrelsen och Barn- och utbildningsnämnden", theme) == [
        "Kommunstyrelsen", "Barn- och utbildningsnämnden"]
    assert split_names("Fjäll- och turistnämnden", theme) == ["Fjäll- och turistnämnden"]
