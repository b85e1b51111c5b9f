"""Cordeau's (2006) dial-a-ride instances as optimiser Problems, to measure the solver.

A request is a child's journey: pickup, drop-off, time windows, a maximum ride, a load. Times in
the files are minutes and a leg takes as long as its Euclidean length; here they become seconds
(x60) so the solver's whole-second rounding is far finer than the instances' decimals. The cost
is the distance, so each vehicle costs 1 per unit of length and nothing fixed.

The vehicles' hours are the start depot's opening to the end depot's closing, as the file gives
them. The tight-fleet files of `../shared/benchmarks/darp-tight` close the end depot at 480 (the
longest run), where Cordeau and Laporte's own files list one depot, open from 0 to 1440: read
so, some requests there cannot be served by any vehicle even alone (`unservable` counts them).
`end_depot_as_start` reads the end depot's window as the start depot's, as they published it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from transport.optimizer.crews import crew_options
from transport.optimizer.explain import solo_reasons
from transport.optimizer.problem import SEATS, Journey, Layout, Problem, Vehicle, Window
from transport.optimizer.solution import Solution

MINUTE = 60.0


@dataclass(frozen=True)
class Node:
    x: float
    y: float
    service: float
    load: int
    earliest: float
    latest: float


def read_instance(path: Path, end_depot_as_start: bool = False) -> Problem:
    lines = [line.split() for line in Path(path).read_text().splitlines() if line.strip()]
    vehicles, requests, max_duration, capacity, max_ride = (float(v) for v in lines[0][:5])
    n = int(requests)
    nodes = [Node(float(x), float(y), float(s), int(q), float(early), float(late)) for _, x, y, s, q, early, late in lines[1:]]
    if len(nodes) != 2 * n + 2:
        raise ValueError(f"{path}: expected {2 * n + 2} nodes, found {len(nodes)}")
    distances = [[math.dist((a.x, a.y), (b.x, b.y)) for b in nodes] for a in nodes]
    durations = [[d * MINUTE for d in row] for row in distances]
    journeys = tuple(
        Journey(
            id=str(i),
            pickup=i,
            dropoff=n + i,
            pickup_window=Window(nodes[i].earliest * MINUTE, nodes[i].latest * MINUTE),
            dropoff_window=Window(nodes[n + i].earliest * MINUTE, nodes[n + i].latest * MINUTE),
            max_ride=max_ride * MINUTE,
            pickup_service=nodes[i].service * MINUTE,
            dropoff_service=nodes[n + i].service * MINUTE,
            load={SEATS: nodes[i].load},
        )
        for i in range(1, n + 1)
    )
    start, end = nodes[0], (nodes[0] if end_depot_as_start else nodes[-1])
    fleet = tuple(
        Vehicle(
            id=f"vehicle {k + 1}",
            start=0,
            end=2 * n + 1,
            layouts=(Layout(f"{int(capacity)}+0", {SEATS: int(capacity)}),),
            available=Window(start.earliest * MINUTE, end.latest * MINUTE),
            fixed_cost=0.0,
            cost_per_metre=1.0,
            max_duration=max_duration * MINUTE,
        )
        for k in range(int(vehicles))
    )
    # The cost is the distance alone: no tie-break on time, which the instances do not price.
    return Problem(journeys, fleet, (), durations, distances, name=Path(path).stem, cost_per_hour=0.0)


def unservable(problem: Problem) -> list[str]:
    """The requests no vehicle could serve even on a run of its own (windows, ride limit, hours)."""
    options = crew_options(problem)
    return [j.id for j in problem.journeys if solo_reasons(problem, j, options)]


def best_known(table: Path) -> dict[str, float]:
    """Instance name to best-known cost, from BEST_KNOWN.md's table (none if there is no table)."""
    known: dict[str, float] = {}
    if not Path(table).exists():
        return known
    for line in Path(table).read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        for name, value in zip(cells[::2], cells[1::2]):
            try:
                known[name] = float(value)
            except ValueError:
                pass
    return known


def solution_json(problem: Problem, solution: Solution) -> dict:
    """Routes as node numbers of the instance file (depots left out), the service start at each
    in minutes, and the total distance; then what the benchmark reports besides."""
    return {
        "routes": [[s.place for s in run.stops] for run in solution.runs],
        "starts": [[round(s.start / MINUTE, 4) for s in run.stops] for run in solution.runs],
        "cost": round(solution.distance, 4),
        "instance": problem.name,
        "served": len(problem.journeys) - len(solution.unplaced),
        "servable": len(problem.journeys) - len(unservable(problem)),
        "requests": len(problem.journeys),
        "seconds": round(solution.seconds, 2),
        "unplaced": [{"request": int(u.journey), "reasons": [r.text for r in u.reasons]} for u in solution.unplaced],
    }
