"""Template files and an environment that used to end in an internal error: a JPEG
logo Pillow reads but the Word report cannot hold, TrueType fonts that break only when
subset, a font whose licence forbids embedding in the archive, a SOURCE_DATE_EPOCH
that is not a number, and title-page options with bytes that are not UTF-8 or with
control characters."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.assets import verify
from exporter.cli import cli
from exporter.environment import check_source_date_epoch
from exporter.theme import ThemeError, default_template_dir, load_theme

from .support import INPUT

REGULAR = default_template_dir() / "fonts" / "LiberationSans-Regular.ttf"


def _checksum(data: bytes) -> int:
    data = bytes(data) + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def patched_font(table: bytes, offset: int, value: int, fill: bool = False) -> bytes:
    """The default regular font with one 16-bit value of `table` set (or the whole table
    filled with the byte `value`), every checksum made right again, so that the font
    still passes reportlab's validation."""
    data = bytearray(REGULAR.read_bytes())
    (count,) = struct.unpack_from(">H", data, 4)
    entries = {}
    for i in range(count):
        tag, _, start, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        entries[tag] = (12 + 16 * i, start, length)
    _, start, length = entries[table]
    if fill:
        data[start : start + length] = bytes([value]) * length
    else:
        struct.pack_into(">H", data, start + offset, value)
    head = entries[b"head"][1]
    struct.pack_into(">I", data, head + 8, 0)
    for record, start, length in entries.values():
        struct.pack_into(">I", data, record + 4, _checksum(data[start : start + length]))
    struct.pack_into(">I", data, head + 8, (0xB1B0AFBA - _checksum(data)) & 0xFFFFFFFF)
    return bytes(data)


def font_template(tmp_path: Path, font: bytes) -> Path:
    folder = tmp_path / "template"
    folder.mkdir()
    (folder / "body.ttf").write_bytes(font)
    (folder / "theme.toml").write_text('[organisation]\nname = "X"\n\n[fonts]\npdf_body = "body.ttf"\n', encoding="utf-8")
    return folder


@pytest.mark.parametrize("broken", ["no glyphs (maxp.numGlyphs 0)", "no units per em", "garbled glyf"])
def test_a_font_that_breaks_when_subset_is_refused_with_its_line(tmp_path, broken):
    font = {"no glyphs (maxp.numGlyphs 0)": lambda: patched_font(b"maxp", 4, 0),
            "no units per em": lambda: patched_font(b"head", 18, 0),
            "garbled glyf": lambda: patched_font(b"glyf", 0, 0xFF, fill=True)}[broken]()
    theme = load_theme(font_template(tmp_path, font))
    with pytest.raises(ThemeError) as refused:
        verify(theme)
    assert refused.value.line == 5 and "body.ttf is not a usable TrueType font" in refused.value.message
    result = CliRunner().invoke(cli, ["build", str(INPUT), "-f", "pdf", "-o", str(tmp_path / "out"),
                                      "--template", str(tmp_path / "template")])
    assert result.exit_code == 1 and "theme.toml:5: error: body.ttf" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_font_whose_licence_forbids_embedding_is_refused_for_the_archive_only(tmp_path):
    theme = load_theme(font_template(tmp_path, patched_font(b"OS/2", 8, 0x0002)))
    verify(theme, ["pdf"])  # a printable PDF is the user's own business
    with pytest.raises(ThemeError) as refused:
        verify(theme, ["pdfa"])
    assert refused.value.line == 5 and "may not be embedded" in refused.value.message
    result = CliRunner().invoke(cli, ["archive", str(INPUT), "-o", str(tmp_path / "arkiv"),
                                      "--template", str(tmp_path / "template")])
    assert result.exit_code == 1 and "fsType 0x0002" in result.stderr and not (tmp_path / "arkiv").exists()


