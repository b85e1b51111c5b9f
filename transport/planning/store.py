"""A planned week stored as the plan's runs, stops and children not placed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from transport import models as m
from transport.planning.demand import PlaceBook
from transport.planning.plan import PlanningError, SessionPlan, SolvedPart
from transport.planning.procure import details, pa_needed
from transport.planning.spot import rate_of

METRES_PER_MILE = 1609.344


def clock(t: float) -> dt.time:
    """Seconds after midnight as a time of day."""
    t = int(round(t))
    return dt.time(t // 3600 % 24, t % 3600 // 60, t % 60)


def store(db: Session, plan: m.Plan, session_plans: list[SessionPlan], places: PlaceBook) -> None:
    child_id = dict(db.execute(select(m.Child.ref, m.Child.id)).all())
    vehicle_id = dict(db.execute(select(m.FleetVehicle.ref, m.FleetVehicle.id)).all())
    driver_id = dict(db.execute(select(m.Driver.ref, m.Driver.id)).all())
    assistant_id = dict(db.execute(select(m.PassengerAssistant.ref, m.PassengerAssistant.id)).all())
    for sp in session_plans:
        for part in sp.parts:
            for r in part.solution.runs:
                run = m.PlanRun(
                    weekday=sp.weekday,
                    session=sp.session,
                    vehicle_id=vehicle_id[r.vehicle],
                    layout=r.layout,
                    driver_id=driver_id.get(r.driver) if r.driver else None,
                    assistant_id=assistant_id.get(r.assistant) if r.assistant else None,
                    leave_depot=clock(r.leave_depot),
                    return_depot=clock(r.return_depot),
                    miles=round(r.distance / METRES_PER_MILE, 2),
                    cost=round(r.cost, 2),
                )
                for seq, s in enumerate(r.stops, start=1):
                    place = part.places[s.place]
                    point = places.points[place]
                    run.stops.append(
                        m.PlanStop(
                            seq=seq,
                            kind=s.kind,
                            child_id=child_id[s.journey],
                            place=places.labels[place],
                            lat=point.lat,
                            lon=point.lon,
                            arrival=clock(s.arrival),
                            planned=clock(s.start),
                        )
                    )
                plan.runs.append(run)
        for u in sp.unplaced:
            plan.unplaced.append(
                m.PlanUnplaced(
                    child_id=child_id[u.journey],
                    weekday=sp.weekday,
                    session=sp.session,
                    reasons=[r.text for r in u.reasons],
                    details=details(u.reasons),
                )
            )
        if sp.spot is not None:
            _store_spot(db, plan, sp, sp.spot, places)


def _store_spot(db: Session, plan: m.Plan, sp: SessionPlan, part: SolvedPart, places: PlaceBook) -> None:
    rate_id = dict(db.execute(select(m.SpotHireRate.ref, m.SpotHireRate.id)).all())
    for r in part.solution.runs:
        rate = rate_of(r.vehicle)
        if rate is None:
            raise PlanningError(f"{r.vehicle} is on the spot-hire runs but is not a hired vehicle")
        plan.spot_hires.append(
            m.SpotHire(
                rate_id=rate_id[rate],
                weekday=sp.weekday,
                session=sp.session,
                pa_skills=pa_needed(sp, r),
                leave_base=clock(r.leave_depot),
                return_base=clock(r.return_depot),
                miles=round(r.distance / METRES_PER_MILE, 2),
                cost=round(r.cost, 2),
                stops=[
                    {
                        "child": s.journey,
                        "kind": s.kind,
                        "planned": f"{clock(s.start):%H:%M}",
                        "place": places.labels[part.places[s.place]],
                    }
                    for s in r.stops
                ],
                reasons={jid: details(sp.spot_reasons.get(jid, ())) for jid in r.journeys},
            )
        )
