"""A plan against the one in force before it: which children's journeys change (time at home,
vehicle or crew), which runs change (their crews must be told), and which schools' arrivals or
departures change. Publishing texts exactly these people (`notify/tell.py`); the planner's page
shows the same list before publishing, so what a planner reviews is what gets told."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from transport import models as m

Arrival = tuple[str, dt.time, tuple[str, ...]]
"""A vehicle's registration, its time at a school, and the first names of the school's children on it."""


@dataclass(frozen=True)
class Trip:
    """A child's journey as the family knows it."""

    vehicle: str
    driver: str | None
    pa: str | None
    home_time: dt.time


@dataclass(frozen=True)
class TripChange:
    weekday: str
    session: str
    child_id: int
    before: Trip | None
    after: Trip | None
    """None: the child has no place in the new plan on this weekday and session."""


@dataclass
class Comparison:
    trips: list[TripChange] = field(default_factory=list)
    runs: list[m.PlanRun] = field(default_factory=list)
    """The new plan's runs that differ from the run of the same vehicle, weekday and session before."""
    arrivals: dict[tuple[int, str, str], tuple[set[Arrival], set[Arrival]]] = field(default_factory=dict)
    """(school id, weekday, session) whose arrivals or departures change: before and after."""


def compare(db: Session, plan: m.Plan, before: m.Plan | None) -> Comparison:
    old_runs, new_runs = runs_of(db, before), runs_of(db, plan)
    old, new = trips(old_runs.values()), trips(new_runs.values())
    out = Comparison()
    for key in sorted(set(old) | set(new), key=lambda k: (k[2], m.WEEKDAYS.index(k[0]), k[1])):
        was, now = old.get(key), new.get(key)
        if was != now:  # a new place, a lost one, or a different vehicle, crew or time at home
            out.trips.append(TripChange(key[0], key[1], key[2], was, now))
    for key, run in new_runs.items():
        previous = old_runs.get(key)
        if previous is None or shape(previous) != shape(run):
            out.runs.append(run)
    old_arrivals, new_arrivals = arrivals(old_runs.values()), arrivals(new_runs.values())
    for school_key, here in new_arrivals.items():
        if old_arrivals.get(school_key) != here:
            out.arrivals[school_key] = (old_arrivals.get(school_key, set()), here)
    return out


def runs_of(db: Session, plan: m.Plan | None) -> dict[tuple[str, str, int], m.PlanRun]:
    """A plan's runs by (weekday, session, vehicle id)."""
    if plan is None:
        return {}
    runs = db.scalars(select(m.PlanRun).where(m.PlanRun.plan_id == plan.id).options(*m.run_whole())).all()
    return {(r.weekday, r.session, r.vehicle_id): r for r in runs}


def trips(runs) -> dict[tuple[str, str, int], Trip]:
    """(weekday, session, child id) to the child's trip: vehicle, crew, time at home."""
    out = {}
    for run in runs:
        home = "pickup" if run.session == "AM" else "dropoff"
        for s in run.stops:
            if s.kind == home:
                out[(run.weekday, run.session, s.child_id)] = Trip(
                    run.vehicle.registration,
                    run.driver.first_name if run.driver else None,
                    run.assistant.first_name if run.assistant else None,
                    s.planned,
                )
    return out


def shape(run: m.PlanRun) -> tuple:
    return (run.driver_id, run.assistant_id, run.leave_depot, tuple((s.kind, s.child_id, s.planned) for s in run.stops))


def arrivals(runs) -> dict[tuple[int, str, str], set[Arrival]]:
    """(school, weekday, session) to each vehicle's time at the school and its children there."""
    out: dict = {}
    for run in runs:
        at_school = "dropoff" if run.session == "AM" else "pickup"
        by_school: dict[int, list[m.PlanStop]] = {}
        for s in run.stops:
            if s.kind == at_school:
                by_school.setdefault(s.child.school_id, []).append(s)
        for school_id, stops in by_school.items():
            names = tuple(sorted(s.child.first_name for s in stops))
            out.setdefault((school_id, run.weekday, run.session), set()).add(
                (run.vehicle.registration, min(s.planned for s in stops), names)
            )
    return out
