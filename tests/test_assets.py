"""A template's files, verified before anything is written: the logo (decompression
bombs, pixel caps), the PDF's fonts, and the Word reference document (zip bombs, size
limits, XML that is not well-formed or declares entities)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from click.testing import CliRunner

from exporter.assets import LOGO_PIXEL_LIMIT, REFERENCE_MEMBER_LIMIT, verify
from exporter.cli import cli
from exporter.theme import ThemeError, default_template_dir, load_theme

from .support import INPUT, ROOT

FJALLBY = ROOT / "templates" / "fjallby"
LOGO_THEME = '[logo]\nfile = "logo.png"\nalt = "Logga"\n'


def png(width: int, height: int, rows: bytes | None = None) -> bytes:
    """A PNG of one grey channel; `rows` the filtered pixel data (default: all black)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    if rows is None:
        rows = b"\x00" * ((width + 1) * height)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def docx_with(replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
              compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The default reference.docx with parts replaced or added."""
    source = zipfile.ZipFile(default_template_dir() / "reference.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info)))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']><w:styles xmlns:w="x">&lol9;</w:styles>')

BROKEN_LOGOS = [
    ("a decompression bomb", lambda: png(30_000, 30_000, b""), "a logo has at most"),
    ("a very wide strip", lambda: png(LOGO_PIXEL_LIMIT + 1, 1, b""), "a logo has at most"),
    ("a truncated image", lambda: (FJALLBY / "logo.png").read_bytes()[:300], "cannot be read as a PNG or JPEG"),
    ("a PNG signature and rubbish", lambda: b"\x89PNG\r\n\x1a\n" + b"rubbish" * 10, "cannot be read as a PNG or JPEG"),
    ("bad pixel data", lambda: png(10, 10, b"\x07" * 7), "cannot be read as a PNG or JPEG"),
    ("a JPEG signature and rubbish", lambda: b"\xff\xd8\xff" + bytes(100), "cannot be read as a PNG or JPEG"),
]


@pytest.mark.parametrize("what, make, words", BROKEN_LOGOS, ids=[c[0] for c in BROKEN_LOGOS])
def test_a_hostile_logo_is_refused_before_anything_is_written(tmp_path, what, make, words):
    (tmp_path / "logo.png").write_bytes(make())
    (tmp_path / "theme.toml").write_text(LOGO_THEME, encoding="utf-8")
    with pytest.raises(ThemeError) as raised:
        verify(load_theme(tmp_path))
    assert raised.value.line == 2 and words in raised.value.message, raised.value.message


BROKEN_REFERENCES = [
    ("not a zip", lambda: b"PK\x03\x04 but nothing more", "is not a Word document"),
    ("random bytes", lambda: bytes(range(256)) * 40, "is not a Word document"),
    ("a truncated zip", lambda: docx_with()[:2000], "is not a Word document"),
    ("a zip bomb", lambda: docx_with(add={"word/media/bomb.bin": bytes(REFERENCE_MEMBER_LIMIT + 1)}),
     "unpacks to more than"),
    ("many small bombs", lambda: docx_with(add={f"word/media/{i}.bin": bytes(30 << 20) for i in range(4)}),
     "the limit of all parts together"),
    ("too many parts", lambda: docx_with(add={f"customXml/{i}.txt": b"" for i in range(1001)}), "parts; at most"),
    ("XML that is not well-formed", lambda: docx_with(replace={"word/styles.xml": b"<w:styles><oops></w:styles>"}),
     "word/styles.xml is not well-formed XML"),
    ("entities that expand", lambda: docx_with(replace={"word/styles.xml": BILLION_LAUGHS}),
     "declares a document type"),
    ("a zip of something else", lambda: docx_with_only({"hello.txt": b"hi"}), "python-docx can open"),
]


def docx_with_only(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("what, make, words", BROKEN_REFERENCES, ids=[c[0] for c in BROKEN_REFERENCES])
def test_a_hostile_reference_document_is_refused_before_anything_is_written(tmp_path, what, make, words):
    (tmp_path / "reference.docx").write_bytes(make())
    (tmp_path / "theme.toml").write_text('[organisation]\nname = "X"\n', encoding="utf-8")
    with pytest.raises(ThemeError) as raised:
        verify(load_theme(tmp_path))
    assert raised.value.file == str(tmp_path / "reference.docx") and words in raised.value.message, raised.value


def test_a_reference_document_outside_the_folder_is_refused(tmp_path):
    folder = tmp_path / "mall"
    folder.mkdir()
    (tmp_path / "elsewhere.docx").write_bytes((default_template_dir() / "reference.docx").read_bytes())
    (folder / "reference.docx").symlink_to(tmp_path / "elsewhere.docx")
    (folder / "theme.toml").write_text('[organisation]\nname = "X"\n', encoding="utf-8")
    theme = load_theme(folder)
    with pytest.raises(ThemeError, match="leads out of the template folder"):
        verify(theme)
    assert theme.resource("reference.docx") == (default_template_dir() / "reference.docx").resolve()


def test_the_default_and_example_templates_pass():
    verify(load_theme())
    verify(load_theme(FJALLBY))


def broken_template(folder, kind: str) -> None:
    """A template folder broken in one way, for the command-line campaign below."""
    theme = '[organisation]\nname = "X"\n'
    if kind.startswith("logo:"):
        (folder / "logo.png").write_bytes(dict((c[0], c[1]) for c in BROKEN_LOGOS)[kind[5:]]())
        theme = LOGO_THEME
    elif kind.startswith("reference:"):
        (folder / "reference.docx").write_bytes(dict((c[0], c[1]) for c in BROKEN_REFERENCES)[kind[10:]]())
    elif kind.startswith("font:"):
        (folder / "f.ttf").write_bytes(b"\x00\x01\x00\x00" + bytes(200) if kind == "font:empty" else
                                       b"\x00\x01\x00\x00" + b"\xff" * 2000)
        theme = '[fonts]\npdf_body = "f.ttf"\n'
    (folder / "theme.toml").write_text(theme, encoding="utf-8")


CAMPAIGN = ([f"logo:{c[0]}" for c in BROKEN_LOGOS] + [f"reference:{c[0]}" for c in BROKEN_REFERENCES]
            + ["font:empty", "font:rubbish"])


@pytest.mark.parametrize("kind", CAMPAIGN)
def test_build_with_a_broken_template_file_exits_1_with_one_line_and_writes_nothing(tmp_path, kind):
    folder = tmp_path / "mall"
    folder.mkdir()
    broken_template(folder, kind)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(INPUT), "-o", str(out), "--template", str(folder), "-j", "2"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.startswith(str(folder)) and ": error: " in result.stderr, result.stderr
    assert "internal error" not in result.stderr and "pickle" not in result.stderr
    assert not out.exists()
