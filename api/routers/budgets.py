"""Travel budgets: what each child's place costs against an allowance (planners), offers of a
mileage allowance or a personal travel budget and the family's answer, school closures, and the
weekly mileage claims a planner approves and exports for finance."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api import schemas as s
from api.deps import DB, WRITES, AnyCaller, Config, Parent, PathId, Planner
from api.problems import PROBLEM_RESPONSES, HttpProblem
from transport import models as m
from transport.accounts import Caller
from transport.budgets import claims, costs, offers
from transport.clock import now
from transport.day import closures, family
from transport.day.legs import travel_for
from transport.db import transaction
from transport.errors import NotFound

router = APIRouter(tags=["budgets"], responses=PROBLEM_RESPONSES)
CSV: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}, "description": "A CSV file"}}


@router.post("/plans/{plan_id}/costs", response_model=s.CostingOut, status_code=202)
def cost_places(plan_id: PathId, request: Request, who: Planner):
    """Work out what each child's place on a made plan costs, as a job: poll GET for its progress."""
    # Its own transaction, committed before the job starts: the job must find its row.
    with transaction(request.app.state.factory) as db:
        costing = costs.request_costing(db, plan_id, who.name)
        answer = s.CostingOut(plan_id=plan_id, status=costing.status, progress=costing.progress)
    request.app.state.runner.submit_costing(plan_id)
    return answer


@router.get("/plans/{plan_id}/costs", response_model=s.CostingOut)
def place_costs(plan_id: PathId, db: DB, _: Planner):
    """Each child's place (what the plan saves without them) beside the allowance and a PTB, and
    which is cheaper; the children whose cheaper option saves most first."""
    costing, rows = costs.costs_of(db, plan_id)
    total = costs.totals(rows)
    return s.CostingOut(
        plan_id=plan_id,
        status=costing.status,
        progress=costing.progress,
        error=costing.error,
        children=[_cost(r) for r in costs.by_saving(rows)],
        place_per_week=total.place_per_week,
        saving_per_year=total.saving_per_year,
    )


@router.get("/plans/{plan_id}/costs.csv", response_class=Response, responses=CSV)
def place_costs_csv(plan_id: PathId, db: DB, _: Planner):
    costing, rows = costs.costs_of(db, plan_id)
    if costing.status != "done":
        raise HttpProblem(409, f"the costing of plan {plan_id} is {costing.status}")
    return _csv(costs.costs_csv(rows), f"place-costs-plan-{plan_id}.csv")


def _cost(r: costs.PlaceCost) -> s.PlaceCostOut:
    c = r.child
    return s.PlaceCostOut(
        child_id=c.id,
        child_ref=c.ref,
        first_name=c.first_name,
        last_name=c.last_name,
        school=c.school.name,
        journeys=r.journeys,
        days=r.days,
        place_per_week=r.place_per_week,
        miles=r.miles,
        allowance_per_week=r.allowance_per_week,
        ptb_per_week=r.ptb_per_week,
        cheaper=r.cheaper,
        saving_per_year=r.saving_per_year,
    )