@pytest.mark.parametrize("fs_type", [0x0100, 0x0200, 0x0302])
def test_a_font_that_may_not_be_subset_is_refused_for_the_archive(tmp_path, fs_type):
    theme = load_theme(font_template(tmp_path, patched_font(b"OS/2", 8, fs_type)))
    with pytest.raises(ThemeError, match="fsType"):
        verify(theme, ["pdfa"])


@pytest.mark.parametrize("fs_type", [0x0000, 0x0004, 0x0008])
def test_a_font_that_may_be_embedded_goes_into_the_archive(tmp_path, fs_type):
    verify(load_theme(font_template(tmp_path, patched_font(b"OS/2", 8, fs_type))), ["pdfa"])


def test_a_cmyk_jpeg_logo_without_jfif_is_refused_by_the_template_check(tmp_path):
    from PIL import Image

    folder = tmp_path / "template"
    folder.mkdir()
    buffer = io.BytesIO()
    Image.new("CMYK", (40, 20), (0, 60, 100, 0)).save(buffer, "JPEG")
    assert buffer.getvalue()[2:4] == b"\xff\xee"  # Adobe APP14 first, no JFIF or Exif
    (folder / "logo.jpg").write_bytes(buffer.getvalue())
    (folder / "theme.toml").write_text('[organisation]\nname = "X"\n\n[logo]\nfile = "logo.jpg"\nalt = "Logga"\n',
                                       encoding="utf-8")
    with pytest.raises(ThemeError) as refused:
        verify(load_theme(folder))
    assert refused.value.line == 5 and "cannot hold" in refused.value.message
    result = CliRunner().invoke(cli, ["build", str(INPUT), "-f", "docx", "-o", str(tmp_path / "out"),
                                      "--template", str(folder)])
    assert result.exit_code == 1 and "logo.jpg" in result.stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["2022-05-01", "abc", "1.5", "-1", "1e9", "99999999999999"])
def test_a_source_date_epoch_that_is_not_whole_seconds_is_ignored_with_a_warning(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert "is not a whole number of seconds" in check_source_date_epoch()
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1651363200 ")
    assert check_source_date_epoch() is None and os.environ["SOURCE_DATE_EPOCH"] == " 1651363200 "


@pytest.mark.slow
def test_a_build_with_a_bad_source_date_epoch_warns_and_writes_the_same_pdf(tmp_path):
    outputs = []
    for value in ("abc", None):
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        if value is not None:
            env["SOURCE_DATE_EPOCH"] = value
        out = tmp_path / f"out-{value}"
        result = subprocess.run([sys.executable, "-m", "exporter", "build", str(INPUT), "-f", "pdf", "--period",
                                 "T1 2022", "-o", str(out), "-j", "1"], capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        assert ("SOURCE_DATE_EPOCH='abc' is not a whole number" in result.stderr) == (value is not None)
        outputs.append(sorted((p.name, p.read_bytes()) for p in out.iterdir()))
    assert outputs[0] == outputs[1]


def test_an_option_in_windows_1252_is_read_as_such_and_no_letter_is_dropped(tmp_path):
    args = [sys.executable, "-m", "exporter", "build", str(INPUT), "-f", "html", "--period", "T1 2022",
            "-o", str(tmp_path / "out"), "--contact", "Anna Ström".encode("cp1252"),
            "--case-number", "KS 2022/1".encode("utf-8")]
    result = subprocess.run(args, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert b"--contact is not UTF-8; read it as Windows-1252" in result.stderr
    page = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert "Anna Ström" in page and "KS 2022/1" in page


def test_control_characters_of_the_title_page_options_reach_no_document(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(INPUT), "-f", "html", "-f", "docx", "--period", "T1 2022",
                                      "-o", str(out), "--case-number", "KS\x1b]0;x\x07 2022/1\x0b",
                                      "--meeting", "Möte\x9b2J", "--contact", "Anna\x00Ström"])
    assert result.exit_code == 0, result.stderr
    page = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert not any(ch in page for ch in "\x1b\x07\x0b\x9b\x00")
    assert "KS ]0;x 2022/1" in page and "Möte 2J" in page and "Anna Ström" in page
