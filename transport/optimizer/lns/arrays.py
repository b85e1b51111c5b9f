"""A problem as the plain arrays the compiled search works on.

Nodes: request r (a journey) is picked up at node r and set down at node m + r; vehicle v (a
crew option) leaves node 2m + 2v and returns to node 2m + 2v + 1. For each node: its window
(e, l), service time s, load q in every capacity dimension (negative at a drop-off); for each
request its ride limit; for each vehicle its capacity per dimension, cost per metre, fixed cost,
longest run, and a type (vehicles alike in every respect share one, so that the search tries
only one of several empty ones). T and D are the drive times and distances between nodes.

The rules beyond dial-a-ride, as arrays too (inst[12:], named in RULES):
- `carries[r, v]`: option v may carry request r (room in its layout, a PA with the skills);
- `change[r, v]`: what putting r on option v costs in continuity (not their previous crew);
- `clash`: for each option, the options sharing its vehicle or its assistant (CSR: `clash_at`
  gives each option's slice), of which at most one may carry children;
- `avoid`: for each request, the requests it must not share a run with (CSR, both ways);
- `children[r]` and `ride_offset[r]`: how many children request r carries (siblings combined
  into one journey) and the constant that makes `children * ride` their summed time on board;
- `ride_rate`: pounds per second of a child's time on board (zero: money alone), the seconds
  from boarding past which it costs more, and how many times more (ride_price.long_weight);
- `siblings` and `tie_gap`: sibling groups not combined into one journey (siblings.py), packed in
  one array (each array in `inst` is one more argument to every compiled call, and they cost
  time): each request's group (-1: none), each group's requests, and for each stop the stops of
  its siblings at the same place (their pickups at a shared home, their set-downs at a shared
  school) with how far apart in time the two may start there, as the OR-Tools model holds them
  (lns/siblings.py reads it).
Travelling alone is one more capacity dimension, as in the OR-Tools model: a child who travels
alone loads ALONE, anyone else 1, and every vehicle holds ALONE.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from transport.optimizer.continuity import Stay
from transport.optimizer.crews import Option
from transport.optimizer.problem import Journey, Problem
from transport.optimizer.ride_price import long_weight
from transport.optimizer.validator import SIBLING_GAP

ALONE = 1_000
"""Load of a child who travels alone: nobody else fits beside them."""
CORE = 12
"""inst[:CORE] is the dial-a-ride instance; the rules follow (RULES)."""
RULES = (
    "carries",
    "change",
    "clash_at",
    "clash",
    "avoid_at",
    "avoid",
    "children",
    "ride_offset",
    "ride_rate",
    "siblings",
    "tie_gap",
)


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


def build(
    problem: Problem,
    options: list[Option],
    journeys: list[Journey],
    members: Mapping[str, Sequence[Journey]] | None = None,
    stay: Stay | None = None,
) -> Arrays:
    """`members`: for a journey standing for several siblings (siblings.combine), the children.
    `stay`: the crews children should stay with and the price of moving one (else the previous
    plan's, at the problem's change cost), as the OR-Tools model charges it."""
    m, V = len(journeys), len(options)
    alone = any(j.travel_alone for j in journeys)
    keys = sorted({k for j in journeys for k in j.load} | {k for o in options for k in o.layout.capacity})
    places = [j.pickup for j in journeys] + [j.dropoff for j in journeys]
    for o in options:
        places += [o.vehicle.start, o.vehicle.end]
    idx = np.array(places, dtype=np.int64)
    T = np.asarray(problem.durations, dtype=np.float64)[np.ix_(idx, idx)].copy()
    D = np.asarray(problem.distances, dtype=np.float64)[np.ix_(idx, idx)].copy()
    N = len(places)
    K = len(keys) + (1 if alone else 0)
    e, l, s = np.zeros(N), np.zeros(N), np.zeros(N)
    q = np.zeros((N, K), dtype=np.int64)
    ride = np.zeros(m)
    for r, j in enumerate(journeys):
        e[r], l[r], s[r] = j.pickup_window.earliest, j.pickup_window.latest, j.pickup_service
        e[m + r], l[m + r], s[m + r] = j.dropoff_window.earliest, j.dropoff_window.latest, j.dropoff_service
        for c, k in enumerate(keys):
            q[r, c] = j.load.get(k, 0)
            q[m + r, c] = -j.load.get(k, 0)
        if alone:
            q[r, K - 1] = ALONE if j.travel_alone else 1
            q[m + r, K - 1] = -q[r, K - 1]
        ride[r] = j.max_ride
    carries = np.array([[o.carries(j) for o in options] for j in journeys], dtype=np.bool_).reshape(m, V)
    change = _change(stay or Stay.previous(problem, journeys), options, journeys)
    cap = np.zeros((V, K), dtype=np.int64)
    rate, fixed, maxdur = np.zeros(V), np.zeros(V), np.zeros(V)
    vtype = np.zeros(V, dtype=np.int64)
    types: dict[tuple[object, ...], int] = {}
    for v, o in enumerate(options):
        a = o.vehicle.available
        for node in (2 * m + 2 * v, 2 * m + 2 * v + 1):
            e[node], l[node] = a.earliest, a.latest
        for c, k in enumerate(keys):
            cap[v, c] = max(o.capacity(k), 0)
        if alone:
            cap[v, K - 1] = ALONE
        rate[v] = o.vehicle.cost_per_metre
        fixed[v] = o.fixed_cost
        maxdur[v] = o.vehicle.max_duration if o.vehicle.max_duration is not None else 1e18
        key = (
            tuple(cap[v]),
            rate[v],
            fixed[v],
            maxdur[v],
            o.vehicle.start,
            o.vehicle.end,
            a.earliest,
            a.latest,
            carries[:, v].tobytes(),
            change[:, v].tobytes(),
        )
        vtype[v] = types.setdefault(key, len(types))
    clash_at, clash = _clashes(options)
    avoid_at, avoid = _avoids(journeys)
    children, offset = _children(journeys, members or {})
    ride_rate = np.array([problem.ride_cost_per_hour / 3600.0, problem.long_ride, long_weight(problem)])
    core = (T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype)
    rules = (carries, change, clash_at, clash, avoid_at, avoid, children, offset, ride_rate, *_siblings(journeys))
    return Arrays(core + rules, list(journeys), list(options))


def _change(stay: Stay, options: list[Option], journeys: list[Journey]) -> npt.NDArray[np.float64]:
    """What each child pays on each option for leaving the crew they should stay with."""
    change = np.zeros((len(journeys), len(options)))
    if stay.cost <= 0:
        return change
    for v, o in enumerate(options):
        crew = (o.vehicle.id, o.assistant.id if o.assistant else None)
        for r, j in enumerate(journeys):
            if stay.crews.get(j.id, crew) != crew:
                change[r, v] = stay.cost
    return change


def _csr(lists: list[list[int]]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    at = np.zeros(len(lists) + 1, dtype=np.int64)
    at[1:] = np.cumsum([len(x) for x in lists])
    flat = np.array([y for x in lists for y in x], dtype=np.int64)
    return at, flat


def _clashes(options: list[Option]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The options of the same vehicle or the same assistant as each option."""
    lists: list[list[int]] = []
    for v, o in enumerate(options):
        lists.append(
            [
                u
                for u, other in enumerate(options)
                if u != v
                and (
                    other.vehicle.id == o.vehicle.id
                    or (o.assistant is not None and other.assistant is not None and other.assistant.id == o.assistant.id)
                )
            ]
        )
    return _csr(lists)


