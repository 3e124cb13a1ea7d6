"""The environment variables that shape a build's bytes, checked once where a build
starts, so that no library meets a value it cannot read halfway through.

`SOURCE_DATE_EPOCH` (reproducible builds) is read by reportlab for the PDFs'
timestamps: a value that is not a whole number of seconds (`2022-05-01`, `abc`,
`1.5`) made it fail deep inside. Such a value is ignored, with a warning, and taken
out of the environment of this process (and so of its workers), everywhere alike.
"""

from __future__ import annotations

import os
import re

__all__ = ["SOURCE_DATE_EPOCH", "check_source_date_epoch"]

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
_SECONDS = re.compile(r"[0-9]{1,12}")
_LAST_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC: a PDF date has four digits of year


def check_source_date_epoch() -> str | None:
    """Ignore a `SOURCE_DATE_EPOCH` that is not a whole number of seconds since 1970 up to
    the year 9999: it is removed from the environment; the warning to give, else None."""
    value = os.environ.get(SOURCE_DATE_EPOCH)
    if value is None or not value.strip():
        return None
    text = value.strip()
    if _SECONDS.fullmatch(text) and int(text) <= _LAST_SECOND:
        return None
    del os.environ[SOURCE_DATE_EPOCH]
    return (f"{SOURCE_DATE_EPOCH}={value!r} is not a whole number of seconds since 1970-01-01 (e.g. 1651363200); "
            "ignored")
