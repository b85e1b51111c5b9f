"""Vehicles exchanged across a session's parts. Each part was given the vehicles nearest its
children when the fleet was shared out, and each of its runs was built on one of them; once the
whole session is solved, a run can be cheaper on a vehicle another part was given and left
free, or used further from its depot (the legs to and from the depots are near half a
council's miles). So the session's runs, their stops, times and PAs as they are, are given to
the session's vehicles by a least-cost assignment, and every part changed is validated again."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace

from transport.optimizer import Problem, Run, Vehicle, validate
from transport.optimizer.crews import Option
from transport.optimizer.exchange import least_cost, peak_load, run_on
from transport.optimizer.solution import PICKUP
from transport.planning.assemble import Assembler
from transport.planning.demand import SessionDemand
from transport.planning.plan import SolvedPart

NEAREST = 12
"""The free vehicles offered to each run: the nearest to its first stop (by straight line), and its own."""


@dataclass(frozen=True)
class _Offer:
    option: Option
    """The vehicle, the layout it takes, the run's PA."""
    price: float


def exchange_session(
    demand: SessionDemand,
    parts: list[SolvedPart],
    assembler: Assembler,
    keep: Mapping[str, str] | None = None,
    keep_cost: float = 0.0,
) -> list[SolvedPart]:
    """The session's parts with each run on the vehicle that does it cheapest, no vehicle on two
    runs; `keep`: the vehicle each child should stay on (the first day's), at `keep_cost` for
    each child moved off it (and a re-plan's previous vehicles at the assembler's change cost).
    The parts as they were if nothing is saved or any part would break a rule."""
    runs = [(p, k, r) for p, part in enumerate(parts) for k, r in enumerate(part.solution.runs)]
    trips = Counter(r.vehicle for _, _, r in runs)
    fleet = {v.id: v for v in demand.vehicles}
    # A vehicle on several trips, or with a PA of its own, keeps what it has.
    free = [v for v in demand.vehicles if trips[v.id] <= 1 and v.assistant is None]
    movable = [
        (p, k, r) for p, k, r in runs if r.vehicle in fleet and trips[r.vehicle] == 1 and fleet[r.vehicle].assistant is None
    ]
    if not movable or len(free) < 2:
        return parts
    column = {v.id: c for c, v in enumerate(free)}
    peak = assembler.settings.peak_factor(demand.session)
    offers: dict[tuple[int, int], _Offer] = {}
    for i, (p, _, run) in enumerate(movable):
        for offer in _offers(parts[p], run, _nearest(parts[p], run, free, assembler), assembler, peak, keep, keep_cost):
            offers[(i, column[offer.option.vehicle.id])] = offer
    mates = least_cost({key: o.price for key, o in offers.items()}, len(movable), len(free))
    if mates is None:
        return parts
    chosen = {i: offers[(i, c)] for i, c in mates.items()}
    now = [offers.get((i, column[r.vehicle])) for i, (_, _, r) in enumerate(movable)]
    if any(o is None for o in now) or sum(o.price for o in chosen.values()) >= sum(o.price for o in now if o):
        return parts
    moves: dict[int, list[tuple[int, Option]]] = defaultdict(list)
    for i, (p, k, run) in enumerate(movable):
        if chosen[i].option.vehicle.id != run.vehicle:
            moves[p].append((k, chosen[i].option))
    changed = list(parts)
    for p, those in moves.items():
        part = _moved(parts[p], those, assembler, peak)
        if part is None or validate(part.problem, part.solution):
            return parts
        changed[p] = part
    return changed


def _nearest(part: SolvedPart, run: Run, free: list[Vehicle], assembler: Assembler) -> list[Vehicle]:
    here = assembler.places.points[part.places[run.stops[0].place]]

    def far(v: Vehicle) -> float:
        depot = assembler.places.points[v.start]
        return math.hypot(depot.lat - here.lat, (depot.lon - here.lon) * math.cos(math.radians(here.lat)))

    near = sorted(free, key=far)[:NEAREST]
    return near + [v for v in free if v.id == run.vehicle and v not in near]


