"""Schools: the day's manifest of runs arriving and leaving. Another school's is a 404."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from api import schemas as s
from api import views
from api.deps import DB, AnyCaller, Config, PathId
from api.problems import PROBLEM_RESPONSES
from api.scope import own_school

router = APIRouter(tags=["schools"], responses=PROBLEM_RESPONSES)


@router.get("/schools/{school_id}/manifest", response_model=s.Manifest)
def manifest(school_id: PathId, date: dt.date, db: DB, who: AnyCaller, settings: Config):
    """Each run arriving (morning) or leaving (afternoon) on a date: vehicle, crew, time at the
    school, its children for this school, absences marked; and the school's pupils due that day
    with no transport, why, and who to call."""
    return views.manifest(db, own_school(db, who, school_id), date, settings.transport_office_phone)
