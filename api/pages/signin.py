"""Signing in and out. A person signs in with the key their council gave them (the same key
as the API's token, from `transport users add`); the browser then holds a signed cookie with
the key of a sign-in kept on the server, which signing out deletes."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api import throttle
from api.pages.web import CSRF, DB, HOME, SIGNED_IN_FOR, caller, cookie, flash, render
from transport.accounts import caller_for, end_old_sign_ins, end_sign_in, start_sign_in
from transport.db import transaction

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
    with transaction(request.app.state.factory) as own:  # committed before the browser comes back with it
        end_old_sign_ins(own, SIGNED_IN_FOR)
        started = start_sign_in(own, who.user_id)
    cookie(request).clear()  # a new sign-in for a new person: nothing carries over from before
    cookie(request)["sign_in"] = started
    return RedirectResponse(_safe_next(next, who.role), status_code=303)


@router.post("/sign-out")
def sign_out(request: Request):
    key = cookie(request).get("sign_in")
    if isinstance(key, str):
        with transaction(request.app.state.factory) as db:  # ended on the server: a copy of the cookie opens nothing
            end_sign_in(db, key)
    cookie(request).clear()
    flash(request, "You have signed out.")
    return RedirectResponse("/web/sign-in", status_code=303)
