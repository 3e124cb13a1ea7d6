"""Template folders: the default one, copied for an organisation to make its own."""

from __future__ import annotations

from pathlib import Path

from .files import Staging
from .theme import default_template_dir

__all__ = ["TemplateExists", "init_template"]

# What a template folder holds; the README in it says what each file controls.
TEMPLATE_FILES = ("theme.toml", "reference.docx", "README.md")


class TemplateExists(FileExistsError):
    """The folder already holds a template; nothing was overwritten."""


def init_template(directory: str | Path, overwrite: bool = False) -> list[Path]:
    """Copy the default template into `directory` (created if needed) for editing;
    the files copied, all of them or none. Refuses to overwrite a file that is already
    there unless `overwrite`; raises `OutputError` naming the path where the folder
    cannot be written."""
    target = Path(directory)
    source = default_template_dir()
    clashes = [name for name in TEMPLATE_FILES if (target / name).exists()]
    if clashes and not overwrite:
        raise TemplateExists(f"{target.as_posix()} already holds {', '.join(clashes)}; nothing was copied")
    names = [name for name in TEMPLATE_FILES if (source / name).is_file()]
    with Staging(target, names) as staging:
        for name in names:
            staging.write(name, (source / name).read_bytes())
        return staging.commit()