def _offers(
    part: SolvedPart,
    run: Run,
    vehicles: list[Vehicle],
    assembler: Assembler,
    peak: float,
    keep: Mapping[str, str] | None,
    keep_cost: float,
) -> list[_Offer]:
    """The run on each of these vehicles that can do it: a layout holding its most at once, and
    hours that let it leave its depot in time for the first stop and be back in time; priced as
    the objective counts it (the money, the vehicle's hours, each child moved off their vehicle)."""
    problem = part.problem
    journeys = {j.id: j for j in problem.journeys}
    most = peak_load(run, journeys)
    pa = next((a for a in problem.assistants if a.id == run.assistant), None)
    first, last = run.stops[0], run.stops[-1]
    own = next(v for v in problem.vehicles if v.id == run.vehicle)
    inner = run.distance - problem.distances[own.start][first.place] - problem.distances[last.place][own.end]
    ends = [assembler.places.points[part.places[first.place]], assembler.places.points[part.places[last.place]]]
    matrix = assembler.travel.matrix(ends + [assembler.places.points[v.start] for v in vehicles])
    children = [journeys[s.journey] for s in run.stops if s.kind == PICKUP]
    out = []
    for n, v in enumerate(vehicles, start=2):
        option = next((o for o in (Option(v, lay, pa) for lay in v.layouts) if o.holds(most)), None)
        if option is None:
            continue
        if v.id == run.vehicle:
            leave, back, metres = run.leave_depot, run.return_depot, run.distance
        else:
            leave = first.start - matrix.durations[n][0] * peak
            back = last.departure + matrix.durations[1][n] * peak
            metres = inner + matrix.distances[n][0] + matrix.distances[1][n]
        if leave < v.available.earliest or back > v.available.latest:
            continue
        if v.max_duration is not None and back - leave > v.max_duration:
            continue
        price = option.fixed_cost + v.cost_per_metre * metres + problem.cost_per_hour * (back - leave) / 3600
        price += problem.change_cost * sum(1 for j in children if j.previous_vehicle not in (None, v.id))
        price += keep_cost * sum(1 for j in children if keep and keep.get(j.id, v.id) != v.id)
        out.append(_Offer(option, price))
    return out


def _moved(part: SolvedPart, moves: list[tuple[int, Option]], assembler: Assembler, peak: float) -> SolvedPart | None:
    """The part with each (k-th run, option) moved: the vehicles, and their depots as places of
    the part's own, added to its problem; None if a vehicle cannot keep a run's times after all."""
    vehicles = {o.vehicle.id: o.vehicle for _, o in moves}
    new = sorted({p for v in vehicles.values() for p in (v.start, v.end)} - set(part.places))
    problem, places = _with_places(part.problem, part.places, new, assembler, peak)
    at = {p: i for i, p in enumerate(places)}
    local = {key: replace(v, start=at[v.start], end=at[v.end]) for key, v in vehicles.items()}
    held = {v.id for v in problem.vehicles}
    problem = replace(problem, vehicles=(*problem.vehicles, *(v for key, v in local.items() if key not in held)))
    runs = list(part.solution.runs)
    for k, option in moves:
        moved = run_on(problem, replace(option, vehicle=local[option.vehicle.id]), runs[k])
        if moved is None:
            return None
        runs[k] = moved
    return SolvedPart(problem, places, replace(part.solution, runs=runs))


def _with_places(
    problem: Problem, places: list[int], new: list[int], assembler: Assembler, peak: float
) -> tuple[Problem, list[int]]:
    """The problem's matrices with these places (depots) added last, in one travel request."""
    if not new:
        return problem, list(places)
    matrix = assembler.travel.matrix([assembler.places.points[p] for p in [*places, *new]])
    n = len(places)
    seconds, metres = matrix.durations * peak, matrix.distances
    durations = [[*row, *seconds[i, n:].tolist()] for i, row in enumerate(problem.durations)] + seconds[n:].tolist()
    distances = [[*row, *metres[i, n:].tolist()] for i, row in enumerate(problem.distances)] + metres[n:].tolist()
    return replace(problem, durations=durations, distances=distances), [*places, *new]
