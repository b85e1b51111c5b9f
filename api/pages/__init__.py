"""The web pages: server-rendered HTML for schools, parents, planners, drivers and PAs, under
/web, over the same services as the API. `install(app)` adds them to the FastAPI app."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from xstatic.pkg import jquery, leaflet

from api.pages import board, budgets, crews, disruption, errors, parents, planners, schools, signin, users, web
from transport.settings import Settings

STATIC = Path(__file__).resolve().parent.parent / "static"


def install(app: FastAPI, settings: Settings) -> None:
    # The cookie holds only the sign-in's key (the sign-in itself is on the server) and the form
    # token, signed (itsdangerous) so that nobody can forge one; SameSite=Lax keeps it off other
    # sites' form posts too.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.cookie_secret or secrets.token_urlsafe(32),
        session_cookie="transport_session",
        max_age=int(web.SIGNED_IN_FOR.total_seconds()),
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.add_api_route("/", lambda: RedirectResponse("/web/", status_code=303), include_in_schema=False)
    app.mount("/web/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount("/web/static/jquery", StaticFiles(directory=jquery.BASE_DIR), name="jquery")
    app.mount("/web/static", StaticFiles(directory=STATIC), name="static")
    for module in (signin, schools, parents, planners, budgets, board, disruption, crews, users):
        app.include_router(module.router)
    errors.install(app)
