"""The theme: committees, status vocabulary and the documents' own words.

A theme is a folder holding `theme.toml` and whatever files the writers read
(the Word reference document, a logo). The default theme lives in
`templates/default/`; a custom theme folder needs to hold only what it
changes: every value it leaves out comes from the default theme.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .model import Status

__all__ = ["LANGUAGES", "LANGUAGE_TAGS", "Theme", "StatusStyle", "Logo", "FileSetting", "ThemeError", "default_template_dir", "load_theme"]

LANGUAGES = ("sv", "en")
# The language tag documents declare for each language of their own words.
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
THEME_FILE = "theme.toml"
# What a handout's title page can say besides title, period and date, from [report] or build options.
HANDOUT_FACTS = ("case_number", "meeting", "contact")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CODE = re.compile(r"^[A-ZÅÄÖ][A-ZÅÄÖ0-9]{0,9}$")


class ThemeError(Exception):
    """A theme that cannot be used; says which file and, where known, which line."""

    def __init__(self, file: str | Path, line: int | None, message: str) -> None:
        self.file = str(file)
        self.line = line
        self.message = message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: error: {message}")


def default_template_dir() -> Path:
    """The folder of the default template, shipped with the package."""
    try:
        return Path(str(resources.files("exporter.templates") / "default"))
    except ModuleNotFoundError:
        # Running from a source checkout that shadows the installed package.
        return Path(__file__).resolve().parent.parent / "templates" / "default"


@dataclass(frozen=True, eq=False)
class StatusStyle:
    """How the documents show one status."""

    status: Status
    words: Mapping[str, str]
    colour: str
    symbol: str
    phrases: tuple[str, ...]
    labels: tuple[str, ...]

    @property
    def rgb(self) -> tuple[int, int, int]:
        h = self.colour.lstrip("#")
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)

    @property
    def hex(self) -> str:
        """The colour as six upper-case hex digits, as Word and Excel write it."""
        return self.colour.lstrip("#").upper()


@dataclass(frozen=True, eq=False)
class Logo:
    """The organisation's logo (PNG or JPEG) with its alternative text in each language."""

    path: Path
    alt: Mapping[str, str]


@dataclass(frozen=True)
class FileSetting:
    """Where the theme named a file: for messages that point at the line."""

    theme_file: Path
    line: int | None


