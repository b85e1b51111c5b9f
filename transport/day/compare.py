"""A plan against the one in force before it: which children's journeys change (their times,
vehicle or crew, a place lost, or no transport at all) and each run of the two plans. Publishing
tells exactly these people (`day/publish_texts.py`); the planner's page and the confirmation
count the same, so what a planner reviews is what gets told."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from transport import models as m
from transport.day.journey_times import Times

RunKey = tuple[str, str, int]
"""(weekday, session, vehicle id)"""
JourneyKey = tuple[str, str, int]
"""(weekday, session, child id)"""


@dataclass(frozen=True)
class Trip:
    """A child's journey as the family knows it."""

    vehicle: str
    driver: str | None
    pa: str | None
    times: Times

    @property
    def home_time(self) -> dt.time:
        return self.times.at_home


@dataclass(frozen=True)
class TripChange:
    weekday: str
    session: str
    child_id: int
    before: Trip | None
    after: Trip | None
    """None: the child has no place in the new plan on this weekday and session."""
    stranded: bool = False
    """The child needs this journey and the new plan gives none (not placed, or waiting on a spot
    hire); False with no `after`: the child no longer travels then (the records changed)."""


@dataclass
class Comparison:
    trips: list[TripChange] = field(default_factory=list)
    old_runs: dict[RunKey, m.PlanRun] = field(default_factory=dict)
    new_runs: dict[RunKey, m.PlanRun] = field(default_factory=dict)


NO_TRANSPORT = "no transport"
"""A journey the plan must make but has no vehicle for."""


def compare(db: Session, plan: m.Plan, before: m.Plan | None) -> Comparison:
    out = Comparison(old_runs=runs_of(db, before), new_runs=runs_of(db, plan))
    old = journeys(db, before, out.old_runs)
    new = journeys(db, plan, out.new_runs)
    for key in sorted(set(old) | set(new), key=lambda k: (k[2], m.WEEKDAYS.index(k[0]), k[1])):
        was, now = old.get(key), new.get(key)
        if was != now:  # a new place, a lost one, no transport, or a different vehicle, crew or time
            out.trips.append(TripChange(key[0], key[1], key[2], _trip(was), _trip(now), stranded=now == NO_TRANSPORT))
    return out


def _trip(state: Trip | str | None) -> Trip | None:
    return state if isinstance(state, Trip) else None


def runs_of(db: Session, plan: m.Plan | None) -> dict[RunKey, m.PlanRun]:
    """A plan's runs by (weekday, session, vehicle id)."""
    if plan is None:
        return {}
    runs = db.scalars(select(m.PlanRun).where(m.PlanRun.plan_id == plan.id).options(*m.run_whole())).all()
    return {(r.weekday, r.session, r.vehicle_id): r for r in runs}


def journeys(db: Session, plan: m.Plan | None, runs: dict[RunKey, m.PlanRun]) -> dict[JourneyKey, Trip | str]:
    """Every journey of a plan: its trip, or NO_TRANSPORT (not placed, or on a spot hire still to
    procure)."""
    out: dict[JourneyKey, Trip | str] = {}
    if plan is None:
        return out
    for u in db.scalars(select(m.PlanUnplaced).where(m.PlanUnplaced.plan_id == plan.id)):
        out[(u.weekday, u.session, u.child_id)] = NO_TRANSPORT
    hires = db.scalars(select(m.SpotHire).where(m.SpotHire.plan_id == plan.id)).all()
    if hires:
        child_id = dict(db.execute(select(m.Child.ref, m.Child.id)).all())
        for h in hires:
            for s in h.stops:
                out[(h.weekday, h.session, child_id[s["child"]])] = NO_TRANSPORT
    out.update(trips(runs.values()))
    return out


def trips(runs) -> dict[JourneyKey, Trip]:
    """(weekday, session, child id) to the child's trip: vehicle, crew, times."""
    out = {}
    for run in runs:
        mine: dict[int, list[m.PlanStop]] = {}
        for s in run.stops:
            mine.setdefault(s.child_id, []).append(s)
        for child_id, stops in mine.items():
            out[(run.weekday, run.session, child_id)] = Trip(
                run.vehicle.registration,
                run.driver.first_name if run.driver else None,
                run.assistant.first_name if run.assistant else None,
                Times.of(run.session, stops),
            )
    return out


def shape(run: m.PlanRun) -> tuple:
    """What a crew member's run sheet shows of a run."""
    return (run.vehicle_id, run.leave_depot, tuple((s.kind, s.child_id, s.planned) for s in run.stops))
