"""A planner's pages for personal travel budgets and mileage allowances: what each child's place
on a plan costs against the council's allowance (worked out as a job, a progress bar while it
runs), offers to the families where an allowance or a PTB is cheaper, the offers and their
answers, the families' weekly claims to approve or refuse, and the finance export
(transport/budgets/ does the work)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from api.deps import PathId
from api.pages.web import CSRF, DB, PageError, Planner, day_from, flash, long_day, not_found, render, today
from transport import models as m
from transport.budgets import claims as claims_
from transport.budgets import costs as costs_
from transport.budgets import offers as offers_
from transport.budgets.costs import CHEAPER, PlaceCost, costs_of, request_costing
from transport.clock import next_monday
from transport.day.legs import travel_for
from transport.db import transaction

router = APIRouter(prefix="/web/planner", include_in_schema=False, dependencies=CSRF)
COSTING_SECONDS: float | None = None
"""The optimiser's seconds for each run re-solved when a planner asks for a costing (None:
PLACE_COST_SECONDS); the browser tests make it smaller still."""
DECIDED_SHOWN = 200
"""The claims decided the page lists, the latest weeks first (the finance export has them all)."""
KIND_WORDS = {"allowance": "a mileage allowance", "ptb": "a personal travel budget"}
STATUS_WORDS = {
    "offered": "waiting for the family's answer",
    "accepted": "accepted",
    "declined": "declined",
    "withdrawn": "withdrawn",
}


def _made_plan(db, plan_id: int) -> m.Plan:
    plan = db.get(m.Plan, plan_id)
    if plan is None:
        raise not_found("plan")
    if plan.status not in ("draft", "published"):
        raise PageError(409, f"Plan {plan_id} is {plan.status}: a plan's places are costed once it is made.")
    return plan


@router.get("/plans/{plan_id}/costs")
def costs_page(request: Request, plan_id: PathId, db: DB, who: Planner):
    plan = _made_plan(db, plan_id)
    costing = db.get(m.Costing, plan_id)
    costs: list[PlaceCost] = []
    if costing is not None and costing.status == "done":
        costs = costs_.by_saving(costs_of(db, plan_id)[1])
    open_offers = {o.child_id: o for o in offers_.offers(db, {c.child.id for c in costs}) if o.status in offers_.OPEN}
    day = today(request)
    return render(
        request,
        "costs.html",
        who=who,
        plan=plan,
        costing=costing,
        costs=costs,
        totals=costs_.totals(costs),
        cheaper=CHEAPER,
        open_offers=open_offers,
        status_words=STATUS_WORDS,
        first_day=next_monday(day),
        tomorrow=day + dt.timedelta(days=1),
    )


@router.post("/plans/{plan_id}/costs")
def cost_places(request: Request, plan_id: PathId, who: Planner):
    with transaction(request.app.state.factory) as db:  # committed first: the job must find its row
        _made_plan(db, plan_id)
        request_costing(db, plan_id, who.name)
    request.app.state.runner.submit_costing(plan_id, COSTING_SECONDS)
    return RedirectResponse(f"/web/planner/plans/{plan_id}/costs", status_code=303)


@router.get("/plans/{plan_id}/costs/progress")
def costing_progress(plan_id: PathId, db: DB, _: Planner):
    """What the costs page polls while the costing runs."""
    costing = db.get(m.Costing, plan_id)
    if costing is None:
        raise not_found("costing")
    return JSONResponse({"status": costing.status, "progress": costing.progress, "error": costing.error})


def _download(body: str, filename: str) -> Response:
    """A CSV the browser saves as a file of that name."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/plans/{plan_id}/costs.csv")
def costs_csv(plan_id: PathId, db: DB, _: Planner):
    """The costs table as the page shows it, the biggest saving first (as the API's)."""
    _made_plan(db, plan_id)
    costing = db.get(m.Costing, plan_id)
    if costing is None or costing.status != "done":
        raise PageError(409, f"Plan {plan_id}'s places are not costed yet: work out what each place costs first.")
    return _download(costs_.costs_csv(costs_of(db, plan_id)[1]), f"place-costs-plan-{plan_id}.csv")


@router.get("/offers")
def offers_page(request: Request, db: DB, who: Planner):
    every = offers_.offers(db)
    sent = claims_.claims(db)
    return render(
        request,
        "offers.html",
        who=who,
        offers=every,
        terms={o.id: offers_.terms(o) for o in every},
        status_words=STATUS_WORDS,
        waiting=[c for c in sent if c.status == "submitted"],
        decided=[c for c in sent if c.status != "submitted"][:DECIDED_SHOWN],
        decided_shown=DECIDED_SHOWN,
    )


@router.post("/offers")
def make_offer(
    request: Request, who: Planner, child_id: int = Form(0, ge=0, le=2**31 - 1), kind: str = Form(""), starts_on: str = Form("")
):
    first = day_from(starts_on, None)
    if first is None:
        raise PageError(422, "Pick the first day of the offer: the day the family would start taking their child.")
    if kind not in offers_.KINDS:
        raise PageError(422, "Pick what to offer: a mileage allowance or a personal travel budget.")
    settings = request.app.state.settings
    with transaction(request.app.state.factory) as db:
        child = db.get(m.Child, child_id)
        if child is None:
            raise not_found("child")
        offers_.make_offer(db, settings, travel_for(db, settings), child, kind, first, who.name, today(request))
        name = f"{child.first_name} {child.last_name}"
    flash(
        request,
        f"{name}'s family is offered {KIND_WORDS[kind]} from {long_day(first)}, and texted to answer on their page.",
    )
    return RedirectResponse("/web/planner/offers", status_code=303)


@router.post("/offers/{offer_id}/withdraw")
def withdraw(request: Request, offer_id: PathId, _: Planner):
    with transaction(request.app.state.factory) as db:
        offer = offers_.offer_of(db, offer_id)
        offers_.withdraw(db, offer)
        name = f"{offer.child.first_name} {offer.child.last_name}"
    flash(request, f"The offer to {name}'s family is withdrawn: their place on the plan stays as it is.")
    return RedirectResponse("/web/planner/offers", status_code=303)


@router.post("/claims/{claim_id}/approve")
def approve(request: Request, claim_id: PathId, who: Planner):
    with transaction(request.app.state.factory) as db:
        claim = claims_.decide(db, claims_.claim_of(db, claim_id), "approved", who.name)
        child = claim.offer.child
        said = f"Approved: £{claim.amount:,.2f} for {child.first_name} {child.last_name}, the week of {claim.week_of:%-d %B}."
    flash(request, f"{said} It is in the finance export.")
    return RedirectResponse("/web/planner/offers#claims", status_code=303)


@router.post("/claims/{claim_id}/refuse")
def refuse(request: Request, claim_id: PathId, who: Planner, reason: str = Form("")):
    with transaction(request.app.state.factory) as db:
        claim = claims_.decide(db, claims_.claim_of(db, claim_id), "refused", who.name, reason[:1000])
        child = claim.offer.child
        said = f"Refused: {child.first_name} {child.last_name}'s claim for the week of {claim.week_of:%-d %B}."
    flash(request, f"{said} The family reads why on their page.")
    return RedirectResponse("/web/planner/offers#claims", status_code=303)


@router.get("/claims.csv")
def finance_export(db: DB, _: Planner, week_from: str | None = None, week_to: str | None = None):
    """Approved claims for the council's finance system (the weeks from `week_from` to `week_to`, if given), as the API's."""
    body = claims_.finance_csv(db, day_from(week_from, None), day_from(week_to, None))
    return _download(body, "approved-claims.csv")
