"""A parent's pages: their children's transport, absences reported and cancelled, and the texts
sent to them. Only their own children: another family's child is "not found"."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from api.deps import PathId
from api.pages.web import (
    CSRF,
    DB,
    PageError,
    Parent,
    day_from,
    flash,
    not_found,
    now_here,
    render,
    today,
)
from transport.day import absences, family, live
from transport.day.legs import travel_for
from transport.db import transaction

router = APIRouter(prefix="/web/parent", include_in_schema=False, dependencies=CSRF)
CHOICES = {"both": ("both", None), "AM": ("AM", False), "PM": ("PM", None)}
"""The form's choice to (session, pm_too): a parent who picks "morning only" has said so, so the
council's rule that a morning absence covers the afternoon does not apply."""


@router.get("")
def home(request: Request, db: DB, who: Parent):
    day = today(request)
    office = request.app.state.settings.transport_office_phone
    children = [(c, family.child_day(db, c, day, office)) for c in family.children_of(db, who)]
    guardian = family.guardian_of(db, who)
    assert guardian is not None  # a parent's account opens only while its guardian exists (accounts._caller)
    texts = family.texts_to(db, guardian)
    settings, travel = request.app.state.settings, travel_for(db, request.app.state.settings)
    going = {c.id: live.for_child(db, settings, c.id, day, now_here(request), travel) for c, _ in children}
    return render(request, "parent_home.html", who=who, today=day, children=children, texts=texts, going=going, guardian=guardian)


def _child_page(
    request: Request, db, who, child, day: dt.date, status: int = 200, error: str | None = None, form: dict | None = None
):
    now = today(request)
    upcoming = [a for a in absences.of_children(db, [child.id]) if a.date >= now and a.cancelled_at is None]
    return render(
        request,
        "parent_child.html",
        status=status,
        who=who,
        child=child,
        day=day,
        today=now,
        transport=family.child_day(db, child, day, request.app.state.settings.transport_office_phone),
        officer=child.officer,
        absences=upcoming,
        error=error,
        form=form or {"date": "", "end_date": "", "when": "both"},
    )


@router.get("/children/{child_id}")
def child_page(request: Request, child_id: PathId, db: DB, who: Parent, date: str | None = None):
    child = family.own_child(db, who, child_id)
    if child is None:
        raise not_found("child")
    return _child_page(request, db, who, child, day_from(date, today(request)))


@router.post("/children/{child_id}/absences")
def report_absence(
    request: Request,
    child_id: PathId,
    who: Parent,
    db: DB,
    date: str = Form(""),
    end_date: str = Form(""),
    when: str = Form("both"),
):
    form = {"date": date, "end_date": end_date, "when": when}
    child = family.own_child(db, who, child_id)
    if child is None:
        raise not_found("child")
    try:
        first, last = day_from(date, None), day_from(end_date, None)
        if first is None:
            raise absences.AbsenceError("please give the day your child will be away")
        if when not in CHOICES:
            raise absences.AbsenceError("please choose morning, afternoon, or both")
        sessions, pm_too = CHOICES[when]
        with transaction(request.app.state.factory) as db:  # committed before the page is answered
            absences.report(
                db,
                request.app.state.settings,
                db.get_one(type(child), child.id),
                first,
                sessions,
                who.name,
                "web",
                last,
                pm_too,
                family.guardian_of(db, who),
            )
    except (absences.AbsenceError, PageError) as error:
        message = error.message if isinstance(error, PageError) else str(error)
        return _child_page(request, db, who, child, today(request), status=422, error=message, form=form)
    name = child.first_name
    flash(request, f"Thank you. We have told {name}'s driver, passenger assistant and school, and sent you a text to confirm.")
    return RedirectResponse(f"/web/parent/children/{child_id}", status_code=303)


@router.post("/absences/{absence_id}/cancel")
def cancel_absence(request: Request, absence_id: PathId, who: Parent):
    with transaction(request.app.state.factory) as db:
        absence = family.own_absence(db, who, absence_id)
        if absence is None:
            raise not_found("absence")
        child_id, name = absence.child_id, absence.child.first_name
        try:
            absences.cancel(db, request.app.state.settings, absence, family.guardian_of(db, who))
        except absences.AbsenceError as error:
            flash(request, f"We could not cancel it: {error}.")
            return RedirectResponse(f"/web/parent/children/{child_id}", status_code=303)
    flash(request, f"Done: {name} will travel as usual. We have told the driver, passenger assistant and school.")
    return RedirectResponse(f"/web/parent/children/{child_id}", status_code=303)


@router.post("/live-texts")
def live_texts(request: Request, who: Parent, on: str = Form("")):
    with transaction(request.app.state.factory) as db:
        family.set_live_texts(db, who, on == "yes")
    if on == "yes":
        flash(request, "Done: we will text you when the vehicle is a few minutes away, and if it runs late.")
    else:
        flash(request, "Done: no texts on the day about where the vehicle is. You will still be told of changes and absences.")
    return RedirectResponse("/web/parent", status_code=303)