def _csv(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/offers", response_model=s.OfferOut, status_code=201, dependencies=WRITES)
def make_offer(body: s.OfferIn, db: DB, who: Planner, settings: Config):
    """Offer a family an allowance or a PTB instead of the child's place; they are texted to look."""
    child = db.get(m.Child, body.child_id)
    if child is None:
        raise NotFound(f"there is no child {body.child_id}")
    offer = offers.make_offer(
        db,
        settings,
        travel_for(db, settings),
        child,
        body.kind,
        body.starts_on,
        who.name,
        now(settings).date(),
        body.pence_per_mile,
        body.ptb_per_term,
    )
    return _offer(offer, who)


@router.get("/offers", response_model=list[s.OfferOut])
def list_offers(db: DB, who: AnyCaller):
    """A parent's children's offers; a planner's: everyone's."""
    return [_offer(o, who) for o in offers.offers(db, _children(db, who))]


@router.post("/offers/{offer_id}/accept", response_model=s.OfferOut, dependencies=WRITES)
def accept(offer_id: PathId, db: DB, who: Parent, settings: Config):
    """Accept: the child's place ends from the offer's first day (or the next school day, if that
    has come); the crews of their runs and their school are told."""
    offer = offers.offer_of(db, offer_id, who.link_id)
    told = offers.answer(db, offer, True, who.name, now(settings).date())
    return _offer(offer, who, told)


@router.post("/offers/{offer_id}/decline", response_model=s.OfferOut, dependencies=WRITES)
def decline(offer_id: PathId, db: DB, who: Parent, settings: Config):
    offer = offers.offer_of(db, offer_id, who.link_id)
    offers.answer(db, offer, False, who.name, now(settings).date())
    return _offer(offer, who)


@router.delete("/offers/{offer_id}", status_code=204, dependencies=WRITES)
def withdraw(offer_id: PathId, db: DB, _: Planner):
    offers.withdraw(db, offers.offer_of(db, offer_id))
    return Response(status_code=204)


def _children(db, who: Caller) -> set[int] | None:
    if who.role == "planner":
        return None
    if who.role != "parent":
        raise HttpProblem(403, "this is for parents and planners only")
    return {c.id for c in family.children_of(db, who)}


def _offer(offer: m.Offer, who: Caller, texts: int = 0) -> s.OfferOut:
    t = offers.terms(offer)
    return s.OfferOut(
        id=offer.id,
        child_id=offer.child_id,
        first_name=offer.child.first_name,
        kind=offer.kind,
        starts_on=offer.starts_on,
        status=offer.status,
        words=t.words,
        per_day=t.per_day,
        per_week=t.per_week,
        pence_per_mile=offer.pence_per_mile,
        trips_per_day=offer.trips_per_day,
        miles=offer.miles,
        ptb_per_term=offer.ptb_per_term,
        place_per_week=offer.place_per_week if who.role == "planner" else None,
        texts=texts,
    )


@router.get("/offers/{offer_id}/claim-form", response_model=list[s.ClaimFormDay])
def claim_form(offer_id: PathId, db: DB, who: Parent, settings: Config, week_of: dt.date | None = None):
    """The week's school days (default this week) pre-filled: the trips the allowance pays, or why a day cannot be claimed."""
    offer = offers.offer_of(db, offer_id, who.link_id)
    today = now(settings).date()
    return claims.week_form(db, offer, week_of or today, today, settings.bank_holidays)


@router.post("/claims", response_model=s.ClaimOut, status_code=201, dependencies=WRITES)
def claim(body: s.ClaimIn, db: DB, who: Parent, settings: Config):
    """A week's journeys; the amount is worked out here. A day the child was absent or the school
    was closed is refused with the reason, and nothing is kept."""
    offer = offers.offer_of(db, body.offer_id, who.link_id)
    trips: dict[dt.date, int] = {}
    for d in body.days:
        if d.date in trips:
            raise HttpProblem(422, f"{d.date} is given twice")
        trips[d.date] = d.trips
    made = claims.submit(db, offer, body.week_of, trips, who.name, now(settings).date(), settings.bank_holidays)
    return _claim(made)


@router.get("/claims", response_model=list[s.ClaimOut])
def list_claims(db: DB, who: AnyCaller, status: str | None = None):
    """A parent's children's claims; a planner's: everyone's (those of a status, if given)."""
    return [_claim(c) for c in claims.claims(db, status, _children(db, who))]


@router.post("/claims/{claim_id}/decision", response_model=s.ClaimOut, dependencies=WRITES)
def decide(claim_id: PathId, body: s.DecisionIn, db: DB, who: Planner):
    return _claim(claims.decide(db, claims.claim_of(db, claim_id), body.decision, who.name, body.reason))


@router.get("/claims.csv", response_class=Response, responses=CSV)
def finance_export(db: DB, _: Planner, week_from: dt.date | None = None, week_to: dt.date | None = None):
    """Approved claims for the council's finance system: one row each, amounts in pounds."""
    return _csv(claims.finance_csv(db, week_from, week_to), "approved-claims.csv")


def _claim(c: m.Claim) -> s.ClaimOut:
    return s.ClaimOut(
        id=c.id,
        offer_id=c.offer_id,
        child_id=c.offer.child_id,
        first_name=c.offer.child.first_name,
        week_of=c.week_of,
        status=c.status,
        amount=c.amount,
        days=[s.ClaimDayOut.model_validate(d) for d in c.days],
        refused_because=c.refused_because,
    )


@router.post("/closures", response_model=s.ClosureOut, status_code=201, dependencies=WRITES)
def close(body: s.ClosureIn, db: DB, _: Planner):
    """Days a school (or, with no school, every school) is closed: an INSET day, a holiday."""
    school = None
    if body.school_id is not None:
        school = db.get(m.School, body.school_id)
        if school is None:
            raise NotFound(f"there is no school {body.school_id}")
    return closures.add_closure(db, school, body.starts_on, body.ends_on, body.reason)


@router.get("/closures", response_model=list[s.ClosureOut])
def list_closures(db: DB, _: Planner, school_id: Annotated[int | None, Query(ge=1, le=s.MAX_ID)] = None):
    return closures.closures(db, school_id)


@router.delete("/closures/{closure_id}", status_code=204, dependencies=WRITES)
def reopen(closure_id: PathId, db: DB, _: Planner):
    closure = db.get(m.Closure, closure_id)
    if closure is None:
        raise NotFound(f"there is no closure {closure_id}")
    db.delete(closure)
    return Response(status_code=204)
