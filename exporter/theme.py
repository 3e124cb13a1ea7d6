"""The theme: committees, status vocabulary and the documents' own words.

A theme is a folder holding `theme.toml` and whatever files the writers read
(the Word reference document, a logo). The default theme lives in
`templates/default/`; a custom theme folder needs to hold only what it
changes: every value it leaves out comes from the default theme.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .model import Status, fold, normalise_space

__all__ = [
    "LANGUAGES", "LANGUAGE_TAGS", "Theme", "StatusStyle", "Logo", "FileSetting", "ThemeError", "default_template_dir",
    "load_theme", "fill", "placeholders", "inside", "WORKBOOK_NAME_WORDS", "excel_table_name", "workbook_name_problem",
]

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
    # Keys of the theme that mean nothing, as "FILE:LINE: warning: MESSAGE" lines.
    warnings: tuple[str, ...] = ()
    accent: str = "#17375E"  # headings and rules, "#RRGGBB"
    # The organisation is still the default template's neutral name ("Kommunen").
    organisation_is_default: bool = False
    handout: Mapping[str, str] = field(default_factory=dict)  # HANDOUT_FACTS given in [report]

    # -- words ----------------------------------------------------------------

    def word(self, key: str, lang: str = "sv", **values: object) -> str:
        """The document word `key` in `lang`, with its `{placeholders}` filled from `values`.

        Only named fields are filled, each with the text of its value (`{{` and `}}` are
        braces): never attribute or index look-ups, so a theme cannot reach into objects.
        A placeholder without a value stays as written."""
        return fill(self.words[lang][key], {name: str(value) for name, value in values.items()})

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
        return self._codes_by_name.get(fold(name))

    @property
    def longest_committee_name(self) -> int:
        """The length of the longest committee name of the table, folded (`fold`)."""
        cached = self.__dict__.get("_longest")
        if cached is None:
            cached = max((len(name) for name in self._codes_by_name), default=0)
            object.__setattr__(self, "_longest", cached)
        return cached

    @property
    def _codes_by_name(self) -> dict[str, str]:
        cached = self.__dict__.get("_names")
        if cached is None:
            cached = {fold(name): code for code, name in self.committees.items()}
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
            if candidate.is_file() and inside(folder, candidate):
                return candidate.resolve()
        return None





# -- words ------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders(text: str) -> tuple[str, ...] | str:
    """The field names a word uses, in order; or, where it is not a valid word, what is
    wrong with it (a brace that opens no `{name}`, a `{x.y}` or `{0}` placeholder)."""
    names = []
    at = 0
    for m in _PLACEHOLDER.finditer(text):
        stray = text[at : m.start()]
        if "{" in stray or "}" in stray:
            break
        if m.group(1):
            names.append(m.group(1))
        at = m.end()
    else:
        stray = text[at:]
        if "{" not in stray and "}" not in stray:
            return tuple(names)
    return "a brace that is not part of a {name} placeholder (write {{ and }} for braces)"


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each `{name}` of `values` replaced by its value; `{{`, `}}` become braces."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name is None:
            return m.group(0)[0]
        return values.get(name, m.group(0))

    return _PLACEHOLDER.sub(one, text)


# -- the workbook's names: Excel's rules -------------------------------------------------

# The words the workbook (`xlsx` writer) names things with, by kind; the words of a kind
# must differ from each other, case ignored.
WORKBOOK_NAME_WORDS: dict[str, tuple[str, ...]] = {
    "sheet": ("sheet_summary", "sheet_matrix", "sheet_records", "sheet_responsibility"),
    "table": ("matrix_table", "records_table"),
    "matrix column": ("assignment", "lead_committee", "other_committees_column"),
    "records column": ("title", "committees", "period_column", "status", "status_text", "comment", "year", "tertial",
                       "status_code", "source_file", "source_line"),
}
SHEET_NAME_LIMIT = 31  # characters of a sheet's name
TABLE_NAME_LIMIT = 255  # characters of a table's name and of a table column's name
_SHEET_FORBIDDEN = frozenset("/\\?*[]:")
# Table names Excel takes for a cell reference: A1 (to XFD1048576) and R1C1 styles, R, C.
_CELL_REFERENCE = re.compile(r"[a-z]{1,3}[0-9]+|r[0-9]*c?[0-9]*|c[0-9]*", re.IGNORECASE)
# The status matrix names a column for each period by its label ("T1 2022").
_PERIOD_LABEL = re.compile(r"t[123] [0-9]{4}", re.IGNORECASE)


def excel_table_name(word: str) -> str:
    """The table name the workbook makes of a theme word: each character that is not a
    letter or digit an underscore, and "T_" before a name that does not start with a letter."""
    name = "".join(ch if ch.isalnum() else "_" for ch in word)
    return name if name[:1].isalpha() else f"T_{name}"


def workbook_name_problem(kind: str, word: str) -> str | None:
    """What Excel refuses in `word` as a name of the `kind` of `WORKBOOK_NAME_WORDS`
    (sheet, table, matrix column, records column), in words; None where it is fine."""
    if not word.strip():
        return "is empty; Excel needs a name"
    if kind == "sheet":
        bad = sorted(set(word) & _SHEET_FORBIDDEN)
        if bad:
            return f"holds {' '.join(bad)}, which Excel forbids in a sheet's name (/ \\ ? * [ ] :)"
        if len(word) > SHEET_NAME_LIMIT:
            return f"is {len(word)} characters long; a sheet's name in Excel has at most {SHEET_NAME_LIMIT}"
        if word[0] == "'" or word[-1] == "'":
            return "starts or ends with ', which Excel forbids in a sheet's name"
        if word.casefold() == "history":
            return "is History, a sheet name Excel keeps for itself"
        return None
    if kind == "table":
        name = excel_table_name(word)
        if len(name) > TABLE_NAME_LIMIT:
            return f"makes a table name of {len(name)} characters; Excel's have at most {TABLE_NAME_LIMIT}"
        if _CELL_REFERENCE.fullmatch(name):
            return f"makes the table name {name!r}, which Excel takes for a cell reference"
        return None
    if len(word) > TABLE_NAME_LIMIT:
        return f"is {len(word)} characters long; a table column's name in Excel has at most {TABLE_NAME_LIMIT}"
    if kind == "matrix column" and _PERIOD_LABEL.fullmatch(word.strip()):
        return "reads as a period's label, which names a column of the status matrix"
    return None


# -- paths in the template folder -----------------------------------------------------


def inside(folder: Path, path: Path) -> bool:
    """Whether `path`, with every symbolic link followed, lies in `folder`."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


