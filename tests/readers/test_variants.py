"""The variants real exports of 2020-2024 hold, each in a fixture of its own (made-up
text in the shape of the real ones), read field by field."""

from __future__ import annotations

import pytest

from exporter.model import Level, Period, Status
from exporter.readers import ReadOptions, read

from ..support import FIXTURES

E, EN, D, PD, ND, U = (Status.EXPECTED_DONE, Status.EXPECTED_NOT_DONE, Status.DONE, Status.PARTLY_DONE,
                       Status.NOT_DONE, Status.UNKNOWN)


def fields(name: str, theme, **options):
    record_set = read([FIXTURES / name], theme, ReadOptions(**options))
    rows = [
        (r.source.file, r.source.line, r.period, r.title, r.committees, r.status, r.status_text, r.comment)
        for r in record_set
    ]
    notes = [(d.line, d.level.value, d.message) for d in record_set.diagnostics]
    return rows, notes


def test_1_the_status_sentence_opens_the_first_comment_paragraph(theme):
    name = "2022-T2-status-inleder-kommentaren.txt"
    rows, notes = fields(name, theme)
    p = Period(2022, 2)
    assert rows == [
        (name, 3, p, "Inventera behovet av besöksplatser i skärgården", ("KFN",), E,
         "Uppdraget bedöms bli genomfört under året.",
         ("Arbetet pågår och tre av tio besök är gjorda.", "Resterande besök planeras till hösten.")),
        (name, 10, p, "Ta fram en plan för laddplatser vid kommunens anläggningar", ("TN", "KS"), EN,
         "Uppdraget bedöms inte bli genomfört under året.", ("Upphandlingen har överklagats och väntar på dom.",)),
        (name, 15, p, "Öka andelen lokalproducerade livsmedel i måltidsverksamheten", ("BUN",), PD,
         "Uppdraget är delvis genomfört.", ("Andelen har ökat från 18 till 24 procent, målet är 30 procent.",)),
    ]
    assert notes == []


def test_2_the_status_line_runs_straight_into_the_comment(theme):
    name = "2021-T1-status-utan-blankrad.txt"
    rows, notes = fields(name, theme)
    p = Period(2021, 1)
    assert rows == [
        (name, 3, p, "Utveckla stödet till föreningar som arbetar med unga", ("KFN",), E,
         "Uppdraget bedöms bli genomfört under året",
         ("Enheten har genomfört en första utbildning för föreningsledare. Fler tillfällen planeras under våren.",
          "Uppföljning sker i augusti.")),
        (name, 12, p, "Kartlägg behovet av bostäder med särskild service", ("SAN",), EN,
         "Uppdraget bedöms inte bli genomfört under året.",
         ("Kartläggningen har inte kunnat starta på grund av vakanser.",)),
    ]
    assert notes == []


def test_3_other_phrasings_of_the_same_statuses(theme):
    name = "2023-T3-andra-formuleringar.txt"
    rows, notes = fields(name, theme)
    p = Period(2023, 3)
    assert rows == [
        (name, 3, p, "Se över reglementet för kommunens nämnder", ("KS",), D, "Uppdraget har genomförts.",
         ("Nytt reglemente antogs i november.",)),
        (name, 10, p, "Inför digitala nämndhandlingar", ("KS", "VN"), E, "Uppdraget bedöms bli genomförd under året",
         ("Surfplattor är beställda.",)),
        (name, 17, p, "Minska energianvändningen i kommunens lokaler", ("TN",), PD,
         "Uppdraget är delvis genomförd under 2023", ("Energianvändningen har minskat med sex procent.",)),
        (name, 24, p, "Utred ett nytt kulturhus", ("KFN",), ND, "Uppdraget har inte genomförts under år 2023.",
         ("Utredningen är flyttad till nästa år.",)),
        (name, 31, p, "Stärk tillsynen av serveringstillstånd", ("MSN",), EN,
         "Uppdraget bedöms inte kunna genomföras under innevarande år!", ("Två tjänster är vakanta.",)),
    ]
    assert notes == []


def test_4_codes_after_the_titles_full_stop_lead_committee_first(theme):
    name = "2023-T1-koder-efter-punkt.txt"
    rows, notes = fields(name, theme)
    p = Period(2023, 1)
    status = "Uppdraget bedöms bli genomfört under året."
    assert rows == [
        (name, 3, p, "Främja det stadsnära friluftslivet.", ("KFN", "KS", "TN"), E, status, ("Nya spår är markerade.",)),
        (name, 10, p, "Stärk profileringen som evenemangsstad.", ("KS",), E, status, ("Två evenemang är bokade.",)),
        (name, 17, p, "Samordna skolskjutsar och färdtjänst", ("BUN", "TN", "KS", "SAN"), E, status,
         ("En gemensam beställningscentral utreds.",)),
        # an ordinary last word after a full stop is title, never a code
        (name, 24, p, "Utveckla samarbetet med regionen. Extra", (), E, status, ("Avsiktsförklaringen är undertecknad.",)),
        (name, 31, p, "Inför en gemensam e-tjänst för bygglov.", ("MSN", "KS"), E, status, ("Tjänsten testas i maj.",)),
    ]
    assert notes == [(24, "warning", "no committee codes at the end of the title, e.g. '(KS, SAN)'")]


