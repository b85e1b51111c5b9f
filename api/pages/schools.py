"""A school's page: the day's manifest (any date, today by default), printable."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from api.deps import PathId
from api.pages.web import CSRF, DB, Planner, School, day_from, not_found, now_here, render, today
from transport import models as m
from transport.day.legs import travel_for
from transport.day.live import at_school
from transport.day.manifest import manifest, own_school, without_transport

router = APIRouter(prefix="/web", include_in_schema=False, dependencies=CSRF)


@router.get("/school")
def my_school(request: Request, who: School):
    """The school's own manifest; the day asked for (`?date=`) goes with it."""
    asked = f"?{request.url.query}" if request.url.query else ""
    if who.role == "planner":
        return RedirectResponse(f"/web/schools{asked}", status_code=303)
    return RedirectResponse(f"/web/schools/{who.link_id}{asked}", status_code=303)


@router.get("/schools")
def schools(request: Request, db: DB, who: Planner, date: str | None = None):
    """A planner's way to any school's manifest (on the day asked for, if one was)."""
    found = db.scalars(select(m.School).order_by(m.School.name)).all()
    return render(request, "schools.html", who=who, schools=found, day=day_from(date, None))


@router.get("/schools/{school_id}")
def school_manifest(request: Request, school_id: PathId, db: DB, who: School, date: str | None = None):
    school = own_school(db, who, school_id)
    if school is None:
        raise not_found("school")
    day = day_from(date, today(request))
    runs = manifest(db, school, day)
    settings = request.app.state.settings
    missing = without_transport(db, school, day, settings.transport_office_phone)
    going = at_school(db, settings, school.id, day, now_here(request), travel_for(db, settings)) if day == today(request) else {}
    return render(request, "manifest.html", who=who, school=school, day=day, runs=runs, no_transport=missing, going=going)
