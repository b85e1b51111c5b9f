"""Ruin-and-recreate improvement of a plan, compiled with numba: on the Cordeau dial-a-ride
instances it makes 4,000 (96 requests) to 14,000 (60 requests) ruin-and-recreate iterations a
second on one core of this machine, each trying every place for a dozen requests.

Feasibility first (eject.py): while some request is unplaced, a guided ejection search puts it
in, taking out of the route the requests that have been hardest to place least often, and those
wait their turn; only then does cost count. On the tight-fleet instances read as published with
two vehicles fewer (R2a: 48 requests, 3 vehicles) it serves all 48 where ruin and recreate alone
serves 46.

The search (search.py): from the current plan, take out 3 to 30 requests (a quarter of them at
most) by one of five ruin operators (ruin.py: random, related, strings, whole routes, costliest),
chosen by adaptive weights; put them back greedily (cheapest place first, in one of three
orders, passing over a candidate place now and then) or by regret (insert.py); accept the new
plan by simulated annealing, the temperature falling with the time left. Every route is checked
by the exact earliest-schedule test of schedule.py; capacity in every dimension is checked on
the stretch each child is on board.

It handles the dial-a-ride shape of the council problem: children's journeys with pickup and
drop-off windows, ride limits and service times; vehicles with capacities in any number of
dimensions, depots, hours, a longest run, a fixed cost and a cost per metre; and the council's
rules (arrays.py): crew options (a vehicle in one of its layouts, with or without a passenger
assistant, at most one option per vehicle and per assistant carrying children), the PA's skills
each child needs, travelling alone, must-not-travel-with, continuity (the change cost of moving
a child off their previous crew) and the price of children's time on board
(`Problem.ride_cost_per_hour`, counted at the best of three schedules of each route, which the
runs it returns keep, priced or not) and siblings who could not be combined into one journey
(siblings.py: two schools, say), held on one route by a price and riding together on it
(lns/siblings.py), as in the OR-Tools model. It minimises money and ride time, not the problem's cost per hour on
the road (a tie-break in the OR-Tools model).

`improve` starts from given runs, searches until its time is up, and returns better runs or
None; the caller checks them with the validator.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from transport.optimizer.continuity import Stay
from transport.optimizer.crews import Option, crew_options
from transport.optimizer.lns import arrays
from transport.optimizer.problem import Journey, Layout, Problem, Vehicle, Window
from transport.optimizer.runs import build_run
from transport.optimizer.solution import DROPOFF, PICKUP, Run


def _cache_by_source() -> None:
    """Keep numba's compiled code under a folder named by all this package's sources: numba
    checks only a function's own file, so a change to schedule.py left insert.py's cached
    machine code (which holds schedule.py's functions inside it) running the old rules."""
    folder = cache_folder(Path(__file__).parent)
    if "numba" in sys.modules:  # numba read its settings already: the compiled modules read this one
        sys.modules["numba"].config.CACHE_DIR = folder
    elif not os.environ.get("NUMBA_CACHE_DIR"):
        os.environ["NUMBA_CACHE_DIR"] = folder


def cache_folder(package: Path) -> str:
    """The package's __pycache__/numba-<digest of every .py file in it>."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(package.glob("*.py")))).hexdigest()[:16]
    return str(package / "__pycache__" / f"numba-{digest}")


_cache_by_source()

SETTINGS = {
    "removed_fraction": 0.25,
    "removed_most": 30,
    "removed_least": 3,
    "blink": 0.01,
    "temperature_start": 0.05,
    "temperature_end": 0.002,
    "regret": 0.25,
    "ejected_most": 2,
    "shake": 5,
    "eject_patience": 0.5,
}
"""How many requests one iteration takes out (a fraction of them, within bounds); how often a
candidate place is passed over; the temperature at the start and the end, as a fraction of the
start plan's cost per request; how often the requests go back by regret; the share of the time
the ejection search may go without placing anyone more before it gives up (a council's part
nearly always holds a child it cannot place, who goes on to the second pass: searching for them
until the end took every part's whole time, and cost was never minimised)."""
PENALTY = 1e12
"""What the search counts for a request left unplaced: more than any plan's money."""


def supports(problem: Problem, options: Sequence[Option], journeys: Sequence[Journey]) -> bool:
    """True when there is something to search: the search models every rule of the problem."""
    return bool(options) and bool(journeys)


def improve(
    problem: Problem,
    options: list[Option],
    journeys: list[Journey],
    runs: Sequence[Run],
    seconds: float,
    seed: int = 0,
    members: Mapping[str, Sequence[Journey]] | None = None,
    stay: Stay | None = None,
) -> list[Run] | None:
    """Better runs than `runs` (placing more children, or the same for less), or None.
    `members`: the children of journeys that stand for several siblings (for their ride time).
    `stay`: whom moving off which crew costs what (see arrays.build)."""
    # The compiled modules load on first use, so that importing the optimiser stays quick.
    from transport.optimizer.lns import ruin, search
    from transport.optimizer.lns.insert import workspace

    deadline = time.monotonic() + seconds
    a = arrays.build(problem, options, journeys, members, stay)
    inst, m = a.inst, a.m
    width = 2 * m + 2
    routes, lens, costs, route_of = cur = state(a, runs)
    start_value = search.value(inst, costs, route_of, PENALTY)
    penalty = PENALTY
    best = tuple(x.copy() for x in cur)
    per_request = max(costs.sum(), 1e-9) / max(m - (route_of < 0).sum(), 1)
    t0 = SETTINGS["temperature_start"] * per_request
    t1 = SETTINGS["temperature_end"] * per_request
    qmax = max(min(int(SETTINGS["removed_fraction"] * m), SETTINGS["removed_most"]), min(SETTINGS["removed_least"], m))
    qmin = min(SETTINGS["removed_least"], qmax)
    weights = np.ones(ruin.OPERATORS)
    scores, uses = np.zeros_like(weights), np.zeros(weights.shape[0], dtype=np.int64)
    stats = np.zeros(3, dtype=np.int64)
    search.seed_random(seed)
    _place_all(inst, cur, best, deadline, workspace(inst, width))
    began = time.monotonic()
    total = max(deadline - began, 1e-6)
    batch = 10
    while True:  # one batch at least, so that the search is compiled (warm_up) even with no time
        tick = time.monotonic()
        f0 = min((tick - began) / total, 1.0)
        temp_from = t0 * (t1 / t0) ** f0
        temp_to = t0 * (t1 / t0) ** min(1.0, f0 + 0.05)
        search.iterate(
            inst,
            cur,
            best,
            batch,
            temp_from,
            temp_to,
            qmin,
            qmax,
            SETTINGS["blink"],
            SETTINGS["regret"],
            penalty,
            weights,
            scores,
            uses,
            stats,
        )
        spent = time.monotonic() - tick
        # Aim each batch at about a twentieth of the time (so the temperature is followed), and
        # never past the deadline.
        rate = batch / max(spent, 1e-6)
        if time.monotonic() >= deadline:
            break
        batch = int(max(1, min(rate * 0.05 * total, rate * (deadline - time.monotonic()) * 0.9)))
    b_routes, b_lens, b_costs, b_of = best
    if search.value(inst, b_costs, b_of, PENALTY) >= start_value - 1e-9:
        return None
    better = runs_of(problem, a, b_routes, b_lens)
    if problem.ride_cost_per_hour > 0 and value_of(a, better) >= value_of(a, runs) - 1e-9:
        # The start's runs have their own schedule, maybe better than the one the search gave them.
        return None
    return better


def fill(
    problem: Problem,
    options: list[Option],
    journeys: list[Journey],
    runs: Sequence[Run],
    members: Mapping[str, Sequence[Journey]] | None = None,
    stay: Stay | None = None,
) -> list[Run] | None:
    """The runs, each that still holds, with the journeys they leave out put in by regret
    insertion where they fit (a later day's children beside the first day's runs, or everyone
    where there are no runs: first routes); None when runs are given and none of them holds.
    Runs that gained nobody keep their order; whoever fits nowhere stays out (`improve` goes on
    from here). OR-Tools' make-active took seconds a part to fill a later day's runs, trying
    every move again for the children who fit nowhere; this takes milliseconds."""
    from transport.optimizer.lns.insert import regret, workspace  # compiled: loaded on first use

    a = arrays.build(problem, options, journeys, members, stay)
    routes, lens, costs, route_of = state(a, runs)
    if runs and not lens.any():
        return None
    pending = np.flatnonzero(route_of < 0).astype(np.int64)
    if pending.shape[0]:
        regret(a.inst, routes, lens, costs, route_of, pending, pending.shape[0], 0.0, workspace(a.inst, 2 * a.m + 2))
    return runs_of(problem, a, routes, lens)


def value_of(a: arrays.Arrays, runs: Sequence[Run]) -> float:
    """What the runs cost as they stand, times and all: money, continuity, children's time on
    board at its price, PENALTY for each request they leave out and SPLIT for each run beyond
    the first a sibling group's children are on."""
    from transport.optimizer.lns.siblings import SPLIT  # compiled: loaded on first use

    index = {j.id: r for r, j in enumerate(a.journeys)}
    option_of = {(o.vehicle.id, o.layout.name, o.assistant.id if o.assistant else None): v for v, o in enumerate(a.options)}
    change, children, offset, rate = a.inst[13], a.inst[18], a.inst[19], float(a.inst[20][0])
    total, placed = 0.0, 0
    runs_of_group: dict[str, set[int]] = {}
    for k, run in enumerate(runs):
        for jid in run.journeys:
            r = index.get(jid)
            if r is not None and a.journeys[r].group:
                runs_of_group.setdefault(a.journeys[r].group or "", set()).add(k)
    total += SPLIT * sum(len(x) - 1 for x in runs_of_group.values())
    for run in runs:
        v = option_of.get((run.vehicle, run.layout, run.assistant))
        total += run.cost
        aboard: dict[str, float] = {}
        for st in run.stops:
            r = index.get(st.journey)
            if r is None:
                continue
            if st.kind == PICKUP:
                aboard[st.journey] = st.departure
                placed += 1
                total += float(change[r, v]) if v is not None else 0.0
            elif st.journey in aboard:
                total += rate * (float(children[r]) * (st.start - aboard[st.journey]) + float(offset[r]))
                over = st.start - aboard[st.journey] + a.journeys[r].pickup_service - float(a.inst[20][1])
                total += rate * float(children[r]) * float(a.inst[20][2]) * max(over, 0.0)
    return total + PENALTY * (a.m - placed)


def state(a: arrays.Arrays, runs: Sequence[Run]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The search's plan (routes, their lengths, their costs, each request's route or -1) from
    runs; a run that does not hold, or holds a journey not searched, is left out."""
    from transport.optimizer.lns.schedule import avoided, blocked, least_schedule, loads_hold, route_cost
    from transport.optimizer.lns.siblings import together

    inst, m, V = a.inst, a.m, len(a.options)
    index = {j.id: r for r, j in enumerate(a.journeys)}
    option_of = {(o.vehicle.id, o.layout.name, o.assistant.id if o.assistant else None): v for v, o in enumerate(a.options)}
    width = 2 * m + 2
    routes = np.zeros((V, width), dtype=np.int64)
    lens = np.zeros(V, dtype=np.int64)
    costs = np.zeros(V)
    route_of = np.full(m, -1, dtype=np.int64)
    t, pos = np.zeros(width + 4), np.zeros(2 * m, dtype=np.int64)
    for run in runs:
        v = option_of.get((run.vehicle, run.layout, run.assistant))
        if v is None or lens[v] or blocked(inst, lens, v) or any(s.journey not in index for s in run.stops):
            continue
        nodes = [a.node(index[s.journey], s.kind == PICKUP) for s in run.stops]
        routes[v, : len(nodes)] = nodes
        carried = all(inst[12][n, v] and not avoided(inst, n, routes[v], len(nodes)) for n in nodes if n < m)
        carried = carried and together(inst, routes[v], len(nodes))
        if carried and least_schedule(inst, routes[v], len(nodes), v, t, pos) and loads_hold(inst, routes[v], len(nodes), v):
            lens[v] = len(nodes)
            costs[v] = route_cost(inst, routes[v], lens[v], v)
            for n in nodes:
                if n < m:
                    route_of[n] = v
    return routes, lens, costs, route_of


def _place_all(
    inst: tuple[Any, ...], cur: tuple[np.ndarray, ...], best: tuple[np.ndarray, ...], deadline: float, ws: tuple[Any, ...]
) -> None:
    """Feasibility first: the ejection search (eject.py) until everyone is placed, time is up, or
    it has gone eject_patience of the time without placing anyone more; best keeps the plan that
    places most, and the cost search goes on from it."""
    from transport.optimizer.lns import eject  # compiled: loaded on first use

    route_of = cur[3]
    pool = np.flatnonzero(route_of < 0).astype(np.int64)
    pool_n = pool.shape[0]
    pool = np.concatenate([pool, np.zeros(route_of.shape[0], dtype=np.int64)])
    counters = np.ones(route_of.shape[0])
    steps = 20
    began = improved = time.monotonic()
    patience = SETTINGS["eject_patience"] * max(deadline - began, 0.0)
    while pool_n:  # once at least, however little time is left: so warm_up compiles it too
        tick = time.monotonic()
        pool_n = eject.place_all(inst, cur, pool, pool_n, counters, steps, SETTINGS["ejected_most"], SETTINGS["shake"], ws)
        if pool_n < (best[3] < 0).sum():
            for b, c in zip(best, cur):
                b[...] = c
            improved = time.monotonic()
        if time.monotonic() >= deadline or time.monotonic() - improved >= patience:
            break
        steps = int(max(1, min(steps * 2, steps * 0.05 / max(time.monotonic() - tick, 1e-6))))
    if (best[3] < 0).sum() < (cur[3] < 0).sum():
        for b, c in zip(best, cur):
            c[...] = b


def runs_of(problem: Problem, a: arrays.Arrays, routes: np.ndarray, lens: np.ndarray) -> list[Run]:
    """The runs of the search's routes, each at the best of ride_schedule's three schedules: the
    one their cost was counted at where ride time has a price, and where it has none the same
    money with children on board least (the earliest schedule collects them early and waits)."""
    from transport.optimizer.lns.schedule import least_schedule, ride_schedule  # compiled: loaded on first use

    m = a.m
    t, pos = np.zeros(routes.shape[1] + 4), np.zeros(2 * m, dtype=np.int64)
    runs: list[Run] = []
    for v, o in enumerate(a.options):
        n = int(lens[v])
        if not n:
            continue
        if not least_schedule(a.inst, routes[v], n, v, t, pos):
            raise AssertionError("the search kept a route with no schedule")
        ride_schedule(a.inst, routes[v], n, v, t, pos)
        visits = []
        for k in range(n):
            node = int(routes[v, k])
            r, pickup = (node, True) if node < m else (node - m, False)
            j = a.journeys[r]
            visits.append(
                (
                    j.id,
                    PICKUP if pickup else DROPOFF,
                    j.pickup if pickup else j.dropoff,
                    float(t[k + 1]),
                    j.pickup_service if pickup else j.dropoff_service,
                )
            )
        runs.append(build_run(problem, o, float(t[0]), visits))
    return runs


def warm_up() -> None:
    """Compile the search (about half a minute, once: numba keeps the machine code on disk), so
    that a timed solve does not pay for it."""
    points = [(0.0, 0.0), (1.0, 0.0), (2.0, 1.0), (0.0, 2.0), (1.0, 3.0), (0.0, 0.0)]
    d = [[((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for b in points] for a in points]
    day = Window(0.0, 1000.0)
    journeys = [Journey(str(r), 1 + r, 3 + r, day, day, 100.0, 1.0, 1.0) for r in range(2)]
    vehicle = Vehicle("v", 0, 5, (Layout("3", {"seats": 3}),), day, 0.0, 1.0, 500.0)
    problem = Problem(tuple(journeys), (vehicle,), (), d, d, cost_per_hour=0.0)
    improve(problem, crew_options(problem), journeys, [], 0.01)
