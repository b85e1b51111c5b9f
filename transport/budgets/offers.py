"""A family offered a mileage allowance or a personal travel budget (PTB) instead of a place, and
their answer. Accepted, the child leaves the routing from the offer's first day: the day's runs
drop them at once (day/today.py), the crews of their runs and their school are told, and the next
plan leaves them out (planning/demand.py), so a re-plan texts only those whose runs it changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from transport import models as m
from transport.budgets.allowance import allowance_from, mileage, ptb_weekly, school_miles
from transport.clock import next_school_day
from transport.day import tell
from transport.day.today import plan_for
from transport.errors import Conflict, Invalid, NotFound
from transport.notify import templates
from transport.settings import Settings
from transport.travel import TravelTimeProvider
from transport.travel.provider import Point

KINDS = ("allowance", "ptb")
OPEN = ("offered", "accepted")


class OfferError(Conflict):
    pass


@dataclass(frozen=True)
class Terms:
    """An offer's money in pounds, as the family and the planner read it."""

    per_day: float | None
    """An allowance: the most a school day's trips pay."""
    per_week: float
    words: str


def terms(offer: m.Offer) -> Terms:
    name, day = offer.child.first_name, templates.long_day(offer.starts_on)
    if offer.kind == "allowance":
        assert offer.pence_per_mile is not None and offer.trips_per_day is not None and offer.miles is not None
        per_day = mileage(offer.miles, offer.trips_per_day, offer.pence_per_mile)
        per_week = round(per_day * len(offer.child.travel_days), 2)
        words = (
            f"A mileage allowance instead of {name}'s place on the council's vehicle, from {day}: "
            f"{offer.pence_per_mile}p a mile for up to {offer.trips_per_day} single trips of {offer.miles:.1f} miles "
            f"between home and school each school day, up to £{per_day:.2f} a day. You record the journeys each week "
            "and the council pays you for them."
        )
        return Terms(per_day, per_week, words)
    assert offer.ptb_per_term is not None
    words = (
        f"A personal travel budget instead of {name}'s place on the council's vehicle, from {day}: "
        f"£{offer.ptb_per_term:,.2f} a term, to arrange {name}'s journeys to and from school in the way that suits you."
    )
    return Terms(None, ptb_weekly(offer.ptb_per_term), words)


def make_offer(
    db: Session,
    settings: Settings,
    travel: TravelTimeProvider,
    child: m.Child,
    kind: str,
    starts_on: dt.date,
    made_by: str,
    today: dt.date,
    pence_per_mile: int | None = None,
    ptb_per_term: float | None = None,
) -> m.Offer:
    """An offer to the child's family (texted to look at their page); one open offer a child."""
    if kind not in KINDS:
        raise Invalid("an offer is a mileage allowance (allowance) or a personal travel budget (ptb)")
    if starts_on <= today:
        raise Invalid("an offer starts on a day to come, so that the family can answer first")
    if db.scalar(select(m.Offer.id).where(m.Offer.child_id == child.id, m.Offer.status.in_(OPEN))) is not None:
        raise OfferError(f"{child.first_name} {child.last_name} has an open offer already: withdraw it first")
    allowance = allowance_from(settings)
    offer = m.Offer(child=child, kind=kind, starts_on=starts_on, made_by=made_by, place_per_week=_place_cost(db, child))
    if kind == "allowance":
        offer.pence_per_mile = allowance.pence_per_mile if pence_per_mile is None else pence_per_mile
        offer.trips_per_day = allowance.trips_per_day
        offer.miles = school_miles(travel, [(Point(child.lat, child.lon), Point(child.school.lat, child.school.lon))])[0]
    else:
        amount = allowance.ptb_per_term if ptb_per_term is None else ptb_per_term
        if amount is None:
            raise Invalid("the council has set no PTB amount (PTB_PER_TERM): give the amount a term")
        offer.ptb_per_term = amount
    db.add(offer)
    db.flush()
    body = templates.offer_made(child.first_name)
    tell.to_parents(db, child, today, "offer_made", body, f"offer:{offer.id}:made")
    return offer


def _place_cost(db: Session, child: m.Child) -> float | None:
    """What the child's place cost on the latest costing that has them."""
    return db.scalar(
        select(m.PlaceCostRow.place_per_week)
        .where(m.PlaceCostRow.child_id == child.id)
        .order_by(m.PlaceCostRow.id.desc())
        .limit(1)
    )


def offer_of(db: Session, offer_id: int, guardian_id: int | None = None) -> m.Offer:
    """The offer (a parent's own children's only: another family's answers as not there)."""
    offer = db.get(m.Offer, offer_id, options=[selectinload(m.Offer.child).selectinload(m.Child.guardians)])
    if offer is None or (guardian_id is not None and guardian_id not in {g.id for g in offer.child.guardians}):
        raise NotFound(f"there is no offer {offer_id}")
    return offer


def offers(db: Session, child_ids: set[int] | None = None) -> list[m.Offer]:
    query = select(m.Offer).options(selectinload(m.Offer.child)).order_by(m.Offer.id.desc())
    if child_ids is not None:
        query = query.where(m.Offer.child_id.in_(child_ids))
    return list(db.scalars(query))


def answer(db: Session, offer: m.Offer, accept: bool, who: str, today: dt.date) -> int:
    """The family's answer; accepted, the child's crews and school are told. Returns the texts."""
    if offer.status != "offered":
        raise OfferError(f"this offer is {offer.status} already")
    offer.status = "accepted" if accept else "declined"
    offer.answered_by, offer.answered_at = who, dt.datetime.now(dt.UTC)
    if not accept:
        return 0
    if offer.starts_on <= today:  # answered on or after its first day: from the next school day
        offer.starts_on = next_school_day(today)
    db.flush()
    return _tell_leaving(db, offer, today)


def _tell_leaving(db: Session, offer: m.Offer, today: dt.date) -> int:
    child, date, key = offer.child, offer.starts_on, f"offer:{offer.id}:accepted"
    told = tell.to_parents(db, child, today, "offer_accepted", templates.offer_accepted(child.first_name, date), key)
    plan = plan_for(db, date)
    runs = (
        db.scalars(
            select(m.PlanRun)
            .join(m.PlanStop, m.PlanStop.run_id == m.PlanRun.id)
            .where(m.PlanRun.plan_id == plan.id, m.PlanStop.child_id == child.id)
            .distinct()
        ).all()
        if plan
        else []
    )
    crew_text = templates.own_travel_for_crew(child.first_name, date)
    people: dict[tuple[str, str], tuple[m.Driver | m.PassengerAssistant | m.School, str, str]] = {
        (role, p.ref): (p, "own_travel_crew", crew_text)
        for r in runs
        for role, p in (("driver", r.driver), ("pa", r.assistant))
        if p is not None
    }
    if runs:
        school = child.school
        people[("school", school.ref)] = (school, "own_travel_school", templates.own_travel_for_school(child.first_name, date))
    for (role, _), (whom, template, body) in sorted(people.items(), key=lambda x: x[0]):
        told += tell.to_one(db, role, whom, date, template, body, key, child_id=child.id)
    return told


def withdraw(db: Session, offer: m.Offer) -> None:
    if offer.status != "offered":
        raise OfferError(f"this offer is {offer.status}: only one not yet answered can be withdrawn")
    offer.status = "withdrawn"
