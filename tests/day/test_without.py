"""Children without transport on a day (transport/day/without.py): due to travel but on no run of
the plan in force, with the reason a family may read and who to call."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.api.conftest import MONDAY
from tests.conftest import BACKENDS, planned_council
from tests.replans import republish, unpublish
from transport import models as m
from transport.day.today import Whose, runs_on
from transport.day.without import NO_PLAN, NOT_IN_PLAN, NOT_PLACED, SPOT_HIRE, of_child, quiet_day, without
from transport.db import transaction

LATER = MONDAY + dt.timedelta(days=28)
"""The re-plans here start four weeks on, so the plan in force before then is as planned."""
TUESDAY = LATER + dt.timedelta(days=1)


@pytest.fixture(scope="module", params=BACKENDS)
def council(request, tmp_path_factory):
    engine, factory, settings, plan_id = planned_council(
        request.param, tmp_path_factory.mktemp(f"without-{request.param}"), MONDAY - dt.timedelta(days=14)
    )
    yield factory, plan_id
    engine.dispose()


def _tuesday_children(db, n: int) -> list[m.Child]:
    """Children on Tuesday runs, both morning and afternoon, with a named officer."""
    runs = runs_on(db, TUESDAY)
    both = {s.child.id for r in runs if r.session == "AM" for s in r.stops} & {
        s.child.id for r in runs if r.session == "PM" for s in r.stops
    }
    children = [db.get_one(m.Child, i) for i in sorted(both)]
    return [c for c in children if c.officer is not None][:n]


@pytest.fixture
def replan(council):
    """Publish a re-plan from LATER losing some journeys; taken away after the test."""
    factory, plan_id = council
    made = []

    def make(dropped):
        with transaction(factory) as db:
            made.append(republish(db, plan_id, LATER, dropped))

    yield make
    with transaction(factory) as db:
        for plan in made:
            unpublish(db, plan)


def test_the_plan_as_made_leaves_without_transport_only_the_journeys_on_a_spot_hire(council):
    factory, plan_id = council
    with factory() as db:
        found = without(db, MONDAY)
        hired = {
            (db.scalar(select(m.Child.id).where(m.Child.ref == stop["child"])), h.session)
            for h in db.get_one(m.Plan, plan_id).spot_hires
            if h.weekday == "mon"
            for stop in h.stops
        }
        assert {(x.child_id, x.session) for x in found} == hired
        assert {x.reason for x in found} <= {SPOT_HIRE}
        assert without(db, MONDAY + dt.timedelta(days=5)) == []  # a Saturday: nobody is due


def test_journeys_a_replan_loses_are_without_transport_with_the_reason_and_the_officer(council, replan):
    factory, _ = council
    with factory() as db:
        placed, spot, gone = _tuesday_children(db, 3)
    replan({(placed.id, "tue", "AM"): "unplaced", (spot.id, "tue", "PM"): "spot", (gone.id, "tue", "AM"): "gone"})
    with factory() as db:
        found = {(x.child_id, x.session): x for x in without(db, TUESDAY) if x.reason != SPOT_HIRE or x.child_id == spot.id}
        assert set(found) == {(placed.id, "AM"), (spot.id, "PM"), (gone.id, "AM")}
        assert found[placed.id, "AM"].reason == NOT_PLACED
        assert found[spot.id, "PM"].reason == SPOT_HIRE
        assert found[gone.id, "AM"].reason == NOT_IN_PLAN
        officer = db.get_one(m.Child, placed.id).officer
        words = found[placed.id, "AM"].text
        assert words.startswith(f"No transport to school on Tuesday morning. {placed.first_name} could not be placed")
        assert officer.name in words and officer.phone not in words  # as people write it: 01632 ...
        assert "epilepsy" not in words  # the planner's reasons are not a family's or a school's to read
        assert found[spot.id, "PM"].journey == "home on Tuesday afternoon"

        # The same for one child whose carried sessions are known (a parent's page).
        assert of_child(db, db.get_one(m.Child, placed.id), TUESDAY, {"PM"}) == [found[placed.id, "AM"]]
        # A family's children, a school's, the council's: each sees its own.
        assert [x.session for x in without(db, TUESDAY, Whose(child_ids=frozenset({placed.id})))] == ["AM"]
        school = without(db, TUESDAY, Whose(school_id=placed.school_id))
        assert (placed.id, "AM") in {(x.child_id, x.session) for x in school}
        assert all(x.school_id == placed.school_id for x in school)
        # Not on another weekday of the same plan, nor a week before it starts.
        assert without(db, TUESDAY + dt.timedelta(days=1), Whose(child_ids=frozenset({placed.id}))) == []
        assert {x.reason for x in without(db, TUESDAY - dt.timedelta(days=7))} <= {SPOT_HIRE}


def test_an_absent_child_or_one_not_travelling_that_day_is_not_without_transport(council, replan):
    factory, _ = council
    with factory() as db:
        (child,) = _tuesday_children(db, 1)
    replan({(child.id, "tue", "AM"): "unplaced", (child.id, "tue", "PM"): "unplaced"})
    mine = Whose(child_ids=frozenset({child.id}))
    with transaction(factory) as db:
        db.add(m.Absence(child_id=child.id, date=TUESDAY, session="AM", channel="web", reported_by="test"))
    with factory() as db:
        assert [x.session for x in without(db, TUESDAY, mine)] == ["PM"]
        assert [x.session for x in without(db, TUESDAY, Whose(school_id=child.school_id)) if x.child_id == child.id] == ["PM"]
        assert quiet_day(db, db.get_one(m.Child, child.id), TUESDAY) is None
    with transaction(factory) as db:
        db.add(m.Absence(child_id=child.id, date=TUESDAY, session="PM", channel="web", reported_by="test"))
    with factory() as db:
        assert without(db, TUESDAY, mine) == []
        assert "you told us" in quiet_day(db, db.get_one(m.Child, child.id), TUESDAY)
    with transaction(factory) as db:
        db.get_one(m.Child, child.id).travel_days = ["mon", "wed", "thu", "fri"]
    try:
        with factory() as db:
            assert child.id not in {x.child_id for x in without(db, TUESDAY, Whose(school_id=child.school_id))}
            said = quiet_day(db, db.get_one(m.Child, child.id), TUESDAY)
            assert said == f"No transport on Tuesday: {child.first_name} does not travel on Tuesdays."
            assert "weekend" in quiet_day(db, db.get_one(m.Child, child.id), TUESDAY - dt.timedelta(days=2))
    finally:
        with transaction(factory) as db:
            db.get_one(m.Child, child.id).travel_days = list(m.WEEKDAYS)
            db.execute(m.Absence.__table__.delete().where(m.Absence.child_id == child.id))


def test_with_no_plan_published_everyone_due_is_without_transport_and_calls_the_office(council):
    factory, plan_id = council
    with transaction(factory) as db:
        db.get_one(m.Plan, plan_id).status = "draft"
        child = db.scalar(select(m.Child).order_by(m.Child.id).limit(1))
        officer_id, child.officer_id = child.officer_id, None
    try:
        with factory() as db:
            found = without(db, MONDAY, office_phone="+441632960000")
            assert found and {x.reason for x in found} == {NO_PLAN}
            assert {x.session for x in found} == {"AM", "PM"}
            theirs = next(x for x in found if x.child_id == child.id)
            assert theirs.call == "Call the transport office on 01632 960000."
            assert theirs.why == "No transport plan is published for this week yet."
    finally:
        with transaction(factory) as db:
            db.get_one(m.Plan, plan_id).status = "published"
            db.get_one(m.Child, child.id).officer_id = officer_id
