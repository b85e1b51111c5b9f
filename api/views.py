"""From the domain's records to the API's answers (shared by the routers)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from api import schemas as s
from transport import models as m
from transport.today import DayRun, runs_on


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


def manifest(db: Session, school: m.School, date: dt.date) -> s.Manifest:
    """Each run arriving (morning) or leaving (afternoon) on a date: vehicle, crew, time at the
    school, its children for this school, absences marked."""
    runs = []
    for run in runs_on(db, date):
        at_school = "dropoff" if run.session == "AM" else "pickup"
        here = [x for x in run.stops if x.kind == at_school and x.child.school_id == school.id]
        if not here:
            continue
        runs.append(
            s.ManifestRun(
                run_id=run.id, session=run.session, direction="arriving" if run.session == "AM" else "leaving",
                vehicle=run.run.vehicle.registration, driver=first(run.driver), pa=first(run.assistant),
                planned=min(x.planned for x in here), changes=run.changes,
                children=[
                    s.ManifestChild(child_id=x.child.id, first_name=x.child.first_name, last_name=x.child.last_name, absent=x.absent)
                    for x in here
                ],
            )
        )
    runs.sort(key=lambda r: (r.session, r.planned))
    return s.Manifest(school_id=school.id, school=school.name, date=date, runs=runs)


def transport(db: Session, child: m.Child, day: dt.date) -> s.Transport:
    """The child's journeys on a day: vehicle, times, crew first names, and the named transport
    officer to contact."""
    journeys = []
    for run in runs_on(db, day):
        mine = [x for x in run.stops if x.child.id == child.id]
        if not mine:
            continue
        times = {x.kind: x.planned for x in mine}
        journeys.append(
            s.Journey(
                session=run.session, vehicle=run.run.vehicle.registration, driver=first(run.driver), pa=first(run.assistant),
                pickup=times["pickup"], dropoff=times["dropoff"], absent=mine[0].absent,
                changes=[c for c in run.changes if child.first_name in c or "Driver" in c or "PA" in c],
            )
        )
    officer = child.officer
    return s.Transport(
        child_id=child.id, first_name=child.first_name, date=day, journeys=journeys,
        officer=s.Officer(name=officer.name, phone=officer.phone, email=officer.email) if officer else None,
    )
