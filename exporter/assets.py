"""Verifying a template's files before a build writes anything: the logo, the PDF's
TrueType fonts and the Word reference document are opened for real here, with limits
on their size, so that no writer meets a broken or hostile file halfway through.

This is the one module that opens a template's files with the format libraries
(Pillow, reportlab, python-docx); the theme itself only reads theme.toml.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.parsers import expat

from .theme import FileSetting, Theme, ThemeError, default_template_dir, inside

__all__ = ["verify", "LOGO_PIXEL_LIMIT", "REFERENCE_SIZE_LIMIT", "REFERENCE_MEMBER_LIMIT", "REFERENCE_TOTAL_LIMIT"]

LOGO_PIXEL_LIMIT = 25_000_000  # width × height of the logo (a 5000 × 5000 picture)
REFERENCE = "reference.docx"
REFERENCE_SIZE_LIMIT = 20 << 20  # bytes of reference.docx on disk
REFERENCE_MEMBER_LIMIT = 50 << 20  # bytes of one part of it, uncompressed
REFERENCE_TOTAL_LIMIT = 100 << 20  # bytes of all its parts, uncompressed
REFERENCE_MEMBERS = 1000  # parts


def verify(theme: Theme, formats: Iterable[str] = ()) -> None:
    """Open every file of the theme as the writers will (logo, PDF fonts, reference.docx);
    raises ThemeError naming the file and, where the theme names it, the line. With the
    archive among `formats`, its fonts must also be ones their licence lets a PDF/A embed."""
    if theme.logo is not None:
        _verify_image(theme.logo.path, theme.file_settings["logo.file"])
    for role, font in theme.pdf_fonts.items():
        where = theme.file_settings[f"fonts.pdf_{role}"]
        _verify_font(font, where)
        if "pdfa" in formats:
            from .writers.pdfa import embedding_problem

            problem = embedding_problem(font)
            if problem:
                raise ThemeError(where.theme_file, where.line, f"{font.name} {problem}")
    _verify_reference(theme)


def _verify_image(path: Path, where: FileSetting) -> None:
    from PIL import Image, UnidentifiedImageError

    def refuse(message: str) -> ThemeError:
        return ThemeError(where.theme_file, where.line, f"the logo {path.name} {message}")

    try:
        with Image.open(path, formats=("PNG", "JPEG")) as image:
            width, height = image.size
            if width * height > LOGO_PIXEL_LIMIT:
                raise refuse(f"is {width} × {height} pixels; a logo has at most {LOGO_PIXEL_LIMIT:,} pixels")
            image.load()
            kind = image.format
    except Image.DecompressionBombError:  # a subclass of Exception, not OSError
        raise refuse(f"has more pixels than is safe to open; a logo has at most {LOGO_PIXEL_LIMIT:,} pixels") from None
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError) as exc:
        raise refuse(f"cannot be read as a PNG or JPEG image: {exc}") from None
    # The Word report places the logo through python-docx, which reads fewer JPEGs than
    # Pillow does (none without a JFIF or Exif header, such as Adobe's CMYK ones).
    from docx.image.image import Image as WordImage

    try:
        WordImage.from_file(str(path))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for what it cannot read
        raise refuse(f"is a {kind} image the Word report cannot hold (python-docx reads JPEG with a JFIF or "
                     "Exif header only, not e.g. Adobe CMYK): save it again as PNG, or as an RGB JPEG") from None


# What the font check draws: the letters the documents need most, as rendering would.
FONT_SAMPLE = "Åäö ÅÄÖ é – 0123 Abc"


def _verify_font(path: Path, where: FileSetting) -> None:
    """The font as rendering uses it: read (with its checksums), a sample measured, and
    subset as the PDF embeds it (`makeSubset`, what reportlab calls when it writes the
    font): a font can pass the first and break at the last (a garbled `glyf`, no glyphs,
    no units per em). Nothing is registered, so a broken font leaves nothing behind."""
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

    step = "cannot be read"
    try:
        face = TTFontFile(str(path), validate=1)
        step = "cannot measure text"
        TTFont("exporter-check", str(path)).stringWidth(FONT_SAMPLE, 10)
        step = "breaks when subset for the PDF"
        face.makeSubset([*range(32), *sorted({ord(ch) for ch in FONT_SAMPLE})])
    except Exception as exc:  # noqa: BLE001 - reportlab raises many kinds for a broken font
        reason = str(exc) or type(exc).__name__
        raise ThemeError(where.theme_file, where.line,
                         f"{path.name} is not a usable TrueType font: it {step} ({reason})") from None


def _verify_reference(theme: Theme) -> None:
    """The template's own reference.docx (the default one is ours): a regular file in the
    template folder, a zip within the limits whose XML parts are well-formed, that
    python-docx opens."""
    given = theme.directory / REFERENCE
    if not (given.exists() or given.is_symlink()):
        return
    if not inside(theme.directory, given):
        raise ThemeError(given, None, "leads out of the template folder (a symbolic link); refused")
    if given.resolve() == (default_template_dir() / REFERENCE).resolve():
        return  # the default template's own, shipped with the package
    if not given.is_file():
        raise ThemeError(given, None, "is not a regular file")
    size = given.stat().st_size
    if size > REFERENCE_SIZE_LIMIT:
        raise ThemeError(given, None, f"is {size:,} bytes; a reference document has at most {REFERENCE_SIZE_LIMIT:,}")
    try:
        with zipfile.ZipFile(given) as package:
            members = package.infolist()
            if len(members) > REFERENCE_MEMBERS:
                raise ThemeError(given, None, f"holds {len(members):,} parts; at most {REFERENCE_MEMBERS:,} are read")
            total = 0
            for member in members:
                total += _verify_part(given, package, member, REFERENCE_TOTAL_LIMIT - total)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise ThemeError(given, None, f"is not a Word document (.docx): {exc}") from None
    _open_with_python_docx(given)


def _verify_part(given: Path, package: zipfile.ZipFile, member: zipfile.ZipInfo, room: int) -> int:
    """The size of one part, read in pieces and never past the limits (a zip's own
    sizes may lie); XML parts are parsed and refused where not well-formed or where
    they declare a document type (Word never writes one; entities could expand)."""
    limit = min(REFERENCE_MEMBER_LIMIT, room)
    parser = None
    if member.filename.endswith((".xml", ".rels")):
        parser = expat.ParserCreate()

        def no_doctype(*_args) -> None:
            raise ThemeError(given, None, f"{member.filename} declares a document type; refused")

        parser.StartDoctypeDeclHandler = no_doctype
        parser.EntityDeclHandler = no_doctype
    size = 0
    with package.open(member) as part:
        while piece := part.read(1 << 16):
            size += len(piece)
            if size > limit:
                what = "part" if limit == REFERENCE_MEMBER_LIMIT else "all parts together"
                raise ThemeError(given, None, f"{member.filename} unpacks to more than {limit:,} bytes "
                                 f"(the limit of {what}); refused")
            if parser is not None:
                _feed(given, member, parser, piece, False)
    if parser is not None:
        _feed(given, member, parser, b"", True)
    return size


def _feed(given: Path, member: zipfile.ZipInfo, parser, piece: bytes, final: bool) -> None:
    try:
        parser.Parse(piece, final)
    except expat.ExpatError as exc:
        raise ThemeError(given, None, f"{member.filename} is not well-formed XML: {exc}") from None


def _open_with_python_docx(given: Path) -> None:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(given))
        document.styles.element  # noqa: B018 - the styles part is what the report reads
    except (PackageNotFoundError, KeyError, ValueError, AttributeError, zipfile.BadZipFile) as exc:
        raise ThemeError(given, None, f"is not a Word document (.docx) python-docx can open: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - lxml and python-docx raise many kinds
        raise ThemeError(given, None, f"cannot be used as the reference document: {type(exc).__name__}: {exc}") from None
