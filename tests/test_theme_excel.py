"""Theme words the workbook names its sheets, tables and table columns with are refused
by the theme check, with theme.toml:LINE, where Excel would refuse them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.theme import (SHEET_NAME_LIMIT, TABLE_NAME_LIMIT, WORKBOOK_NAME_WORDS, ThemeError, excel_table_name,
                            load_theme, workbook_name_problem)


def theme_with(tmp_path, lines: str):
    (tmp_path / "theme.toml").write_text('[organisation]\nname = "X"\n\n[words.sv]\n' + lines, encoding="utf-8")
    return load_theme(tmp_path)


def refused(tmp_path, lines: str) -> ThemeError:
    with pytest.raises(ThemeError) as caught:
        theme_with(tmp_path, lines)
    return caught.value


@pytest.mark.parametrize("word", ["Status/Mål", "Fråga?", "[Uppdrag]", "a:b", "x*", "back\\\\slash", "'citat",
                                  "citat'", "", "   ", "x" * (SHEET_NAME_LIMIT + 1), "History", "HISTORY"])
def test_a_sheet_name_excel_forbids_is_refused_with_its_line(tmp_path, word):
    error = refused(tmp_path, f'title = "Titel"\nsheet_matrix = "{word}"\n')
    assert (error.file.endswith("theme.toml"), error.line) == (True, 6)
    assert "words.sv.sheet_matrix" in error.message


def test_a_sheet_name_at_the_limit_is_fine(tmp_path):
    theme = theme_with(tmp_path, f'sheet_matrix = "{"ö" * SHEET_NAME_LIMIT}"\n')
    assert theme.word("sheet_matrix") == "ö" * SHEET_NAME_LIMIT


def test_two_sheets_of_one_name_are_refused_case_ignored(tmp_path):
    error = refused(tmp_path, 'sheet_matrix = "ansvar"\n')
    assert error.line == 5 and "sheet_responsibility" in error.message and "sheet_matrix" in error.message


@pytest.mark.parametrize("word", ["C", "r", "A1", "xfd1048576", "R1C1", "RC", "R2", "C3", "x" * (TABLE_NAME_LIMIT + 1)])
def test_a_table_name_excel_forbids_is_refused(tmp_path, word):
    error = refused(tmp_path, f'records_table = "{word}"\n')
    assert error.line == 5 and "words.sv.records_table" in error.message


def test_the_two_tables_must_differ(tmp_path):
    error = refused(tmp_path, 'records_table = "matris tabell"\nmatrix_table = "Matris_tabell"\n')
    assert error.line in (5, 6) and "same table" in error.message


def test_duplicate_column_names_of_a_table_are_refused(tmp_path):
    error = refused(tmp_path, 'comment = "Status"\n')
    assert error.line == 5 and "words.sv.comment" in error.message and "column" in error.message
    error = refused(tmp_path, 'lead_committee = "UPPDRAG"\n')
    assert error.line == 5 and "status matrix" in error.message
    error = refused(tmp_path, 'assignment = "T1 2022"\n')
    assert error.line == 5 and "period" in error.message


def test_the_default_and_bundled_themes_pass(theme):
    for lang in ("sv", "en"):
        for kind, keys in WORKBOOK_NAME_WORDS.items():
            assert all(workbook_name_problem(kind, theme.word(key, lang)) is None for key in keys)


SHEET_ALPHABET = st.sampled_from(list("ab ÅÖ'/\\?*[]:.-_1") + ["\u0308"])


@settings(max_examples=300, deadline=None)
@given(st.text(SHEET_ALPHABET, min_size=0, max_size=SHEET_NAME_LIMIT + 3))
def test_any_sheet_word_is_either_refused_or_a_name_excel_takes(word):
    problem = workbook_name_problem("sheet", word)
    excel_takes = (word.strip() != "" and len(word) <= SHEET_NAME_LIMIT and not set(word) & set("/\\?*[]:")
                   and word[0] != "'" and word[-1] != "'" and word.casefold() != "history")
    assert (problem is None) == excel_takes


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("aCcRr19 _.-Ö")), min_size=1, max_size=8)
       | st.text(st.sampled_from("ab"), min_size=TABLE_NAME_LIMIT - 3, max_size=TABLE_NAME_LIMIT + 3))
def test_any_table_word_is_refused_or_makes_a_name_excel_takes(word):
    import re

    problem = workbook_name_problem("table", word)
    name = excel_table_name(word)
    if problem is None:
        assert len(name) <= TABLE_NAME_LIMIT and name[0].isalpha()
        assert all(ch.isalnum() or ch == "_" for ch in name)
        assert not re.fullmatch(r"(?i)[a-z]{1,3}\d+|r\d*c?\d*|c\d*", name)


WORD_AT_LIMITS = st.one_of(
    st.text(SHEET_ALPHABET, min_size=SHEET_NAME_LIMIT - 2, max_size=SHEET_NAME_LIMIT + 2),
    st.text(SHEET_ALPHABET, max_size=4),
    st.sampled_from(["C", "r", "A1", "R1C1", "History", "Uppdrag", "uppdrag", "T1 2022", "x" * TABLE_NAME_LIMIT,
                     "x" * (TABLE_NAME_LIMIT + 1)]),
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([key for keys in WORKBOOK_NAME_WORDS.values() for key in keys]), WORD_AT_LIMITS)
def test_any_workbook_word_at_excels_limits_is_refused_with_its_line_or_fits(tmp_path_factory, key, word):
    """Whatever a theme sets a workbook word to, it is refused with the line it stands on,
    or every workbook word of the theme is one Excel takes."""
    import json

    folder = tmp_path_factory.mktemp("theme")
    (folder / "theme.toml").write_text(f'[organisation]\nname = "X"\n\n[words.sv]\n{key} = {json.dumps(word)}\n',
                                       encoding="utf-8")
    try:
        theme = load_theme(folder)
    except ThemeError as error:
        assert error.line == 5, error
        return
    for kind, keys in WORKBOOK_NAME_WORDS.items():
        words = [theme.word(k, "sv") for k in keys]
        assert all(workbook_name_problem(kind, w) is None for w in words)
        names = [excel_table_name(w) if kind == "table" else w for w in words]
        assert len({n.casefold() for n in names}) == len(names)
