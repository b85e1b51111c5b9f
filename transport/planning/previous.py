"""The plan a re-plan keeps faith with: each child's vehicle and PA, session by session."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from transport import models as m
from transport.clock import seconds
from transport.errors import NotFound
from transport.optimizer import Run
from transport.optimizer.solution import Stop
from transport.planning.demand import SessionDemand
from transport.planning.spot import HIRE

Crews = dict[tuple[str, str, str], tuple[str, str | None]]
"""(weekday, session, child) to the (vehicle, PA) the child had."""


def latest_published(db: Session) -> int | None:
    return db.scalar(
        select(m.Plan.id).where(m.Plan.status == "published").order_by(m.Plan.published_at.desc(), m.Plan.id.desc()).limit(1)
    )


def crews_in(db: Session, plan_id: int) -> Crews:
    if db.get(m.Plan, plan_id) is None:
        raise NotFound(f"there is no plan {plan_id} to keep children's vehicles and crews from")
    rows = db.execute(
        select(m.PlanRun.weekday, m.PlanRun.session, m.Child.ref, m.FleetVehicle.ref, m.PassengerAssistant.ref)
        .join(m.PlanStop, m.PlanStop.run_id == m.PlanRun.id)
        .join(m.Child, m.Child.id == m.PlanStop.child_id)
        .join(m.FleetVehicle, m.FleetVehicle.id == m.PlanRun.vehicle_id)
        .outerjoin(m.PassengerAssistant, m.PassengerAssistant.id == m.PlanRun.assistant_id)
        .where(m.PlanRun.plan_id == plan_id, m.PlanStop.kind == "pickup")
    )
    return {(day, s, child): (vehicle, assistant) for day, s, child, vehicle, assistant in rows}


def with_previous(demand: SessionDemand, crews: Crews) -> SessionDemand:
    """The demand with each child's previous vehicle and PA on their journey."""
    journeys = []
    for j in demand.journeys:
        vehicle, assistant = crews.get((demand.weekday, demand.session, j.id), (None, None))
        journeys.append(replace(j, previous_vehicle=vehicle, previous_assistant=assistant))
    return replace(demand, journeys=journeys)


def runs_in(db: Session, plan_id: int) -> dict[tuple[str, str], list[Run]]:
    """The plan's runs by (weekday, session), as optimiser runs to start a re-plan from: crews, the
    order of stops and their times, which a re-plan keeps where they still hold (places are the
    part's own, so they are worked out again)."""
    runs: dict[tuple[str, str], list[Run]] = {}
    rows = db.scalars(select(m.PlanRun).where(m.PlanRun.plan_id == plan_id).order_by(m.PlanRun.id).options(*m.run_whole())).all()
    for r in rows:
        # PlanStop.kind is only ever written from an optimiser Stop's kind (planning/store.py).
        stops = tuple(
            Stop(
                s.child.ref,
                cast(Literal["pickup", "dropoff"], s.kind),
                0,
                seconds(s.arrival),
                seconds(s.planned),
                seconds(s.planned),
            )
            for s in sorted(r.stops, key=lambda s: s.seq)
        )
        runs.setdefault((r.weekday, r.session), []).append(
            Run(
                r.vehicle.ref,
                r.layout,
                r.driver.ref if r.driver else None,
                r.assistant.ref if r.assistant else None,
                stops,
                seconds(r.leave_depot),
                seconds(r.return_depot),
                0.0,
                0.0,
            )
        )
    for hire in db.scalars(select(m.SpotHire).where(m.SpotHire.plan_id == plan_id).order_by(m.SpotHire.id)).all():
        runs.setdefault((hire.weekday, hire.session), []).append(_hired(hire))
    return runs


def _hired(hire: m.SpotHire) -> Run:
    """A spot-hired run as a run on a vehicle no part has: the children on it had transport, so a
    re-plan takes one onto the fleet only where that is worth the changes it makes."""
    stops = []
    for s in hire.stops:
        t = seconds(dt.time.fromisoformat(s["planned"]))
        stops.append(Stop(s["child"], cast(Literal["pickup", "dropoff"], s["kind"]), 0, t, t, t))
    return Run(f"{HIRE}{hire.id}", "", None, None, tuple(stops), seconds(hire.leave_base), seconds(hire.return_base), 0.0, 0.0)
