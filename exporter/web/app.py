"""The web page's routes: upload, what was read, the build form, builds and downloads.

Every state of the page is a plain HTML form and a redirect, so that it works
without script; `static/enhance.js` only adds dropping files and progress without
reloading. POSTs carry the session's CSRF token; everything of a session (its
uploads, builds and downloads) is found through its cookie, never through a path
or an id alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as _dt
import hmac
import secrets
import shutil
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..model import Level
from .builds import Build, BuildPool, Busy
from .security import PREVIEW_POLICY, Guard
from .text import LANGUAGES, Message, words
from .uploads import Limits, UploadRefused, save_upload
from .workspaces import Session, Workspaces, summarise

__all__ = ["Settings", "create_app"]

HERE = Path(__file__).resolve().parent
COOKIE = "exporter_session"
FORMATS = ("docx", "xlsx", "pdf", "html", "pdfa")
DEFAULT_FORMATS = ("docx", "xlsx", "pdf")
GROUPINGS = ("source", "committee", "status")
MAX_FIELD = 200  # characters of a title-page fact
MAX_FORM_BYTES = 64 * 1024  # the build form's body
KEPT_BUILDS = 5
MAX_SUMMARY = 20  # the input's errors listed in the error summary (the table has them all)  # a session's latest builds; older ones are deleted
MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".zip": "application/zip",
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the zips' entries carry no clock, so they are the same every time


@dataclass(frozen=True)
class Settings:
    """How the service runs (the options of `exporter serve`)."""

    secret: str | None = None
    expiry: float = 3600.0  # seconds a session's workspace is kept after its last use
    limits: Limits = Limits()
    workers: int = 2
    queue: int = 20
    time_limit: float = 600.0
    templates: dict[str, Path] = field(default_factory=dict)  # offered by name; the built-in one is ""
    temp_dir: str | None = None  # where the workspaces live; default: the system's temporary folder


class _BodyTooLarge(Exception):
    pass


def _limited(request: Request, limit: int) -> Request:
    """`request` whose body stops at `limit` bytes (counted as they come)."""
    seen = 0

    async def receive():
        nonlocal seen
        message = await request.receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _BodyTooLarge
        return message

    return Request(request.scope, receive)


class Service:
    """The service's state: the sessions, the build pool, the page's templates."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.workspaces: Workspaces | None = None
        self.pool: BuildPool | None = None
        self.pages = Jinja2Templates(directory=str(HERE / "templates"))
        self.pages.env.globals["FORMATS"] = FORMATS
        self._sweeper: asyncio.Task | None = None

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        self.workspaces = Workspaces(self.settings.expiry, self.settings.temp_dir)
        self.pool = BuildPool(self.settings.workers, self.settings.queue, self.settings.time_limit)
        self._sweeper = asyncio.get_running_loop().create_task(self._sweep())
        try:
            yield
        finally:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            await self.pool.close()
            self.workspaces.close()

    async def _sweep(self) -> None:
        """Delete the workspaces of sessions idle past the expiry."""
        assert self.workspaces is not None
        interval = max(0.5, min(60.0, self.settings.expiry / 4))
        while True:
            await asyncio.sleep(interval)
            busy = {s.token for s in self.workspaces.sessions() if any(not b.over for b in s.builds.values())}
            for session in self.workspaces.expired(busy=busy):
                self.workspaces.drop(session)

    # -- pages ------------------------------------------------------------------------

    def render(self, request: Request, session: Session, name: str, status_code: int = 200, **context) -> Response:
        t = words(session.lang)
        response = self.pages.TemplateResponse(request, name, {
            "t": t, "lang": session.lang, "other_lang": "en" if session.lang == "sv" else "sv",
            "csrf": session.csrf, "root": request.scope.get("root_path", ""), "limits": self.settings.limits,
            "Level": Level, **context,
        }, status_code=status_code)
        return response

    def session(self, request: Request, create: bool) -> tuple[Session | None, bool]:
        assert self.workspaces is not None
        session = self.workspaces.get(request.cookies.get(COOKIE))
        if session is None and create:
            return self.workspaces.new(), True
        return session, False

    def with_cookie(self, request: Request, response: Response, session: Session) -> Response:
        response.set_cookie(COOKIE, session.token, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")
        return response

    def index(self, request: Request, session: Session, status: int = 200, errors: list[Message] | None = None,
              form: dict | None = None) -> Response:
        upload = session.upload
        chosen = form or self.default_form(session)
        errors = list(errors or [])
        if upload is not None and not errors:
            # The input's errors, first of all, each linking to its row of the diagnostics.
            shown = [(i, d) for i, d in enumerate(upload.record_set.diagnostics) if d.level is Level.ERROR]
            errors.extend(Message("diagnostic_link", {"file": d.file, "line": d.line, "message": d.message},
                                  f"diag-{i}") for i, d in shown[:MAX_SUMMARY])
        return self.render(request, session, "index.html", status, upload=upload, errors=errors,
                           form=chosen, templates=sorted(self.settings.templates))

    def default_form(self, session: Session) -> dict:
        return {"formats": list(DEFAULT_FORMATS), "period": "latest", "lang": session.lang, "group_by": "source",
                "committees": [], "case_number": "", "meeting": "", "contact": "", "date": "", "template": ""}

    # -- routes -----------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        session, new = self.session(request, create=True)
        assert session is not None
        lang = request.query_params.get("lang")
        if lang in LANGUAGES:
            session.lang = lang
        response = self.index(request, session)
        return self.with_cookie(request, response, session) if new else response

    async def _form(self, request: Request, limit: int, max_files: int):
        """The session and form of a POST, or the response that refuses it."""
        session, _ = self.session(request, create=False)
        if session is None:
            fresh, _ = self.session(request, create=True)
            assert fresh is not None
            response = self.index(request, fresh, 403, [Message("session_expired")])
            return None, None, self.with_cookie(request, response, fresh)
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return session, None, self._refused(request, session, 413, self._too_large())
        try:
            form = await _limited(request, limit).form(max_files=max_files, max_fields=100)
        except _BodyTooLarge:
            return session, None, self._refused(request, session, 413, self._too_large())
        except (MultiPartException, HTTPException) as exc:  # Starlette gives the parser's refusal as a 400
            if "too many files" in str(getattr(exc, "detail", exc)).lower():
                message = Message("too_many_files", {"max_files": self.settings.limits.max_files}, "files")
                return session, None, self._refused(request, session, 413, message)
            return session, None, self._refused(request, session, 400, Message("no_files", target="files"))
        if not hmac.compare_digest(str(form.get("csrf", "")).encode(), session.csrf.encode()):
            await form.close()
            return session, None, self._refused(request, session, 403, Message("session_expired"))
        return session, form, None

    def _too_large(self) -> Message:
        return Message("too_large", {"max_mb": self.settings.limits.max_upload_mb}, "files")

    def _refused(self, request: Request, session: Session, status: int, message: Message) -> Response:
        return self.index(request, session, status, [message])

    async def upload(self, request: Request) -> Response:
        limits = self.settings.limits
        session, form, refused = await self._form(request, limits.max_upload_bytes, limits.max_files)
        if refused is not None:
            return refused
        assert session is not None and form is not None
        try:
            uploads = [f for f in form.getlist("files") if not isinstance(f, str) and (f.filename or f.size)]
            session.folder.mkdir(mode=0o700, exist_ok=True)
            folder = session.folder / "uploads" / session.new_id()
            try:
                names = await run_in_threadpool(
                    save_upload, [(f.filename or "", f.file) for f in uploads], folder, limits)
            except UploadRefused as exc:
                return self._refused(request, session, exc.status, exc.message)
        finally:
            await form.close()
        import exporter

        record_set = await run_in_threadpool(exporter.read, [folder / name for name in names])
        previous = session.upload
        session.upload = summarise(folder.name, folder, names, record_set)
        if previous is not None and not any(not b.over for b in session.builds.values()):
            shutil.rmtree(previous.folder, ignore_errors=True)
        if session.closed:  # the session ended while the files were read
            shutil.rmtree(folder, ignore_errors=True)
        # With errors, the top of the page, where the error summary is; else what was read.
        where = "/" if session.upload.errors else "/#read"
        return RedirectResponse(f"{request.scope.get('root_path', '')}{where}", status_code=303)

    def _choices(self, session: Session, form) -> tuple[dict[str, Any], list[Message]]:
        """The build form as given, and what is wrong with it."""
        upload = session.upload
        assert upload is not None
        errors: list[Message] = []
        chosen: dict[str, Any] = {
            "formats": [f for f in form.getlist("formats")],
            "period": str(form.get("period", "latest")),
            "lang": str(form.get("lang", "sv")),
            "group_by": str(form.get("group_by", "source")),
            "committees": [str(c) for c in form.getlist("committees")],
            "case_number": str(form.get("case_number", "")).strip(),
            "meeting": str(form.get("meeting", "")).strip(),
            "contact": str(form.get("contact", "")).strip(),
            "date": str(form.get("date", "")).strip(),
            "template": str(form.get("template", "")),
        }
        if not chosen["formats"]:
            errors.append(Message("no_documents_chosen", target="format-docx"))
        t = words(session.lang)
        choices = {
            "formats": (set(FORMATS), "format-docx", t("documents")),
            "committees": (set(upload.record_set.committees), "committees", t("committees")),
        }
        for key, (allowed, target, label) in choices.items():
            if any(value not in allowed for value in chosen[key]):
                errors.append(Message("bad_choice", {"field": label}, target))
        periods = {p.slug for p in upload.record_set.periods} | {"latest", "all"}
        singles = {
            "period": (periods, "period", t("period")),
            "lang": (set(LANGUAGES), "lang", t("doc_language")),
            "group_by": (set(GROUPINGS), "group_by", t("grouping")),
            "template": (set(self.settings.templates) | {""}, "template", t("template")),
        }
        for key, (allowed, target, label) in singles.items():
            if chosen[key] not in allowed:
                errors.append(Message("bad_choice", {"field": label}, target))
        for key in ("case_number", "meeting", "contact"):
            if len(chosen[key]) > MAX_FIELD:
                errors.append(Message("too_long", {"field": t(key), "max": MAX_FIELD}, key))
        if chosen["date"]:
            try:
                _dt.date.fromisoformat(chosen["date"])
            except ValueError:
                errors.append(Message("bad_date", target="date"))
        return chosen, errors

    async def build(self, request: Request) -> Response:
        assert self.pool is not None
        session, form, refused = await self._form(request, MAX_FORM_BYTES, 0)
        if refused is not None:
            return refused
        assert session is not None and form is not None
        upload = session.upload
        if upload is None:
            return self._refused(request, session, 400, Message("no_upload", target="files"))
        if upload.errors:
            return self._refused(request, session, 409, Message("input_has_errors", target="read"))
        chosen, errors = self._choices(session, form)
        if errors:
            return self.index(request, session, 400, errors, chosen)
        periods = {"latest": [upload.latest.slug] if upload.latest else [], "all": []}.get(
            chosen["period"], [chosen["period"]])
        template = self.settings.templates.get(chosen["template"]) if chosen["template"] else None
        build_request = {
            "inputs": [str(path) for path in upload.paths], "formats": chosen["formats"], "periods": periods,
            "lang": chosen["lang"], "group_by": chosen["group_by"], "committees": chosen["committees"],
            "case_number": chosen["case_number"], "meeting": chosen["meeting"], "contact": chosen["contact"],
            "date": chosen["date"], "template": str(template) if template else None,
        }
        build_id = session.new_id()
        build = Build(build_id, session.folder / "builds" / build_id, build_request)
        build.folder.mkdir(parents=True)
        try:
            self.pool.submit(build)
        except Busy as exc:
            return self.index(request, session, 503, [Message("busy", {"ahead": exc.ahead}, "build")], chosen)
        session.builds[build_id] = build
        self._forget_old_builds(session)
        return RedirectResponse(f"{request.scope.get('root_path', '')}/builds/{build_id}", status_code=303)

    def _forget_old_builds(self, session: Session) -> None:
        over = [b for b in session.builds.values() if b.over]
        for old in over[: max(0, len(session.builds) - KEPT_BUILDS)]:
            session.builds.pop(old.id, None)
            shutil.rmtree(old.folder, ignore_errors=True)

    def _build_of(self, request: Request) -> tuple[Session, Build]:
        """The build of the URL, if it belongs to this session; else 404."""
        session, _ = self.session(request, create=False)
        build = session.builds.get(request.path_params["build"]) if session is not None else None
        if session is None or not isinstance(build, Build):
            raise HTTPException(404)
        return session, build

    async def build_page(self, request: Request) -> Response:
        assert self.pool is not None
        session, build = self._build_of(request)
        files = [(name, (build.out / name).stat().st_size) for name in build.files if (build.out / name).is_file()]
        documents = [(name.split("/", 1)[1], size) for name, size in files if name.startswith("dokument/")]
        archive = [(name.split("/", 1)[1], size) for name, size in files if name.startswith("arkiv/")]
        previews = [name for name, _ in documents if name.endswith(".html")]
        return self.render(request, session, "build.html", 200, build=build, ahead=self.pool.ahead(build),
                           documents=documents, archive=archive, previews=previews)

    async def build_status(self, request: Request) -> Response:
        assert self.pool is not None
        session, build = self._build_of(request)
        t = words(session.lang)
        if build.state == "queued":
            text = t("build_queued", ahead=self.pool.ahead(build))
        elif build.state == "running":
            key = "build_running_last" if build.current else "build_running"
            text = t(key, done=build.done, total=build.total, name=build.current) if build.total else t("build_starting")
        elif build.state == "done":
            text = t("build_done", count=len(build.files))
        else:
            text = t(build.failure) if build.failure else t("build_failed")
        return JSONResponse({"state": build.state, "done": build.done, "total": build.total, "text": text})

    def _document(self, build: Build, folder: str, name: str) -> Path:
        if build.state != "done" or f"{folder}/{name}" not in build.files:
            raise HTTPException(404)
        return build.out / folder / name

    async def download(self, request: Request) -> Response:
        _, build = self._build_of(request)
        path = self._document(build, "dokument", request.path_params["name"])
        return FileResponse(path, media_type=MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
                            filename=path.name, content_disposition_type="attachment")

    async def preview(self, request: Request) -> Response:
        _, build = self._build_of(request)
        path = self._document(build, "dokument", request.path_params["name"])
        if path.suffix != ".html":
            raise HTTPException(404)
        return FileResponse(path, media_type=MEDIA_TYPES[".html"], content_disposition_type="inline",
                            headers={"content-security-policy": PREVIEW_POLICY, "x-frame-options": "SAMEORIGIN"})

    async def zipped(self, request: Request) -> Response:
        _, build = self._build_of(request)
        which = request.path_params["which"]
        if build.state != "done" or which not in ("dokument", "arkiv"):
            raise HTTPException(404)
        names = [name for name in build.files if name.startswith(f"{which}/")] if which == "arkiv" else build.files
        if not names:
            raise HTTPException(404)
        path = build.folder / f"{which}.zip"
        if not path.is_file():
            await run_in_threadpool(_write_zip, path, build.out, names, which)
        return FileResponse(path, media_type=MEDIA_TYPES[".zip"], filename=path.name,
                            content_disposition_type="attachment")

    async def healthz(self, request: Request) -> Response:
        assert self.pool is not None and self.workspaces is not None
        return JSONResponse({"status": "ok", "builds_running": self.pool.running, "builds_queued": self.pool.waiting,
                             "sessions": len(self.workspaces)})

    async def not_found(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        try:
            session, new = self.session(request, create=status < 500)
        except Exception:  # noqa: BLE001 - the page of a failure must not fail itself
            session, new = None, False
        if session is None:
            session = Session(token="", csrf="", folder=Path())  # not kept: a page with no session
        hours = max(1, round(self.settings.expiry / 3600))
        response = self.render(request, session, "error.html", status, hours=hours, status=status)
        return self.with_cookie(request, response, session) if new else response


def _write_zip(path: Path, out: Path, names: list[str], which: str) -> None:
    """A zip of `names` (under `out`), the same bytes for the same files: no clock."""
    strip = "arkiv/" if which == "arkiv" else "dokument/"
    partial = path.with_name(f".{secrets.token_hex(8)}.part")  # two requests at once each write their own
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            inside = name[len(strip):] if name.startswith(strip) else name
            info = zipfile.ZipInfo(inside, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(out / name, "rb") as source, archive.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
    partial.replace(path)


def create_app(settings: Settings | None = None) -> Guard:
    """The web page as an ASGI application."""
    service = Service(settings or Settings())
    routes = [
        Route("/", service.page, methods=["GET"]),
        Route("/upload", service.upload, methods=["POST"]),
        Route("/build", service.build, methods=["POST"]),
        Route("/builds/{build}", service.build_page, methods=["GET"]),
        Route("/builds/{build}/status", service.build_status, methods=["GET"]),
        Route("/builds/{build}/files/{name}", service.download, methods=["GET"]),
        Route("/builds/{build}/preview/{name}", service.preview, methods=["GET"]),
        Route("/builds/{build}/{which}.zip", service.zipped, methods=["GET"]),
        Route("/healthz", service.healthz, methods=["GET"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=service.lifespan,
                    exception_handlers={HTTPException: service.not_found, Exception: service.not_found})
    guarded = Guard(app, service.settings.secret)
    guarded.service = service  # the tests look at its sessions and its pool
    return guarded
