"""A publish texts each person at most once, about what changed for them, with the times their
page shows; nothing about a day gone or a move of a few minutes; a lost journey is told plainly to
the family (with the officer to call) and to the school, once; the counts confirmed are the texts queued."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from api.pages.plan_changes import people_told
from tests.api.conftest import MONDAY
from tests.conftest import BACKENDS, planned_council
from tests.day.plans import copy_plan, later
from transport import models as m
from transport.day.family import journeys
from transport.day.manifest import manifest
from transport.day.today import plan_for
from transport.db import transaction
from transport.notify.templates import day
from transport.phones import for_people
from transport.planning.lifecycle import preview, publish

TODAY = MONDAY - dt.timedelta(days=3)
"""The Friday before the plan's first week: every day of it is still to come."""
JOURNEY = re.compile(
    r"(\S+)(?: on [A-Za-z, ]+)? from (\w{3} \d{1,2} \w{3}): (picked up (?:from school )?at \d\d:\d\d, (?:at school|home) by \d\d:\d\d)"
)


@pytest.fixture(scope="module", params=BACKENDS)
def planned(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"publish-{request.param}")
    engine, factory, settings, plan_id = planned_council(request.param, tmp, MONDAY)
    yield factory, settings, plan_id
    engine.dispose()


def _texts(db, plan_id: int) -> list[m.Message]:
    return list(db.scalars(select(m.Message).where(m.Message.idempotency_key.like(f"publish:{plan_id}:%"))))


def _one_each(texts: list[m.Message]) -> dict[str, int]:
    people = [(x.recipient_role, x.recipient_ref) for x in texts]
    assert len(people) == len(set(people)), "someone got two texts"
    return {role: sum(r == role for r, _ in people) for role in ("parent", "driver", "pa", "school")}


def _draft(factory, weeks: int, change) -> tuple[int, dt.date]:
    """A copy of the plan in force `weeks` after MONDAY, changed by `change(db, copy)`."""
    starts = MONDAY + dt.timedelta(weeks=weeks)
    with transaction(factory) as db:
        copy = copy_plan(db, plan_for(db, starts), starts)
        change(db, copy)
        return copy.id, starts


def _publish_as_previewed(factory, settings, plan_id: int, today: dt.date) -> list[m.Message]:
    with factory() as db:
        counted = preview(db, plan_id, settings, today)
        people, texts = counted.people(), len(counted.texts)
    with transaction(factory) as db:
        publish(db, plan_id, settings, today)
    with factory() as db:
        told = _texts(db, plan_id)
    assert _one_each(told) == people and len(told) == texts
    return told


def test_the_first_publish_texts_each_person_once_with_the_times_their_page_shows(planned):
    factory, _, plan_id = planned
    with factory() as db:
        told = _texts(db, plan_id)
        people = _one_each(told)
        plan = db.get(m.Plan, plan_id)
        hired = {s["child"] for h in plan.spot_hires for s in h.stops}  # waiting on a spot hire: no transport yet
        children = {s.child for r in plan.runs for s in r.stops} | {u.child for u in plan.unplaced}
        children |= set(db.scalars(select(m.Child).where(m.Child.ref.in_(hired))))
        assert {x.recipient_ref for x in told if x.recipient_role == "parent"} == {g.ref for c in children for g in c.guardians}
        assert people["school"] == len({c.school_id for c in children})
        assert people["driver"] == len({r.driver_id for r in plan.runs if r.driver_id})
        checked = 0
        for text in (x for x in told if x.recipient_role == "parent"):
            family = {
                c.first_name: c for c in db.scalars(select(m.Guardian).where(m.Guardian.ref == text.recipient_ref)).one().children
            }
            for name, when, said in JOURNEY.findall(text.body):
                date = next(MONDAY + dt.timedelta(days=i) for i in range(5) if day(MONDAY + dt.timedelta(days=i)) == when)
                shown = [j.times.words() for j in journeys(db, family[name], date)]  # what the family's page shows
                assert said in shown, (text.body, shown)
                checked += 1
        assert checked > 0  # (a family with too many changes for a text is sent to its page)
        by_email = 0
        for text in (x for x in told if x.recipient_role == "school"):
            school = db.scalars(select(m.School).where(m.School.ref == text.recipient_ref)).one()
            # A school with an address on record has its digest by email, every pupil in it; one without, by text.
            if school.email:
                assert (text.channel, text.recipient_email, text.template) == ("email", school.email, "digest_school_email")
                assert (
                    text.subject.startswith("School transport: your pupils' changes from ")
                    and "more on the manifest" not in text.body
                )
                by_email += 1
            else:
                assert (text.channel, text.recipient_phone, text.template) == ("sms", school.phone, "digest_school")
            shown = {
                (c.first_name, f"{r.planned:%H:%M}")
                for i in range(5)
                for r in manifest(db, school, MONDAY + dt.timedelta(days=i))
                for c in r.children
            }
            for times in re.findall(r"(?:Arriving|Leaving): ([^.]+)\.", text.body):
                for at, names in (x.split(" ", 1) for x in times.split("; ")):
                    assert {(name, at) for name in names.split(", ")} <= shown, (text.body, at, names)
        assert 0 < by_email < people["school"], "the sample has schools with an email address and without"


