"""A parent's pages: their children's transport, absences reported and cancelled, the texts
sent to them, the council's offer of a mileage allowance or a personal travel budget (accepted or
declined), and a week's claim for the journeys made on an allowance. Only their own children:
another family's child, offer or claim is "not found"."""

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
    Posted,
    day_from,
    flash,
    long_day,
    not_found,
    now_here,
    render,
    today,
)
from transport import models as m
from transport.budgets import claims as claims_
from transport.budgets import offers as offers_
from transport.clock import monday_of
from transport.day import absences, family, live
from transport.day.legs import travel_for
from transport.db import transaction
from transport.errors import Conflict, Invalid, NotFound

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
    offered = {o.child_id for o in offers_.offers(db, {c.id for c, _ in children}) if o.status == "offered"}
    return render(
        request,
        "parent_home.html",
        who=who,
        today=day,
        children=children,
        texts=texts,
        going=going,
        guardian=guardian,
        offered=offered,
    )


def _own_travel(
    request: Request, db, child: m.Child, week: dt.date | None, refused: list[str] | None, trips: dict[str, str] | None
) -> dict:
    """The child's offer waiting for an answer and, on an accepted allowance, the week's claim form
    (the week asked for, this week by default) and the claims sent."""
    now, nation = today(request), request.app.state.settings.bank_holidays
    found = offers_.offers(db, {child.id})
    waiting = next((o for o in found if o.status == "offered"), None)
    taken = next((o for o in found if o.status == "accepted"), None)
    out: dict = {"offer": waiting, "offer_terms": offers_.terms(waiting) if waiting else None, "taken": taken}
    out["taken_terms"] = offers_.terms(taken) if taken else None
    if taken is None or taken.kind != "allowance":
        return out
    monday, not_this = monday_of(week or now), None
    try:
        days = claims_.week_form(db, taken, monday, now, nation)
    except Invalid as error:  # a week to come, or long past: this week's form, and why not that one
        monday, not_this = monday_of(now), str(error)
        days = claims_.week_form(db, taken, monday, now, nation)
    sent = claims_.claims(db, child_ids={child.id})
    out.update(
        week=monday,
        claim_days=days,
        week_refused=not_this,
        claimed=next((c for c in sent if c.week_of == monday and c.status != "refused"), None),
        claims=sent,
        refused=refused or [],
        trips=trips or {},
    )
    return out


def _child_page(
    request: Request,
    db,
    who,
    child,
    day: dt.date,
    status: int = 200,
    error: str | None = None,
    form: dict | None = None,
    week: dt.date | None = None,
    refused: list[str] | None = None,
    trips: dict[str, str] | None = None,
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
        **_own_travel(request, db, child, week, refused, trips),
    )


@router.get("/children/{child_id}")
def child_page(request: Request, child_id: PathId, db: DB, who: Parent, date: str | None = None, week: str | None = None):
    child = family.own_child(db, who, child_id)
    if child is None:
        raise not_found("child")
    return _child_page(request, db, who, child, day_from(date, today(request)), week=day_from(week, None))


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


def _own_offer(db, who, offer_id: int) -> m.Offer:
    try:
        return offers_.offer_of(db, offer_id, who.link_id)
    except NotFound:
        raise not_found("offer")


@router.post("/offers/{offer_id}/answer")
def answer_offer(request: Request, offer_id: PathId, who: Parent, answer: str = Form("")):
    if answer not in ("accept", "decline"):
        raise PageError(422, "Choose whether to accept the offer or decline it.")
    with transaction(request.app.state.factory) as db:
        offer = _own_offer(db, who, offer_id)
        offers_.answer(db, offer, answer == "accept", who.name, today(request))
        child_id, name, first = offer.child_id, offer.child.first_name, offer.starts_on
        allowance = offer.kind == "allowance"
    if answer == "decline":
        flash(request, f"Thank you. {name} keeps the place on the council's vehicle, as now.")
    else:
        then = " Claim the journeys you make each week on this page." if allowance else ""
        flash(
            request,
            f"Thank you. From {long_day(first)} you take {name} to school yourselves: we have told the driver, "
            f"passenger assistant and school.{then}",
        )
    return RedirectResponse(f"/web/parent/children/{child_id}", status_code=303)


def _trips(form: dict[str, str]) -> tuple[dict[dt.date, int], list[str]]:
    """The single trips typed for each day (fields `trips-YYYY-MM-DD`), and what could not be read."""
    trips: dict[dt.date, int] = {}
    unread = []
    for key, value in form.items():
        if not key.startswith("trips-"):
            continue
        try:
            date = dt.date.fromisoformat(key.removeprefix("trips-"))
        except ValueError:
            unread.append("a day of the form could not be read: reload the page and fill it in again")
            continue
        try:
            trips[date] = int(value.strip() or 0)
        except ValueError:
            unread.append(f"{date:%a %-d %b}: give the single trips as a number, such as 2")
    return trips, unread


@router.post("/offers/{offer_id}/claims")
def send_claim(request: Request, offer_id: PathId, who: Parent, db: DB, form: Posted):
    offer = _own_offer(db, who, offer_id)
    child = family.own_child(db, who, offer.child_id)
    if child is None:
        raise not_found("offer")
    if offer.kind != "allowance" or offer.status != "accepted":
        raise PageError(409, "Only an accepted mileage allowance is claimed week by week.")
    week = day_from(form.get("week"), None)
    if week is None:
        raise PageError(422, "Pick the week to claim for.")
    trips, unread = _trips(form)
    typed = {k.removeprefix("trips-"): v for k, v in form.items() if k.startswith("trips-")}
    settings = request.app.state.settings
    try:
        if unread:
            raise claims_.ClaimRefused(unread)
        with transaction(request.app.state.factory) as db_:
            claim = claims_.submit(
                db_, db_.get_one(m.Offer, offer.id), week, trips, who.name, today(request), settings.bank_holidays
            )
            said = f"£{claim.amount:,.2f} for {sum(d.trips for d in claim.days)} single trips"
    except (Invalid, Conflict) as error:
        reasons = getattr(error, "reasons", None) or [str(error)]
        day = today(request)
        return _child_page(request, db, who, child, day, status=422, week=week, refused=reasons, trips=typed)
    flash(
        request,
        f"Thank you. Your claim for the week of {long_day(monday_of(week))} is sent: {said}. "
        "The council will check it and pay you.",
    )
    return RedirectResponse(f"/web/parent/children/{child.id}?week={monday_of(week)}", status_code=303)
