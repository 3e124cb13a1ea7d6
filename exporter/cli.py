"""The command line: parse arguments, load the theme, call the library, print.

Standard output carries only what a command is asked for (JSON, the paths
written, the diagnostics of `check`); progress and diagnostics of other
commands go to standard error. Bad input never prints a traceback.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from .model import Level, Period, RecordSet
from .theme import LANGUAGES, Theme, ThemeError, load_theme
from .writers.base import GROUPINGS

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
        click.echo(self.format_message(), err=True)


def _theme(template: str | None) -> Theme:
    """The theme of `template` (its files are verified by the build, before it writes)."""
    try:
        theme = load_theme(template)
    except ThemeError as exc:
        raise InputProblem(str(exc)) from None
    for warning in theme.warnings:
        click.echo(warning, err=True)
    return theme


def _read(paths: Sequence[str], theme: Theme, repair: bool, period: Period | None, recursive: bool) -> RecordSet:
    import exporter

    return exporter.read(paths, theme, repair=repair, period=period, recursive=recursive)


def _echo_diagnostics(record_set: RecordSet, levels: set[Level], err: bool) -> None:
    for diagnostic in record_set.diagnostics:
        if diagnostic.level in levels:
            click.echo(str(diagnostic), err=err)


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


def _selected_records(paths, theme, repair, periods, committees, recursive, keep_going) -> RecordSet:
    """The records to build from: read, errors reported (and files skipped with
    --keep-going, else exit 1), filtered by period and committee (`RecordSet.for_documents`)."""
    assumed = periods[0] if len(periods) == 1 else None
    record_set = _read(paths, theme, repair, assumed, recursive)
    _echo_diagnostics(record_set, {Level.ERROR, Level.WARNING}, err=True)
    if record_set.errors:
        skipped = record_set.files_with_errors
        if not keep_going:
            click.echo(
                f"exporter: {len(record_set.errors)} error(s) in the input; nothing written "
                "(--keep-going builds from the files without errors)",
                err=True,
            )
            sys.exit(1)
        click.echo(f"exporter: skipped because of errors: {', '.join(skipped)}", err=True)
        record_set = record_set.select(files=skipped)
    selected = record_set.for_documents(periods, record_set.committees_named(committees))
    if not selected.records:
        if record_set.records and (periods or committees):
            click.echo(f"exporter: {record_set.nothing_for(periods, committees)}", err=True)
        else:
            click.echo("exporter: no records to build from: the input holds none", err=True)
        sys.exit(1)
    return selected


# -- shared options ----------------------------------------------------------------

template_option = click.option(
    "--template",
    type=click.Path(file_okay=False, path_type=str),
    help="A template folder (see 'exporter template init'); default: the built-in one.",
)
repair_option = click.option("--repair", is_flag=True, help="Join words split by old line breaks.")
recursive_option = click.option("--recursive", is_flag=True, help="Read *.txt files in sub-folders too.")
periods_option = click.option(
    "--period", "periods", multiple=True, type=PERIOD, help="Only this period, e.g. 'T1 2022' (repeatable)."
)
lang_option = click.option(
    "--lang", type=click.Choice(LANGUAGES), default="sv", show_default=True, help="Language of the documents' own words."
)
group_by_option = click.option(
    "--group-by",
    type=click.Choice(GROUPINGS),
    default="source",
    show_default=True,
    help="How the report orders its assignments.",
)
date_option = click.option(
    "--date", "report_date", type=DATE, help="The report's date (YYYY-MM-DD or 'today'); default: the period's last day."
)
def handout_options(command):
    """--case-number, --meeting and --contact: the title page's facts, over the theme's."""
    for name, help_text in (("--contact", "The author or contact on the title page."),
                            ("--meeting", "The meeting or recipient on the title page."),
                            ("--case-number", "The case number (diarienummer) on the title page.")):
        command = click.option(name, default="", help=help_text)(command)
    return command


keep_going_option = click.option("--keep-going", is_flag=True, help="Use the files without errors; name those skipped.")
jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Documents built at once; default: the number of cores."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="exporter")
def cli() -> None:
    """Turn a municipality's follow-up texts into Word reports, Excel status matrices and PDFs."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--period", type=PERIOD, help="The period of files whose header gives none, e.g. 'T1 2022'.")
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
@click.option("--period", type=PERIOD, help="The period of files whose header gives none, e.g. 'T1 2022'.")
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
@click.option("-o", "--output", "out_dir", default=DEFAULT_OUTPUT, show_default=True, type=click.Path(file_okay=False))
@click.option("-f", "--format", "formats", multiple=True, help="A writer's name (repeatable); default: docx, xlsx, pdf.")
@periods_option
@click.option("--committee", "committees", multiple=True, help="Only records of this committee code (repeatable).")
@lang_option
@group_by_option
@date_option
@keep_going_option
@jobs_option
@repair_option
@recursive_option
@template_option
@handout_options
def build(paths, out_dir, formats, periods, committees, lang, group_by, report_date, keep_going, jobs, repair, recursive,
          template, case_number, meeting, contact) -> None:
    """Build documents from PATHS (default: input/) into the output folder."""
    from . import writers
    from .writers import BuildOptions

    theme = _theme(template)
    formats = formats or DEFAULT_FORMATS
    known = writers.available()
    for name in formats:
        if name not in known:
            raise click.BadParameter(f"no writer called {name!r}; available: {', '.join(known)}", param_hint="'-f'")
    selected = _selected_records(_input_paths(paths), theme, repair, periods, committees, recursive, keep_going)
    options = BuildOptions(lang=lang, group_by=group_by, report_date=report_date,
                           committees=selected.committees_named(committees), periods=tuple(periods),
                           case_number=case_number, meeting=meeting, contact=contact)
    written = _build_documents(selected, theme, formats, out_dir, options, jobs)
    for path in written:
        click.echo(path.as_posix())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), help="The archive folder; default: arkiv/.")
