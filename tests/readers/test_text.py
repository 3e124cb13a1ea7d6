"""The follow-up text parser: both layouts, statuses, missing pieces, dirt."""

from __future__ import annotations

import pytest

from exporter.model import Level, Period, Status
from exporter.readers.text import ReadOptions, parse_text

from ..support import FIXTURES

HEADER = "T1 2022 Uppdrag. Kommentar T1 2022\n"


def parse(text: str, theme, **options):
    return parse_text(text, "in.txt", theme, ReadOptions(**options))


def messages(record_set, level=Level.WARNING):
    return [(d.line, d.message) for d in record_set.diagnostics if d.level is level]


# -- the 2024 layout ---------------------------------------------------------------


def test_the_2024_layout_gives_one_record_per_opening_line(theme):
    path = FIXTURES / "2024-T1-nämnd-på-öppningsraden.txt"
    records = parse(path.read_text(encoding="utf-8"), theme)
    assert [r.source.line for r in records] == [3, 8, 13, 20, 27]
    assert all(r.period == Period(2024, 1) for r in records)
    assert [r.committees for r in records] == [("KS",), ("SAN",), ("MSN",), ("KFN",), ("Fjällnämnden",)]
    assert records.records[0].title == "Ta fram en ny näringslivsstrategi"
    assert records.records[0].comment == ("Arbetet har påbörjats och en första remissversion väntas under hösten.",)


def test_the_2024_layout_without_status_gives_unknown_with_a_warning(theme):
    path = FIXTURES / "2024-T1-nämnd-på-öppningsraden.txt"
    records = parse(path.read_text(encoding="utf-8"), theme)
    first = records.records[0]
    assert first.status is Status.UNKNOWN and first.status_text == ""
    assert (3, "no status sentence and no status label; status set to unknown") in messages(records)


def test_a_status_label_gives_the_status_where_no_sentence_does(theme):
    path = FIXTURES / "2024-T1-nämnd-på-öppningsraden.txt"
    record = parse(path.read_text(encoding="utf-8"), theme).records[1]
    assert record.status is Status.EXPECTED_DONE
    assert record.status_text == ""


def test_where_label_and_sentence_disagree_the_sentence_wins_with_a_warning(theme):
    path = FIXTURES / "2024-T1-nämnd-på-öppningsraden.txt"
    records = parse(path.read_text(encoding="utf-8"), theme)
    assert records.records[3].status is Status.EXPECTED_NOT_DONE
    assert any("the sentence wins" in m for line, m in messages(records) if line == 20)


def test_a_committee_name_not_in_the_table_is_kept_as_written_with_a_warning(theme):
    path = FIXTURES / "2024-T1-nämnd-på-öppningsraden.txt"
    records = parse(path.read_text(encoding="utf-8"), theme)
    assert records.records[4].committees == ("Fjällnämnden",)
    assert any("'Fjällnämnden' is not in the theme's committee table" in m for _, m in messages(records))


def test_several_committees_on_one_opening_line(theme):
    text = "Nämnd T2 2024 Uppdrag Kommentar T2 2024\n(Kommunstyrelsen, Tekniska nämnden) .\nBygg om torget\n\nPågår.\n"
    (record,) = parse(text, theme).records
    assert record.committees == ("KS", "TN")
    assert record.period == Period(2024, 2)


def test_a_committee_named_twice_on_one_opening_line_is_one_committee(theme):
    text = ("Nämnd T2 2024 Uppdrag Kommentar T2 2024\n(Kommunstyrelsen, Tekniska nämnden, kommunstyrelsen) .\n"
            "Bygg om torget\n\nPågår.\n\n(Fjällnämnden; Fjällnämnden) .\nRusta fäbodarna\n\nPågår.\n")
    assert [r.committees for r in parse(text, theme).records] == [("KS", "TN"), ("Fjällnämnden",)]


@pytest.mark.parametrize("opening", ["(KS) .", "(KS).", "(Kommunstyrelsen) ."])
def test_an_opening_line_with_or_without_a_space_before_its_full_stop_opens_a_record(theme, opening):
    text = f"Nämnd T2 2024 Uppdrag Kommentar T2 2024\n{opening}\nBygg om torget\n\nPågår.\n\n{opening}\nRusta parken\n"
    records = parse(text, theme)
    assert [(r.title, r.committees, r.source.line) for r in records] == [
        ("Bygg om torget", ("KS",), 3), ("Rusta parken", ("KS",), 8)]


