"""A family on a mileage allowance claims a week's journeys: the week's school days come pre-filled
(the trips the allowance pays, none on a day the child was absent or the school was closed), the
family says how many single trips they made each day, and the amount is the system's (trips x
miles x pence a mile), never typed. A claim with a day it may not include is refused whole, with
each reason; the planner approves or refuses it; approved claims go to finance as a CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from transport import models as m
from transport.budgets.allowance import mileage
from transport.clock import WEEKDAYS, monday_of
from transport.day.closures import closed_because
from transport.day.today import absences_on
from transport.errors import Conflict, Invalid, NotFound
from transport.planning.safe_cells import row

DECISIONS = ("approved", "refused")


class ClaimRefused(Invalid):
    """A claim that cannot be taken as it stands: every reason, nothing saved."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("this claim cannot be taken: " + "; ".join(reasons))
        self.reasons = self.errors = reasons


@dataclass(frozen=True)
class ClaimDayForm:
    """One school day of a week, as the family's claim form shows it."""

    date: dt.date
    trips: int
    """Pre-filled: the trips the allowance pays, or 0 where the day cannot be claimed."""
    most: int
    why_not: str | None
    """Why the day cannot be claimed ("Sam was absent", "a bank holiday: Boxing Day"); None: it can."""
    amount: float


def _allowance(offer: m.Offer) -> tuple[float, int, int]:
    if offer.kind != "allowance" or offer.status != "accepted":
        raise Conflict("only an accepted mileage allowance is claimed week by week")
    assert offer.miles is not None and offer.trips_per_day is not None and offer.pence_per_mile is not None
    return offer.miles, offer.trips_per_day, offer.pence_per_mile


def week_form(db: Session, offer: m.Offer, week_of: dt.date, today: dt.date, nation: str = "ENG") -> list[ClaimDayForm]:
    """The week's five weekdays, each pre-filled or with why it cannot be claimed."""
    miles, most, pence = _allowance(offer)
    child = offer.child
    monday = _week(week_of, today)
    days = [monday + dt.timedelta(days=k) for k in range(5)]
    away = {d: absences_on(db, d, {child.id}).get(child.id, set()) for d in days}
    out = []
    for d in days:
        why = _why_not(db, offer, d, today, nation, away[d])
        trips = 0 if why else most if not away[d] else (most + 1) // 2  # away half the day: half, rounded up
        out.append(ClaimDayForm(d, trips, trips, why, mileage(miles, trips, pence)))
    return out


CLAIMABLE_WEEKS = 53
"""How far back a week may be claimed: a school year and its summer."""


def _week(week_of: dt.date, today: dt.date) -> dt.date:
    """The Monday of a week that may be claimed: this one, or one of the last CLAIMABLE_WEEKS."""
    monday = monday_of(week_of)
    if monday > today or (monday_of(today) - monday).days > 7 * CLAIMABLE_WEEKS:
        raise Invalid(f"a claim is for this week or one of the last {CLAIMABLE_WEEKS}, not the week of {week_of:%-d %B %Y}")
    return monday


def _why_not(db: Session, offer: m.Offer, date: dt.date, today: dt.date, nation: str, away: set[str]) -> str | None:
    child = offer.child
    if date < offer.starts_on:
        return f"before the allowance starts ({offer.starts_on:%-d %B})"
    if date > today:
        return "a day to come"
    closed = closed_because(db, child.school, date, nation)
    if closed:
        return f"school closed: {closed}"
    if WEEKDAYS[date.weekday()] not in child.travel_days:
        return f"{child.first_name} does not go to school on {date:%A}s"
    if {"AM", "PM"} <= away:
        return f"{child.first_name} was absent"
    return None


