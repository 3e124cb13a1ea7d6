"""The theme: one file of committees, status vocabulary and words that every writer reads."""

from __future__ import annotations

import pytest

from exporter.model import Period, Status
from exporter.theme import ThemeError, load_theme


def test_the_default_theme_knows_the_committees_of_the_contract(theme):
    assert theme.committees["KS"] == "Kommunstyrelsen"
    assert theme.committees["ÖFN"] == "Överförmyndarnämnden"
    for code in ("KF", "KS", "BUN", "KFN", "MSN", "SAN", "TN", "VON", "VN", "ÖFN"):
        assert code in theme.committees
    assert theme.committee_code("social- och  ARBETSMARKNADSNÄMNDEN") == "SAN"
    assert theme.committees_in_words(("KS", "SAN")) == (
        "Kommunstyrelsen (KS), Social- och arbetsmarknadsnämnden (SAN)")
    assert theme.committee_name("XYZ") == "XYZ"


def test_every_status_has_words_in_both_languages_a_colour_and_a_symbol(theme):
    for status in Status:
        style = theme.status_style(status)
        assert style.words["sv"] and style.words["en"] and style.symbol
        assert len(style.hex) == 6
    assert theme.status_words(Status.EXPECTED_DONE, "en") == "Expected to be done"


def test_words_speak_swedish_by_default_and_english_on_request(theme):
    assert theme.word("page_x_of_y", page=2, pages=5) == "Sida 2 av 5"
    assert theme.word("page_x_of_y", "en", page=2, pages=5) == "Page 2 of 5"
    assert theme.period_name(Period(2022, 1)) == "Tertial 1 2022"
    assert set(theme.words["sv"]) == set(theme.words["en"])


def test_a_custom_theme_changes_only_what_it_sets(tmp_path):
    (tmp_path / "theme.toml").write_text(
        '[organisation]\nname = "Fjällby kommun"\n\n[committees]\nFJN = "Fjällnämnden"\n\n'
        '[status.done]\ncolour = "#004488"\nphrases = ["Uppdraget är slutfört"]\n',
        encoding="utf-8",
    )
    theme = load_theme(tmp_path)
    assert theme.organisation == "Fjällby kommun"
    assert theme.committees["FJN"] == "Fjällnämnden" and theme.committees["KS"] == "Kommunstyrelsen"
    assert theme.status_style(Status.DONE).colour == "#004488"
    assert "Uppdraget är genomfört" in theme.status_style(Status.DONE).phrases  # extra phrases add up
    assert "Uppdraget är slutfört" in theme.status_style(Status.DONE).phrases


@pytest.mark.parametrize(
    "content, line, words",
    [
        ('[organisation]\nname = "X"\n[status.done]\ncolour = "grön"\n', 4, "is not a colour"),
        ('[organisation]\nname = "X"\n\n[status.finished]\ncolour = "#000000"\n', 4, "unknown status code 'finished'"),
        ('[organisation]\nname = \n', 2, "not valid TOML"),
        ('[committees]\nks = "Kommunstyrelsen"\n', 2, "must be capital letters"),
        ('[status.done]\nsymbol = ""\n', 2, "symbol"),
        ('[status.not_done]\nphrases = ["Uppdraget är genomfört"]\n', 2, "given to both"),
        ('[colors]\ndone = "#000000"\n', 1, "unknown table"),
    ],
)
def test_an_invalid_theme_is_refused_with_file_and_line(tmp_path, content, line, words):
    (tmp_path / "theme.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ThemeError) as raised:
        load_theme(tmp_path)
    assert raised.value.line == line
    assert words in raised.value.message
    assert str(raised.value).startswith(f"{tmp_path / 'theme.toml'}:{line}: error: ")


def test_a_missing_template_folder_is_refused(tmp_path):
    with pytest.raises(ThemeError, match="does not exist"):
        load_theme(tmp_path / "nope")
    with pytest.raises(ThemeError, match="has no theme.toml"):
        load_theme(tmp_path)


# -- logo and typefaces ----------------------------------------------------------------------

from .support import ROOT  # noqa: E402

FJALLBY = ROOT / "templates" / "fjallby"


def test_the_example_template_sets_logo_fonts_committees_and_a_phrase():
    theme = load_theme(FJALLBY)
    theme.verify()
    assert theme.organisation == "Fjällby kommun"
    assert theme.logo is not None and theme.logo.path.name == "logo.png"
    assert theme.logo.alt["sv"].startswith("Fjällby kommuns logotyp")
    assert sorted(theme.pdf_fonts) == ["body", "bold"]
    assert theme.committee_name("FJN") == "Fjäll- och naturnämnden"
    assert "Uppdraget är slutfört" in theme.status_style(Status.DONE).phrases


def write_theme(folder, body: str):
    (folder / "theme.toml").write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "files, content, line, words",
    [
        ({}, '[logo]\nfile = "logo.png"\nalt = "Logga"\n', 2, "no file 'logo.png'"),
        ({"logo.png": b"not an image"}, '[logo]\nfile = "logo.png"\nalt = "Logga"\n', 2, "not a PNG or JPEG"),
        ({"logo.gif": b"GIF89a...."}, '[logo]\nfile = "logo.gif"\nalt = "Logga"\n', 2, "not a PNG or JPEG"),
        ({}, '[logo]\nalt = "Logga"\n', 1, "needs file"),
        ({"f.ttf": b"this is no font"}, '[fonts]\npdf_body = "f.ttf"\n', 2, "not a TrueType font"),
        ({"f.otf": b"OTTO and more"}, '[fonts]\npdf_body = "f.otf"\n', 2, "OpenType/CFF"),
        ({}, '[fonts]\nbody = "Georgia"\npdf_body = "nope.ttf"\n', 3, "no file 'nope.ttf'"),
    ],
)
def test_a_broken_logo_or_font_is_refused_at_load_with_file_and_line(tmp_path, files, content, line, words):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    write_theme(tmp_path, content)
    with pytest.raises(ThemeError) as raised:
        load_theme(tmp_path)
    assert (raised.value.line, words in raised.value.message) == (line, True), raised.value.message


def test_a_truncated_logo_or_font_is_refused_before_anything_is_written(tmp_path):
    png = (FJALLBY / "logo.png").read_bytes()
    (tmp_path / "logo.png").write_bytes(png[:200])
    write_theme(tmp_path, '[organisation]\nname = "X"\n\n[logo]\nfile = "logo.png"\nalt = "Logga"\n')
    theme = load_theme(tmp_path)
    with pytest.raises(ThemeError) as raised:
        theme.verify()
    assert raised.value.line == 5 and "cannot be read as an image" in raised.value.message

    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01\x00\x00" + bytes(100))
    write_theme(tmp_path, '[fonts]\npdf_body = "broken.ttf"\n')
    with pytest.raises(ThemeError) as raised:
        load_theme(tmp_path).verify()
    assert raised.value.line == 2 and "not a usable TrueType font" in raised.value.message