def test_5_a_status_label_opens_each_record_under_a_header_without_period(theme):
    name = "utan-period-etikett-först.txt"
    rows, notes = fields(name, theme, period=Period(2020, 1))
    p = Period(2020, 1)
    assert rows == [
        (name, 3, p, "Säkerställ en beredskap för långvariga elavbrott", ("KS",), E, "",
         ("Krisledningsplanen är uppdaterad.",)),
        (name, 8, p, "Bygg ut förskolan i norra delen av kommunen", ("BUN",), EN, "", ("Detaljplanen har överklagats.",)),
        (name, 13, p, "Inför e-arkiv för avslutade ärenden", ("KS",), D, "Uppdraget är genomfört.",
         ("Alla förvaltningar levererar till e-arkivet.",)),
    ]
    assert notes == [(1, "info", "no period in the header; read as T1 2020 as asked")]


def test_5_without_period_the_header_without_one_is_an_error(theme):
    rows, notes = fields("utan-period-etikett-först.txt", theme)
    assert rows == []
    assert [(line, level) for line, level, _ in notes] == [(1, "error")]
    assert "no period in the header" in notes[0][2] and "--period" in notes[0][2]


def test_6_committee_on_the_opening_line_and_codes_in_the_title(theme):
    name = "2021-T2-nämnd-och-koder.txt"
    rows, notes = fields(name, theme)
    p = Period(2021, 2)
    assert rows == [
        # they agree: the opening line's committee leads, the title's others take part
        (name, 3, p, "Ta fram en näringslivsstrategi", ("KS", "MSN"), E, "Uppdraget bedöms bli genomfört under året.",
         ("Strategin är ute på remiss.",)),
        # they disagree: the opening line wins (its committee leads), with a warning; the title's code follows
        (name, 10, p, "Rusta upp lekplatserna i centrum", ("TN", "KFN"), E, "", ("Två av fem lekplatser är klara.",)),
        # two committees joined by "och" on the opening line
        (name, 15, p, "Inför gemensam fordonsförvaltning", ("KS", "TN"), D, "Uppdraget är genomfört.",
         ("Fordonen förvaltas nu av en enhet.",)),
    ]
    assert notes == [
        (10, "warning", "the title's committee codes (KFN) disagree with the opening line's committees "
                        "(TN, line 9); the opening line wins: its committees lead, the title's follow"),
    ]


def test_7_a_text_that_is_not_a_follow_up_export_is_an_error_not_one_record(theme):
    rows, notes = fields("inte-en-uppföljning.txt", theme)
    assert rows == []
    assert notes == [(1, "error", "not a follow-up export: no record opening line found (each record opens with a "
                                  "line holding '.', a status label or '(Committee name) .')")]


def test_a_title_that_wraps_after_a_parenthesis_ends_at_its_paragraph(theme):
    name = "2022-T3-rubrik-bryts-efter-parentes.txt"
    rows, notes = fields(name, theme)
    p = Period(2022, 3)
    assert rows == [
        (name, 3, p, "Utveckla stödet till personer med funktionsnedsättning enligt LSS (LSS) och annat stöd inom "
                     "socialtjänsten", ("SAN",), D, "Uppdraget är genomfört under året.",
         ("Stödet har samordnats i en enhet.",)),
        # where the paragraph ends in no codes, the title ends at the last line that does
        (name, 9, p, "Granska delegationsordningen", ("KS",), U, "",
         ("Kommentar som följer rubriken direkt utan statusmening.",)),
    ]
    assert notes == [(9, "warning", "no status sentence and no status label; status set to unknown")]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_check_on_every_variant_prints_no_traceback(name):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "exporter", "check", str(FIXTURES / name)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("1 file, ")


def test_a_record_whose_status_cannot_be_read_is_warned_with_file_and_line(theme):
    record_set = read([FIXTURES / "2022-T3-rubrik-bryts-efter-parentes.txt"], theme)
    (warning,) = [d for d in record_set.diagnostics if d.level is Level.WARNING]
    assert str(warning) == ("2022-T3-rubrik-bryts-efter-parentes.txt:9: warning: "
                            "no status sentence and no status label; status set to unknown")


def test_a_committee_name_that_looks_like_a_formula_stays_text(theme, tmp_path):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from exporter.cli import cli

    source = tmp_path / "2024-T2.txt"
    source.write_text("Nämnd T2 2024 Uppdrag Kommentar T2 2024\n(=1+1) .\nTitel\n\nUppdraget är genomfört.\n\nText.\n",
                      encoding="utf-8")
    record_set = read([source], theme)
    (record,) = record_set.records
    assert record.committees == ("=1+1",)
    assert [d.message for d in record_set.warnings] == [
        "committee '=1+1' is not in the theme's committee table; kept as written"]
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(out), "-f", "xlsx"])
    assert result.exit_code == 0, result.stderr
    workbook = load_workbook(out / "statusmatris.xlsx")
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value == "=1+1"]
    # the name is a text cell wherever it stands (the workbook's own formulas may quote it as a criterion)
    assert len(cells) >= 3 and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt") if p.name != "inte-en-uppföljning.txt"))
def test_nothing_of_a_variant_is_lost(theme, name):
    """Every word of every line but the header and the opening lines is in a record."""
    import re

    record_set = read([FIXTURES / name], theme, ReadOptions(period=Period(2020, 1)))
    kept = " ".join(t for r in record_set for t in (*r.text, *r.committees))
    for line in (FIXTURES / name).read_text(encoding="utf-8").split("\n")[1:]:
        line = " ".join(line.split())
        if not line or line == "." or line.startswith("(") and line.casefold().endswith((")", ".", "genomförd")):
            continue
        if line in ("Bedöms bli genomförd", "Bedöms inte bli genomförd", "Genomförd"):
            continue
        for word in re.split(r"[ (),;/]+", line):
            assert not word or word == "och" or word in kept, f"{name}: {word!r} of {line!r} is in no record"
