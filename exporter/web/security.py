"""What every response of the service carries, and the shared secret.

An ASGI middleware: with a secret set, a request without it (HTTP Basic, any user
name) is answered 401 before it reaches the page; every response gets the security
headers below unless it set its own (the preview of the web-page report sets a
sandboxing policy of its own).
"""

from __future__ import annotations

import base64
import binascii
import hmac

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Guard", "PAGE_POLICY", "PREVIEW_POLICY", "is_loopback"]

# No inline script or style at all: the page's script and style sheet are files.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# The web-page report in its frame: its own inline style sheet and images, no script,
# a sandbox of its own, shown only inside the service's own page.
PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'"

_HEADERS = (
    ("content-security-policy", PAGE_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("cache-control", "no-store"),
)


def is_loopback(host: str) -> bool:
    """Whether listening on `host` lets only this machine in."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Guard:
    """The secret's check and the security headers, around the whole application."""

    def __init__(self, app: ASGIApp, secret: str | None = None) -> None:
        self.app = app
        self.service: object = None  # what `app` serves (exporter.web.app.Service)
        self.secret = secret.encode("utf-8") if secret else None

    def _authorised(self, scope: Scope) -> bool:
        if self.secret is None:
            return True
        value = Headers(scope=scope).get("authorization", "")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(token.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        _user, _, password = decoded.partition(b":")
        return hmac.compare_digest(password, self.secret)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _HEADERS:
                    if name not in headers:
                        headers[name] = value
            await send(message)

        if not self._authorised(scope):
            body = b"401: this service asks for its password (any user name)\n"
            await send_guarded({
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"www-authenticate", b'Basic realm="exporter", charset="UTF-8"'),
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            })
            await send_guarded({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_guarded)
