"""A week's mileage claim: pre-filled from the school days, a bank holiday, a closure and an
absence shown as not claimable and refused with their reasons (nothing saved), the amount the
system's own, approved, and the finance export adding up."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from transport import models as m
from transport.budgets import claims
from transport.day.closures import add_closure, closed_because
from transport.db import make_engine, migrate, session_factory, transaction
from transport.errors import Conflict

BANK_HOLIDAY_WEEK = dt.date(2026, 8, 31)  # the summer bank holiday is its Monday (England)


@pytest.fixture
def db(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    migrate(engine)
    factory = session_factory(engine)
    with transaction(factory) as session:
        school = m.School(
            ref="S1", name="Oak School", phase="special", address="1 Lane", postcode="IP1 1AA", lat=52.05, lon=1.15,
            bells=[m.SchoolBell(weekday=d, start=dt.time(9), end=dt.time(15)) for d in m.WEEKDAYS],
        )  # fmt: skip
        child = m.Child(
            ref="C1", first_name="Sam", last_name="Jones", school=school, address="2 Road", postcode="IP2 2BB",
            lat=52.06, lon=1.17, travel_days=["mon", "tue", "wed", "thu"],
        )  # fmt: skip
        guardian = m.Guardian(ref="G1", first_name="Jo", last_name="Jones", phone="+447700900001")
        child.guardians.append(guardian)
        session.add(m.Offer(child=child, kind="allowance", starts_on=dt.date(2026, 8, 1), pence_per_mile=45,
                            trips_per_day=4, miles=3.5, status="accepted", made_by="planner"))  # fmt: skip
    with factory() as session:
        yield session
    engine.dispose()


def _offer(db) -> m.Offer:
    return db.scalars(select(m.Offer)).one()


def test_the_week_is_pre_filled_and_says_why_a_day_cannot_be_claimed(db):
    offer = _offer(db)
    add_closure(db, offer.child.school, dt.date(2026, 9, 2), dt.date(2026, 9, 2), "INSET day")
    db.add(m.Absence(child_id=offer.child_id, date=dt.date(2026, 9, 1), session="PM", channel="web", reported_by="Jo"))
    db.flush()
    form = claims.week_form(db, offer, BANK_HOLIDAY_WEEK + dt.timedelta(days=3), today=dt.date(2026, 9, 10))
    assert [d.date for d in form] == [BANK_HOLIDAY_WEEK + dt.timedelta(days=k) for k in range(5)]
    why = [d.why_not for d in form]
    assert why[0] == "school closed: a bank holiday: Late Summer Bank Holiday"
    assert why[1] is None and form[1].trips == 2, "away in the afternoon: the morning's two trips"
    assert why[2] == "school closed: Oak School is closed: INSET day"
    assert why[3] is None and form[3].trips == 4 and form[3].amount == 6.30
    assert why[4] == "Sam does not go to school on Fridays"
    assert closed_because(db, offer.child.school, dt.date(2026, 9, 5)) == "the weekend"


def test_a_claim_with_a_day_it_may_not_include_is_refused_whole_and_nothing_is_saved(db):
    offer = _offer(db)
    db.add(m.Absence(child_id=offer.child_id, date=dt.date(2026, 9, 8), session="both", channel="web", reported_by="Jo"))
    db.flush()
    week, today = dt.date(2026, 9, 7), dt.date(2026, 9, 11)
    with pytest.raises(claims.ClaimRefused) as refused:
        claims.submit(db, offer, week, {week: 4, week + dt.timedelta(days=1): 4, week + dt.timedelta(days=4): 2}, "Jo", today)
    assert refused.value.reasons == ["Tue 8 Sep: Sam was absent", "Fri 11 Sep: Sam does not go to school on Fridays"]
    with pytest.raises(claims.ClaimRefused, match="up to 4"):
        claims.submit(db, offer, week, {week: 6}, "Jo", today)
    with pytest.raises(claims.ClaimRefused, match="a day to come"):
        claims.submit(db, offer, week, {week + dt.timedelta(days=3): 4}, "Jo", dt.date(2026, 9, 9))
    assert db.scalar(select(func.count()).select_from(m.Claim)) == 0
    assert db.scalar(select(func.count()).select_from(m.ClaimDay)) == 0

    made = claims.submit(db, offer, week, {week: 4, week + dt.timedelta(days=2): 3, week + dt.timedelta(days=3): 0}, "Jo", today)
    assert [(d.date.day, d.trips) for d in made.days] == [(7, 4), (9, 3)]
    assert [d.amount for d in made.days] == [6.30, 4.73], "3.5 miles x 3 trips x 45p = 472.5p: 4.73, half a penny up"
    assert made.amount == 11.03
    with pytest.raises(Conflict):
        claims.submit(db, offer, week, {week: 4}, "Jo", today)


def test_approved_claims_are_exported_for_finance_and_add_up(db):
    offer = _offer(db)
    weeks = [dt.date(2026, 9, 7), dt.date(2026, 9, 14), dt.date(2026, 9, 21)]
    made = [claims.submit(db, offer, w, {w: 4, w + dt.timedelta(days=1): 2}, "Jo", dt.date(2026, 10, 1)) for w in weeks]
    claims.decide(db, made[0], "approved", "planner")
    claims.decide(db, made[1], "refused", "planner", "no journeys that week: the school told us")
    claims.decide(db, made[2], "approved", "planner")
    with pytest.raises(Conflict):
        claims.decide(db, made[0], "refused", "planner", "too late")
    rows = list(csv.DictReader(io.StringIO(claims.finance_csv(db))))
    assert [r["week_of"] for r in rows] == ["2026-09-07", "2026-09-21"]
    assert sum(float(r["amount"]) for r in rows) == pytest.approx(made[0].amount + made[2].amount)
    assert all(r["payee_id"] == "G1" and r["trips"] == "6" for r in rows)
    assert [r["week_of"] for r in csv.DictReader(io.StringIO(claims.finance_csv(db, start=weeks[1])))] == ["2026-09-21"]


@pytest.mark.parametrize("trips_per_day, half", [(4, 2), (3, 2), (2, 1), (1, 1)])
def test_a_day_pays_every_trip_the_council_pays_and_half_a_day_half_of_them(db, trips_per_day, half):
    """Odd trips a day too (3 once pre-filled 2, and 1 none): away half the day, half of them,
    rounded up (a trip was made)."""
    offer = _offer(db)
    offer.trips_per_day = trips_per_day
    week, today = dt.date(2026, 9, 7), dt.date(2026, 9, 11)
    db.add(m.Absence(child_id=offer.child_id, date=week + dt.timedelta(days=1), session="PM", channel="web", reported_by="Jo"))
    db.flush()
    form = claims.week_form(db, offer, week, today)
    assert [d.most for d in form] == [trips_per_day, half, trips_per_day, trips_per_day, 0]
    assert [d.trips for d in form] == [d.most for d in form]
    made = claims.submit(db, offer, week, {d.date: d.most for d in form}, "Jo", today)
    assert sum(d.trips for d in made.days) == 3 * trips_per_day + half
