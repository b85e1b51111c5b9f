"""Errors on /web pages are pages (a sentence and a way on); the API keeps its problem details."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import problems
from api.pages.web import PageError, SignInNeeded, render
from transport.errors import TransportError

MESSAGES = {
    404: "There is nothing here among yours. Check the link, or go back to your first page.",
    405: "That page cannot be used that way.",
    413: "That is more than this page takes. Send less, or ask the transport team.",
    429: "Too many tries that did not work. Wait a few minutes and try again.",
    422: "Something in the address is not right. Go back to your first page and try again.",
}


def _is_page(request: Request) -> bool:
    return request.url.path == "/web" or request.url.path.startswith("/web/")


def install(app: FastAPI) -> None:
    @app.exception_handler(PageError)
    async def page_error(request: Request, error: PageError):
        return render(request, "error.html", status=error.status, message=error.message, status_code=error.status)

    @app.exception_handler(TransportError)
    async def domain_error(request: Request, error: TransportError):
        if not _is_page(request):
            return await problems.domain_error(request, error)
        status = problems.status_of(error)
        message = str(error)[:1].upper() + str(error)[1:] + "."
        return render(request, "error.html", status=status, message=message, status_code=status)

    @app.exception_handler(SignInNeeded)
    async def sign_in_needed(request: Request, _: SignInNeeded):
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/web/sign-in?next={quote(back)}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        if not _is_page(request):
            return await problems.http_error(request, error)
        message = MESSAGES.get(error.status_code, "Something went wrong. Go back and try again.")
        return render(request, "error.html", status=error.status_code, message=message, status_code=error.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        if not _is_page(request):
            return await problems.invalid(request, error)
        return render(request, "error.html", status=422, message=MESSAGES[422], status_code=422)