def test_a_move_of_a_few_minutes_is_shown_not_texted(planned):
    factory, settings, _ = planned
    moved: dict = {}

    def retime(minutes):
        def change(db, copy):
            run = next(r for r in copy.runs if r.weekday == "tue" and r.session == "AM" and r.stops)
            stop = next(s for s in run.stops if s.kind == "pickup")
            stop.planned = later(stop.planned, -minutes)
            moved.update(child=stop.child_id, guardians={g.ref for g in db.get(m.Child, stop.child_id).guardians})

        return change

    small, _ = _draft(factory, 5, retime(3))
    with factory() as db:
        counted = preview(db, small, settings, TODAY)
        assert counted.journeys == 1 and len(counted.shown_only) == 1 and not counted.texts
        page = people_told(db, counted, settings.retime_text_minutes)
        assert [(c.child.id, c.told) for c in page.children] == [(moved["child"], "not texted: moves under 5 minutes")]
    assert _publish_as_previewed(factory, settings, small, TODAY) == []

    big, _ = _draft(factory, 6, retime(6))
    told = _publish_as_previewed(factory, settings, big, TODAY)
    assert {x.recipient_ref for x in told if x.recipient_role == "parent"} == moved["guardians"]
    assert not [x for x in told if x.recipient_role == "school"]  # at school at the same time
    assert [x for x in told if x.recipient_role == "driver"]


def test_a_lost_journey_is_told_to_the_family_and_the_school_once(planned):
    factory, settings, _ = planned
    lost: dict = {}

    def drop(db, copy):
        run = next(r for r in copy.runs if r.weekday == "wed" and r.session == "AM" and r.stops)
        child = db.get(m.Child, run.stops[0].child_id)
        run.stops = [s for s in run.stops if s.child_id != child.id]
        copy.unplaced.append(m.PlanUnplaced(child_id=child.id, weekday="wed", session="AM", reasons=["no vehicle"]))
        lost.update(child=child, guardians={g.ref for g in child.guardians}, school=child.school.ref, officer=child.officer)

    plan_id, starts = _draft(factory, 8, drop)
    told = _publish_as_previewed(factory, settings, plan_id, TODAY)
    child, officer = lost["child"], lost["officer"]
    wednesday = starts + dt.timedelta(days=2)
    family = [x for x in told if x.recipient_role == "parent"]
    assert {x.recipient_ref for x in family} == lost["guardians"]
    for text in family:
        assert f"{child.first_name} has no transport to school on Wednesdays from {day(wednesday)}." in text.body
        assert f"Call {officer.name} on {for_people(officer.phone)}." in text.body
        assert child.last_name not in text.body
    school = next(x for x in told if x.recipient_role == "school")
    assert school.recipient_ref == lost["school"] and f"No transport: {child.first_name}" in school.body

    # Published again with nothing changed (the child still without a place): nobody is texted.
    again, _ = _draft(factory, 8, lambda db, copy: None)
    assert _publish_as_previewed(factory, settings, again, TODAY) == []


def test_nothing_is_texted_about_a_day_gone(planned):
    factory, settings, _ = planned

    def retime(db, copy):
        for weekday in ("tue", "thu"):
            run = next(r for r in copy.runs if r.weekday == weekday and r.session == "AM" and r.stops)
            for s in run.stops:
                s.planned = later(s.planned, 20)
            run.leave_depot = later(run.leave_depot, 20)

    plan_id, starts = _draft(factory, 10, retime)
    wednesday = starts + dt.timedelta(days=2)
    told = _publish_as_previewed(factory, settings, plan_id, wednesday)
    assert told and all(x.about_date > wednesday for x in told)
    assert all("Tue" not in x.body for x in told) and any("Thu" in x.body for x in told)

    # A week that is over: published, and nobody texted.
    past = MONDAY - dt.timedelta(weeks=3)
    with transaction(factory) as db:
        old = copy_plan(db, db.get(m.Plan, planned[2]), past).id
    with factory() as db:
        assert preview(db, old, settings, TODAY).over
    assert _publish_as_previewed(factory, settings, old, TODAY) == []
