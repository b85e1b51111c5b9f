"""A driver's or PA's page: their run sheet for a day (today by default), made for a phone, with
the numbers the council's contact rule lets them call beside the stops they are for."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.deps import RecordsAfter
from api.pages.web import CSRF, DB, Crew, day_from, render, today
from transport.day.run_sheet import crews_runs

router = APIRouter(prefix="/web/crew", include_in_schema=False, dependencies=CSRF)


@router.get("")
def run_sheet(request: Request, db: DB, who: Crew, reads: RecordsAfter, date: str | None = None):
    now = today(request)
    day = day_from(date, now)
    return render(request, "crew.html", who=who, day=day, sheets=crews_runs(db, request.app.state.settings, who, day, now, reads))