def test_a_label_alone_opens_a_record_in_the_older_layout(theme):
    text = HEADER + "Genomförd\nTitel ett (KS)\n\nKlart.\n\n.\nTitel två (SAN)\n\nUppdraget är delvis genomfört.\n\nNästan.\n"
    records = parse(text, theme)
    assert [(r.title, r.status) for r in records] == [("Titel ett", Status.DONE), ("Titel två", Status.PARTLY_DONE)]


# -- status sentences ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("Uppdraget är genomfört under året.", Status.DONE),
        ("Uppdraget är genomfört under året", Status.DONE),
        ("Uppdraget är genomfört.", Status.DONE),
        ("Uppdraget är genomfört", Status.DONE),
        ("uppdraget  ÄR genomfört under året.", Status.DONE),
        ("Uppdraget är\u00a0genomfört\u00a0under året.", Status.DONE),
        ("Uppdraget är delvis genomfört under året.", Status.PARTLY_DONE),
        ("Uppdraget är inte genomfört under året.", Status.NOT_DONE),
        ("Uppdraget är inte\u00a0genomfört under året.", Status.NOT_DONE),
        ("Uppdraget bedöms bli genomfört under året.", Status.EXPECTED_DONE),
        ("Uppdraget bedöms bli genomfört", Status.EXPECTED_DONE),
        ("Uppdraget bedöms inte bli genomfört under året.", Status.EXPECTED_NOT_DONE),
        ("Uppdraget bedöms inte bli genomfört", Status.EXPECTED_NOT_DONE),
    ],
)
def test_status_sentences_with_and_without_full_stop_and_under_aret(theme, sentence, status):
    (record,) = parse(HEADER + f".\nTitel (KS)\n\n{sentence}\n\nKommentar.\n", theme).records
    assert record.status is status
    assert record.status_text == " ".join(sentence.split())
    assert record.comment == ("Kommentar.",)
    assert messages(parse(HEADER + f".\nTitel (KS)\n\n{sentence}\n\nKommentar.\n", theme)) == []


def test_an_unknown_status_sentence_gives_unknown_and_a_warning_naming_the_line(theme):
    records = parse(HEADER + ".\nTitel (KS)\n\nUppdraget är nästan klart.\n\nKommentar.\n", theme)
    (record,) = records.records
    assert record.status is Status.UNKNOWN
    assert record.status_text == "Uppdraget är nästan klart."
    assert record.comment == ("Kommentar.",)
    (line, message), = messages(records)
    assert line == 3 and "unknown status sentence" in message and "line 5" in message


def test_a_missing_status_sentence_keeps_the_comment(theme):
    records = parse(HEADER + ".\nTitel (KS)\n\nArbetet pågår enligt plan.\n", theme)
    (record,) = records.records
    assert record.status is Status.UNKNOWN and record.status_text == ""
    assert record.comment == ("Arbetet pågår enligt plan.",)
    assert messages(records) == [(3, "no status sentence and no status label; status set to unknown")]


def test_the_vocabulary_can_be_extended_by_the_theme(theme, tmp_path):
    from exporter.theme import load_theme

    (tmp_path / "theme.toml").write_text(
        '[status.done]\nphrases = ["Uppdraget är slutfört"]\n', encoding="utf-8"
    )
    custom = load_theme(tmp_path)
    (record,) = parse(HEADER + ".\nTitel (KS)\n\nUppdraget är slutfört under året.\n\nKlart.\n", custom).records
    assert record.status is Status.DONE


# -- missing pieces, duplicates, dirt ----------------------------------------------------------


def test_a_record_without_committee_codes_is_kept_and_flagged(theme):
    records = parse(HEADER + ".\nTitel utan koder\n\nUppdraget är genomfört.\n\nKlart.\n", theme)
    (record,) = records.records
    assert record.title == "Titel utan koder" and record.committees == ()
    assert messages(records) == [(3, "no committee codes at the end of the title, e.g. '(KS, SAN)'")]


def test_a_record_without_comment_is_kept_and_flagged(theme):
    records = parse(HEADER + ".\nTitel (KS)\n\nUppdraget är genomfört.\n\n.\nNästa (KS)\n\nUppdraget är genomfört.\n\nText.\n", theme)
    assert [r.comment for r in records] == [(), ("Text.",)]
    assert messages(records) == [(3, "no comment")]


