"""Parents: their own children, their transport, and absences. Another family's child is a 404."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response
from sqlalchemy import select

from api import schemas as s
from api.deps import DB, PathId, AnyCaller, Config, Parent
from api.problems import PROBLEM_RESPONSES, Problem
from api.views import first
from transport import absences, models as m
from transport.accounts import Caller
from transport.today import runs_on

router = APIRouter(tags=["parents"], responses=PROBLEM_RESPONSES)


def _children(db, who: Caller) -> list[m.Child]:
    """A parent's own children (nobody else has any through this)."""
    guardian = db.get(m.Guardian, who.link_id) if who.role == "parent" else None
    return sorted(guardian.children, key=lambda c: c.id) if guardian else []


def _guardian(db, who: Caller) -> m.Guardian | None:
    return db.get(m.Guardian, who.link_id) if who.role == "parent" else None


def _own_child(db, who: Caller, child_id: int) -> m.Child:
    """A parent's own child, a planner's any child; anyone else's is not found."""
    if who.role == "planner":
        child = db.get(m.Child, child_id)
    elif who.role == "parent":
        child = next((c for c in _children(db, who) if c.id == child_id), None)
    else:
        child = None
    if child is None:
        raise Problem(404, f"there is no child {child_id} among yours")
    return child


@router.get("/me/children", response_model=list[s.ChildOut])
def my_children(db: DB, who: Parent):
    return _children(db, who)


@router.get("/me/children/{child_id}/transport", response_model=s.Transport)
def transport(child_id: PathId, db: DB, who: Parent, settings: Config, date: dt.date | None = None):
    """The child's journeys on a date (default today): vehicle, times, crew first names, and the
    named transport officer to contact."""
    child = _own_child(db, who, child_id)
    day = date or absences.now(settings).date()
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


@router.post("/absences", response_model=list[s.AbsenceOut], status_code=201)
def report_absence(body: s.AbsenceIn, db: DB, who: AnyCaller, settings: Config):
    """Say a child will not travel: one day, or every school day to `end_date`."""
    child = _own_child(db, who, body.child_id)
    try:
        return absences.report(
            db, settings, child, body.date, body.session, who.name, "web", body.end_date, body.pm_too, _guardian(db, who)
        )
    except absences.AbsenceError as error:
        raise Problem(422, str(error))


@router.get("/absences", response_model=list[s.AbsenceOut])
def list_absences(db: DB, who: AnyCaller, date: dt.date | None = None):
    """A parent's children's absences; a planner's: everyone's (on `date`, if given)."""
    if who.role == "parent":
        rows = absences.of_children(db, [c.id for c in _children(db, who)])
        return [a for a in rows if date is None or a.date == date]
    if who.role != "planner":
        raise Problem(403, "this is for parents and planners only")
    query = select(m.Absence).order_by(m.Absence.date, m.Absence.id)
    if date is not None:
        query = query.where(m.Absence.date == date)
    return db.scalars(query.limit(5000)).all()


@router.delete("/absences/{absence_id}", status_code=204)
def cancel_absence(absence_id: PathId, db: DB, who: AnyCaller, settings: Config):
    """Cancel an absence: the child travels after all. Only before the run starts."""
    absence = db.get(m.Absence, absence_id)
    yours = absence is not None and (who.role == "planner" or absence.child_id in {c.id for c in _children(db, who)})
    if not yours:
        raise Problem(404, f"there is no absence {absence_id} among yours")
    try:
        absences.cancel(db, settings, absence, _guardian(db, who))
    except absences.AbsenceError as error:
        raise Problem(409, str(error))
    return Response(status_code=204)


@router.get("/me/children/{child_id}/co-travellers", response_model=list[s.CoTraveller])
def co_travellers(child_id: PathId, db: DB, who: Parent, date: dt.date):
    """Other parents whose children share a vehicle with this child on a date, and who, like
    this parent, have agreed to share their number; nobody's number is shown otherwise."""
    child = _own_child(db, who, child_id)
    me = _guardian(db, who)
    if not me.share_contact:
        return []
    others: dict[int, s.CoTraveller] = {}
    for run in runs_on(db, date):
        if not any(x.child.id == child.id for x in run.stops):
            continue
        for other in run.children():
            if other.id == child.id:
                continue
            for g in other.guardians:
                if g.share_contact and g.id != me.id:
                    others[g.id] = s.CoTraveller(first_name=g.first_name, phone=g.phone, child_first_name=other.first_name)
    return list(others.values())
