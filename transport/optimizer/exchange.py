"""Each run on the vehicle that does it cheapest: the search moves children between runs, each run
keeping the vehicle it was built on, so a run can end up on a vehicle whose depot is far from its
children while a nearer or cheaper one in the same problem does another run or none (the depot's
legs are near half a council's miles). After the search, the runs (their stops, times and PAs
as they are) are given to the vehicles by a least-cost assignment; a vehicle on several trips
in the session keeps them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from ortools.graph.python import linear_sum_assignment

from transport.optimizer.continuity import Stay
from transport.optimizer.crews import Option
from transport.optimizer.problem import Journey, Problem
from transport.optimizer.runs import build_run
from transport.optimizer.solution import PICKUP, Run

PENNIES = 100
"""The assignment works in whole pennies."""


def exchange(problem: Problem, options: Sequence[Option], runs: list[Run], stay: Stay | None = None) -> list[Run]:
    """The runs, each on the vehicle (and layout) that costs least for it, no vehicle on two; a
    run's PA, stops and times stay. The price of a run on a vehicle is what the objective counts
    for it there: the money, the vehicle's time on the road and, under `stay`, each child moved
    off their vehicle."""
    trips = Counter(r.vehicle for r in runs)
    movable = [r for r in runs if trips[r.vehicle] == 1]
    if not movable:
        return runs
    free = {v.id for v in problem.vehicles if trips[v.id] <= 1}
    journeys = {j.id: j for j in problem.journeys}
    by_assistant: dict[str | None, list[Option]] = defaultdict(list)
    for o in options:
        if o.vehicle.id in free:
            by_assistant[o.assistant.id if o.assistant else None].append(o)
    columns = sorted(free)
    column = {v: k for k, v in enumerate(columns)}
    best: dict[tuple[int, int], Run] = {}
    for i, run in enumerate(movable):
        peak = peak_load(run, journeys)
        for o in by_assistant[run.assistant]:
            if not o.holds(peak):
                continue
            moved = run if o.vehicle.id == run.vehicle and o.layout.name == run.layout else run_on(problem, o, run)
            if moved is None:
                continue
            key = (i, column[o.vehicle.id])
            if key not in best or _price(problem, moved, stay) < _price(problem, best[key], stay):
                best[key] = moved
    mates = least_cost({key: _price(problem, moved, stay) for key, moved in best.items()}, len(movable), len(columns))
    if mates is None:
        return runs
    chosen = {i: best[(i, k)] for i, k in mates.items()}
    before = sum(_price(problem, r, stay) for r in movable)
    if sum(_price(problem, r, stay) for r in chosen.values()) >= before:
        return runs
    at = {id(r): i for i, r in enumerate(movable)}
    return [chosen[at[id(r)]] if id(r) in at else r for r in runs]


def least_cost(prices: dict[tuple[int, int], float], rows: int, columns: int) -> dict[int, int] | None:
    """Each row (a run) to a column (a vehicle) of its own at the least total price, or None;
    `prices` holds the pairs allowed. Columns left over go to no row."""
    assignment = linear_sum_assignment.SimpleLinearSumAssignment()
    for (i, k), price in prices.items():
        assignment.add_arc_with_cost(i, k, round(price * PENNIES))
    for i in range(rows, max(rows, columns)):  # the vehicles left over do nothing, at no cost
        for k in range(columns):
            assignment.add_arc_with_cost(i, k, 0)
    if assignment.solve() != assignment.OPTIMAL:
        return None
    return {i: assignment.right_mate(i) for i in range(rows)}


def peak_load(run: Run, journeys: dict[str, Journey]) -> dict[str, int]:
    """The most of each kind of room (seats, wheelchair spaces) the run's children take at once."""
    load: Counter[str] = Counter()
    peak: dict[str, int] = {}
    for s in run.stops:
        sign = 1 if s.kind == PICKUP else -1
        for k, n in journeys[s.journey].load.items():
            load[k] += sign * n
            peak[k] = max(peak.get(k, 0), load[k])
    return peak


def run_on(problem: Problem, option: Option, run: Run) -> Run | None:
    """The run's stops at their times on another vehicle (and layout), leaving its depot just in
    time for the first; None where the vehicle's hours do not allow it."""
    first = run.stops[0]
    leave = first.start - problem.durations[option.vehicle.start][first.place]
    moved = build_run(problem, option, leave, [(s.journey, s.kind, s.place, s.start, s.departure - s.start) for s in run.stops])
    v = option.vehicle
    if moved.leave_depot < v.available.earliest or moved.return_depot > v.available.latest:
        return None
    if v.max_duration is not None and moved.return_depot - moved.leave_depot > v.max_duration:
        return None
    if any(abs(a.start - b.start) > 1e-6 for a, b in zip(moved.stops, run.stops)):
        return None  # a stop would start later than planned: not this vehicle
    return moved


def _price(problem: Problem, run: Run, stay: Stay | None) -> float:
    money = run.cost + problem.cost_per_hour * (run.return_depot - run.leave_depot) / 3600
    if stay is None or stay.cost <= 0:
        return money
    crew = (run.vehicle, run.assistant)
    moved = sum(1 for s in run.stops if s.kind == PICKUP and stay.crews.get(s.journey, crew) != crew)
    return money + stay.cost * moved
