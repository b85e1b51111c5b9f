"""What every page needs: templates, the signed-in caller, role checks, form tokens (CSRF),
one-off notes after a form ("flash"), and dates read from a query."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Annotated, overload

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from api.deps import open_db
from transport.accounts import Caller, caller_by_sign_in
from transport.clock import now
from transport.phones import for_people

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
HOME = {"planner": "/web/planner", "school": "/web/school", "parent": "/web/parent", "driver": "/web/crew", "pa": "/web/crew"}
"""Each role's first page."""
MAP_ASSETS = {
    "leaflet": "/web/static/leaflet/leaflet.js",
    "leaflet_css": "/web/static/leaflet/leaflet.css",
    "jquery": "/web/static/jquery/jquery.min.js",
}
"""The map's scripts served by the app itself (from the XStatic packages, see pages/__init__.py):
the planner's map draws its routes even where the browser cannot reach a CDN."""


class PageError(Exception):
    """An error shown to a person as a page: a status and a plain-English sentence."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def not_found(what: str) -> PageError:
    """Someone else's record answers as if it did not exist: a page never says whose it is."""
    return PageError(404, f"There is no {what} among yours.")


class SignInNeeded(Exception):
    """Nobody is signed in: the page sends them to sign in, and back here afterwards."""


def hhmm(t: dt.time | None) -> str:
    return t.strftime("%H:%M") if t else ""


def long_day(d: dt.date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def session_name(s: str) -> str:
    return {"AM": "morning", "PM": "afternoon", "both": "all day"}.get(s, s)


def sentence(text: str) -> str:
    """The first letter up, the rest as written (Jinja's `capitalize` lowers "AB12 CDE")."""
    return text[:1].upper() + text[1:]


TEMPLATES.env.filters.update(hhmm=hhmm, long_day=long_day, session_name=session_name, phone=for_people, sentence=sentence)


def cookie(request: Request) -> dict:
    """What the browser's signed sign-in cookie holds (Starlette's `request.session`)."""
    return request.session


def csrf_token(request: Request) -> str:
    """The session's form token, made on first use; every form posts it back."""
    if "csrf" not in cookie(request):
        cookie(request)["csrf"] = secrets.token_urlsafe(32)
    return cookie(request)["csrf"]


def flash(request: Request, note: str) -> None:
    cookie(request)["flash"] = note


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    context.setdefault("who", None)
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {"csrf": csrf_token(request), "flash": cookie(request).pop("flash", None), "home": HOME, **context},
        status_code=status,
    )


async def check_csrf(request: Request) -> None:
    """Every POST carries the session's form token: a form another site makes cannot."""
    if request.method != "POST":
        return
    form = await request.form()
    sent, expected = str(form.get("csrf", "")), cookie(request).get("csrf", "")
    if not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
        raise PageError(
            403, "This form has run out of date or did not come from this site. Go back, reload the page and try again."
        )


async def posted(request: Request) -> dict[str, str]:
    """A form's fields whose names the page makes (one for each day of a week), for a route that
    reads them by name; read once, as `check_csrf` did."""
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


SIGNED_IN_FOR = dt.timedelta(days=7)
"""How long a sign-in lasts (the cookie's age too); "Sign out" ends it sooner (a shared office computer)."""


def caller(request: Request, db: Annotated[Session, Depends(open_db, scope="function")]) -> Caller:
    """The account of the browser's sign-in, looked up on the server on every page: a sign-in
    ended by "Sign out" (or older than SIGNED_IN_FOR) opens nothing, even from a copied cookie."""
    key = cookie(request).get("sign_in")
    who = caller_by_sign_in(db, key, SIGNED_IN_FOR) if isinstance(key, str) else None
    if who is None:
        cookie(request).pop("sign_in", None)
        raise SignInNeeded()
    return who


def role(*roles: str):
    """A dependency that lets only these roles see the page; others are told it is not theirs."""

    def check(who: Annotated[Caller, Depends(caller)]) -> Caller:
        if who.role not in roles:
            raise PageError(403, "This page is not for your account. Use the links at the top to find your own pages.")
        return who

    return check


def today(request: Request) -> dt.date:
    """The council's today (the settings' clock), which every page's dates start from."""
    return now(request.app.state.settings).date()


def now_here(request: Request) -> dt.datetime:
    """The council's wall-clock time now, for a page (the same clock as `today`)."""
    return now(request.app.state.settings)


@overload
def day_from(text: str | None, default: dt.date) -> dt.date: ...
@overload
def day_from(text: str | None, default: None) -> dt.date | None: ...
def day_from(text: str | None, default: dt.date | None) -> dt.date | None:
    """A date typed or picked in a form (YYYY-MM-DD), or the default when none was given."""
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PageError(422, f"“{text[:20]}” is not a date. Pick one with the date picker, or type it as 2026-09-07.")


DB = Annotated[Session, Depends(open_db, scope="function")]
Planner = Annotated[Caller, Depends(role("planner"))]
School = Annotated[Caller, Depends(role("school", "planner"))]
Parent = Annotated[Caller, Depends(role("parent"))]
Crew = Annotated[Caller, Depends(role("driver", "pa"))]
CSRF = [Depends(check_csrf)]
Posted = Annotated[dict[str, str], Depends(posted)]
