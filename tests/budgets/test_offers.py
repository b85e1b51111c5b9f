"""An accepted offer takes the child out of the routing from its first day: off the day's runs at
once (their crews and school told, nobody else), out of the next plan, whose publishing texts
only the people whose runs it changes and never the family who took the offer."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from tests.planning.councils import PLAIN, planned
from transport import models as m
from transport.budgets import offers
from transport.day.compare import compare
from transport.day.today import runs_on
from transport.db import transaction
from transport.errors import Invalid
from transport.planning.lifecycle import publish_telling
from transport.planning.plan import Week
from transport.planning.week import plan_week
from transport.settings import Settings

MONDAY = dt.date(2026, 9, 7)
NEXT = MONDAY + dt.timedelta(days=7)


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    shape = replace(PLAIN, seed=3, children=10, schools=2, vehicles=5, assistants=1, spread_km=5.0)
    made = planned(
        shape, tmp_path_factory.mktemp("offers"), Settings(sms_dispatch_in_service=False, retime_text_minutes=0), MONDAY
    )
    with transaction(made.factory) as db:
        publish_telling(db, made.plan_id, made.settings, MONDAY - dt.timedelta(days=7))
    yield made.factory, made.settings, made.travel, made.plan_id
    made.engine.dispose()


def _messages(db, after: int) -> list[m.Message]:
    return list(db.scalars(select(m.Message).where(m.Message.id > after).order_by(m.Message.id)))


def test_an_accepted_allowance_takes_the_child_off_their_runs_and_out_of_the_next_plan(council):
    factory, config, travel, first = council
    today = MONDAY + dt.timedelta(days=2)
    with transaction(factory) as db:
        runs = runs_on(db, NEXT)
        sharing = [r for r in runs if len({s.child.id for s in r.stops}) >= 2]
        child = sharing[0].stops[0].child
        with pytest.raises(Invalid):
            offers.make_offer(db, config, travel, child, "allowance", today, "planner", today)
        offer = offers.make_offer(db, config, travel, child, "allowance", NEXT, "planner", today)
        offer_id, child_id, school_id = offer.id, child.id, child.school_id
        theirs = [r for r in runs if any(s.child.id == child_id for s in r.stops)]
        crew = {p.ref for r in theirs for p in (r.driver, r.assistant) if p is not None}
        guardians = {g.ref for g in child.guardians}
        last = db.scalar(select(func.max(m.Message.id)))
    with transaction(factory) as db:
        told = offers.answer(db, db.get_one(m.Offer, offer_id), True, "parent", today)
    with factory() as db:
        texts = _messages(db, last)
        assert told == len(texts) > 0
        assert {t.recipient_ref for t in texts if t.recipient_role in ("driver", "pa")} == crew
        assert {t.recipient_ref for t in texts if t.recipient_role == "parent"} <= guardians
        assert {t.recipient_ref for t in texts if t.recipient_role == "school"} == {db.get_one(m.School, school_id).ref}
        assert not any(s.child.id == child_id for r in runs_on(db, NEXT) for s in r.stops), "off their runs from the first day"
        assert any(s.child.id == child_id for r in runs_on(db, NEXT - dt.timedelta(days=3)) for s in r.stops), "not before"
        last = db.scalar(select(func.max(m.Message.id)))

    second = plan_week(factory, config, Week(NEXT, seconds=0.5, previous=first, workers=1), travel)
    with factory() as db:
        plan = db.get_one(m.Plan, second)
        assert not any(s.child_id == child_id for r in plan.runs for s in r.stops), "out of the next plan"
        assert not any(u.child_id == child_id for u in plan.unplaced), "not a child without transport either"
        diff = compare(db, plan, db.get_one(m.Plan, first))
        changed = {c.child_id for c in diff.trips} - {child_id}
        changed_runs = {k for k, r in diff.old_runs.items() if any(s.child_id in changed | {child_id} for s in r.stops)}
        changed_runs |= {k for k, r in diff.new_runs.items() if any(s.child_id in changed for s in r.stops)}
        crews_changed = {
            p.ref
            for k in changed_runs
            for r in (diff.old_runs.get(k), diff.new_runs.get(k))
            if r
            for p in (r.driver, r.assistant)
            if p
        }
        parents_changed = {g.ref for c in changed for g in db.get_one(m.Child, c).guardians}
        schools_changed = {db.get_one(m.Child, c).school.ref for c in changed | {child_id}}
    with transaction(factory) as db:
        publish_telling(db, second, config, MONDAY + dt.timedelta(days=3))
    with factory() as db:
        texts = _messages(db, last)
    parents = {t.recipient_ref for t in texts if t.recipient_role == "parent"}
    assert not parents & guardians, "the family who took the offer is not told they have no transport"
    assert parents <= parents_changed
    assert {t.recipient_ref for t in texts if t.recipient_role in ("driver", "pa")} <= crews_changed
    assert {t.recipient_ref for t in texts if t.recipient_role == "school"} <= schools_changed
