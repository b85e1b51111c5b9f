"""Security headers on every answer: what a browser may load and run, framing, sniffing,
referrers, caching of personal answers, and HSTS over TLS.

A route may set its own Content-Security-Policy or X-Frame-Options (the map page does); the
middleware fills in only what an answer lacks.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGES = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
"""The web pages serve their own scripts and stylesheet, and nothing inline."""
API = "default-src 'none'; frame-ancestors 'none'"
"""JSON answers load nothing."""
DOCS = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
"""FastAPI's /docs and /redoc load Swagger UI and ReDoc (and ReDoc's fonts) from CDNs; off in production (API_DOCS)."""
TILES = "https://tile.openstreetmap.org https://*.tile.openstreetmap.org"
HSTS = "max-age=31536000; includeSubDomains"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def inline_page_policy(html: str) -> dict[str, str]:
    """Headers for a page made by a library that inlines its scripts and styles (folium's map):
    exactly the scripts in it may run (by their SHA-256), nothing added later (an `onerror`), and
    only this site may frame it (the plan page shows it in an iframe)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in INLINE_SCRIPT.findall(html)
    )
    policy = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data: {TILES}; frame-ancestors 'self'; base-uri 'none'; object-src 'none'"
    )
    return {"Content-Security-Policy": policy, "X-Frame-Options": "SAMEORIGIN"}


def for_path(path: str, tls: bool, hsts: bool) -> dict[str, str]:
    """The headers an answer at this path should have."""
    static = path.startswith("/web/static/")
    page = path == "/web" or path.startswith("/web/")
    docs = path in ("/docs", "/redoc", "/docs/oauth2-redirect")
    out = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Content-Security-Policy": DOCS if docs else PAGES if page else API,
    }
    if not static:  # pages and answers are someone's own: no copy kept by a browser or a proxy
        out["Cache-Control"] = "no-store"
    if tls or hsts:
        out["Strict-Transport-Security"] = HSTS
    return out


class SecurityHeaders:
    """Pure ASGI middleware (not BaseHTTPMiddleware: that would buffer streamed answers)."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app, self.hsts = app, hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = for_path(scope["path"], scope.get("scheme") == "https", self.hsts)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)
