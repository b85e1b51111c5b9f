"""A published plan copied as a draft, to change by hand and publish: the texts a change makes,
without planning again."""

from __future__ import annotations

import datetime as dt

from transport import models as m

RUN_COLUMNS = (
    "weekday",
    "session",
    "vehicle_id",
    "layout",
    "driver_id",
    "assistant_id",
    "leave_depot",
    "return_depot",
    "miles",
    "cost",
)
HIRE_COLUMNS = ("rate_id", "weekday", "session", "pa_skills", "leave_base", "return_base", "miles", "cost", "stops", "reasons")
STOP_COLUMNS = ("seq", "kind", "child_id", "place", "lat", "lon", "arrival", "planned")


def copy_plan(db, plan: m.Plan, starts_on: dt.date) -> m.Plan:
    """A draft with the same runs, stops, unplaced journeys and spot hires as `plan`, for the week of `starts_on`."""
    copy = m.Plan(name="copy", starts_on=starts_on, status="draft")
    db.add(copy)
    for r in plan.runs:
        run = m.PlanRun(**{c: getattr(r, c) for c in RUN_COLUMNS})
        run.stops = [m.PlanStop(**{c: getattr(s, c) for c in STOP_COLUMNS}) for s in r.stops]
        copy.runs.append(run)
    for u in plan.unplaced:
        copy.unplaced.append(m.PlanUnplaced(child_id=u.child_id, weekday=u.weekday, session=u.session, reasons=u.reasons))
    for h in plan.spot_hires:
        copy.spot_hires.append(m.SpotHire(**{c: getattr(h, c) for c in HIRE_COLUMNS}))
    db.flush()
    return copy


def later(t: dt.time, minutes: int) -> dt.time:
    return (dt.datetime.combine(dt.date(2000, 1, 3), t) + dt.timedelta(minutes=minutes)).time()
