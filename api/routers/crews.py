"""Drivers and PAs: their own run sheet for a day, with the care notes they must know."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from api import schemas as s
from api.deps import DB, Crew
from api.problems import PROBLEM_RESPONSES
from api.views import first, stop_out
from transport import models as m
from transport.today import runs_on

router = APIRouter(tags=["drivers and PAs"], responses=PROBLEM_RESPONSES)


@router.get("/me/runs", response_model=list[s.RunSheet])
def my_runs(date: dt.date, db: DB, who: Crew):
    """The caller's runs on a date: stops in order with times and first names, same-day changes,
    and each child's care notes (shown only to that day's crew of that run; each read recorded)."""
    sheets = []
    for run in runs_on(db, date):
        crew = run.driver if who.role == "driver" else run.assistant
        if crew is None or crew.id != who.link_id:
            continue
        for child in run.children():
            if child.care_notes:
                db.add(m.CareNoteRead(user_id=who.user_id, child_id=child.id, run_id=run.id, date=date))
        sheets.append(
            s.RunSheet(
                id=run.id, date=date, session=run.session, vehicle=run.run.vehicle.registration,
                driver=first(run.driver), pa=first(run.assistant), leaves_depot=run.starts, changes=run.changes,
                stops=[s.SheetStop(**stop_out(x, care_notes=x.child.care_notes)) for x in run.stops],
            )
        )
    return sheets
