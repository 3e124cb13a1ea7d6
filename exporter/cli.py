"""The command line: parse arguments, load the theme, call the library, print.

Standard output carries only what a command is asked for (JSON, the paths
written, the diagnostics of `check`); progress and diagnostics of other
commands go to standard error. Bad input never prints a traceback.
"""

from __future__ import annotations

import datetime as _dt
import functools
import logging
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import click

from .model import Level, Period, RecordSet
from .shown import shown, shown_lines
from .theme import LANGUAGES, Theme, ThemeError, load_theme
from .writers import BUILTIN as BUILTIN_WRITERS
from .writers.base import GROUPINGS, BuildOptions

DEFAULT_INPUT = "input"
DEFAULT_OUTPUT = "output"
DEFAULT_ARCHIVE = "arkiv"
DEFAULT_FORMATS = ("docx", "xlsx", "pdf")


# -- argument types ---------------------------------------------------------------


class PeriodType(click.ParamType):
    name = "PERIOD"

    def convert(self, value, param, ctx):
        if isinstance(value, Period):
            return value
        try:
            return Period.parse(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class DateType(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, _dt.date):
            return value
        if value == "today":
            return _dt.date.today()
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date like 2022-05-31 (or 'today')", param, ctx)


PERIOD = PeriodType()
DATE = DateType()


class InputProblem(click.ClickException):
    """A problem with what the user gave (a theme, a template), printed as it is."""

    def show(self, file=None) -> None:
        click.echo(shown_lines(self.format_message()), file=file, err=file is None)


def _theme(template: str | None) -> Theme:
    """The theme of `template` (its files are verified by the build, before it writes)."""
    try:
        theme = load_theme(template)
    except ThemeError as exc:
        raise InputProblem(str(exc)) from None
    for warning in theme.warnings:
        click.echo(shown(warning), err=True)
    return theme


def _read(paths: Sequence[str], theme: Theme, repair: bool, period: Period | None, recursive: bool) -> RecordSet:
    import exporter

    return exporter.read(paths, theme, repair=repair, period=period, recursive=recursive)


def _echo_diagnostics(record_set: RecordSet, levels: set[Level], err: bool) -> None:
    for diagnostic in record_set.diagnostics:
        if diagnostic.level in levels:
            click.echo(shown(str(diagnostic)), err=err)


def _echo_mended(record_set: RecordSet) -> None:
    """How many words split by old line breaks the reading joined (each is an info of
    `check`), said once the documents are written."""
    from .readers.repair import mended

    count = mended(record_set.diagnostics)
    if count:
        words = "1 word" if count == 1 else f"{count} words"
        click.echo(f"exporter: mended {words} split by old line breaks ('exporter check' lists them; "
                   "--keep-line-breaks keeps the text as written)", err=True)


def _input_paths(paths: Sequence[str]) -> Sequence[str]:
    """The PATH arguments, or input/ where there are none (said on standard error); a
    path that does not exist ends the command with one line naming it."""
    defaulted = not paths
    if defaulted:
        paths = (DEFAULT_INPUT,)
        click.echo(f"exporter: no PATH given; reading {DEFAULT_INPUT}/", err=True)
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        hint = f" (with no PATH, exporter reads {DEFAULT_INPUT}/ in the current folder)" if defaulted else ""
        raise InputProblem("\n".join(f"{p}: no such file or folder{hint}" for p in missing))
    return paths


def _selected_records(paths: Sequence[str], theme: Theme, shared: DocumentOptions,
                      committees: Sequence[str] = ()) -> RecordSet:
    """The records to build from: read, errors reported (and files skipped with
    --keep-going, else exit 1), filtered by period and committee (`RecordSet.for_documents`)."""
    periods = shared.periods
    assumed = periods[0] if len(periods) == 1 else None
    record_set = _read(paths, theme, shared.repair, assumed, shared.recursive)
    _echo_diagnostics(record_set, {Level.ERROR, Level.WARNING}, err=True)
    if record_set.errors:
        skipped = record_set.files_with_errors
        if not shared.keep_going:
            click.echo(
                f"exporter: {len(record_set.errors)} error(s) in the input; nothing written "
                "(--keep-going builds from the files without errors)",
                err=True,
            )
            sys.exit(1)
        click.echo(shown(f"exporter: skipped because of errors: {', '.join(skipped)}"), err=True)
        record_set = record_set.select(files=skipped)
    selected = record_set.for_documents(periods, record_set.committees_named(committees))
    if not selected.records:
        if record_set.records and (periods or committees):
            click.echo(shown(f"exporter: {record_set.nothing_for(periods, committees)}"), err=True)
        else:
            click.echo("exporter: no records to build from: the input holds none", err=True)
        sys.exit(1)
    return selected


# -- options -----------------------------------------------------------------------

PERIOD_SPELLINGS = "'T1 2022', 'T1-2022', '2022-T1' or '2022 T1', case ignored"

template_option = click.option(
    "--template",
    type=click.Path(file_okay=False, path_type=str),
    help="A template folder (see 'exporter template init'); default: the built-in one.",
)
def repair_option(command):
    """--keep-line-breaks (the parameter `repair`, True unless given): words split by old
    line breaks are mended by default; --repair, the old switch for that, is still accepted."""
    command = click.option("--repair", is_flag=True, hidden=True, expose_value=False,
                           help="Accepted for old scripts: words are mended by default.")(command)
    return click.option("--keep-line-breaks", "repair", flag_value=False, default=True,
                        help="Keep words split by old line breaks as written (default: join them).")(command)
recursive_option = click.option("--recursive", is_flag=True, help="Read *.txt files in sub-folders too.")
assumed_period_option = click.option(
    "--period", type=PERIOD, help=f"The period of files whose header names none: {PERIOD_SPELLINGS}."
)


def _argument_text(ctx, param, value: str) -> str:
    """A text argument as the input files are read: bytes that are not UTF-8 (Python
    keeps them as escapes) read as Windows-1252, with a warning; no character dropped."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    option = param.opts[0] if param is not None and param.opts else "an argument"
    try:
        raw = os.fsencode(value)
    except UnicodeEncodeError:
        raise click.BadParameter("holds a character that is not text (a lone surrogate)", ctx, param) from None
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise click.BadParameter(f"is neither UTF-8 nor Windows-1252 (byte 0x{raw[exc.start]:02X})", ctx,
                                 param) from None
    click.echo(f"exporter: warning: {option} is not UTF-8; read it as Windows-1252", err=True)
    return text


@dataclass(frozen=True)
class DocumentOptions:
    """The options `build` and `archive` share: what to read, which periods, and how
    the documents look (`document_options` gives them to a command as this one value)."""

    periods: tuple[Period, ...]
    lang: str
    group_by: str
    report_date: _dt.date | None
    case_number: str
    meeting: str
    contact: str
    keep_going: bool
    jobs: int | None
    repair: bool
    recursive: bool
    template: str | None

    def build_options(self, committees: tuple[str, ...] = (), archived_at: _dt.datetime | None = None) -> BuildOptions:
        return BuildOptions(lang=self.lang, group_by=self.group_by, report_date=self.report_date,
                            committees=committees, periods=self.periods, case_number=self.case_number,
                            meeting=self.meeting, contact=self.contact, archived_at=archived_at)


_DOCUMENT_OPTIONS = (
    click.option("--period", "periods", multiple=True, type=PERIOD,
                 help=f"Only this period (repeatable): {PERIOD_SPELLINGS}."),
    click.option("--lang", type=click.Choice(LANGUAGES), default="sv", show_default=True,
                 help="Language of the documents' own words."),
    click.option("--group-by", type=click.Choice(GROUPINGS), default="source", show_default=True,
                 help="How the report orders its assignments: as in the input, by lead committee, or by status."),
    click.option("--date", "report_date", type=DATE,
                 help="The report's date (YYYY-MM-DD or 'today'); default: the date --meeting names, else none."),
    click.option("--case-number", default="", callback=_argument_text,
                 help="The case number (diarienummer) on the title page."),
    click.option("--meeting", default="", callback=_argument_text,
                 help="The meeting or recipient on the title page."),
    click.option("--contact", default="", callback=_argument_text,
                 help="The author or contact on the title page."),
    click.option("--keep-going", is_flag=True, help="Build from the files without errors; name those skipped."),
    click.option("-j", "--jobs", type=click.IntRange(min=1),
                 help="Documents built at once; default: the number of cores."),
    repair_option,
    recursive_option,
    template_option,
)
_DOCUMENT_OPTION_NAMES = tuple(field.name for field in fields(DocumentOptions))


def document_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give `command` the options of `DocumentOptions`, passed to it as one value,
    `shared`, beside its own options."""

    @functools.wraps(command)
    def with_document_options(**values: Any) -> None:
        shared = DocumentOptions(**{name: values.pop(name) for name in _DOCUMENT_OPTION_NAMES})
        command(shared=shared, **values)

    for option in reversed(_DOCUMENT_OPTIONS):
        with_document_options = option(with_document_options)
    return with_document_options


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="exporter")
def cli() -> None:
    """Turn a municipality's follow-up texts into Word reports, Excel status matrices and PDFs."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@assumed_period_option
@repair_option
@recursive_option
@template_option
def parse(paths, period, repair, recursive, template) -> None:
    """Print the record set of PATHS (default: input/) as JSON."""
    from .writers.records_json import dumps

    paths = _input_paths(paths)
    record_set = _read(paths, _theme(template), repair, period, recursive)
    click.echo(dumps(record_set), nl=False)
    if record_set.errors:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--strict", is_flag=True, help="Count warnings as errors.")
@assumed_period_option
@repair_option
@recursive_option
@template_option
def check(paths, strict, period, repair, recursive, template) -> None:
    """Check PATHS (default: input/) and print one line per diagnostic: FILE:LINE: LEVEL: MESSAGE."""
    from .readers import input_files

    paths = _input_paths(paths)
    record_set = _read(paths, _theme(template), repair, period, recursive)
    _echo_diagnostics(record_set, set(Level), err=False)
    counts = {level: sum(1 for d in record_set.diagnostics if d.level is level) for level in Level}
    files = len(input_files(paths, recursive)[0])
    click.echo(
        f"{files} file{'s' if files != 1 else ''}, {len(record_set)} record{'s' if len(record_set) != 1 else ''}, "
        f"{len(record_set.periods)} period{'s' if len(record_set.periods) != 1 else ''}: "
        f"{counts[Level.ERROR]} error(s), {counts[Level.WARNING]} warning(s), {counts[Level.INFO]} info"
    )
    if counts[Level.ERROR] or (strict and counts[Level.WARNING]):
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-o", "--output", "out_dir", default=DEFAULT_OUTPUT, show_default=True, type=click.Path(file_okay=False),
              help="The folder the documents are written to.")
@click.option("-f", "--format", "formats", multiple=True,
              help=f"A format (repeatable): {', '.join(BUILTIN_WRITERS)}, or one another package installs "
                   f"('exporter writers' lists them); default: {', '.join(DEFAULT_FORMATS)}.")
@click.option("--committee", "committees", multiple=True,
              help="Only records this committee takes part in, as lead or participating committee: "
                   "its code, case ignored (repeatable).")
@document_options
def build(paths, out_dir, formats, committees, shared: DocumentOptions) -> None:
    """Build documents from PATHS (default: input/) into the output folder."""
    from . import writers

    theme = _theme(shared.template)
    formats = formats or DEFAULT_FORMATS
    known = writers.available()
    for name in formats:
        if name not in known:
            raise click.BadParameter(f"no writer called {name!r}; available: {', '.join(known)}", param_hint="'-f'")
    selected = _selected_records(_input_paths(paths), theme, shared, committees)
    options = shared.build_options(committees=selected.committees_named(committees))
    written = _build_documents(selected, theme, formats, out_dir, options, shared.jobs)
    for path in written:
        click.echo(shown(path.as_posix()))
    _echo_mended(selected)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
              help=f"The archive folder; default: {DEFAULT_ARCHIVE}/.")
@document_options
def archive(paths, out_dir, shared: DocumentOptions) -> None:
    """Archive PATHS (default: input/) as PDF/A-2a + PDF/UA-1, one PDF per period in
    OUTPUT/<year>/T<n>/ (default: arkiv/), with SHA256SUMS."""
    from functools import partial

    from .archive import ArchiveTimeError, archive_time, manifest
    from .environment import check_source_date_epoch

    problem = check_source_date_epoch()  # the same rule as every build: a value that is no time is ignored
    if problem:
        click.echo(shown(f"exporter: warning: {problem}"), err=True)
    try:
        archived = archive_time()  # one time for every copy and the manifest
    except ArchiveTimeError as exc:
        raise InputProblem(f"exporter: {exc}") from None
    theme = _theme(shared.template)
    record_set = _selected_records(_input_paths(paths), theme, shared)
    if out_dir is None:
        out_dir = DEFAULT_ARCHIVE
        click.echo(f"exporter: no -o given; writing to {DEFAULT_ARCHIVE}/", err=True)
    written = _build_documents(record_set, theme, ["pdfa"], out_dir, shared.build_options(archived_at=archived),
                               shared.jobs, finish=partial(manifest, out_dir, archived=archived))
    for path in written:
        click.echo(shown(path.as_posix()))
    _echo_mended(record_set)


@cli.group()
def template() -> None:
    """Make the documents your own: copy the default template to edit."""


@template.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=str))
@click.option("--force", is_flag=True, help="Overwrite the template files DIRECTORY already holds.")
def template_init(directory, force) -> None:
    """Copy the default template into DIRECTORY for editing (see its README.md)."""
    from .files import OutputError
    from .template import TemplateExists, init_template

    try:
        copied = init_template(directory, overwrite=force)
    except TemplateExists as exc:
        raise InputProblem(
            f"exporter: {exc}; choose another folder, or add --force to overwrite them with the default template"
        ) from None
    except OutputError as exc:
        raise InputProblem(f"exporter: {exc}") from None
    for path in copied:
        click.echo(shown(path.as_posix()))


@cli.command("writers")
def list_writers() -> None:
    """List the writers available, built-in and installed by other packages."""
    from . import writers

    for info in writers.available().values():
        click.echo(f"{info.name:<8} {info.origin:<12} {info.description or info.target}")


# -- serve -------------------------------------------------------------------------------


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs a password.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port to listen on.")
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=str),
              help="A file whose first line is the password users log in with (or set EXPORTER_SERVE_PASSWORD).")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, path_type=str),
              help="A folder of template folders, offered on the page by name.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
@click.option("--expiry", default=60.0, show_default=True, type=click.FloatRange(min=0.05),
              help="Minutes a session's uploads and documents are kept after its last use.")
@click.option("--max-upload", default=50, show_default=True, type=click.IntRange(min=1), help="Megabytes per upload.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(min=1), help="Builds run at once.")
@click.option("--time-limit", default=600.0, show_default=True, type=click.FloatRange(min=1),
              help="Seconds a build may run before it is stopped.")
@click.option("--root-path", default="", help="The path the page is served under behind a reverse proxy that passes it on, e.g. /exporter.")
def serve(host, port, password_file, templates_dir, open_browser, expiry, max_upload, workers, time_limit,
          root_path) -> None:
    """Serve the web page: upload the export, see what was read, build and download the documents."""
    from .web.serve import ServeProblem, run

    try:
        run(host, port, password_file=password_file, templates=templates_dir, open_browser=open_browser,
            expiry_minutes=expiry, max_upload_mb=max_upload, workers=workers, time_limit=time_limit,
            root_path=root_path.rstrip("/"), echo=lambda text: click.echo(text, err=True))
    except ServeProblem as exc:
        raise InputProblem(f"exporter: {exc}") from None


# -- progress ------------------------------------------------------------------------


class _ProgressBar:
    """A progress line on standard error, shown only once a build has run a second."""

    def __init__(self, delay: float = 1.0) -> None:
        import time

        self._time = time.monotonic
        self._start = self._time()
        self._delay = delay
        self._shown = False

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self._shown and self._time() - self._start < self._delay and done < total:
            return
        self._shown = True
        width = 30
        filled = int(width * done / total) if total else width
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {shown(name)[:40]:<40}"
        sys.stderr.write(line)
        sys.stderr.flush()

    def close(self) -> None:
        if self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _build_documents(record_set, theme, formats, out_dir, options, jobs, finish=None) -> list[Path]:
    """Build through the public API, with a progress bar on standard error where that is
    a terminal; a template or an output folder that cannot be used exits 1 with a message."""
    import exporter
    from .files import OutputError

    progress = _ProgressBar() if sys.stderr.isatty() else None
    try:
        return exporter.build(record_set, formats, out_dir, theme, options, jobs, progress=progress, finish=finish)
    except ThemeError as exc:
        raise InputProblem(str(exc)) from None
    except OutputError as exc:
        raise InputProblem(f"exporter: {exc}; nothing was written") from None
    finally:
        if progress:
            progress.close()


# -- entry point -------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line; unexpected failures get one line, not a traceback. Every
    message is printed with the control characters of what the user gave escaped
    (`shown`), click's own too; Ctrl-C ends it with `exporter: interrupted` and 130."""
    import io

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ShownFormatter("exporter: warning: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    warnings.showwarning = _show_warning
    try:
        code = cli.main(args=argv, prog_name="exporter", standalone_mode=False)
    except SystemExit:
        raise
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("exporter: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        message = io.StringIO()
        exc.show(file=message)
        click.echo(shown_lines(message.getvalue().rstrip("\n")), err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("EXPORTER_DEBUG"):
            raise
        click.echo(
            shown(f"exporter: internal error: {type(exc).__name__}: {exc} (set EXPORTER_DEBUG=1 for the traceback)"),
            err=True,
        )
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A library's warning as one line of ours: its message, not its source file's path."""
    click.echo(shown_lines(f"exporter: warning: {message}"), err=True)


class _ShownFormatter(logging.Formatter):
    """Log lines (warnings of the library) with control characters escaped."""

    def format(self, record: logging.LogRecord) -> str:
        return shown_lines(super().format(record))