@dataclass(frozen=True, eq=False)
class Theme:
    """Everything the writers need to know about how documents look and speak."""

    directory: Path
    organisation: str
    titles: Mapping[str, str]
    workbook_titles: Mapping[str, str]
    keywords: Mapping[str, str]
    fonts: Mapping[str, str]
    committees: Mapping[str, str]
    statuses: Mapping[Status, StatusStyle]
    words: Mapping[str, Mapping[str, str]]
    logo: Logo | None = None
    pdf_fonts: Mapping[str, Path] = field(default_factory=dict)  # "body", "bold", "italic": TrueType files
    file_settings: Mapping[str, FileSetting] = field(default_factory=dict)
    accent: str = "#17375E"  # headings and rules, "#RRGGBB"
    handout: Mapping[str, str] = field(default_factory=dict)  # HANDOUT_FACTS given in [report]

    # -- words ----------------------------------------------------------------

    def word(self, key: str, lang: str = "sv", **values: object) -> str:
        """The document word `key` in `lang`, with `{placeholders}` filled from `values`."""
        text = self.words[lang][key]
        return text.format(**values) if values else text

    def period_name(self, period, lang: str = "sv") -> str:
        """A period in words: "Tertial 1 2022"."""
        return self.word("period", lang, tertial=period.tertial, year=period.year)

    def period_short(self, period, lang: str = "sv") -> str:
        """A period in short: "T1 2022"."""
        return self.word("period_short", lang, tertial=period.tertial, year=period.year)

    def report_title(self, lang: str = "sv") -> str:
        return self.titles[lang]

    def workbook_title(self, lang: str = "sv") -> str:
        return self.workbook_titles[lang]

    # -- statuses -------------------------------------------------------------

    def status_style(self, status: Status) -> StatusStyle:
        return self.statuses[status]

    def status_words(self, status: Status, lang: str = "sv") -> str:
        return self.statuses[status].words[lang]

    # -- committees -------------------------------------------------------------

    def committee_name(self, code: str) -> str:
        """The committee's full name, or the code itself where the table lacks it."""
        return self.committees.get(code, code)

    def committee_code(self, name: str) -> str | None:
        """The code of a committee named in full, ignoring case and white space."""
        return self._codes_by_name.get(_fold(name))

    @property
    def _codes_by_name(self) -> dict[str, str]:
        cached = self.__dict__.get("_names")
        if cached is None:
            cached = {_fold(name): code for code, name in self.committees.items()}
            object.__setattr__(self, "_names", cached)
        return cached

    def responsible(self, codes, lang: str = "sv") -> str:
        """The committees in words, or the word for none where there are none."""
        return self.committees_in_words(codes) if codes else self.word("other_committees", lang)

    def group_name(self, group: str | Status, lang: str = "sv") -> str:
        """The heading of a group of `RecordSet.groups`: a status, a committee, or none."""
        if isinstance(group, Status):
            return self.status_words(group, lang)
        return self.responsible((group,) if group else (), lang)

    def committees_in_words(self, codes, with_codes: bool = True) -> str:
        """ "Kommunstyrelsen (KS), Social- och arbetsmarknadsnämnden (SAN)" """
        parts = []
        for code in codes:
            name = self.committee_name(code)
            parts.append(f"{name} ({code})" if with_codes and name != code else name)
        return ", ".join(parts)

    # -- files ------------------------------------------------------------------

    def resource(self, name: str) -> Path | None:
        """A file of the theme folder, else of the default template, else None."""
        for folder in (self.directory, default_template_dir()):
            candidate = folder / name
            if candidate.is_file():
                return candidate
        return None

    def verify(self) -> None:
        """Open the theme's logo and font files for real (cheap checks ran at load);
        raises ThemeError naming the theme file and line. Run before writing anything."""
        if self.logo is not None:
            _verify_image(self.logo.path, self.file_settings["logo.file"])
        for role, font in self.pdf_fonts.items():
            _verify_font(font, self.file_settings[f"fonts.pdf_{role}"])


def _verify_image(path: Path, where: FileSetting) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            kind = image.format
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise ThemeError(where.theme_file, where.line, f"the logo {path.name} cannot be read as an image: {exc}") from None
    if kind not in ("PNG", "JPEG"):
        raise ThemeError(where.theme_file, where.line, f"the logo {path.name} is {kind}; use PNG or JPEG")


def _verify_font(path: Path, where: FileSetting) -> None:
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    try:
        TTFontFile(str(path), validate=1)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError) as exc:
        raise ThemeError(where.theme_file, where.line, f"{path.name} is not a usable TrueType font: {exc}") from None


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


# -- loading ------------------------------------------------------------------


def _read_toml(path: Path) -> tuple[dict, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ThemeError(path, None, f"cannot read the theme: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ThemeError(path, None, "the theme is not UTF-8 text") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(m.group(1)) if m else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ThemeError(path, line, f"not valid TOML: {message}") from None


def _line_of(text: str, table: str, key: str | None = None) -> int | None:
    """The line where `key` of `[table]` is set (best effort: TOML has no positions)."""
    lines = text.splitlines()
    header = re.compile(r"^\s*\[\s*" + re.escape(table).replace(r"\.", r"\s*\.\s*") + r"\s*\]\s*(#.*)?$")
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        # Dotted or inline keys: look for the key anywhere.
        start = -1
    if key is None:
        return start + 1 if start >= 0 else None
    pattern = re.compile(r"^\s*\"?" + re.escape(key) + r"\"?\s*=")
    for i in range(start + 1, len(lines)):
        if i > start + 1 and lines[i].lstrip().startswith("[") and start >= 0:
            break
        if pattern.match(lines[i]):
            return i + 1
    return start + 1 if start >= 0 else None


def _merge(base: dict, override: dict, additive: frozenset[str] = frozenset({"phrases", "labels"})) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value, additive)
        elif key in additive and isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = list(dict.fromkeys(merged[key] + value))
        else:
            merged[key] = value
    return merged


def load_theme(directory: str | Path | None = None) -> Theme:
    """Read the theme of a template folder, over the default theme.

    Raises ThemeError, naming the file and line, for anything that is not usable.
    """
    default_dir = default_template_dir()
    default_path = default_dir / THEME_FILE
    base, base_text = _read_toml(default_path)
    if directory is None:
        directory = default_dir
    directory = Path(directory)
    if not directory.is_dir():
        raise ThemeError(directory, None, "the template folder does not exist")
    path = directory / THEME_FILE
    if path.resolve() == default_path.resolve():
        raw, text = base, base_text
        merged = base
    else:
        if not path.is_file():
            raise ThemeError(path, None, f"the template folder has no {THEME_FILE}")
        raw, text = _read_toml(path)
        merged = _merge(base, raw)
    return _build(merged, raw, path, text, directory)


def _text_map(value: Any, path: Path, text: str, table: str, key: str) -> dict[str, str]:
    if isinstance(value, str):
        return {lang: value for lang in LANGUAGES}
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in LANGUAGES):
        raise ThemeError(
            path, _line_of(text, table, key), f"{table}.{key} needs a text for each of {', '.join(LANGUAGES)}"
        )
    return {lang: value[lang] for lang in LANGUAGES}