def _avoids(journeys: list[Journey]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    index = {j.id: r for r, j in enumerate(journeys)}
    pairs: list[set[int]] = [set() for _ in journeys]
    for r, j in enumerate(journeys):
        for other in j.avoid:
            if other in index and index[other] != r:
                pairs[r].add(index[other])
                pairs[index[other]].add(r)
    return _csr([sorted(x) for x in pairs])


def _children(
    journeys: list[Journey], members: Mapping[str, Sequence[Journey]]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Children per request, and the seconds that make `children * (drop-off start - pickup end)`
    their summed ride: siblings board one after another and get off in the same order (as
    siblings.expand lays out their stops), so the first on rides longest."""
    children, offset = np.ones(len(journeys)), np.zeros(len(journeys))
    for r, j in enumerate(journeys):
        kids = members.get(j.id)
        if not kids or len(kids) < 2:
            continue
        board = sum(k.pickup_service for k in kids)
        total, boarded, alighted = 0.0, 0.0, 0.0
        for k in kids:
            boarded += k.pickup_service
            # this child: off at start + alighted, on since pickup start + boarded
            total += alighted - boarded + board
            alighted += k.dropoff_service
        children[r], offset[r] = len(kids), total
    return children, offset


def _siblings(journeys: list[Journey]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The packed `siblings` array (its layout in lns/siblings.py) and each tie's gap. Groups of
    siblings who must not travel together are already dissolved (siblings.untangle): safety wins."""
    m = len(journeys)
    number: dict[str, int] = {}
    group = [-1] * m
    members: list[list[int]] = []
    for r, j in enumerate(journeys):
        if j.group:
            g = number.setdefault(j.group, len(number))
            if g == len(members):
                members.append([])
            group[r] = g
            members[g].append(r)
    group_at, flat = _csr(members)
    tie_at, tie, gap = _ties(journeys)
    packed = [len(members), m, *group, *group_at, *flat, *tie_at, *tie]
    return np.array(packed, dtype=np.int64), gap


def _ties(journeys: list[Journey]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Siblings sharing a home (or a school) are collected (or set down) there one after
    another: within SIBLING_GAP and the boarding (or setting down) of all of them there, as in
    the OR-Tools model (ortools_model._ride_together)."""
    m = len(journeys)
    at: dict[tuple[str, int, int], list[int]] = {}
    for r, j in enumerate(journeys):
        if j.group:
            at.setdefault((j.group, 0, j.pickup), []).append(r)
            at.setdefault((j.group, 1, j.dropoff), []).append(m + r)
    ties: list[list[int]] = [[] for _ in range(2 * m)]
    gaps: list[list[float]] = [[] for _ in range(2 * m)]
    for (_, kind, _), nodes in at.items():
        if len(nodes) < 2:
            continue
        service = sum(j.dropoff_service if kind else j.pickup_service for j in (journeys[n % m] for n in nodes))
        gap = float(math.floor(SIBLING_GAP + service))
        for a in nodes:
            ties[a] += [b for b in nodes if b != a]
            gaps[a] += [gap] * (len(nodes) - 1)
    tie_at, tie = _csr(ties)
    return tie_at, tie, np.array([g for x in gaps for g in x], dtype=np.float64)
