"""Who may contact whom: the council's rule in plain English, for every role, with the transport
office's number and, for a parent, the numbers of parents who share a vehicle and both opted in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from api.pages.web import CSRF, DB, caller, render, today
from transport.accounts import Caller
from transport.day import contacts

router = APIRouter(prefix="/web/contacts", include_in_schema=False, dependencies=CSRF)
SignedIn = Annotated[Caller, Depends(caller)]


@router.get("")
def contact_rules(request: Request, db: DB, who: SignedIn):
    settings = request.app.state.settings
    rules = settings.contact_rules
    mine = contacts.for_caller(db, settings, who, today(request))
    return render(
        request,
        "contacts.html",
        who=who,
        rules=rules,
        words=contacts,
        role=contacts.ROLE_OF_ACCOUNT.get(who.role, who.role),
        offices=[c for c in mine if c.to == "office"],
        others=[c for c in mine if c.to != "office"],
    )