def _build(merged: dict, raw: dict, path: Path, text: str, directory: Path) -> Theme:
    known_tables = {"organisation", "report", "fonts", "colours", "committees", "status", "words", "logo"}
    for table in raw:
        if table not in known_tables:
            raise ThemeError(path, _line_of(text, table), f"unknown table [{table}]")

    organisation = merged.get("organisation", {}).get("name")
    if not isinstance(organisation, str) or not organisation.strip():
        raise ThemeError(path, _line_of(text, "organisation", "name"), "organisation.name must be a non-empty text")

    report = merged.get("report", {})
    titles = _text_map(report.get("title"), path, text, "report", "title")
    workbook_titles = _text_map(report.get("workbook_title"), path, text, "report", "workbook_title")
    keywords = _text_map(report.get("keywords", ""), path, text, "report", "keywords")
    handout: dict[str, str] = {}
    for key in HANDOUT_FACTS:
        value = report.get(key, "")
        if not isinstance(value, str):
            raise ThemeError(path, _line_of(text, "report", key), f"report.{key} must be a text")
        if value.strip():
            handout[key] = " ".join(value.split())

    accent = merged.get("colours", {}).get("accent")
    if not isinstance(accent, str) or not _COLOUR.match(accent):
        raise ThemeError(path, _line_of(text, "colours", "accent"), f"colours.accent {accent!r} is not a colour like #17375E")

    fonts = merged.get("fonts", {})
    for key in ("body", "heading"):
        if not isinstance(fonts.get(key), str) or not fonts[key].strip():
            raise ThemeError(path, _line_of(text, "fonts", key), f"fonts.{key} must be a font name")

    committees = merged.get("committees", {})
    for code, name in committees.items():
        if not _CODE.match(code):
            raise ThemeError(
                path, _line_of(text, "committees", code), f"committee code {code!r} must be capital letters, e.g. KS"
            )
        if not isinstance(name, str) or not name.strip():
            raise ThemeError(path, _line_of(text, "committees", code), f"committee {code} needs a full name")

    statuses: dict[Status, StatusStyle] = {}
    status_table = merged.get("status", {})
    codes = {s.value for s in Status}
    for code in status_table:
        if code not in codes:
            raise ThemeError(
                path,
                _line_of(text, f"status.{code}"),
                f"unknown status code {code!r}; the codes are {', '.join(sorted(codes))}",
            )
    seen_phrases: dict[str, str] = {}
    for status in Status:
        table = f"status.{status.value}"
        entry = status_table.get(status.value)
        if not isinstance(entry, dict):
            raise ThemeError(path, None, f"[{table}] is missing")
        colour = entry.get("colour")
        if not isinstance(colour, str) or not _COLOUR.match(colour):
            raise ThemeError(path, _line_of(text, table, "colour"), f"{table}.colour {colour!r} is not a colour like #2E7D32")
        symbol = entry.get("symbol")
        if not isinstance(symbol, str) or not symbol.strip() or len(symbol) > 3:
            raise ThemeError(path, _line_of(text, table, "symbol"), f"{table}.symbol must be one to three characters")
        phrases, labels = entry.get("phrases", []), entry.get("labels", [])
        for name, items in (("phrases", phrases), ("labels", labels)):
            if not isinstance(items, list) or not all(isinstance(p, str) and p.strip() for p in items):
                raise ThemeError(path, _line_of(text, table, name), f"{table}.{name} must be a list of texts")
        for phrase in phrases:
            key = _fold(phrase)
            if seen_phrases.setdefault(key, status.value) != status.value:
                raise ThemeError(
                    path,
                    _line_of(text, table, "phrases"),
                    f"the phrase {phrase!r} is given to both {seen_phrases[key]} and {status.value}",
                )
        statuses[status] = StatusStyle(
            status=status,
            words=_text_map(entry.get("words"), path, text, table, "words"),
            colour=colour,
            symbol=symbol,
            phrases=tuple(phrases),
            labels=tuple(labels),
        )

    words_table = merged.get("words", {})
    required = set(words_table.get("sv", {})) | set(words_table.get("en", {}))
    words: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        lang_words = words_table.get(lang, {})
        missing = sorted(required - set(lang_words))
        if missing:
            raise ThemeError(path, _line_of(text, f"words.{lang}"), f"words.{lang} lacks {', '.join(missing)}")
        for key, value in lang_words.items():
            if not isinstance(value, str):
                raise ThemeError(path, _line_of(text, f"words.{lang}", key), f"words.{lang}.{key} must be a text")
        words[lang] = dict(lang_words)

    file_settings: dict[str, FileSetting] = {}
    logo = None
    logo_table = raw.get("logo", {})
    if logo_table.get("file"):
        line = _line_of(text, "logo", "file")
        file_settings["logo.file"] = FileSetting(path, line)
        logo_path = _theme_file(directory, logo_table["file"], path, line, "logo.file")
        head = logo_path.read_bytes()[:8]
        if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
            raise ThemeError(path, line, f"the logo {logo_path.name} is not a PNG or JPEG image")
        alt = _text_map(logo_table.get("alt"), path, text, "logo", "alt")
        logo = Logo(logo_path, alt)
    elif "logo" in raw:
        raise ThemeError(path, _line_of(text, "logo"), '[logo] needs file = "logo.png" (a PNG or JPEG in the template folder)')

    pdf_fonts: dict[str, Path] = {}
    for role in ("body", "bold", "italic"):
        key = f"pdf_{role}"
        value = raw.get("fonts", {}).get(key)
        if value:
            line = _line_of(text, "fonts", key)
            file_settings[f"fonts.{key}"] = FileSetting(path, line)
            font_path = _theme_file(directory, value, path, line, f"fonts.{key}")
            head = font_path.read_bytes()[:4]
            if head == b"OTTO":
                raise ThemeError(path, line, f"{font_path.name} is an OpenType/CFF font; the PDF needs a TrueType (.ttf) font")
            if head not in (b"\x00\x01\x00\x00", b"true"):
                raise ThemeError(path, line, f"{font_path.name} is not a TrueType font (.ttf)")
            pdf_fonts[role] = font_path
    for role in ("bold", "italic"):
        if role in pdf_fonts and "body" not in pdf_fonts:
            raise ThemeError(path, _line_of(text, "fonts", f"pdf_{role}"), f"fonts.pdf_{role} needs fonts.pdf_body too")

    return Theme(
        directory=directory,
        organisation=organisation.strip(),
        titles=titles,
        workbook_titles=workbook_titles,
        keywords=keywords,
        fonts={k: str(v) for k, v in fonts.items()},
        committees=dict(committees),
        statuses=statuses,
        words=words,
        logo=logo,
        pdf_fonts=pdf_fonts,
        file_settings=file_settings,
        accent=accent,
        handout=handout,
    )


def _theme_file(directory: Path, name: Any, theme_file: Path, line: int | None, key: str) -> Path:
    if not isinstance(name, str):
        raise ThemeError(theme_file, line, f"{key} must be a file name")
    candidate = (directory / name).resolve()
    if not candidate.is_file():
        # A file the template folder lacks is the default template's, if it has it
        # (a copy made by `template init` names the default fonts without holding them).
        candidate = (default_template_dir() / name).resolve()
        if not candidate.is_file():
            raise ThemeError(theme_file, line, f"{key}: no file {name!r} in the template folder")
    return candidate