# -- loading ------------------------------------------------------------------

THEME_SIZE_LIMIT = 1 << 20  # bytes of theme.toml
TEXT_LIMIT = 1000  # characters of any one text of a theme
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _read_toml(path: Path) -> tuple[dict, str]:
    try:
        if path.stat().st_size > THEME_SIZE_LIMIT:
            raise ThemeError(path, None, f"the theme is larger than {THEME_SIZE_LIMIT // 1024} KB")
        raw = path.read_bytes()
    except OSError as exc:
        raise ThemeError(path, None, f"cannot read the theme: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ThemeError(path, None, "the theme is not UTF-8 text") from None
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)  # as the inputs are read
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(m.group(1)) if m else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ThemeError(path, line, f"not valid TOML: {message}") from None
    except RecursionError:
        raise ThemeError(path, None, "not valid TOML: values nested too deeply") from None


def _line_of(text: str, table: str, key: str | None = None) -> int | None:
    """The line where `key` of `[table]` is set (best effort: TOML has no positions): in
    the table's section, else the table's header line; where the file has no header of
    the table (dotted or inline keys), the first line that sets `key` anywhere. Looked up
    in an index of the text made in one pass (`_TomlLines`), so that a warning for each
    of thousands of keys does not read the file again for each."""
    return _TomlLines.of(text).line_of(table, key)


