"""A day's disruption, for planners: vehicles, drivers and PAs marked unavailable, the cover
proposed for their runs, and its confirmation (which tells exactly the people it concerns)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response

from api import schemas as s
from api.deps import DB, WRITES, Config, PathId, Planner
from api.problems import PROBLEM_RESPONSES, HttpProblem
from transport import models as m
from transport.clock import now
from transport.planning import disruption

router = APIRouter(tags=["disruption"], responses=PROBLEM_RESPONSES)


@router.get("/days/{date}/unavailable", response_model=list[s.UnavailableOut])
def marks(date: dt.date, db: DB, _: Planner):
    """Who and what cannot work that day."""
    return [_mark(x) for x in disruption.marks_on(db, date)]


@router.post("/days/{date}/unavailable", response_model=s.UnavailableOut, status_code=201, dependencies=WRITES)
def mark(date: dt.date, body: s.UnavailableIn, db: DB, who: Planner, settings: Config):
    """A vehicle, driver or PA unavailable that day (a breakdown, sickness): then propose the cover."""
    if date < now(settings).date():
        raise HttpProblem(409, "that day has passed")
    vehicle = db.get(m.FleetVehicle, body.vehicle_id) if body.vehicle_id else None
    driver = db.get(m.Driver, body.driver_id) if body.driver_id else None
    assistant = db.get(m.PassengerAssistant, body.assistant_id) if body.assistant_id else None
    for name, given, found in (
        ("vehicle", body.vehicle_id, vehicle),
        ("driver", body.driver_id, driver),
        ("PA", body.assistant_id, assistant),
    ):
        if given and found is None:
            raise HttpProblem(404, f"there is no {name} {given}")
    return _mark(disruption.mark(db, date, who.name, body.reason, vehicle=vehicle, driver=driver, assistant=assistant))


@router.delete("/unavailable/{mark_id}", status_code=204, dependencies=WRITES)
def unmark(mark_id: PathId, db: DB, _: Planner):
    """Available after all (a cover confirmed already stays: propose again for the rest)."""
    disruption.unmark(db, mark_id)
    return Response(status_code=204)


@router.post("/days/{date}/cover", response_model=s.CoverOut, status_code=201, dependencies=WRITES)
def propose(date: dt.date, db: DB, who: Planner, settings: Config):
    """The cover for the day's runs hit by its marks: spare crew where only they are missing,
    else the children on spare vehicles and PAs or spot hires, nobody else moved. Nothing is
    told until it is confirmed."""
    if date < now(settings).date():
        raise HttpProblem(409, "that day has passed")
    return disruption.cover_view(db, disruption.propose(db, settings, date, who.name))


@router.get("/covers/{plan_id}", response_model=s.CoverOut)
def cover(plan_id: PathId, db: DB, _: Planner):
    return disruption.cover_view(db, disruption.proposal_of(db, plan_id))


@router.post("/covers/{plan_id}/confirm", response_model=s.CoverConfirmed, dependencies=WRITES)
def confirm(plan_id: PathId, db: DB, who: Planner, settings: Config):
    """The cover in force for its day; the families, crews and schools it concerns are told."""
    plan = disruption.proposal_of(db, plan_id)
    texts = disruption.confirm(db, settings, plan, who.name, now(settings).date())
    return s.CoverConfirmed(cover=s.CoverOut.model_validate(disruption.cover_view(db, plan)), texts=texts)


def _mark(x: m.Unavailable) -> s.UnavailableOut:
    return s.UnavailableOut(id=x.id, date=x.date, what=disruption.what(x), reason=x.reason, made_by=x.made_by)
