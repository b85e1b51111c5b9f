"""A planner's pages: start planning and watch it, read the summary and who could not be placed
and why, see the routes on a map, see who a draft would change for, and publish it after a
confirmation that counts the people it will text."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from api.deps import PathId
from api.guard.headers import inline_page_policy
from api.pages.plan_changes import people_told, told_in_words
from api.pages.web import (
    CSRF,
    DB,
    MAP_ASSETS,
    PageError,
    Planner,
    day_from,
    flash,
    not_found,
    render,
    today,
)
from api.views import plan_out
from transport import models as m
from transport.clock import next_monday, next_school_day, weekday_of
from transport.day.without import without
from transport.db import transaction
from transport.planning import disruption
from transport.planning.exports import routes_map
from transport.planning.lifecycle import WORKING, preview, publish_telling, request_plan

router = APIRouter(prefix="/web/planner", include_in_schema=False, dependencies=CSRF)


def _plan(db, plan_id: int) -> m.Plan:
    plan = db.get(m.Plan, plan_id, options=[selectinload(m.Plan.unplaced).selectinload(m.PlanUnplaced.child)])
    if plan is None:
        raise not_found("plan")
    return plan


@dataclass(frozen=True)
class NotPlaced:
    """A child left out of the plan, once for each distinct reason, with the journeys it covers."""

    child: m.Child
    journeys: str
    reasons: tuple[str, ...]


def not_placed(plan: m.Plan) -> list[NotPlaced]:
    """The plan's unplaced journeys, a row per child and reason rather than per journey (a child
    left out all week is one row, not ten)."""
    grouped: dict[tuple[int, tuple[str, ...]], list[m.PlanUnplaced]] = {}
    for u in plan.unplaced:
        grouped.setdefault((u.child_id, tuple(u.reasons)), []).append(u)
    rows = [NotPlaced(us[0].child, _journeys(us), reasons) for (_, reasons), us in grouped.items()]
    return sorted(rows, key=lambda r: (r.child.last_name, r.child.first_name, r.journeys))


def _journeys(unplaced: list[m.PlanUnplaced]) -> str:
    """ "every morning; Mon, Thu afternoons", from the weekdays and sessions of some journeys."""
    parts = []
    for session, name in (("AM", "morning"), ("PM", "afternoon")):
        days = sorted({u.weekday for u in unplaced if u.session == session}, key=m.WEEKDAYS.index)
        if len(days) == len(m.WEEKDAYS):
            parts.append(f"every {name}")
        elif days:
            parts.append(", ".join(d.title() for d in days) + f" {name}" + ("s" if len(days) > 1 else ""))
    return "all week" if parts == ["every morning", "every afternoon"] else "; ".join(parts)


@router.get("")
def home(request: Request, db: DB, who: Planner):
    covers = (disruption.PROPOSED, disruption.CONFIRMED)  # a day's cover is on the disruption page
    plans = db.scalars(select(m.Plan).where(m.Plan.status.not_in(covers)).order_by(m.Plan.id.desc()).limit(20)).all()
    day = today(request)
    days = [d for d in (day, next_school_day(day)) if weekday_of(d)]
    office = request.app.state.settings.transport_office_phone
    missing = [(d, without(db, d, office_phone=office)) for d in days]
    return render(request, "planner_home.html", who=who, plans=plans, starts_on=next_monday(day), today=day, no_transport=missing)


@router.post("/plans")
def start_plan(request: Request, who: Planner, starts_on: str = Form(""), seconds: str = Form("")):
    monday = day_from(starts_on, None)
    if monday is None or monday.weekday() != 0:
        raise PageError(422, "A plan starts on a Monday: pick the Monday of the week to plan.")
    try:
        limit = float(seconds) if seconds.strip() else None
    except ValueError:
        limit = -1.0
    if limit is not None and not 0 < limit <= 600:
        raise PageError(422, "Seconds for each part must be a number above 0 and at most 600, or left empty.")
    with transaction(request.app.state.factory) as db:  # committed first: the job must find its row
        plan_id = request_plan(db, monday, limit, None, False, who.name).id
    request.app.state.runner.submit(plan_id)
    return RedirectResponse(f"/web/planner/plans/{plan_id}", status_code=303)


@router.get("/plans/{plan_id}")
def plan_page(request: Request, plan_id: PathId, db: DB, who: Planner):
    plan = _plan(db, plan_id)
    changes = _changes(request, db, plan) if plan.status == "draft" else None
    return render(
        request, "plan.html", who=who, plan=plan, working=plan.status in WORKING, changes=changes, not_placed=not_placed(plan)
    )


@router.get("/plans/{plan_id}/progress")
def progress(plan_id: PathId, db: DB, _: Planner):
    """What the plan page polls while planning runs."""
    plan = db.get(m.Plan, plan_id)
    if plan is None:
        raise not_found("plan")
    return JSONResponse(plan_out(plan).model_dump(mode="json", include={"status", "progress", "stage", "error"}))


@router.get("/plans/{plan_id}/map")
def plan_map(plan_id: PathId, db: DB, _: Planner):
    """The plan's runs on a folium (Leaflet) map, a page of its own shown in the plan's page."""
    plan = _plan(db, plan_id)
    if plan.status in WORKING:
        raise PageError(409, "The map is drawn once the plan is made.")
    html = routes_map(db, plan.id, assets=MAP_ASSETS).get_root().render()
    return HTMLResponse(html, headers=inline_page_policy(html))


def _changes(request: Request, db, plan: m.Plan):
    settings = request.app.state.settings
    return people_told(db, preview(db, plan.id, settings, today(request)), settings.retime_text_minutes)


@router.get("/plans/{plan_id}/publish")
def confirm_publish(request: Request, plan_id: PathId, db: DB, who: Planner):
    """Before publishing: exactly how many people of each kind will be texted."""
    plan = _plan(db, plan_id)
    if plan.status != "draft":
        raise PageError(409, f"Plan {plan_id} is {plan.status}; only a finished draft can be published.")
    settings = request.app.state.settings
    changes = _changes(request, db, plan)
    return render(request, "publish.html", who=who, plan=plan, changes=changes, retime_minutes=settings.retime_text_minutes)


@router.post("/plans/{plan_id}/publish")
def publish_plan(request: Request, plan_id: PathId, _: Planner):
    settings = request.app.state.settings
    with transaction(request.app.state.factory) as db:
        told = publish_telling(db, plan_id, settings, today(request))[1]
    flash(request, f"Plan {plan_id} is published. {told_in_words(told.people())}")
    return RedirectResponse(f"/web/planner/plans/{plan_id}", status_code=303)
