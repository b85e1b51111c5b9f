"""Parents: their own children, their transport, and absences. Another family's child is a 404."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response
from sqlalchemy import select

from api import schemas as s
from api import views
from api.deps import DB, WRITES, AnyCaller, Config, Parent, PathId
from api.problems import PROBLEM_RESPONSES, HttpProblem
from api.scope import own_absence, own_child
from transport import models as m
from transport.clock import now
from transport.day import absences, contacts, family
from transport.day.today import Whose, runs_on

router = APIRouter(tags=["parents"], responses=PROBLEM_RESPONSES)


@router.get("/me/children", response_model=list[s.ChildOut])
def my_children(db: DB, who: Parent):
    return family.children_of(db, who)


@router.get("/me/children/{child_id}/transport", response_model=s.Transport)
def transport(child_id: PathId, db: DB, who: Parent, settings: Config, date: dt.date | None = None):
    """The child's journeys on a date (default today): vehicle, times, crew first names, and the
    named transport officer to contact; the journeys due with no transport, and who to call."""
    return views.transport(db, own_child(db, who, child_id), date or now(settings).date(), settings.transport_office_phone)


@router.post("/absences", response_model=list[s.AbsenceOut], status_code=201, dependencies=WRITES)
def report_absence(body: s.AbsenceIn, db: DB, who: AnyCaller, settings: Config):
    """Say a child will not travel: one day, or every school day to `end_date`."""
    child = own_child(db, who, body.child_id)
    return absences.report(
        db, settings, child, body.date, body.session, who.name, "web", body.end_date, body.pm_too, family.guardian_of(db, who)
    )


@router.get("/absences", response_model=list[s.AbsenceOut])
def list_absences(db: DB, who: AnyCaller, date: dt.date | None = None):
    """A parent's children's absences; a planner's: everyone's (on `date`, if given)."""
    if who.role == "parent":
        rows = absences.of_children(db, [c.id for c in family.children_of(db, who)])
        return [a for a in rows if date is None or a.date == date]
    if who.role != "planner":
        raise HttpProblem(403, "this is for parents and planners only")
    query = select(m.Absence).order_by(m.Absence.date, m.Absence.id)
    if date is not None:
        query = query.where(m.Absence.date == date)
    return db.scalars(query.limit(5000)).all()


@router.delete("/absences/{absence_id}", status_code=204, dependencies=WRITES)
def cancel_absence(absence_id: PathId, db: DB, who: AnyCaller, settings: Config):
    """Cancel an absence: the child travels after all. Only before the run starts."""
    absence = own_absence(db, who, absence_id)
    absences.cancel(db, settings, absence, family.guardian_of(db, who))
    return Response(status_code=204)


@router.get("/me/children/{child_id}/co-travellers", response_model=list[s.CoTraveller])
def co_travellers(child_id: PathId, db: DB, who: Parent, settings: Config, date: dt.date):
    """Other parents whose children share a vehicle with this child on a date, and who, like
    this parent, have agreed to share their number, where the council's contact rule lets
    parents contact each other; nobody's number is shown otherwise."""
    child = own_child(db, who, child_id)
    me = family.guardian_of(db, who)
    assert me is not None  # a parent's account opens only while its guardian exists (accounts._caller)
    if not me.share_contact or not any(r.to == "parent" for r in contacts.rules_from(settings, "parent")):
        return []
    others: dict[int, s.CoTraveller] = {}
    for run in runs_on(db, date, Whose(child_ids=frozenset({child.id}))):
        if not any(x.child.id == child.id for x in run.stops):
            continue
        for other in run.children():
            if other.id == child.id:
                continue
            for g in other.guardians:
                if g.share_contact and g.id != me.id:
                    others[g.id] = s.CoTraveller(first_name=g.first_name, phone=g.phone, child_first_name=other.first_name)
    return list(others.values())
