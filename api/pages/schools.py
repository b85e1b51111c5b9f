"""A school's page: the day's manifest (any date, today by default), printable."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from api.deps import PathId
from api.pages.web import CSRF, DB, Planner, School, day_from, not_found, render, today
from transport import models as m
from transport.day.manifest import manifest, own_school

router = APIRouter(prefix="/web", include_in_schema=False, dependencies=CSRF)


@router.get("/school")
def my_school(request: Request, who: School):
    if who.role == "planner":
        return RedirectResponse("/web/schools", status_code=303)
    return RedirectResponse(f"/web/schools/{who.link_id}", status_code=303)


@router.get("/schools")
def schools(request: Request, db: DB, who: Planner):
    """A planner's way to any school's manifest."""
    return render(request, "schools.html", who=who, schools=db.scalars(select(m.School).order_by(m.School.name)).all())


@router.get("/schools/{school_id}")
def school_manifest(request: Request, school_id: PathId, db: DB, who: School, date: str | None = None):
    school = own_school(db, who, school_id)
    if school is None:
        raise not_found("school")
    day = day_from(date, today(request))
    runs = manifest(db, school, day)
    return render(request, "manifest.html", who=who, school=school, day=day, runs=runs)
