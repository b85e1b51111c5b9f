"""Vehicles exchanged across a session's parts. Each part was given the vehicles nearest its
children when the fleet was shared out, and each of its runs was built on one of them; once the
whole session is solved, a run can be cheaper on a vehicle another part was given and left
free, or used further from its depot (the legs to and from the depots are near half a
council's miles). So the session's runs, their stops, times and PAs as they are, are given to
the session's vehicles by a least-cost assignment, and every part changed is validated again."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from transport.optimizer import SEATS, Problem, Run, Vehicle, validate
from transport.optimizer.exchange import least_cost, peak_load
from transport.optimizer.problem import Layout
from transport.optimizer.solution import PICKUP
from transport.planning.assemble import Assembler
from transport.planning.demand import SessionDemand
from transport.planning.plan import SolvedPart

NEAREST = 12
"""The free vehicles offered to each run: the nearest to its first stop (by straight line), and its own."""


@dataclass(frozen=True)
class _Offer:
    run: tuple[int, int]
    """(part, run) in the session."""
    vehicle: Vehicle
    layout: Layout
    leave: float
    back: float
    metres: float
    """The run's distance from and back to this vehicle's depot."""
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
        for offer in _offers(parts[p], run, (p, i), _nearest(parts[p], run, free, assembler), assembler, peak, keep, keep_cost):
            offers[(i, column[offer.vehicle.id])] = offer
    mates = least_cost({key: o.price for key, o in offers.items()}, len(movable), len(free))
    if mates is None:
        return parts
    chosen = {i: offers[(i, c)] for i, c in mates.items()}
    now = {i: offers.get((i, column[r.vehicle])) for i, (_, _, r) in enumerate(movable)}
    if any(o is None for o in now.values()) or sum(o.price for o in chosen.values()) >= sum(
        o.price for o in now.values() if o is not None
    ):
        return parts
    changed = list(parts)
    for i, (p, k, run) in enumerate(movable):
        offer = chosen[i]
        if offer.vehicle.id != run.vehicle:
            changed[p] = _moved(changed[p], k, offer, assembler, peak)
    for p, part in enumerate(changed):
        if part is not parts[p] and validate(part.problem, part.solution):
            return parts
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
    key: tuple[int, int],
    vehicles: list[Vehicle],
    assembler: Assembler,
    peak: float,
    keep: Mapping[str, str] | None,
    keep_cost: float,
) -> list[_Offer]:
    """The run on each of these vehicles that can do it: a layout holding its most at once, and
    hours that let it leave its depot in time for the first stop and be back in time."""
    problem = part.problem
    journeys = {j.id: j for j in problem.journeys}
    most = peak_load(run, journeys)
    pa = next((a for a in problem.assistants if a.id == run.assistant), None)
    seat = 1 if run.assistant else 0
    first, last = run.stops[0], run.stops[-1]
    own = next(v for v in problem.vehicles if v.id == run.vehicle)
    inner = run.distance - problem.distances[own.start][first.place] - problem.distances[last.place][own.end]
    ends = [assembler.places.points[part.places[first.place]], assembler.places.points[part.places[last.place]]]
    matrix = assembler.travel.matrix(ends + [assembler.places.points[v.start] for v in vehicles])
    out = []
    for n, v in enumerate(vehicles, start=2):
        layout = next(
            (lay for lay in v.layouts if all(lay.capacity.get(k, 0) - (seat if k == SEATS else 0) >= c for k, c in most.items())),
            None,
        )
        if layout is None:
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
        money = v.fixed_cost + v.cost_per_metre * metres + (pa.cost_per_run if pa else 0.0)
        price = money + problem.cost_per_hour * (back - leave) / 3600
        children = [journeys[s.journey] for s in run.stops if s.kind == PICKUP]
        price += problem.change_cost * sum(1 for j in children if j.previous_vehicle not in (None, v.id))
        price += keep_cost * sum(1 for j in children if keep and keep.get(j.id, v.id) != v.id)
        out.append(_Offer(key, v, layout, leave, back, metres, price))
    return out


def _moved(part: SolvedPart, k: int, offer: _Offer, assembler: Assembler, peak: float) -> SolvedPart:
    """The part with its k-th run on the offered vehicle, the vehicle (and its depot, as a place
    of the part's own) added to the part's problem."""
    problem, places = part.problem, list(part.places)
    v = offer.vehicle
    if v.start not in places:
        problem = _with_place(problem, places, v.start, assembler, peak)
        places.append(v.start)
    local = replace(v, start=places.index(v.start), end=places.index(v.end) if v.end in places else places.index(v.start))
    if v.end != v.start and v.end not in places:
        problem = _with_place(problem, places, v.end, assembler, peak)
        places.append(v.end)
        local = replace(local, end=places.index(v.end))
    if all(x.id != v.id for x in problem.vehicles):
        problem = replace(problem, vehicles=(*problem.vehicles, local))
    run = part.solution.runs[k]
    d, metres = problem.durations, problem.distances
    first, last = run.stops[0], run.stops[-1]
    own = next(x for x in problem.vehicles if x.id == run.vehicle)
    distance = (
        run.distance
        - metres[own.start][first.place]
        - metres[last.place][own.end]
        + metres[local.start][first.place]
        + metres[last.place][local.end]
    )
    pa = next((a for a in problem.assistants if a.id == run.assistant), None)
    moved = replace(
        run,
        stops=(replace(first, arrival=first.start), *run.stops[1:]),  # it leaves its depot just in time
        vehicle=v.id,
        layout=offer.layout.name,
        driver=v.driver,
        leave_depot=first.start - d[local.start][first.place],
        return_depot=last.departure + d[last.place][local.end],
        distance=distance,
        cost=v.fixed_cost + v.cost_per_metre * distance + (pa.cost_per_run if pa else 0.0),
    )
    runs = list(part.solution.runs)
    runs[k] = moved
    return SolvedPart(problem, places, replace(part.solution, runs=runs))


def _with_place(problem: Problem, places: list[int], place: int, assembler: Assembler, peak: float) -> Problem:
    """The problem's matrices with one more place (a depot), last."""
    points = [assembler.places.points[p] for p in [*places, place]]
    matrix = assembler.travel.matrix(points)
    n = len(places)
    durations = [[*row, matrix.durations[i][n] * peak] for i, row in enumerate(problem.durations)]
    durations.append([matrix.durations[n][j] * peak for j in range(n)] + [0.0])
    distances = [[*row, matrix.distances[i][n]] for i, row in enumerate(problem.distances)]
    distances.append([matrix.distances[n][j] for j in range(n)] + [0.0])
    return replace(problem, durations=durations, distances=distances)