def test_an_unknown_committee_code_is_kept_with_a_warning(theme):
    records = parse(HEADER + ".\nTitel (KS, XYZ)\n\nUppdraget är genomfört.\n\nKlart.\n", theme)
    assert records.records[0].committees == ("KS", "XYZ")
    assert messages(records) == [(3, "committee code 'XYZ' is not in the theme's committee table")]


def test_a_title_running_into_the_status_sentence_is_split(theme):
    records = parse(HEADER + ".\nTitel (KS)\nUppdraget är genomfört.\nKlart.\n", theme)
    (record,) = records.records
    assert (record.title, record.status, record.comment) == ("Titel", Status.DONE, ("Klart.",))


def test_lines_of_one_paragraph_are_joined(theme):
    (record,) = parse(HEADER + ".\nTitel (KS)\n\nUppdraget är genomfört.\n\nFörsta raden\nandra raden.\n", theme).records
    assert record.comment == ("Första raden andra raden.",)


def test_records_are_never_merged_or_dropped(theme):
    block = ".\nSamma titel (KS)\n\nUppdraget är genomfört.\n\nText.\n\n"
    records = parse(HEADER + block * 3 + ".\n\n", theme)
    assert len(records) == 3
    assert [line for line, m in messages(records)] == [23]  # the empty record at the end
    assert "nothing to keep" in messages(records)[0][1]


def test_duplicates_are_kept_and_flagged(theme, tmp_path):
    from exporter.readers import read

    block = ".\nSamma titel (KS)\n\nUppdraget är genomfört.\n\nText.\n\n"
    (tmp_path / "a.txt").write_text(HEADER + block * 2, encoding="utf-8")
    (tmp_path / "b.txt").write_text(HEADER + block, encoding="utf-8")
    records = read([tmp_path], theme)
    assert len(records) == 3
    duplicates = [d for d in records.diagnostics if "duplicate" in d.message]
    assert [(d.file.rsplit("/", 1)[-1], d.line) for d in duplicates] == [("a.txt", 10), ("b.txt", 3)]
    assert all(d.level is Level.WARNING and "a.txt:3" in d.message for d in duplicates)


def test_control_characters_become_spaces_with_a_warning(theme):
    text = HEADER + ".\nTitel\x0cmed\x0bstyrtecken (KS)\n\nUppdraget är genomfört.\n\nText\x00med\x1bNUL och ESC\x7f.\n"
    records = parse(text, theme)
    (record,) = records.records
    assert record.title == "Titel med styrtecken"
    assert record.comment == ("Text med NUL och ESC .",)
    warned = messages(records)
    assert [line for line, _ in warned] == [3, 7]
    assert "U+000C (form feed)" in warned[0][1] and "U+000B (vertical tab)" in warned[0][1]


def test_text_before_the_first_opening_line_is_kept_as_a_record(theme):
    records = parse(HEADER + "Titel (KS)\n\nUppdraget är genomfört.\n\nText.\n\n.\nNästa (SAN)\n\nUppdraget är genomfört.\n\nMer.\n", theme)
    assert [r.title for r in records] == ["Titel", "Nästa"]
    assert messages(records)[0] == (2, "text before the first record's opening '.' line; read as a record")


# -- header ---------------------------------------------------------------------------------------


def test_a_file_without_period_is_an_error(theme):
    records = parse(".\nTitel (KS)\n\nUppdraget är genomfört.\n", theme)
    assert len(records) == 0
    (error,) = records.errors
    assert error.line == 1 and "no period in the header" in error.message and "--period" in error.message


def test_a_period_can_be_given_for_a_file_without_one(theme):
    records = parse(".\nTitel (KS)\n\nUppdraget är genomfört.\n\nText.\n", theme, period=Period(2023, 2))
    assert [r.period for r in records] == [Period(2023, 2)]
    assert records.errors == ()


def test_a_header_with_two_different_periods_warns(theme):
    records = parse("T1 2022 Uppdrag. Kommentar T2 2022\n.\nTitel (KS)\n\nUppdraget är genomfört.\n\nText.\n", theme)
    assert records.records[0].period == Period(2022, 1)
    assert "more than one period" in messages(records)[0][1]


def test_line_endings_crlf_and_cr_read_alike(theme):
    text = HEADER + ".\nTitel (KS)\n\nUppdraget är genomfört.\n\nText.\n"
    plain = parse(text, theme)
    assert parse(text.replace("\n", "\r\n"), theme) == plain
    assert parse(text.replace("\n", "\r"), theme) == plain
