"""A planner's changes mid-term, from a date: a child moved to another run, a run's crew changed.

Each is checked against the rules the optimiser keeps (same weekday and session, a wheelchair
space, a PA with the child's training, a driver or PA not already on another run then)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from transport import models as m
from transport.day import tell
from transport.errors import Conflict


class ChangeError(Conflict):
    pass


def move_child(
    db: Session,
    run: m.PlanRun,
    child: m.Child,
    to_run: m.PlanRun,
    starts_on: dt.date,
    made_by: str,
    ends_on: dt.date | None = None,
    pickup: dt.time | None = None,
    dropoff: dt.time | None = None,
    reason: str | None = None,
) -> m.Change:
    _period(starts_on, ends_on)
    if not any(s.child_id == child.id for s in run.stops):
        raise ChangeError(f"{child.first_name} is not on run {run.id}")
    if (to_run.plan_id, to_run.weekday, to_run.session) != (run.plan_id, run.weekday, run.session):
        raise ChangeError("a child can only move to a run of the same plan, weekday and session")
    if to_run.id == run.id:
        raise ChangeError("that is the run the child is on")
    seats, wheelchairs = (int(x) for x in to_run.layout.split("+"))
    aboard = {s.child_id: s.child for s in to_run.stops}
    if child.wheelchair and sum(c.wheelchair for c in aboard.values()) + 1 > wheelchairs:
        raise ChangeError(f"run {to_run.id} has no free wheelchair space")
    if not child.wheelchair and sum(not c.wheelchair for c in aboard.values()) + 1 + (to_run.assistant_id is not None) > seats:
        raise ChangeError(f"run {to_run.id} has no free seat")
    _crewed_for(child, to_run.assistant, starts_on)
    change = m.Change(
        kind="move",
        run_id=run.id,
        child_id=child.id,
        to_run_id=to_run.id,
        pickup=pickup,
        dropoff=dropoff,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        made_by=made_by,
    )
    db.add(change)
    db.flush()
    tell.run_changed(db, change)
    return change


def change_crew(
    db: Session,
    run: m.PlanRun,
    starts_on: dt.date,
    made_by: str,
    driver: m.Driver | None = None,
    assistant: m.PassengerAssistant | None = None,
    ends_on: dt.date | None = None,
    reason: str | None = None,
) -> m.Change:
    _period(starts_on, ends_on)
    if driver is None and assistant is None:
        raise ChangeError("give a driver, a PA or both")
    for child in {s.child_id: s.child for s in run.stops}.values():
        if assistant is not None:
            _crewed_for(child, assistant, starts_on)
    for person, column in ((driver, m.PlanRun.driver_id), (assistant, m.PlanRun.assistant_id)):
        if person is None:
            continue
        busy = db.scalar(
            select(m.PlanRun.id).where(
                m.PlanRun.plan_id == run.plan_id,
                m.PlanRun.weekday == run.weekday,
                m.PlanRun.session == run.session,
                m.PlanRun.id != run.id,
                column == person.id,
                m.PlanRun.leave_depot < run.return_depot,
                m.PlanRun.return_depot > run.leave_depot,
            )
        )
        if busy is not None:
            raise ChangeError(f"{person.first_name} {person.last_name} is already on run {busy} at that time")
    change = m.Change(
        kind="crew",
        run_id=run.id,
        driver_id=driver.id if driver else None,
        assistant_id=assistant.id if assistant else None,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        made_by=made_by,
    )
    db.add(change)
    db.flush()
    tell.run_changed(db, change)
    return change


def _period(starts_on: dt.date, ends_on: dt.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise ChangeError("ends_on is before starts_on")


def _crewed_for(child: m.Child, assistant: m.PassengerAssistant | None, day: dt.date) -> None:
    needed = set(child.pa_skills)
    if not (child.needs_pa or needed):
        return
    if assistant is None:
        raise ChangeError(f"{child.first_name} needs a PA and that run has none")
    missing = needed - assistant.skills_on(day)
    if missing:
        raise ChangeError(
            f"{assistant.first_name} {assistant.last_name} does not hold {', '.join(sorted(missing))} training in date"
        )
