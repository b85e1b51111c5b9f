"""An unexpected error (a bug, a database gone away) answers plainly: a problem detail on the
API, an error page on /web, never a stack trace. Starlette's ServerErrorMiddleware calls this
and still raises the error after, so the server's log keeps the traceback."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response

from api import problems
from api.guard import headers
from api.pages.web import HOME, TEMPLATES
from transport.settings import Settings

API_DETAIL = (
    "something went wrong on our side; it has been logged. Try again, and if it goes on, tell the council's transport team"
)
PAGE_MESSAGE = "Something went wrong on our side. Try again in a minute; if it goes on, call the transport team."


def install(app: FastAPI, settings: Settings) -> None:
    async def crashed(request: Request, _: Exception) -> Response:
        path = request.url.path
        if path == "/web" or path.startswith("/web/"):
            # Outside every middleware: no sign-in cookie to read, so a page for nobody in particular.
            context = {"who": None, "csrf": "", "flash": None, "home": HOME, "message": PAGE_MESSAGE, "status_code": 500}
            answer: Response = TEMPLATES.TemplateResponse(request, "error.html", context, status_code=500)
        else:
            answer = problems.problem(500, API_DETAIL)
        # ServerErrorMiddleware sits outside the headers middleware: this answer gets them here.
        answer.headers.update(headers.for_path(path, request.url.scheme == "https", settings.hsts))
        return answer

    app.add_exception_handler(Exception, crashed)
