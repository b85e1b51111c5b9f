"""A school's manifest for a date: each run arriving (morning) or leaving (afternoon) with its
vehicle, crew, time at the school and the school's children on it, absences marked. The API and
the school's web page both read it from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from transport import models as m
from transport.accounts import Caller
from transport.day.today import Whose, runs_on


@dataclass(frozen=True)
class ManifestChild:
    child_id: int
    first_name: str
    last_name: str
    absent: bool


@dataclass(frozen=True)
class ManifestRun:
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
    runs = []
    for run in runs_on(db, date, Whose(school_id=school.id), kept=True):
        at_school = "dropoff" if run.session == "AM" else "pickup"
        here = [x for x in run.stops if x.kind == at_school and x.child.school_id == school.id]
        if not here:
            continue
        runs.append(
            ManifestRun(
                run_id=run.id,
                session=run.session,
                direction="arriving" if run.session == "AM" else "leaving",
                vehicle=run.run.vehicle.registration,
                driver=run.driver.first_name if run.driver else None,
                pa=run.assistant.first_name if run.assistant else None,
                planned=min(x.planned for x in here),
                changes=run.told({x.child.id for x in here}),
                children=[ManifestChild(x.child.id, x.child.first_name, x.child.last_name, x.absent) for x in here],
            )
        )
    runs.sort(key=lambda r: (r.session, r.planned))
    return runs