_TABLE_HEADER = re.compile(r"\s*\[\s*([^\[\]#]*?)\s*\]\s*(?:#.*)?")
_KEY_SET = re.compile(r'\s*(?:"([^"]*)"|([^=]*?))\s*=')
_DOTS = re.compile(r"\s*\.\s*")


class _TomlLines:
    """Where each `[table]` header and each `key =` stands in a theme.toml, from one
    pass over its lines."""

    _last: tuple[str, _TomlLines] | None = None

    def __init__(self, text: str) -> None:
        self.headers: dict[str, int] = {}  # table -> line of its first header
        self.keys: dict[tuple[int, str], int] = {}  # (line of the section's header or 0, key) -> line
        self.anywhere: dict[str, int] = {}  # key -> first line that sets it
        section = 0
        for number, line in enumerate(text.split("\n"), start=1):
            header = _TABLE_HEADER.fullmatch(line.rstrip("\r"))
            if header is not None:
                section = number
                self.headers.setdefault(_DOTS.sub(".", header.group(1)), number)
                continue
            found = _KEY_SET.match(line)
            if found is not None:
                key = found.group(1) if found.group(1) is not None else found.group(2)
                self.keys.setdefault((section, key), number)
                self.anywhere.setdefault(key, number)

    @classmethod
    def of(cls, text: str) -> _TomlLines:
        """The index of `text`, made once for the text a theme is loaded from."""
        last = cls._last
        if last is None or last[0] is not text:
            last = (text, cls(text))
            cls._last = last
        return last[1]

    def line_of(self, table: str, key: str | None) -> int | None:
        header = self.headers.get(table)
        if key is None:
            return header
        if header is None:
            return self.anywhere.get(key)
        return self.keys.get((header, key), header)


def _merge(base: dict, override: dict, additive: frozenset[str] = frozenset({"phrases", "labels"})) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value, additive)
        elif (key in additive and isinstance(value, list) and isinstance(merged.get(key), list)
              and all(isinstance(item, str) for item in value)):  # anything else is refused later
            merged[key] = list(dict.fromkeys(merged[key] + value))
        else:
            merged[key] = value
    return merged


