"""The planner's page for a day's disruption: mark a vehicle, driver or PA unavailable (a
breakdown, sickness), propose the cover, read who moves and how, and confirm it, which tells
exactly the families, crews and schools it concerns (planning/disruption.py does the work)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api.deps import PathId
from api.pages.web import CSRF, DB, PageError, Planner, day_from, flash, render, sentence, today
from transport import models as m
from transport.db import transaction
from transport.planning import disruption

router = APIRouter(prefix="/web/planner/disruption", include_in_schema=False, dependencies=CSRF)
KINDS = ("vehicle", "driver", "assistant")


def _page(day: dt.date) -> RedirectResponse:
    return RedirectResponse(f"/web/planner/disruption?date={day}", status_code=303)


def _not_past(request: Request, day: dt.date) -> None:
    if day < today(request):
        raise PageError(409, f"{day:%A %-d %B} has passed: cover is for today or a day to come.")


@router.get("")
def page(request: Request, db: DB, who: Planner, date: str | None = None):
    day = day_from(date, today(request))
    covers = [disruption.cover_view(db, p) for p in disruption.covers_on(db, day)]
    return render(
        request,
        "disruption.html",
        who=who,
        day=day,
        marks=disruption.marks_on(db, day),
        what=disruption.what,
        markable=disruption.markable(db),
        covers=covers,
        past=day < today(request),
    )


@router.post("/marks")
def mark(request: Request, who: Planner, date: str = Form(""), unavailable: str = Form(""), reason: str = Form("")):
    day = day_from(date, None)
    if day is None:
        raise PageError(422, "Pick the day the vehicle or person cannot work.")
    _not_past(request, day)
    kind, _, ref = unavailable.partition(":")
    if kind not in KINDS or not ref.isdigit():
        raise PageError(422, "Pick the vehicle, driver or PA who cannot work that day.")
    with transaction(request.app.state.factory) as db:
        vehicle = db.get(m.FleetVehicle, int(ref)) if kind == "vehicle" else None
        driver = db.get(m.Driver, int(ref)) if kind == "driver" else None
        assistant = db.get(m.PassengerAssistant, int(ref)) if kind == "assistant" else None
        if vehicle is None and driver is None and assistant is None:
            raise PageError(404, "That vehicle or person is not on the council's lists. Reload the page and pick again.")
        made = disruption.mark(db, day, who.name, reason.strip()[:200], vehicle=vehicle, driver=driver, assistant=assistant)
        flash(request, f"{sentence(disruption.what(made))} marked unavailable. Now propose the cover.")
    return _page(day)


@router.post("/marks/{mark_id}/cancel")
def unmark(request: Request, mark_id: PathId, _: Planner):
    with transaction(request.app.state.factory) as db:
        found = disruption.unmark(db, mark_id)
        day = found.date
        flash(request, f"{sentence(disruption.what(found))} is available after all.")
    return _page(day)


@router.post("/cover")
def propose(request: Request, who: Planner, date: str = Form("")):
    day = day_from(date, None)
    if day is None:
        raise PageError(422, "Pick the day to cover.")
    _not_past(request, day)
    with transaction(request.app.state.factory) as db:
        disruption.propose(db, request.app.state.settings, day, who.name)
    flash(request, "The cover is proposed below. Nobody is told until you confirm it.")
    return RedirectResponse(f"/web/planner/disruption?date={day}#cover", status_code=303)


@router.post("/covers/{plan_id}/confirm")
def confirm(request: Request, plan_id: PathId, who: Planner):
    with transaction(request.app.state.factory) as db:
        plan = disruption.proposal_of(db, plan_id)
        day = plan.starts_on
        texts = disruption.confirm(db, request.app.state.settings, plan, who.name, today(request))
    flash(
        request,
        f"The cover is confirmed. {texts} text{'s' if texts != 1 else ''} to the families, crews and schools it concerns.",
    )
    return _page(day)
