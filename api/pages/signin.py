"""Signing in and out. A parent, driver, PA or school office signs in by a one-time code sent to
the number (or the school's email) the council holds (transport/sign_in_codes.py); a planner
with the key the council gave them (the same key as the API's token, from `transport users
add`). The browser then holds a signed cookie with the key of a sign-in kept on the server,
which signing out deletes."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from api import throttle
from api.pages.web import CSRF, DB, HOME, SIGNED_IN_FOR, caller, cookie, flash, render
from transport import models as m
from transport.accounts import caller_by_id, caller_for, end_old_sign_ins, end_sign_in, start_sign_in
from transport.db import transaction
from transport.sign_in_codes import Address, CodeRefused, check_code, read_address, send_code

router = APIRouter(prefix="/web", include_in_schema=False, dependencies=CSRF)


def _safe_next(target: str | None, role: str) -> str:
    """Back to the page that asked for sign-in, if it is one of ours; never to another site."""
    if target and target.startswith("/web/") and not target.startswith("//") and "\\" not in target:
        return target
    return HOME[role]


@router.get("")
@router.get("/")
def home(request: Request, db: DB):
    """Each person's first page, by their account's role."""
    return RedirectResponse(HOME[caller(request, db).role], status_code=303)


@router.get("/sign-in")
def sign_in_form(request: Request, next: str | None = None):
    return render(request, "sign_in.html", next=next)


@router.post("/sign-in")
def sign_in(request: Request, db: DB, key: str = Form(""), next: str = Form("")):
    if (wait := throttle.retry_after(db, request)) is not None:
        minutes = max(1, round(wait / 60))
        answer = render(
            request,
            "sign_in.html",
            status=429,
            next=next,
            error=f"Too many keys that were not right were tried from here. Wait {minutes} minutes and try again.",
        )
        answer.headers["Retry-After"] = str(wait)
        return answer
    who = caller_for(db, key.strip()) if key.strip() else None
    if who is None:
        throttle.failed(request)
        return render(
            request,
            "sign_in.html",
            status=401,
            next=next,
            error="That key is not right. Check it against the letter or email from the transport team, or ask them for a new one.",
        )
    return _signed_in(request, who.user_id, who.role, next)


def _signed_in(request: Request, user_id: int, role: str, next: str) -> RedirectResponse:
    with transaction(request.app.state.factory) as own:  # committed before the browser comes back with it
        end_old_sign_ins(own, SIGNED_IN_FOR)
        started = start_sign_in(own, user_id)
    cookie(request).clear()  # a new sign-in for a new person: nothing carries over from before
    cookie(request)["sign_in"] = started
    return RedirectResponse(_safe_next(next, role), status_code=303)


SENT = "If that number or email is ours, we have sent a code to it. It can take a minute to arrive."
"""The same answer whether or not anyone holds the number: the page never says which."""


@router.post("/sign-in/code")
def ask_for_code(request: Request, address: str = Form(""), next: str = Form("")):
    """A code to the number or email typed (nothing is sent to one nobody holds)."""
    try:
        where = read_address(address)
        with transaction(request.app.state.factory) as own:
            send_code(own, request.app.state.settings, where)
    except CodeRefused as refused:
        return render(request, "sign_in.html", status=422, next=next, address=address, code_error=str(refused))
    cookie(request)["code_for"] = [where.kind, where.value]
    flash(request, SENT)
    return RedirectResponse(_with_next("/web/sign-in/code", next), status_code=303)


def _with_next(path: str, next: str) -> str:
    """The next step of signing in, still carrying the page that asked for it."""
    return f"{path}?{urlencode({'next': next})}" if next else path


def _code_for(request: Request) -> Address | None:
    held = cookie(request).get("code_for")
    return Address(*held) if isinstance(held, list) and len(held) == 2 else None


@router.get("/sign-in/code")
def code_form(request: Request, next: str | None = None):
    if _code_for(request) is None:
        return RedirectResponse("/web/sign-in", status_code=303)
    return render(request, "sign_in_code.html", next=next)


@router.post("/sign-in/code/check")
def check(request: Request, code: str = Form(""), next: str = Form("")):
    where = _code_for(request)
    if where is None:
        return RedirectResponse("/web/sign-in", status_code=303)
    # Wrong codes lock out the number (not the address the browser is at, as wrong keys do): a
    # guesser has SIGN_IN_CODE_ATTEMPTS tries at a code the owner was texted, a few codes an hour.
    with transaction(request.app.state.factory) as own:  # a wrong try is kept: it counts towards the lockout
        checked = check_code(own, request.app.state.settings, where, code)
    if checked.refused:
        return render(request, "sign_in_code.html", status=401, next=next, error=checked.refused)
    cookie(request).pop("code_for", None)
    if len(checked.users) == 1:  # (an account made just now is in `checked`, not yet in this request's reads)
        return _signed_in(request, checked.users[0], checked.roles[0], next)
    cookie(request)["choose"] = checked.users
    return RedirectResponse(_with_next("/web/sign-in/role", next), status_code=303)


def _choices(request: Request, db: DB) -> list[m.User]:
    ids = cookie(request).get("choose")
    if not isinstance(ids, list) or not ids:
        return []
    return list(db.scalars(select(m.User).where(m.User.id.in_(ids)).order_by(m.User.id)))


ROLE_NAMES = {"parent": "Parent or carer", "driver": "Driver", "pa": "Passenger assistant (PA)", "school": "School office"}


@router.get("/sign-in/role")
def role_form(request: Request, db: DB, next: str | None = None):
    """One number, several accounts (a parent who is also a PA): which one to sign in as."""
    choices = _choices(request, db)
    if not choices:
        return RedirectResponse("/web/sign-in", status_code=303)
    return render(request, "sign_in_role.html", next=next, choices=choices, role_names=ROLE_NAMES)


@router.post("/sign-in/role")
def choose_role(request: Request, db: DB, user_id: int = Form(...), next: str = Form("")):
    if user_id not in {user.id for user in _choices(request, db)} or caller_by_id(db, user_id) is None:
        return RedirectResponse("/web/sign-in", status_code=303)
    user = db.get(m.User, user_id)
    assert user is not None
    return _signed_in(request, user.id, user.role, next)


@router.post("/sign-out")
def sign_out(request: Request):
    key = cookie(request).get("sign_in")
    if isinstance(key, str):
        with transaction(request.app.state.factory) as db:  # ended on the server: a copy of the cookie opens nothing
            end_sign_in(db, key)
    cookie(request).clear()
    flash(request, "You have signed out.")
    return RedirectResponse("/web/sign-in", status_code=303)
