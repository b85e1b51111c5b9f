"""A driver's or PA's page: their run sheet for a day (today by default), made for a phone, with
the numbers the council's contact rule lets them call beside the stops they are for. On the day,
the page drives the run: start, a tap at each stop, finish, and (if the crew agrees) where the
vehicle is; api/static/run.js queues each on the phone and sends it when it can."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse

from api.deps import PathId, RecordsAfter
from api.pages.web import CSRF, DB, Crew, PageError, day_from, flash, now_here, render, today
from transport.accounts import Caller
from transport.day import heard, live
from transport.day.legs import travel_for
from transport.day.run_sheet import crews_runs
from transport.db import transaction
from transport.errors import NotFound, TransportError

router = APIRouter(prefix="/web/crew", include_in_schema=False, dependencies=CSRF)

DONE = {"start": "Run started.", "finish": "Run finished. Thank you.", "tap": "Done.", "position": "Position sent."}


@router.get("")
def run_sheet(request: Request, db: DB, who: Crew, reads: RecordsAfter, date: str | None = None):
    settings = request.app.state.settings
    on = today(request)
    day = day_from(date, on)
    sheets = crews_runs(db, settings, who, day, on, reads)
    going = {}
    if day == on and sheets:  # the day's runs as they go: only today's are driven from here
        going = {
            r.run.id: r
            for r in live.live_runs(db, settings, [s.run for s in sheets], now_here(request), travel_for(db, settings))
        }
    return render(request, "crew.html", who=who, day=day, sheets=sheets, going=going, driving=day == on)


@router.post("/runs/{run_id}/{act}")
def report(
    request: Request,
    run_id: PathId,
    act: str,
    who: Crew,
    date: str = Form(""),
    at: str = Form(""),
    child_id: int = Form(0),
    outcome: str = Form(""),
    lat: float = Form(0.0),
    lon: float = Form(0.0),
):
    """A start, tap, position or finish, from the page's form or from run.js (which asks for JSON
    and sends the phone's time of each, queued while there is no signal)."""
    if act not in DONE:
        raise PageError(404, "There is no such thing to do on a run.")
    settings = request.app.state.settings
    wants_json = "application/json" in request.headers.get("accept", "")
    day = day_from(date, today(request))
    try:
        told = _act(request, who, run_id, act, day, _when(at, settings), child_id, outcome, lat, lon)
    except NotFound:
        raise PageError(404, "That run is not one of yours today.")
    except TransportError as error:
        if wants_json:
            return JSONResponse({"detail": str(error)}, status_code=422)
        flash(request, f"That was not sent: {error}.")
        return RedirectResponse(f"/web/crew?date={day}", status_code=303)
    if wants_json:
        return JSONResponse({"status": told.live.status, "told": told.told})
    flash(request, DONE[act])
    return RedirectResponse(f"/web/crew?date={day}", status_code=303)


def _act(
    request: Request,
    who: Caller,
    run_id: int,
    act: str,
    day: dt.date,
    at: dt.datetime | None,
    child_id: int,
    outcome: str,
    lat: float,
    lon: float,
) -> heard.Acted:
    settings = request.app.state.settings
    clock = now_here(request)
    when = at or clock
    with transaction(request.app.state.factory) as db:  # committed before the page is answered
        if act == "start":
            return heard.started(db, settings, who, run_id, day, when, clock)
        if act == "finish":
            return heard.finished(db, settings, who, run_id, day, when, clock)
        if act == "tap":
            return heard.tapped(db, settings, who, run_id, day, [(child_id, outcome, when)], clock)
        return heard.moved(db, settings, who, run_id, day, [(lat, lon, when)], clock)


def _when(text: str, settings) -> dt.datetime | None:
    """The phone's time of what it reports (ISO 8601, as a browser writes it), as the council's clock."""
    if not text:
        return None
    try:
        return live.wall_clock(dt.datetime.fromisoformat(text), settings)
    except ValueError:
        raise PageError(422, f"“{text[:30]}” is not a time.")
