"""Request bodies capped by what they are for: uploads at UPLOAD_MAX_MB, Twilio's webhooks at a
few kilobytes, anything else (JSON, a page's form) small. Counted as the body arrives, so a
missing or false Content-Length does not get past it; over the cap, 413 and nothing read on."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import HttpProblem

UPLOADS = ("/imports",)
WEBHOOK_BYTES = 16 * 1024
"""Twilio's form posts are about 1 KB (a text's body is at most 1,600 characters)."""
OTHER_BYTES = 64 * 1024
"""The largest JSON the API takes (a move or an absence) is well under 1 KB."""


def limit_for(path: str, upload_bytes: int) -> int:
    if path in UPLOADS:
        return upload_bytes
    if path.startswith("/webhooks/"):
        return WEBHOOK_BYTES
    return OTHER_BYTES


def too_large(limit: int) -> HttpProblem:
    # FastAPI passes its own HTTPException on from reading a body (any other error becomes a 400).
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return HttpProblem(413, f"the request is too large: at most {size} here")


class BodyLimit:
    def __init__(self, app: ASGIApp, upload_bytes: int) -> None:
        self.app, self.upload_bytes = app, upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"], self.upload_bytes)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        said = int(declared) if declared.isdigit() else 0
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            if said > limit:
                raise too_large(limit)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, counted, send)
