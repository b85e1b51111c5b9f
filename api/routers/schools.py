"""Schools: the day's manifest of runs arriving and leaving. Another school's is a 404."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from api import schemas as s
from api.deps import DB, PathId, AnyCaller
from api.problems import PROBLEM_RESPONSES, Problem
from api.views import first
from transport import models as m
from transport.today import runs_on

router = APIRouter(tags=["schools"], responses=PROBLEM_RESPONSES)


@router.get("/schools/{school_id}/manifest", response_model=s.Manifest)
def manifest(school_id: PathId, date: dt.date, db: DB, who: AnyCaller):
    """Each run arriving (morning) or leaving (afternoon) on a date: vehicle, crew, time at the
    school, its children for this school, absences marked."""
    mine = who.role == "planner" or (who.role == "school" and who.link_id == school_id)
    school = db.get(m.School, school_id) if mine else None
    if school is None:
        raise Problem(404, f"there is no school {school_id} among yours")
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
