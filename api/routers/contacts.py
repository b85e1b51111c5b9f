"""Who may contact whom: the council's rule table, and the numbers it lets the caller call."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from api import schemas as s
from api.deps import DB, AnyCaller, Config
from api.problems import PROBLEM_RESPONSES
from api.views import contact_out
from transport.clock import now
from transport.day import contacts

router = APIRouter(tags=["contacts"], responses=PROBLEM_RESPONSES)


@router.get("/contacts/rules", response_model=list[s.ContactRuleOut])
def rules(_: AnyCaller, settings: Config):
    """The council's rule of who may contact whom, how and when (CONTACT_RULES), the same for
    every role: anything not listed is not allowed."""
    return [
        s.ContactRuleOut(
            caller=r.caller,
            to=r.to,
            how=list(r.how),
            when=list(r.when),
            without_pa=r.without_pa,
            sentence=contacts.sentence(r),
        )
        for r in settings.contact_rules
    ]


@router.get("/me/contacts", response_model=list[s.ContactOut])
def my_contacts(db: DB, who: AnyCaller, settings: Config, date: dt.date | None = None):
    """The numbers the rule lets the caller call, beside any run: the transport office always,
    and for a parent the parents who share a vehicle with their child in the school week from
    `date` (today by default), if both opted in. A crew's numbers for a run are on `/me/runs`."""
    day = date or now(settings).date()
    return [contact_out(c) for c in contacts.for_caller(db, settings, who, day)]
