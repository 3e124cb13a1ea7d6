"""`exporter serve`: the web page on uvicorn, with the checks before it listens."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .app import Settings, create_app
from .security import is_loopback
from .uploads import Limits

__all__ = ["SECRET_VARIABLE", "ServeProblem", "read_secret", "template_choices", "run"]

SECRET_VARIABLE = "EXPORTER_SERVE_PASSWORD"
MIN_SECRET = 8


class ServeProblem(Exception):
    """Why the service does not start; the message says what to do."""


def read_secret(password_file: str | None) -> str | None:
    """The shared secret: the first line of `password_file`, else $EXPORTER_SERVE_PASSWORD."""
    if password_file:
        try:
            text = Path(password_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ServeProblem(f"{password_file}: cannot read the password file ({exc})") from None
        secret = text.splitlines()[0].strip() if text.strip() else ""
        where = password_file
    else:
        secret = os.environ.get(SECRET_VARIABLE, "").strip()
        where = SECRET_VARIABLE
        if not secret:
            return None
    if len(secret) < MIN_SECRET:
        raise ServeProblem(f"{where}: the password must be at least {MIN_SECRET} characters")
    return secret


def check_host(host: str, secret: str | None) -> None:
    if not is_loopback(host) and secret is None:
        raise ServeProblem(
            f"--host {host} lets other machines reach the page, so it needs a password: give one with "
            f"--password-file FILE (its first line) or the environment variable {SECRET_VARIABLE}; "
            "users then log in with it (any user name). Or leave out --host to listen on 127.0.0.1 only."
        )


def template_choices(folder: str | None) -> dict[str, Path]:
    """The templates offered by name: each sub-folder of `folder` with a theme.toml,
    checked now so that a broken one is reported before the page offers it."""
    if folder is None:
        return {}
    from ..theme import THEME_FILE, ThemeError, load_theme

    root = Path(folder)
    if not root.is_dir():
        raise ServeProblem(f"{folder}: --templates must be a folder of template folders")
    found: dict[str, Path] = {}
    for child in sorted(root.iterdir()):
        if child.is_dir() and (child / THEME_FILE).is_file():
            try:
                load_theme(child)
            except ThemeError as exc:
                raise ServeProblem(str(exc)) from None
            found[child.name] = child.resolve()
    if not found:
        raise ServeProblem(f"{folder}: no template folders (with {THEME_FILE}) in it")
    return found


def run(host: str, port: int, *, password_file: str | None, templates: str | None, open_browser: bool,
        expiry_minutes: float, max_upload_mb: int, workers: int, time_limit: float, root_path: str,
        echo=print, argv: Sequence[str] = ()) -> None:
    """Check the options, then serve until Ctrl-C; every workspace is deleted on the way out."""
    import uvicorn

    secret = read_secret(password_file)
    check_host(host, secret)
    limits = Limits(max_upload_bytes=max_upload_mb * 1024 * 1024, max_unpacked_bytes=4 * max_upload_mb * 1024 * 1024)
    settings = Settings(secret=secret, expiry=expiry_minutes * 60, limits=limits, workers=workers,
                        time_limit=time_limit, templates=template_choices(templates))
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}{root_path}/"
    echo(f"exporter: serving the page on {address} (Ctrl-C stops it and deletes every workspace)")
    config = uvicorn.Config(create_app(settings), host=host, port=port, log_level="warning", access_log=False,
                            root_path=root_path, proxy_headers=True, server_header=False, lifespan="on")
    server = uvicorn.Server(config)
    if open_browser:
        import threading
        import webbrowser

        def opener() -> None:
            import time

            for _ in range(100):
                if server.started:
                    webbrowser.open(address)
                    return
                time.sleep(0.1)

        threading.Thread(target=opener, daemon=True).start()
    try:
        server.run()  # on Ctrl-C uvicorn shuts the application down (every workspace deleted), then re-raises it
    except KeyboardInterrupt:
        pass
    echo("exporter: stopped; every workspace deleted")
