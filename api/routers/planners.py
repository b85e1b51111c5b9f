"""Planners: the council's records, imports, planning jobs, publishing, runs and changes."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from api import schemas as s
from api.deps import DB, WRITES, Config, PathId, Planner
from api.problems import PROBLEM_RESPONSES
from api.views import plan_out, preview_out, run_out
from transport import models as m
from transport.clock import now
from transport.day import changes
from transport.day.today import runs_on
from transport.db import transaction
from transport.errors import Invalid, NotFound
from transport.imports import import_folder
from transport.planning.lifecycle import preview, publish, request_plan

router = APIRouter(tags=["planners"], responses=PROBLEM_RESPONSES)
Offset = Annotated[int, Query(ge=0, le=10**9)]
Limit = Annotated[int, Query(ge=1, le=500)]


def _page(db, model, offset: int, limit: int, convert, *options):
    total = db.scalar(select(func.count()).select_from(model))
    rows = db.scalars(select(model).options(*options).order_by(model.id).offset(offset).limit(limit)).all()
    return {"items": [convert(r) for r in rows], "total": total, "offset": offset, "limit": limit}


@router.get("/schools", response_model=s.Page[s.SchoolOut])
def schools(db: DB, _: Planner, offset: Offset = 0, limit: Limit = 50):
    return _page(db, m.School, offset, limit, s.SchoolOut.model_validate)


@router.get("/children", response_model=s.Page[s.ChildOut])
def children(db: DB, _: Planner, offset: Offset = 0, limit: Limit = 50):
    return _page(db, m.Child, offset, limit, s.ChildOut.model_validate)


@router.get("/guardians", response_model=s.Page[s.GuardianOut])
def guardians(db: DB, _: Planner, offset: Offset = 0, limit: Limit = 50):
    def out(g: m.Guardian) -> s.GuardianOut:
        return s.GuardianOut(
            **{k: getattr(g, k) for k in s.GuardianOut.model_fields if k != "child_ids"}, child_ids=[c.id for c in g.children]
        )

    return _page(db, m.Guardian, offset, limit, out, selectinload(m.Guardian.children))


@router.get("/vehicles", response_model=s.Page[s.VehicleOut])
def vehicles(db: DB, _: Planner, offset: Offset = 0, limit: Limit = 50):
    def out(v: m.FleetVehicle) -> s.VehicleOut:
        return s.VehicleOut(
            id=v.id,
            ref=v.ref,
            registration=v.registration,
            kind=v.kind,
            operator=v.operator.name,
            layouts=[layout.name for layout in v.layouts],
            days=v.days,
        )

    return _page(
        db, m.FleetVehicle, offset, limit, out, selectinload(m.FleetVehicle.layouts), selectinload(m.FleetVehicle.operator)
    )


@router.post("/imports", response_model=s.ImportOut, status_code=201)
def imports(
    request: Request, _: Planner, settings: Config, files: list[UploadFile] = File(description="The council's CSV or XLSX files")
):
    """Import the council's files, checked exactly as `transport import` checks them: if any row
    is bad, nothing is imported and every problem is listed."""
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            name = Path(f.filename or "").name
            if not name:
                raise Invalid("every file needs its name (schools.csv, children.xlsx, ...)")
            (Path(tmp) / name).write_bytes(f.file.read())
        report = import_folder(request.app.state.factory, Path(tmp), settings)
    return s.ImportOut(
        files=report.files,
        counts={k: vars(c) for k, c in report.counts.items()},
        report=str(report),
    )


@router.post("/plans", response_model=s.PlanOut, status_code=202)
def start_plan(request: Request, body: s.PlanRequest, who: Planner):
    """Start planning the week in the background; answers at once with the plan's id."""
    # Its own transaction, committed before the job starts: the job must find its row.
    with transaction(request.app.state.factory) as db:
        plan = request_plan(db, body.starts_on, body.seconds, body.previous, body.fresh, who.name)
        answer = plan_out(plan)
    request.app.state.runner.submit(plan.id)
    return answer


@router.get("/plans/{plan_id}", response_model=s.PlanOut)
def get_plan(plan_id: PathId, db: DB, _: Planner):
    plan = db.get(m.Plan, plan_id, options=[selectinload(m.Plan.unplaced).selectinload(m.PlanUnplaced.child)])
    if plan is None:
        raise NotFound(f"there is no plan {plan_id}")
    return plan_out(plan)


@router.get("/plans/{plan_id}/publish-preview", response_model=s.PublishPreviewOut)
def publish_preview(plan_id: PathId, db: DB, settings: Config, _: Planner):
    """Who publishing this draft would text, counted from the texts it would queue."""
    return preview_out(plan_id, preview(db, plan_id, settings, now(settings).date()))


@router.post("/plans/{plan_id}/publish", response_model=s.PlanOut, dependencies=WRITES)
def publish_plan(plan_id: PathId, db: DB, settings: Config, _: Planner):
    return plan_out(publish(db, plan_id, settings, now(settings).date()))


@router.get("/runs", response_model=list[s.RunOut])
def runs(db: DB, _: Planner, date: dt.date):
    """Every run on a date as it will go: the published plan, less absences, with changes."""
    return [run_out(r) for r in runs_on(db, date)]


def _run(db, run_id: int) -> m.PlanRun:
    run = db.get(m.PlanRun, run_id)
    if run is None:
        raise NotFound(f"there is no run {run_id}")
    return run


@router.post("/runs/{run_id}/moves", response_model=s.ChangeOut, status_code=201, dependencies=WRITES)
def move_child(run_id: PathId, body: s.MoveIn, db: DB, who: Planner):
    """Move a child from this run to another of the same weekday and session, from a date."""
    run, to_run = _run(db, run_id), _run(db, body.to_run_id)
    child = db.get(m.Child, body.child_id)
    if child is None:
        raise NotFound(f"there is no child {body.child_id}")
    return changes.move_child(
        db, run, child, to_run, body.starts_on, who.name, body.ends_on, body.pickup, body.dropoff, body.reason
    )


@router.post("/runs/{run_id}/crew", response_model=s.ChangeOut, status_code=201, dependencies=WRITES)
def change_crew(run_id: PathId, body: s.CrewIn, db: DB, who: Planner):
    """Give a run another driver or PA, from a date."""
    run = _run(db, run_id)
    driver = db.get(m.Driver, body.driver_id) if body.driver_id is not None else None
    assistant = db.get(m.PassengerAssistant, body.pa_id) if body.pa_id is not None else None
    if body.driver_id is not None and driver is None:
        raise NotFound(f"there is no driver {body.driver_id}")
    if body.pa_id is not None and assistant is None:
        raise NotFound(f"there is no PA {body.pa_id}")
    return changes.change_crew(db, run, body.starts_on, who.name, driver, assistant, body.ends_on, body.reason)