def submit(
    db: Session, offer: m.Offer, week_of: dt.date, trips: dict[dt.date, int], made_by: str, today: dt.date, nation: str = "ENG"
) -> m.Claim:
    """A week's claim: `trips` the single trips made each day (days left out: none)."""
    miles, most, pence = _allowance(offer)
    monday = monday_of(week_of)
    if week_of != monday:
        raise Invalid(f"a claim is for a week: give its Monday ({monday:%-d %B %Y}), not {week_of:%A}")
    form = {d.date: d for d in week_form(db, offer, monday, today, nation)}
    reasons = []
    for date, n in sorted(trips.items()):
        day = form.get(date)
        if day is None:
            reasons.append(f"{date:%a %-d %b} is not in the week of {monday:%-d %B}")
        elif n < 0:
            reasons.append(f"{date:%a %-d %b}: a number of trips cannot be below 0")
        elif n and day.why_not:
            reasons.append(f"{date:%a %-d %b}: {day.why_not}")
        elif n > day.most:
            reasons.append(f"{date:%a %-d %b}: {n} trips, but the allowance pays up to {day.most} that day")
    if not any(trips.values()) and not reasons:
        reasons.append("no journeys to claim for")
    if reasons:
        raise ClaimRefused(reasons)
    existing = db.scalar(select(m.Claim).where(m.Claim.offer_id == offer.id, m.Claim.week_of == monday))
    if existing is not None and existing.status != "refused":
        raise Conflict(f"the week of {monday:%-d %B} is claimed already ({existing.status})")
    if existing is not None:
        db.delete(existing)
        db.flush()
    claim = m.Claim(offer=offer, week_of=monday, made_by=made_by, amount=0.0)
    for date, n in sorted(trips.items()):
        if n:
            claim.days.append(m.ClaimDay(date=date, trips=n, miles=miles, amount=mileage(miles, n, pence)))
    claim.amount = round(sum(d.amount for d in claim.days), 2)
    db.add(claim)
    db.flush()
    return claim


def decide(db: Session, claim: m.Claim, decision: str, who: str, reason: str = "") -> m.Claim:
    if decision not in DECISIONS:
        raise Invalid("a claim is approved or refused")
    if claim.status != "submitted":
        raise Conflict(f"this claim is {claim.status} already")
    if decision == "refused" and not reason.strip():
        raise Invalid("say why the claim is refused: the family reads it")
    claim.status, claim.decided_by, claim.decided_at = decision, who, dt.datetime.now(dt.UTC)
    claim.refused_because = reason.strip() or None if decision == "refused" else None
    return claim


def claim_of(db: Session, claim_id: int, child_ids: set[int] | None = None) -> m.Claim:
    claim = db.get(m.Claim, claim_id, options=[selectinload(m.Claim.offer).selectinload(m.Offer.child)])
    if claim is None or (child_ids is not None and claim.offer.child_id not in child_ids):
        raise NotFound(f"there is no claim {claim_id}")
    return claim


def claims(db: Session, status: str | None = None, child_ids: set[int] | None = None) -> list[m.Claim]:
    query = (
        select(m.Claim)
        .join(m.Offer)
        .options(selectinload(m.Claim.days), selectinload(m.Claim.offer).selectinload(m.Offer.child))
        .order_by(m.Claim.week_of.desc(), m.Claim.id)
    )
    if status:
        query = query.where(m.Claim.status == status)
    if child_ids is not None:
        query = query.where(m.Offer.child_id.in_(child_ids))
    return list(db.scalars(query))


FINANCE_COLUMNS = (
    "claim_id", "child_id", "child", "payee_id", "payee", "week_of", "days", "trips", "miles_a_trip",
    "pence_per_mile", "amount", "approved_by", "approved_on",
)  # fmt: skip


def finance_csv(db: Session, start: dt.date | None = None, end: dt.date | None = None) -> str:
    """Approved claims, one row each, for the council's finance system (amounts in pounds)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FINANCE_COLUMNS)
    for c in reversed(claims(db, "approved")):
        if (start and c.week_of < start) or (end and c.week_of > end):
            continue
        child = c.offer.child
        payee = min(child.guardians, key=lambda g: g.id) if child.guardians else None
        assert c.decided_at is not None
        writer.writerow(
            row(
                (
                    c.id,
                    child.ref,
                    f"{child.first_name} {child.last_name}",
                    payee.ref if payee else "",
                    f"{payee.first_name} {payee.last_name}" if payee else "",
                    c.week_of.isoformat(),
                    len(c.days),
                    sum(d.trips for d in c.days),
                    f"{c.offer.miles:.2f}",
                    c.offer.pence_per_mile,
                    f"{c.amount:.2f}",
                    c.decided_by,
                    c.decided_at.date().isoformat(),
                )
            )
        )
    return out.getvalue()