def load_theme(directory: str | Path | None = None) -> Theme:
    """Read the theme of a template folder, over the default theme.

    Raises ThemeError, naming the file and line, for anything that is not usable; keys
    that mean nothing are kept in `Theme.warnings`, each with its file and line.
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
    else:
        if not path.is_file():
            raise ThemeError(path, None, f"the template folder has no {THEME_FILE}")
        if not inside(directory, path):
            raise ThemeError(path, None, f"{THEME_FILE} leads out of the template folder")
        raw, text = _read_toml(path)
    return _Loader(base, raw, path, text, directory).theme()


# What each table may hold; a key outside these is warned about (a misspelling, or a
# key in the wrong table, does nothing).
_STATUS_CODES = frozenset(s.value for s in Status)
_KEYS: dict[str, frozenset[str] | None] = {
    "organisation": frozenset({"name"}),
    "report": frozenset({"title", "workbook_title", "keywords", *("case_number", "meeting", "contact")}),
    "colours": frozenset({"accent"}),
    "fonts": frozenset({"body", "heading", "pdf_body", "pdf_bold", "pdf_italic"}),
    "logo": frozenset({"file", "alt"}),
    "committees": None,  # any code
    "status": _STATUS_CODES,
    "words": frozenset(LANGUAGES),
}
_STATUS_KEYS = frozenset({"words", "colour", "symbol", "phrases", "labels"})


class _Loader:
    """The theme of one theme.toml over the default one: one validator per table, each
    raising ThemeError with the file and line of what it refuses."""

    def __init__(self, base: dict, raw: dict, path: Path, text: str, directory: Path) -> None:
        self.base, self.raw, self.path, self.text, self.directory = base, raw, path, text, directory
        self.warnings: list[str] = []
        self.file_settings: dict[str, FileSetting] = {}

    def error(self, line: int | None, message: str) -> ThemeError:
        return ThemeError(self.path, line, message)

    def warn(self, line: int | None, message: str) -> None:
        where = f"{self.path}:{line}" if line else str(self.path)
        self.warnings.append(f"{where}: warning: {message}")

    def table(self, name: str, raw: Mapping | None = None, base: Mapping | None = None) -> dict:
        """The table `name` (dotted for sub-tables) of the theme over the default; a value
        where a table belongs is refused."""
        *parents, last = name.split(".")
        raw = self.raw if raw is None else raw
        base = self.base if base is None else base
        for part in parents:
            raw, base = raw.get(part, {}), base.get(part, {})
        own, default = raw.get(last, {}), base.get(last, {})
        if not isinstance(own, dict):
            raise self.error(_line_of(self.text, name.rpartition(".")[0] or name, last) or _line_of(self.text, name),
                             f"{name} must be a table ([{name}]), not a {_kind(own)}")
        return _merge(default, own) if isinstance(default, dict) else own

    def theme(self) -> Theme:
        self.check_tables()
        self.check_texts(self.raw, ())
        logo = self.logo()
        pdf_fonts = self.pdf_fonts()
        return Theme(
            directory=self.directory,
            organisation=self.organisation(),
            titles=self.text_map("report", "title"),
            workbook_titles=self.text_map("report", "workbook_title"),
            keywords=self.text_map("report", "keywords", ""),
            fonts=self.fonts(),
            committees=self.committees(),
            statuses=self.statuses(),
            words=self.words(),
            logo=logo,
            pdf_fonts=pdf_fonts,
            file_settings=self.file_settings,
            warnings=tuple(self.warnings),
            accent=self.accent(),
            organisation_is_default=self.organisation() == self.base.get("organisation", {}).get("name"),
            handout=self.handout(),
        )

    # -- the whole file ------------------------------------------------------------

    def known(self, table: str) -> frozenset[str] | None:
        """The keys `table` may hold: those named above and those the default theme sets
        (None: any key)."""
        if table.startswith("status."):
            named: frozenset[str] | None = _STATUS_KEYS
        elif table in _KEYS:
            named = _KEYS[table]
        else:
            named = frozenset()
        if named is None:
            return None
        default = self.base
        for part in table.split("."):
            default = default.get(part, {}) if isinstance(default, dict) else {}
        return named | frozenset(default if isinstance(default, dict) else ())

    def check_tables(self) -> None:
        for name, value in self.raw.items():
            if name not in _KEYS and name not in self.base:
                if isinstance(value, dict):
                    raise self.error(_line_of(self.text, name), f"unknown table [{name}]")
                self.warn(_line_of(self.text, "", name), f"{name} means nothing at the top of the theme; "
                          "it belongs in a table (e.g. name in [organisation])")
                continue
            self.table(name)  # a table, not a value
            self.check_keys(name, self.raw[name])
        own_statuses = self.raw.get("status", {})
        for code, entry in own_statuses.items():
            if isinstance(entry, dict) and code in _STATUS_CODES:
                self.check_keys(f"status.{code}", entry)

    def check_keys(self, table: str, entries: Mapping[str, Any]) -> None:
        allowed = self.known(table)
        if allowed is None:
            return
        for key in entries:
            if key not in allowed:
                self.warn(_line_of(self.text, table, key), f"unknown key {key!r} in [{table}]; it means nothing "
                          f"(known: {', '.join(sorted(allowed))})")

    def check_texts(self, value: Any, keys: tuple[str, ...]) -> None:
        """Every text of the theme: no control characters, at most TEXT_LIMIT characters."""
        if isinstance(value, dict):
            for key, item in value.items():
                self.check_texts(key, keys)
                self.check_texts(item, (*keys, key))
        elif isinstance(value, list):
            for item in value:
                self.check_texts(item, keys)
        elif isinstance(value, str):
            name = ".".join(keys) or "a key"
            bad = _CONTROL.search(value)
            if bad:  # (the line is looked up only for a fault: it is a search of the whole file)
                raise self.error(self.line_of_path(keys), f"{name} holds the control character "
                                 f"U+{ord(bad.group()):04X}; a theme's texts hold no control characters")
            if len(value) > TEXT_LIMIT:
                raise self.error(self.line_of_path(keys), f"{name} is {len(value):,} characters long; a theme's "
                                 f"texts hold at most {TEXT_LIMIT:,}")

    def line_of_path(self, keys: tuple[str, ...]) -> int | None:
        """The line of a value given by its keys, in a [table] or an inline table."""
        for i in range(len(keys), 0, -1):
            table = ".".join(keys[: i - 1])
            if not table or _line_of(self.text, table) is not None:
                return _line_of(self.text, table, keys[i - 1])
        return None

    # -- one validator per table ---------------------------------------------------------

    def organisation(self) -> str:
        name = self.table("organisation").get("name")
        if not isinstance(name, str) or not name.strip():
            raise self.error(_line_of(self.text, "organisation", "name"), "organisation.name must be a non-empty text")
        return name.strip()

    def text_map(self, table: str, key: str, default: str | None = None) -> dict[str, str]:
        value = self.table(table).get(key, default)
        if isinstance(value, str):
            return {lang: value for lang in LANGUAGES}
        if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in LANGUAGES):
            raise self.error(_line_of(self.text, table, key), f"{table}.{key} needs a text for each of {', '.join(LANGUAGES)}")
        return {lang: value[lang] for lang in LANGUAGES}

    def handout(self) -> dict[str, str]:
        """The title page's facts the theme gives (case number, meeting, contact)."""
        report = self.table("report")
        facts: dict[str, str] = {}
        for key in HANDOUT_FACTS:
            value = report.get(key, "")
            if not isinstance(value, str):
                raise self.error(_line_of(self.text, "report", key), f"report.{key} must be a text")
            if value.strip():
                facts[key] = normalise_space(value)
        return facts

    def accent(self) -> str:
        accent = self.table("colours").get("accent")
        if not isinstance(accent, str) or not _COLOUR.match(accent):
            raise self.error(_line_of(self.text, "colours", "accent"),
                             f"colours.accent {accent!r} is not a colour like #17375E")
        return accent

    def fonts(self) -> dict[str, str]:
        fonts = self.table("fonts")
        for key in ("body", "heading"):
            if not isinstance(fonts.get(key), str) or not fonts[key].strip():
                raise self.error(_line_of(self.text, "fonts", key), f"fonts.{key} must be a font name")
        return {k: str(v) for k, v in fonts.items()}

    def committees(self) -> dict[str, str]:
        committees = self.table("committees")
        for code, name in committees.items():
            if not _CODE.match(code):
                raise self.error(_line_of(self.text, "committees", code),
                                 f"committee code {code!r} must be capital letters, e.g. KS")
            if not isinstance(name, str) or not name.strip():
                raise self.error(_line_of(self.text, "committees", code), f"committee {code} needs a full name")
        return dict(committees)

    def statuses(self) -> dict[Status, StatusStyle]:
        status_table = self.table("status")
        codes = {s.value for s in Status}
        for code in status_table:
            if code not in codes:
                raise self.error(_line_of(self.text, f"status.{code}"),
                                 f"unknown status code {code!r}; the codes are {', '.join(sorted(codes))}")
        seen_phrases: dict[str, str] = {}
        statuses: dict[Status, StatusStyle] = {}
        for status in Status:
            table = f"status.{status.value}"
            entry = self.table(table)
            colour = entry.get("colour")
            if not isinstance(colour, str) or not _COLOUR.match(colour):
                raise self.error(_line_of(self.text, table, "colour"), f"{table}.colour {colour!r} is not a colour like #2E7D32")
            symbol = entry.get("symbol")
            if not isinstance(symbol, str) or not symbol.strip() or len(symbol) > 3:
                raise self.error(_line_of(self.text, table, "symbol"), f"{table}.symbol must be one to three characters")
            phrases, labels = entry.get("phrases", []), entry.get("labels", [])
            for name, items in (("phrases", phrases), ("labels", labels)):
                if not isinstance(items, list) or not all(isinstance(p, str) and p.strip() for p in items):
                    raise self.error(_line_of(self.text, table, name), f"{table}.{name} must be a list of texts")
            for phrase in phrases:
                key = fold(phrase)
                if seen_phrases.setdefault(key, status.value) != status.value:
                    raise self.error(_line_of(self.text, table, "phrases"),
                                     f"the phrase {phrase!r} is given to both {seen_phrases[key]} and {status.value}")
            statuses[status] = StatusStyle(
                status=status,
                words=self.text_map(table, "words"),
                colour=colour,
                symbol=symbol,
                phrases=tuple(phrases),
                labels=tuple(labels),
            )
        return statuses

    def words(self) -> dict[str, dict[str, str]]:
        """Every word in both languages; placeholders only those the default theme's word
        of the same key uses."""
        self.table("words")  # a table, not a value
        default_words = self.base.get("words", {})
        fields: dict[str, set[str]] = {}
        for lang_words in default_words.values():
            for key, value in lang_words.items():
                found = placeholders(value)
                fields.setdefault(key, set()).update(found if isinstance(found, tuple) else ())
        langs = {lang: self.table(f"words.{lang}") for lang in LANGUAGES}
        required = set().union(*langs.values())
        words: dict[str, dict[str, str]] = {}
        for lang, lang_words in langs.items():
            table = f"words.{lang}"
            missing = sorted(required - set(lang_words))
            if missing:
                others = (_line_of(self.text, f"words.{other}", missing[0]) for other in LANGUAGES if other != lang)
                line = _line_of(self.text, table) or next((n for n in others if n), None)
                raise self.error(line, f"{table} lacks {', '.join(missing)}")

            def word_line(key: str, table: str = table) -> int | None:  # looked up only for a fault
                return _line_of(self.text, table, key)

            for key, value in lang_words.items():
                if not isinstance(value, str):
                    raise self.error(word_line(key), f"{table}.{key} must be a text")
                if key not in fields and key in self.raw.get("words", {}).get(lang, {}):
                    self.warn(word_line(key), f"{table}.{key} is a word no document prints")
                found = placeholders(value)
                if isinstance(found, str):
                    raise self.error(word_line(key), f"{table}.{key} has {found}")
                unknown = [name for name in found if name not in fields.get(key, ())]
                if unknown:
                    allowed = ", ".join(f"{{{n}}}" for n in sorted(fields.get(key, ()))) or "none"
                    raise self.error(word_line(key), f"{table}.{key} has the placeholder {{{unknown[0]}}}; "
                                     f"this word can use {allowed}")
            words[lang] = dict(lang_words)
            self.check_workbook_names(lang, words[lang], word_line)
        return words

    def check_workbook_names(self, lang: str, words: Mapping[str, str], word_line) -> None:
        """The words the workbook names its sheets, tables and table columns with, within
        Excel's rules (`workbook_name_problem`), so that no build fails halfway at them."""
        own = self.raw.get("words", {}).get(lang, {}) if isinstance(self.raw.get("words"), dict) else {}

        def refuse(keys: tuple[str, ...], problem: str) -> ThemeError:
            key = next((k for k in keys if k in own), keys[0])  # the line of a word this theme set
            return self.error(word_line(key), f"words.{lang}.{key} {problem}")

        for kind, keys in WORKBOOK_NAME_WORDS.items():
            seen: dict[str, str] = {}
            for key in keys:
                problem = workbook_name_problem(kind, words[key])
                if problem:
                    raise refuse((key,), problem)
                name = excel_table_name(words[key]) if kind == "table" else words[key]
                other = seen.setdefault(name.casefold(), key)
                if other != key:
                    what = {"sheet": "sheet", "table": "table", "matrix column": "column of the status matrix",
                            "records column": "column of the records' table"}[kind]
                    mine, theirs = (other, key) if other in own and key not in own else (key, other)
                    raise self.error(word_line(mine), f"words.{lang}.{mine} names the same {what} as "
                                     f"words.{lang}.{theirs} ({words[key]!r}); Excel needs them to differ "
                                     "(case is not a difference)")

    def logo(self) -> Logo | None:
        logo_table = self.table("logo", base={})
        if not logo_table.get("file"):
            if "logo" in self.raw:
                raise self.error(_line_of(self.text, "logo"),
                                 '[logo] needs file = "logo.png" (a PNG or JPEG in the template folder)')
            return None
        line = _line_of(self.text, "logo", "file")
        self.file_settings["logo.file"] = FileSetting(self.path, line)
        logo_path = self.file(logo_table["file"], line, "logo.file", LOGO_SIZE_LIMIT)
        head = _head(logo_path, 8)
        if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
            raise self.error(line, f"the logo {logo_path.name} is not a PNG or JPEG image")
        return Logo(logo_path, self.text_map("logo", "alt"))

    def pdf_fonts(self) -> dict[str, Path]:
        pdf_fonts: dict[str, Path] = {}
        own = self.raw.get("fonts", {})
        for role in ("body", "bold", "italic"):
            key = f"pdf_{role}"
            value = own.get(key) if isinstance(own, dict) else None
            if not value:
                continue
            line = _line_of(self.text, "fonts", key)
            self.file_settings[f"fonts.{key}"] = FileSetting(self.path, line)
            font_path = self.file(value, line, f"fonts.{key}", FONT_SIZE_LIMIT)
            head = _head(font_path, 4)
            if head == b"OTTO":
                raise self.error(line, f"{font_path.name} is an OpenType/CFF font; the PDF needs a TrueType (.ttf) font")
            if head not in (b"\x00\x01\x00\x00", b"true"):
                raise self.error(line, f"{font_path.name} is not a TrueType font (.ttf)")
            pdf_fonts[role] = font_path
        for role in ("bold", "italic"):
            if role in pdf_fonts and "body" not in pdf_fonts:
                raise self.error(_line_of(self.text, "fonts", f"pdf_{role}"), f"fonts.pdf_{role} needs fonts.pdf_body too")
        return pdf_fonts

    def file(self, name: Any, line: int | None, key: str, limit: int) -> Path:
        """A file the theme names: a relative path that stays in the template folder (no
        `..`, no absolute path, no symbolic link out of it), a regular file of at most
        `limit` bytes."""
        if not isinstance(name, str):
            raise self.error(line, f"{key} must be a file name")
        given = Path(name)
        if given.is_absolute() or ".." in given.parts:
            raise self.error(line, f"{key}: {name!r} must be a path inside the template folder")
        candidate = self.directory / given
        if not inside(self.directory, candidate):
            raise self.error(line, f"{key}: {name!r} leads out of the template folder (a symbolic link)")
        if not candidate.exists() and (default_template_dir() / given).is_file():
            # A file the template folder lacks is the default template's (a copy made by
            # `template init` names the default fonts without holding them).
            candidate = default_template_dir() / given
        if not candidate.is_file():
            raise self.error(line, f"{key}: no file {name!r} in the template folder")
        resolved = candidate.resolve()
        size = resolved.stat().st_size
        if size > limit:
            raise self.error(line, f"{key}: {name!r} is {size:,} bytes; at most {limit:,} are read")
        return resolved


LOGO_SIZE_LIMIT = 10 << 20  # bytes
FONT_SIZE_LIMIT = 50 << 20  # bytes


def _head(path: Path, size: int) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(size)


def _kind(value: Any) -> str:
    return {str: "text", int: "number", float: "number", bool: "true/false", list: "list"}.get(type(value), "value")
