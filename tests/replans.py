"""A re-plan for tests: the plan in force copied as a new published plan from a later Monday,
less some children's journeys (lost, not placed, or on a spot hire), without planning again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from transport import models as m


def _fields(model, *own: str) -> tuple[str, ...]:
    """A record's columns but its id and what ties it to its plan or run: what a copy carries over."""
    return tuple(c.key for c in model.__table__.columns if c.key not in ("id", *own))


RUN_FIELDS = _fields(m.PlanRun, "plan_id")
STOP_FIELDS = _fields(m.PlanStop, "run_id")
HIRE_FIELDS = _fields(m.SpotHire, "plan_id")


def republish(db, plan_id: int, starts_on: dt.date, dropped: dict[tuple[int, str, str], str]) -> m.Plan:
    """Plan `plan_id` again from `starts_on`, published, with each (child id, weekday, session) of
    `dropped` taken off its run and recorded as "unplaced", "spot" (a spot hire) or "gone" (nowhere)."""
    old = db.get_one(m.Plan, plan_id)
    new = m.Plan(
        name=f"{old.name} again",
        status="published",
        starts_on=starts_on,
        published_at=dt.datetime.now(dt.UTC),
        summary=old.summary,
    )
    for run in old.runs:
        copy = m.PlanRun(**{f: getattr(run, f) for f in RUN_FIELDS})
        for stop in run.stops:
            if (stop.child_id, run.weekday, run.session) not in dropped:
                copy.stops.append(m.PlanStop(**{f: getattr(stop, f) for f in STOP_FIELDS}))
        new.runs.append(copy)
    for hire in old.spot_hires:
        new.spot_hires.append(m.SpotHire(**{f: getattr(hire, f) for f in HIRE_FIELDS}))
    for (child_id, weekday, session), how in dropped.items():
        if how == "unplaced":
            new.unplaced.append(
                m.PlanUnplaced(child_id=child_id, weekday=weekday, session=session, reasons=["no PA with epilepsy_medication"])
            )
        elif how == "spot":
            new.spot_hires.append(_spot_hire(db, db.get_one(m.Child, child_id), weekday, session))
    db.add(new)
    db.flush()
    return new


def _spot_hire(db, child: m.Child, weekday: str, session: str) -> m.SpotHire:
    rate = db.scalar(select(m.SpotHireRate).limit(1))
    if rate is None:
        rate = m.SpotHireRate(
            ref="test-taxi",
            area="Town",
            kind="car",
            seats=4,
            base_address="Depot",
            base_postcode="IP1 1AA",
            base_lat=52.05,
            base_lon=1.15,
            fixed_cost=40.0,
            cost_per_mile=1.5,
        )
    return m.SpotHire(
        rate=rate,
        weekday=weekday,
        session=session,
        pa_skills=None,
        leave_base=dt.time(7, 30),
        return_base=dt.time(9, 0),
        miles=5.0,
        cost=50.0,
        reasons={child.ref: []},
        stops=[{"child": child.ref, "kind": k, "planned": "08:00", "place": "Home"} for k in ("pickup", "dropoff")],
    )


def unpublish(db, plan: m.Plan) -> None:
    """Take a test's re-plan out of force again, so that later tests see the plan in force as
    before. Kept as a draft, not deleted: SQLite gives a deleted plan's id to the next one made,
    and the day's runs are kept by plan id (transport/day/today.py)."""
    db.get_one(m.Plan, plan.id).status = "draft"
