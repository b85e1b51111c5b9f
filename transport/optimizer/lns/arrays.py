"""A problem as the plain arrays the compiled search works on.

Nodes: request r (a journey) is picked up at node r and set down at node m + r; vehicle v (a
crew option) leaves node 2m + 2v and returns to node 2m + 2v + 1. For each node: its window
(e, l), service time s, load q in every capacity dimension (negative at a drop-off); for each
request its ride limit; for each vehicle its capacity per dimension, cost per metre, fixed cost,
longest run, and a type (vehicles alike in every respect share one, so that the search tries
only one of several empty ones). T and D are the drive times and distances between nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from transport.optimizer.crews import Option
from transport.optimizer.problem import Journey, Problem


@dataclass
class Arrays:
    inst: tuple[npt.NDArray[Any], ...]
    journeys: list[Journey]
    options: list[Option]

    @property
    def m(self) -> int:
        return len(self.journeys)

    def node(self, journey_index: int, pickup: bool) -> int:
        return journey_index if pickup else self.m + journey_index


def build(problem: Problem, options: list[Option], journeys: list[Journey]) -> Arrays:
    m, V = len(journeys), len(options)
    keys = sorted({k for j in journeys for k in j.load} | {k for o in options for k in o.layout.capacity})
    places = [j.pickup for j in journeys] + [j.dropoff for j in journeys]
    for o in options:
        places += [o.vehicle.start, o.vehicle.end]
    idx = np.array(places, dtype=np.int64)
    T = np.asarray(problem.durations, dtype=np.float64)[np.ix_(idx, idx)].copy()
    D = np.asarray(problem.distances, dtype=np.float64)[np.ix_(idx, idx)].copy()
    N = len(places)
    e, l, s = np.zeros(N), np.zeros(N), np.zeros(N)
    q = np.zeros((N, len(keys)), dtype=np.int64)
    ride = np.zeros(m)
    for r, j in enumerate(journeys):
        e[r], l[r], s[r] = j.pickup_window.earliest, j.pickup_window.latest, j.pickup_service
        e[m + r], l[m + r], s[m + r] = j.dropoff_window.earliest, j.dropoff_window.latest, j.dropoff_service
        for c, k in enumerate(keys):
            q[r, c] = j.load.get(k, 0)
            q[m + r, c] = -j.load.get(k, 0)
        ride[r] = j.max_ride
    cap = np.zeros((V, len(keys)), dtype=np.int64)
    rate, fixed, maxdur = np.zeros(V), np.zeros(V), np.zeros(V)
    vtype = np.zeros(V, dtype=np.int64)
    types: dict[tuple[object, ...], int] = {}
    for v, o in enumerate(options):
        a = o.vehicle.available
        for node in (2 * m + 2 * v, 2 * m + 2 * v + 1):
            e[node], l[node] = a.earliest, a.latest
        for c, k in enumerate(keys):
            cap[v, c] = max(o.capacity(k), 0)
        rate[v] = o.vehicle.cost_per_metre
        fixed[v] = o.fixed_cost
        maxdur[v] = o.vehicle.max_duration if o.vehicle.max_duration is not None else 1e18
        key = (tuple(cap[v]), rate[v], fixed[v], maxdur[v], o.vehicle.start, o.vehicle.end, a.earliest, a.latest)
        vtype[v] = types.setdefault(key, len(types))
    return Arrays((T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype), list(journeys), list(options))
