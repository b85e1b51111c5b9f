"""A school's manifest for a date: each run arriving (morning) or leaving (afternoon) with its
vehicle, crew, time at the school and the school's children on it, absences marked; and, first,
the school's pupils due to travel that day with no transport. The API and the school's web page
both read it from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from transport import models as m
from transport.accounts import Caller
from transport.day.journey_times import time_at_school
from transport.day.today import DayRun, Whose, absences_on, kept_view, school_side
from transport.day.without import NoTransport, without


@dataclass(frozen=True)
class ManifestChild:
    child_id: int
    first_name: str
    last_name: str
    absent: bool


@dataclass(frozen=True, eq=False)
class ManifestRun:
    """Kept with the day, one object for each run (equal only to itself, so that what is made of
    it can be kept beside it: see api.views.manifest)."""

    run_id: int
    session: str
    direction: str
    """arriving (AM) or leaving (PM)"""
    vehicle: str
    driver: str | None
    pa: str | None
    planned: dt.time
    """When the run is at the school."""
    changes: list[str]
    children: list[ManifestChild]


def own_school(db: Session, who: Caller, school_id: int) -> m.School | None:
    """The school's own record, or any school for a planner; anyone else's is None (not found)."""
    mine = who.role == "planner" or (who.role == "school" and who.link_id == school_id)
    return db.get(m.School, school_id) if mine else None


def manifest(db: Session, school: m.School, date: dt.date) -> list[ManifestRun]:
    planned = kept_view(db, date, Whose(school_id=school.id), ("manifest", school.id), lambda runs: _as_planned(runs, school.id))
    away = absences_on(db, date, {c.child_id for r in planned for c in r.children})
    return [_marked(r, away) for r in planned]


def without_transport(db: Session, school: m.School, date: dt.date, office_phone: str = "") -> list[NoTransport]:
    """The school's pupils due to travel on a date with no transport: the manifest's first section."""
    return without(db, date, Whose(school_id=school.id), office_phone)


def _as_planned(runs: list[DayRun], school_id: int) -> list[ManifestRun]:
    """The school's manifest with nobody marked absent: made once for a kept day."""
    out = []
    for run in runs:
        at_school = school_side(run.session)
        here = [x for x in run.stops if x.kind == at_school and x.child.school_id == school_id]
        if not here:
            continue
        out.append(
            ManifestRun(
                run_id=run.id,
                session=run.session,
                direction="arriving" if run.session == "AM" else "leaving",
                vehicle=run.run.vehicle.registration,
                driver=run.driver.first_name if run.driver else None,
                pa=run.assistant.first_name if run.assistant else None,
                planned=time_at_school(here),
                changes=run.told({x.child.id for x in here}),
                children=[ManifestChild(x.child.id, x.child.first_name, x.child.last_name, False) for x in here],
            )
        )
    out.sort(key=lambda r: (r.session, r.planned))
    return out


def _marked(run: ManifestRun, away: dict[int, set[str]]) -> ManifestRun:
    if not any(run.session in away.get(c.child_id, ()) for c in run.children):
        return run
    return replace(run, children=[replace(c, absent=run.session in away.get(c.child_id, ())) for c in run.children])