@periods_option
@lang_option
@group_by_option
@date_option
@keep_going_option
@jobs_option
@repair_option
@recursive_option
@template_option
@handout_options
def archive(paths, out_dir, periods, lang, group_by, report_date, keep_going, jobs, repair, recursive, template,
            case_number, meeting, contact) -> None:
    """Archive PATHS (default: input/) as PDF/A-2a + PDF/UA-1, one PDF per period in
    OUTPUT/<year>/T<n>/ (default: arkiv/), with SHA256SUMS."""
    from functools import partial

    from .archive import manifest
    from .writers import BuildOptions

    theme = _theme(template)
    record_set = _selected_records(_input_paths(paths), theme, repair, periods, (), recursive, keep_going)
    if out_dir is None:
        out_dir = DEFAULT_ARCHIVE
        click.echo(f"exporter: no -o given; writing to {DEFAULT_ARCHIVE}/", err=True)
    options = BuildOptions(lang=lang, group_by=group_by, report_date=report_date, periods=tuple(periods),
                           case_number=case_number, meeting=meeting, contact=contact)
    written = _build_documents(record_set, theme, ["pdfa"], out_dir, options, jobs, finish=partial(manifest, out_dir))
    for path in written:
        click.echo(path.as_posix())


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
        click.echo(path.as_posix())


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
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
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
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}"
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
    """Run the command line; unexpected failures get one line, not a traceback."""
    import logging

    logging.basicConfig(format="exporter: warning: %(message)s", level=logging.WARNING, stream=sys.stderr)
    try:
        cli.main(args=argv, prog_name="exporter", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("exporter: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if os.environ.get("EXPORTER_DEBUG"):
            raise
        click.echo(
            f"exporter: internal error: {type(exc).__name__}: {exc} (set EXPORTER_DEBUG=1 for the traceback)",
            err=True,
        )
        sys.exit(3)
