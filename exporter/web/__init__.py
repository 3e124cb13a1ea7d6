"""The web page an administrator uses: `exporter serve`.

Starlette on uvicorn, Jinja2 templates, python-multipart for uploads. The page calls
the library's public API, as the command line does (`exporter.read`, `exporter.build`,
the archive's manifest), so a downloaded file is byte-identical to the command line's.

  app.py         the routes: upload, what was read, the build form, builds, downloads
  uploads.py     what an upload may be (sizes, names, zips), saved into a workspace
  workspaces.py  one temporary folder per browser session, deleted after the expiry
  builds.py      the bounded pool of build processes, with a time limit
  worker.py      one build, in a process of its own
  security.py    the shared secret and the security headers of every response
  text.py        the page's words, Swedish and English
  serve.py       `exporter serve`: the checks before it listens, then uvicorn
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import Settings, create_app

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    # Loaded when asked for: a build's process (exporter.web.worker) needs none of the web stack.
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(name)
