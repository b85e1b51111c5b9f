"""What protects every answer, pages and API alike: security headers, request bodies capped,
unexpected errors answered plainly. `install(app, settings)` adds them (after the pages, so
they wrap everything)."""

from __future__ import annotations

from fastapi import FastAPI

from api.guard import bodies, crashes, headers
from transport.settings import Settings


def install(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(bodies.BodyLimit, upload_bytes=int(settings.upload_max_mb * 1024 * 1024))
    app.add_middleware(headers.SecurityHeaders, hsts=settings.hsts)
    crashes.install(app, settings)
