"""Errors as RFC 9457 problem details (application/problem+json), for every error the API gives."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from transport.errors import Conflict, Invalid, NotFound, TransportError, Unavailable

MEDIA_TYPE = "application/problem+json"

STATUS = {NotFound: 404, Conflict: 409, Invalid: 422, Unavailable: 503}
"""Each kind of the domain's errors as an HTTP status; any other TransportError is a 400."""


class HttpProblem(HTTPException):
    """An error a caller can act on: a status, a plain-English detail and, if useful, more fields."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None, **extra) -> None:
        super().__init__(status_code=status, detail=detail, headers=headers)
        self.extra = extra


def problem(status: int, detail: str | None, headers: dict[str, str] | None = None, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    headers = {**({"WWW-Authenticate": "Bearer"} if status == 401 else {}), **(headers or {})}
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers or None)


async def http_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    detail = str(error.detail) if error.detail else None
    return problem(error.status_code, detail, getattr(error, "headers", None), **getattr(error, "extra", {}))


def status_of(error: TransportError) -> int:
    return next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)


async def domain_error(_: Request, error: Exception) -> JSONResponse:
    """The domain's errors, mapped here once: routers let them pass."""
    assert isinstance(error, TransportError)
    errors = getattr(error, "errors", None)
    if errors:
        return problem(status_of(error), str(error), errors=[str(e) for e in errors])
    return problem(status_of(error), str(error))


async def invalid(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [{"where": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]} for e in error.errors()]
    return problem(422, "the request is not valid: " + "; ".join(f"{e['where']}: {e['problem']}" for e in errors), errors=errors)


async def busy(_: Request, error: Exception) -> JSONResponse:
    """A database too busy to write in time (SQLite's "database is locked"): try again, not a 500."""
    if "locked" not in str(error) and "could not serialize" not in str(error):
        raise error
    answer = problem(503, "the service is busy; nothing was changed, please try again in a moment")
    answer.headers["Retry-After"] = "2"
    return answer


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(TransportError, domain_error)
    app.add_exception_handler(OperationalError, busy)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {
        "description": HTTPStatus(code).phrase,
        "content": {
            MEDIA_TYPE: {"example": {"type": "about:blank", "title": HTTPStatus(code).phrase, "status": code, "detail": detail}}
        },
    }
    for code, detail in (
        (401, "a bearer token is needed"),
        (403, "this is for planners only"),
        (404, "there is no such child among yours"),
        (409, "plan 3 for the week of 07 Sep 2026 is still being made"),
        (422, "the request is not valid: body.date: Input should be a valid date"),
    )
}
