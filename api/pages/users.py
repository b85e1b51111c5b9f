"""A planner's page of accounts: every account with its role, record and last sign-in; disable,
enable, re-issue a key (shown once, on the page that answers), and add one."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api.deps import PathId
from api.pages.web import CSRF, PageError, Planner, flash, render
from transport.accounts import ROLES, AccountError, add_user, list_users, reissue, set_disabled
from transport.db import transaction
from transport.errors import NotFound

router = APIRouter(prefix="/web/users", include_in_schema=False, dependencies=CSRF)


def _page(request: Request, who: Planner, status: int = 200, **context):
    # Read afresh: after a change committed in its own transaction, the request's (begun before it) would not see it.
    with request.app.state.factory() as db:
        accounts = list_users(db)
    return render(request, "users.html", status=status, who=who, accounts=accounts, roles=ROLES, **context)


@router.get("")
def accounts(request: Request, who: Planner):
    return _page(request, who)


def _change(request: Request, change, user_id: int):
    try:
        with transaction(request.app.state.factory) as db:
            return change(db, user_id)
    except NotFound:
        raise PageError(404, "There is no such account. Go back to the list of accounts and try again.")


@router.post("/{user_id}/disable")
def disable(request: Request, user_id: PathId, who: Planner):
    if user_id == who.user_id:
        raise PageError(422, "You cannot disable your own account: ask another planner to.")
    name = _change(request, lambda db, i: set_disabled(db, i, True).name, user_id)
    flash(request, f"{name}'s account is disabled: its key and sign-ins open nothing now.")
    return RedirectResponse("/web/users", status_code=303)


@router.post("/{user_id}/enable")
def enable(request: Request, user_id: PathId, _: Planner):
    name = _change(request, lambda db, i: set_disabled(db, i, False).name, user_id)
    flash(request, f"{name}'s account is enabled again.")
    return RedirectResponse("/web/users", status_code=303)


@router.post("/{user_id}/reissue")
def new_key(request: Request, user_id: PathId, who: Planner):
    """The new key is on this answer only (never in the cookie, which is signed, not secret)."""
    key = _change(request, reissue, user_id)
    return _page(request, who, new_key=key, new_key_for=f"account {user_id}")


@router.post("")
def add(request: Request, who: Planner, role: str = Form(""), name: str = Form(""), link: str = Form("")):
    if not name.strip():
        return _page(request, who, status=422, add_error="Give the name of the person the account is for.")
    try:
        with transaction(request.app.state.factory) as own:
            key = add_user(own, role, name.strip(), link.strip() or None)
    except AccountError as error:
        return _page(request, who, status=422, add_error=f"The account was not made: {error}.")
    return _page(request, who, new_key=key, new_key_for=name.strip())
