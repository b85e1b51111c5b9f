"""The planner's board for a day (today by default): every run as it goes, the late first, then
those not started that should have been, with when each crew was last heard from; and a map of
where the vehicles under way are."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.guard.headers import inline_page_policy
from api.pages.board_map import board_map
from api.pages.web import CSRF, DB, MAP_ASSETS, Planner, day_from, now_here, render, today
from transport.day import live
from transport.day.legs import travel_for

router = APIRouter(prefix="/web/planner/today", include_in_schema=False, dependencies=CSRF)


def _board(request: Request, db, date: str | None):
    settings = request.app.state.settings
    day = day_from(date, today(request))
    at = now_here(request)
    return day, at, live.board(db, settings, day, at, travel_for(db, settings))


@router.get("")
def board(request: Request, db: DB, _: Planner, date: str | None = None):
    day, at, runs = _board(request, db, date)
    overdue = {r.run.id for r in runs if live.overdue(request.app.state.settings, r, at)}
    return render(request, "board.html", day=day, at=at, runs=runs, overdue=overdue)


@router.get("/map")
def board_page_map(request: Request, db: DB, _: Planner, date: str | None = None):
    """The vehicles under way on a folium (Leaflet) map, a page of its own shown in the board's page."""
    _, _, runs = _board(request, db, date)
    html = board_map(runs, assets=MAP_ASSETS).get_root().render()
    return HTMLResponse(html, headers=inline_page_policy(html))
