"""From the domain's records to the API's answers (shared by the routers)."""

from __future__ import annotations

from api import schemas as s
from transport import models as m
from transport.today import DayRun


def first(person: m.Driver | m.Assistant | None) -> str | None:
    return person.first_name if person else None


def run_out(d: DayRun) -> s.RunOut:
    return s.RunOut(
        id=d.id, date=d.date, session=d.session, vehicle=d.run.vehicle.registration,
        driver=first(d.driver), pa=first(d.assistant), leaves_depot=d.starts, changes=d.changes,
        stops=[stop_out(x) for x in d.stops],
    )


def stop_out(x, **extra) -> dict:
    return dict(
        kind=x.kind, child_id=x.child.id, first_name=x.child.first_name, place=x.place,
        planned=x.planned, absent=x.absent, moved_in=x.moved_in, **extra,
    )


def plan_out(plan: m.Plan) -> s.PlanOut:
    return s.PlanOut(
        id=plan.id, name=plan.name, starts_on=plan.starts_on, status=plan.status, progress=plan.progress,
        stage=plan.stage, error=plan.error, created_at=plan.created_at, published_at=plan.published_at,
        summary=plan.summary,
        unplaced=[
            s.UnplacedOut(child_id=u.child_id, first_name=u.child.first_name, weekday=u.weekday, session=u.session, reasons=u.reasons)
            for u in plan.unplaced
        ],
    )
