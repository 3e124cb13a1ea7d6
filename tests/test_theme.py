"""The theme: one file of committees, status vocabulary and words that every writer reads."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from exporter.model import Period, Status
from exporter.assets import verify
from exporter.readers.text import ReadOptions, parse_text
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


def test_a_theme_s_status_labels_extend_the_default_ones(tmp_path):
    (tmp_path / "theme.toml").write_text('[status.done]\nlabels = ["Klar"]\n', encoding="utf-8")
    theme = load_theme(tmp_path)
    assert theme.status_style(Status.DONE).labels == (*load_theme().status_style(Status.DONE).labels, "Klar")
    text = ("Nämnd T1 2024 Uppdrag Kommentar T1 2024\n(Kommunstyrelsen) Klar\nBygg om torget\n\n"
            "(Kommunstyrelsen) Genomförd\nRusta parken\n")
    records = parse_text(text, "in.txt", theme, ReadOptions())
    assert [(r.title, r.status) for r in records] == [("Bygg om torget", Status.DONE), ("Rusta parken", Status.DONE)]


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
    verify(theme)
    assert theme.organisation == "Fjällby kommun"
    assert theme.logo is not None and theme.logo.path.name == "logo.png"
    assert theme.logo.alt["sv"].startswith("Fjällby kommuns logotyp")
    assert sorted(theme.pdf_fonts) == ["body", "bold", "italic"]  # captions keep their italics
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
        verify(theme)
    assert raised.value.line == 5 and "cannot be read as a PNG or JPEG image" in raised.value.message

    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01\x00\x00" + bytes(100))
    write_theme(tmp_path, '[fonts]\npdf_body = "broken.ttf"\n')
    with pytest.raises(ThemeError) as raised:
        verify(load_theme(tmp_path))
    assert raised.value.line == 2 and "not a usable TrueType font" in raised.value.message


# -- hostile and broken themes ------------------------------------------------------------

BROKEN_THEMES = [
    # a value where a table belongs
    ('organisation = "Kommunen"\n', 1, "organisation must be a table"),
    ('report = 5\n', 1, "report must be a table"),
    ('status = "done"\n', 1, "status must be a table"),
    ('[status]\ndone = "#000000"\n', 2, "status.done must be a table"),
    ('words = ["sv", "en"]\n', 1, "words must be a table"),
    ('[words]\nsv = "Svenska"\n', 2, "words.sv must be a table"),
    ('logo = "logo.png"\n', 1, "logo must be a table"),
    ('fonts = "Arial"\n', 1, "fonts must be a table"),
    ('committees = "KS"\n', 1, "committees must be a table"),
    ('[fonts]\nbody = 12\n', 2, "fonts.body must be a font name"),
    ('[report]\ntitle = ["a"]\n', 2, "report.title needs a text"),
    ('[status.done]\nwords = 1\n', 2, "status.done.words needs a text"),
    ('[status.done]\nphrases = "Uppdraget är klart"\n', 2, "must be a list of texts"),
    ('[committees]\nKS = ["Kommunstyrelsen"]\n', 2, "committee KS needs a full name"),
    # control characters and huge texts
    ('[organisation]\nname = "Kom\\u0007munen"\n', 2, "control character U+0007"),
    ('[committees]\nKS = "Kommun\\u001bstyrelsen"\n', 2, "control character U+001B"),
    ('[words.sv]\ncontents = "Inne\\u0085håll"\n', 2, "control character U+0085"),
    ('[status.done]\nwords = { sv = "Klar\\u0000", en = "Done" }\n', 2, "control character U+0000"),
    (f'[organisation]\nname = "{"x" * 100_000}"\n', 2, "100,000 characters long"),
    (f'[words.en]\nsummary = "{"y" * 5_000}"\n', 2, "5,000 characters long"),
    # placeholders the words cannot have
    ('[words.sv]\nperiod = "Tertial {tertial.__class__.__mro__} {year}"\n', 2, "a brace that is not part of a {name}"),
    ('[words.sv]\nperiod = "Tertial {x}"\n', 2, "the placeholder {x}; this word can use {tertial}, {year}"),
    ('[words.sv]\nperiod = "Tertial {tertial"\n', 2, "a brace that is not part of"),
    ('[words.sv]\nperiod = "Tertial tertial}"\n', 2, "a brace that is not part of"),
    ('[words.sv]\nperiod = "Tertial {0}"\n', 2, "a brace that is not part of"),
    ('[words.sv]\nperiod = "Tertial {tertial!r}"\n', 2, "a brace that is not part of"),
    ('[words.sv]\nperiod = "Tertial {year:>999999999}"\n', 2, "a brace that is not part of"),
    ('[words.sv]\ncontents = "Innehåll {page}"\n', 2, "this word can use none"),
    ('[words.en]\nperiod = "{tertial[0]}"\n', 2, "a brace that is not part of"),
    # structure
    ('a = ' + "[" * 5_000 + "]" * 5_000 + "\n", None, "nested too deeply"),
    ('[organisation]\nname = "X"\n[organisation]\nname = "Y"\n', 3, "not valid TOML"),
    ('[words.sv]\nny = "Nytt ord"\n', 2, "words.en lacks ny"),
]


@pytest.mark.parametrize("content, line, words", BROKEN_THEMES)
def test_a_broken_theme_is_refused_with_file_line_and_reason(tmp_path, content, line, words):
    write_theme(tmp_path, content)
    with pytest.raises(ThemeError) as raised:
        load_theme(tmp_path)
    assert words in raised.value.message, raised.value.message
    assert raised.value.line == line


MEANINGLESS_KEYS = [
    ('[organisation]\nnmae = "Kommunen"\n', 2, "unknown key 'nmae' in [organisation]"),
    ('name = "Kommunen"\n', 1, "name means nothing at the top of the theme"),
    ('[status.done]\ncolor = "#000000"\n', 2, "unknown key 'color' in [status.done]"),
    ('[report]\nsubtitle = "Delår"\n', 2, "unknown key 'subtitle' in [report]"),
    ('[fonts]\npdf_oblique = "x.ttf"\n', 2, "unknown key 'pdf_oblique' in [fonts]"),
    ('[words.sv]\nrubrik = "R"\n[words.en]\nrubrik = "H"\n', 2, "words.sv.rubrik is a word no document prints"),
]


@pytest.mark.parametrize("content, line, words", MEANINGLESS_KEYS)
def test_a_key_that_means_nothing_is_warned_about_with_file_and_line(tmp_path, content, line, words):
    write_theme(tmp_path, content)
    warnings = load_theme(tmp_path).warnings
    assert any(w.startswith(f"{tmp_path / 'theme.toml'}:{line}: warning: ") and words in w for w in warnings), warnings


def test_the_default_and_example_themes_have_nothing_to_warn_about():
    assert load_theme().warnings == () and load_theme(FJALLBY).warnings == ()


def test_words_fill_named_fields_only_and_never_look_into_objects(tmp_path, theme):
    write_theme(tmp_path, '[words.sv]\nperiod = "{{T}} {tertial}/{year} {{tertial}}"\n')
    custom = load_theme(tmp_path)
    assert custom.period_name(Period(2022, 1)) == "{T} 1/2022 {tertial}"

    class Probe:
        def __format__(self, spec):  # str.format would call this
            raise AssertionError("formatted as an object")

        def __str__(self):
            return "probe"

    assert theme.word("period", tertial=Probe(), year=2022) == "Tertial probe 2022"
    assert theme.word("page_x_of_y", page=1) == "Sida 1 av {pages}"  # a field not given stays as written


PATHS = [
    ('[logo]\nfile = "../outside.png"\nalt = "Logga"\n', 2, "must be a path inside the template folder"),
    ('[logo]\nfile = "/etc/passwd"\nalt = "Logga"\n', 2, "must be a path inside the template folder"),
    ('[logo]\nfile = "link.png"\nalt = "Logga"\n', 2, "leads out of the template folder"),
    ('[fonts]\npdf_body = "link.ttf"\n', 2, "leads out of the template folder"),
    ('[fonts]\npdf_body = "sub/../../outside.ttf"\n', 2, "must be a path inside the template folder"),
    ('[logo]\nfile = "folder.png"\nalt = "Logga"\n', 2, "no file 'folder.png'"),
    ('[logo]\nfile = "huge.png"\nalt = "Logga"\n', 2, "bytes; at most"),
]


def folder_with_links(tmp_path):
    """A template folder "mall" with links out of it, a folder and a huge file in it."""
    folder = tmp_path / "mall"
    folder.mkdir()
    secret = tmp_path / "outside.png"
    secret.write_bytes((FJALLBY / "logo.png").read_bytes())
    secret.chmod(0o000)  # a root-only file: never opened, so no message names its type
    (tmp_path / "outside.ttf").write_bytes((FJALLBY / "fonts" / "Caladea-Regular.ttf").read_bytes())
    (folder / "link.png").symlink_to(secret)
    (folder / "link.ttf").symlink_to(tmp_path / "outside.ttf")
    (folder / "folder.png").mkdir()
    with open(folder / "huge.png", "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.truncate(11 << 20)
    return folder


@pytest.mark.parametrize("content, line, words", PATHS)
def test_a_file_outside_the_template_folder_is_refused_without_being_read(tmp_path, content, line, words):
    folder = folder_with_links(tmp_path)
    write_theme(folder, content)
    with pytest.raises(ThemeError) as raised:
        load_theme(folder)
    assert words in raised.value.message and raised.value.line == line, raised.value.message


def test_a_symbolic_link_inside_the_template_folder_is_followed(tmp_path):
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "logo.png").write_bytes((FJALLBY / "logo.png").read_bytes())
    (tmp_path / "logo.png").symlink_to(tmp_path / "bilder" / "logo.png")
    write_theme(tmp_path, '[logo]\nfile = "logo.png"\nalt = "Logga"\n')
    assert load_theme(tmp_path).logo.path == (tmp_path / "bilder" / "logo.png").resolve()


def test_the_theme_module_loads_no_format_library():
    code = ("import sys, exporter.theme; exporter.theme.load_theme(); "
            "print(sorted(m for m in ('PIL', 'reportlab', 'docx', 'openpyxl', 'pikepdf') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("content, line, words", BROKEN_THEMES + PATHS)
def test_build_with_a_broken_theme_exits_1_with_one_line_and_writes_nothing(tmp_path, content, line, words):
    from click.testing import CliRunner

    from exporter.cli import cli

    from .support import INPUT

    folder = folder_with_links(tmp_path)
    write_theme(folder, content)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(INPUT), "-o", str(out), "--template", str(folder)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.startswith(f"{folder / 'theme.toml'}") and words in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not out.exists()


def test_build_warns_of_a_misspelt_key_and_goes_on(tmp_path):
    from click.testing import CliRunner

    from exporter.cli import cli

    from .support import INPUT

    write_theme(tmp_path, '[organisation]\nname = "Fjällby"\n\n[status.done]\ncolor = "#000000"\n')
    result = CliRunner().invoke(cli, ["build", str(INPUT), "-o", str(tmp_path / "out"), "-f", "json",
                                      "--template", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"{tmp_path / 'theme.toml'}:5: warning: unknown key 'color' in [status.done]")


# -- fuzz: any TOML value anywhere -----------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value).replace("inf", "inf").replace("nan", "nan")
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string, or invalid TOML where JSON escapes a surrogate
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


toml_values = st.recursive(
    st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["{", "}", "{tertial}", "{x}", "{{", "#000000", "logo.png", "../x", "/"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(["sv", "en", "x"]), children,
                                                                        max_size=3),
    max_leaves=8,
)
PLACES = [("organisation", "name"), ("report", "title"), ("report", "keywords"), ("fonts", "body"),
          ("fonts", "pdf_body"), ("logo", "file"), ("logo", "alt"), ("committees", "KS"), ("status.done", "colour"),
          ("status.done", "symbol"), ("status.done", "words"), ("status.done", "phrases"), ("status.unknown", "labels"),
          ("words.sv", "period"), ("words.en", "page_x_of_y"), ("words.sv", "ny"), ("", "organisation"),
          ("", "status"), ("", "words"), ("status", "done"), ("words", "sv")]


@pytest.mark.slow  # 300 themes written and loaded
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(PLACES), toml_values)
def test_any_value_anywhere_in_a_theme_loads_or_is_refused_with_a_line(tmp_path, place, value):
    table, key = place
    (tmp_path / "logo.png").write_bytes((FJALLBY / "logo.png").read_bytes())
    write_theme(tmp_path, (f"[{table}]\n" if table else "") + f"{key} = {toml_value(value)}\n")
    try:
        theme = load_theme(tmp_path)
    except ThemeError as exc:
        assert exc.file == str(tmp_path / "theme.toml") and exc.message
        return
    verify(theme)
    for lang in ("sv", "en"):
        for word in theme.words[lang]:
            theme.word(word, lang, tertial=1, year=2022, page=1, pages=2, period="T1 2022", n=1, sheet="Blad")
