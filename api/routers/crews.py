"""Drivers and PAs: their own run sheet for a day, with the care notes they must know."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from api import schemas as s
from api.deps import DB, WRITES, AnyCaller, Config, Crew, PathId, RecordsAfter
from api.problems import PROBLEM_RESPONSES
from api.views import contact_out, first, stop_out
from transport.clock import now
from transport.day import tell
from transport.day.live import run_of
from transport.day.run_sheet import crews_runs

router = APIRouter(tags=["drivers and PAs"], responses=PROBLEM_RESPONSES)


@router.get("/me/runs", response_model=list[s.RunSheet])
def my_runs(date: dt.date, db: DB, who: Crew, settings: Config, reads: RecordsAfter):
    """The caller's runs on a date: stops in order with times and first names, same-day changes,
    and each child's care notes (shown only to that day's crew of that run, today or for tomorrow
    to be briefed the evening before, never for a day gone; each read recorded). `contacts`: the
    numbers the council's contact rule (`GET /contacts/rules`) lets the caller call on that run,
    the office always; a stop's `contacts` are that child's parents' (a PA's, by default)."""
    sheets = []
    for sheet in crews_runs(db, settings, who, date, now(settings).date(), reads):
        run = sheet.run
        sheets.append(
            s.RunSheet(
                id=run.id,
                date=date,
                session=run.session,
                vehicle=run.run.vehicle.registration,
                driver=first(run.driver),
                pa=first(run.assistant),
                leaves_depot=run.starts,
                changes=run.told(),
                stops=[
                    s.SheetStop(
                        **stop_out(x, care_notes=sheet.care_notes(x.child)),
                        contacts=[contact_out(c) for c in sheet.contacts.of_child(x.child.id)],
                    )
                    for x in run.stops
                ],
                contacts=[contact_out(c) for c in (*sheet.contacts.office, *sheet.contacts.schools, *sheet.contacts.crew)],
            )
        )
    return sheets


@router.post(
    "/runs/{run_id}/delay", response_model=s.DelayOut, status_code=202, tags=["drivers and PAs", "planners"], dependencies=WRITES
)
def report_delay(run_id: PathId, body: s.DelayIn, db: DB, who: AnyCaller):
    """A run running late or broken down (a planner, or that day's driver or PA): parents of the
    children on it and the school are texted the new expected time."""
    return s.DelayOut(run_id=run_id, told=tell.delay(db, run_of(db, who, run_id, body.date), body.minutes, who.name))
