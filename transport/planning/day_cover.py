"""One day's children whose vehicle or crew cannot work, planned onto what is spare that day: the
council's free vehicles and PAs (with the training), then spot hire; nobody else's journey moves.

The same steps as a week's plan (planning/week.py), on a problem of these children only: the
spare fleet near each child (partition.leftover_parts), solved and checked, then hires at the
council's rates for whoever is left (spot.cover_sessions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from transport import models as m
from transport.optimizer import Reason, Unplaced
from transport.planning.assemble import Assembler
from transport.planning.checked import solve_checked
from transport.planning.demand import DemandBuilder, PlaceBook
from transport.planning.partition import leftover_parts
from transport.planning.plan import SessionPlan, SolvedPart
from transport.planning.spot import cover_sessions, spot_rates
from transport.settings import Settings
from transport.travel import TravelTimeProvider, provider_from_settings


@dataclass(frozen=True)
class Spare:
    """What is free in a session of the day: vehicles (with a driver who can work) and PAs."""

    vehicles: list[m.FleetVehicle]
    assistants: list[m.PassengerAssistant]


def cover_children(
    settings: Settings,
    date: dt.date,
    weekday: str,
    wanted: dict[str, list[m.Child]],
    spare: dict[str, Spare],
    rates: list[m.SpotHireRate],
    seconds: float,
    travel: TravelTimeProvider | None = None,
) -> tuple[list[SessionPlan], PlaceBook]:
    """Each session's `wanted` children on the session's `spare` vehicles and PAs, then on spot
    hires; the session plans (stored as any plan's are: planning/store.py) and their places."""
    children = sorted({c.id: c for kids in wanted.values() for c in kids}.values(), key=lambda c: c.ref)
    builder = DemandBuilder(children, [], [], settings, date)
    session_plans: list[SessionPlan] = []
    hire_rates = spot_rates(rates, builder.places)
    demands = []
    for session in ("AM", "PM"):
        kids = wanted.get(session, [])
        if not kids:
            continue
        free = spare.get(session, Spare([], []))
        builder.children, builder.vehicle_records, builder.assistant_records = kids, free.vehicles, free.assistants
        demands.append(builder.session(weekday, session))
    if travel is None:
        travel = provider_from_settings(settings, places=builder.places.points)
    assembler = Assembler(builder.places, travel, 0.0, settings)
    parts: list[list[SolvedPart]] = []
    left = []
    for demand in demands:
        solved = []
        for k, part in enumerate(
            leftover_parts(demand.journeys, demand.vehicles, demand.assistants, demand.session, builder.places)
        ):
            if not part.vehicles:
                continue  # nothing spare near enough: theirs are hires, or nothing
            problem, places = assembler.part(demand, part, k)
            solved.append(SolvedPart(problem, places, solve_checked(problem, seconds)))
        placed = {s.journey for p in solved for r in p.solution.runs for s in r.stops}
        unplaced = [u for p in solved for u in p.solution.unplaced]
        unplaced += [_unplaced(j.id) for j in demand.journeys if j.id not in placed and j.id not in {u.journey for u in unplaced}]
        parts.append(solved)
        left.append(unplaced)
    covers = cover_sessions(demands, left, hire_rates, assembler, seconds, 1)
    for demand, solved, cover in zip(demands, parts, covers):
        session_plans.append(SessionPlan(weekday, demand.session, solved, cover.unplaced, cover.part, cover.fleet_reasons))
    return session_plans, builder.places


NO_SPARE = "no_spare"


def _unplaced(journey: str) -> Unplaced:
    return Unplaced(journey, (Reason(NO_SPARE, "no spare vehicle of the council's could take them today", {}),))
