"""Feasibility first (transport/optimizer/lns/eject.py): a child who fits nowhere takes the place
of one who fits elsewhere, and whatever the ejection search does, its routes keep every rule by
the independent validator."""

from __future__ import annotations

import random
import time

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tests.optimizer.builders import matrices, problem, vehicle
from tests.optimizer.test_lns import FAST, as_solution, darp_like
from transport.optimizer import SEATS, WHEELCHAIRS, Journey, Window, lns, validate
from transport.optimizer.crews import crew_options
from transport.optimizer.lns import arrays, eject
from transport.optimizer.lns.insert import workspace


def search_state(p, runs):
    options = crew_options(p)
    a = arrays.build(p, options, list(p.journeys))
    return a, lns.state(a, runs)


def pool_of(route_of):
    pool = np.zeros(route_of.shape[0], dtype=np.int64)
    out = np.flatnonzero(route_of < 0)
    pool[: out.shape[0]] = out
    return pool, out.shape[0]


def test_a_wheelchair_user_takes_the_only_wheelchair_space_and_the_other_child_moves():
    # Two children to collect at the same time far apart: one vehicle cannot take both. Only V1
    # has a wheelchair space; it starts with the walking child, so the wheelchair user fits
    # nowhere until that child is ejected to V2.
    durations, distances = matrices([(0, 0), (-8, 0), (-8, 1), (8, 0), (8, 1)])
    at = Window(8 * 3600, 8 * 3600 + 300)
    day = Window(6 * 3600, 12 * 3600)
    walking = Journey("C1", 1, 2, at, day, 20 * 60, load={SEATS: 1})
    wheelchair = Journey("C2", 3, 4, at, day, 20 * 60, load={WHEELCHAIRS: 1, SEATS: 0})
    p = problem([walking, wheelchair], [vehicle("V1", seats=1, wheelchairs=1), vehicle("V2", seats=1)], durations, distances)
    alone = lns.improve(p, crew_options(p), [walking], [], 0.1)
    assert alone is not None and alone[0].vehicle == "V1"
    a, cur = search_state(p, alone)
    pool, pool_n = pool_of(cur[3])
    assert pool_n == 1
    left = eject.place_all(a.inst, cur, pool, pool_n, np.ones(2), 2, 2, 0, workspace(a.inst, cur[0].shape[1]))
    runs = lns.runs_of(p, a, cur[0], cur[1])
    assert left == 0 and {r.vehicle: r.journeys for r in runs} == {"V1": ["C2"], "V2": ["C1"]}
    assert validate(p, as_solution(p, runs)) == []


@FAST
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_whatever_the_ejection_search_places_keeps_every_rule(seed):
    p = darp_like(random.Random(seed))
    a, cur = search_state(p, [])
    pool, pool_n = pool_of(cur[3])
    left = eject.place_all(a.inst, cur, pool, pool_n, np.ones(a.m), 30, 2, 3, workspace(a.inst, cur[0].shape[1]))
    runs = lns.runs_of(p, a, cur[0], cur[1])
    assert validate(p, as_solution(p, runs)) == []
    on = sorted(int(x) for x in np.flatnonzero(cur[3] >= 0))
    assert on == sorted(a.journeys.index(p.journey(j)) for r in runs for j in r.journeys)
    assert left == a.m - len(on) and sorted(pool[:left].tolist() + on) == list(range(a.m))


def test_a_route_moves_to_the_crew_with_the_pa_a_child_needs():
    # V1 already carries C1 without a PA; C2 needs a PA trained in autism, and the only option
    # with her is V1's own: the route moves to that crew and C2 joins it.
    from dataclasses import replace

    from tests.optimizer.builders import school_run
    from transport.optimizer import Assistant

    journeys, durations, distances = school_run([(3.0, 0.0), (3.0, 0.3)])
    journeys[1] = replace(journeys[1], skills=frozenset({"autism"}))
    pa = Assistant("PA1", frozenset({"autism"}), home=0, cost_per_run=20.0)
    p = replace(problem(journeys, [vehicle("V1")], durations, distances, [pa]), wide_crews=True)
    alone = lns.improve(replace(p, journeys=(journeys[0],)), crew_options(p), [journeys[0]], [], 0.1)
    assert alone is not None and alone[0].assistant is None
    a, cur = search_state(p, alone)
    pool, pool_n = pool_of(cur[3])
    assert pool_n == 1
    left = eject.place_all(a.inst, cur, pool, pool_n, np.ones(2), 2, 2, 0, workspace(a.inst, cur[0].shape[1]))
    runs = lns.runs_of(p, a, cur[0], cur[1])
    assert left == 0 and [(r.vehicle, r.assistant, sorted(r.journeys)) for r in runs] == [("V1", "PA1", ["C1", "C2"])]
    assert validate(p, as_solution(p, runs)) == []


def test_the_ejection_search_gives_up_on_a_child_it_cannot_place_and_leaves_time_for_cost():
    # C2 needs a wheelchair space nobody has: the pool never empties. The ejection search stops
    # once it has gone eject_patience of the time without placing anyone more (a council's part
    # nearly always has such a child, who goes on to the second pass), and the cost search gets
    # the rest; it used to take the whole time.
    durations, distances = matrices([(0, 0), (0, 0.5), (3, 0), (-3, 0), (-3, 0.2)])
    day = Window(6 * 3600, 12 * 3600)
    at = Window(8 * 3600, 8 * 3600 + 1800)
    c1 = Journey("C1", 2, 1, day, at, 60 * 60, pickup_service=60, dropoff_service=60)
    c2 = Journey("C2", 3, 4, day, at, 60 * 60, load={WHEELCHAIRS: 1, SEATS: 0})
    p = problem([c1, c2], [vehicle("V1"), vehicle("V2")], durations, distances)
    a, cur = search_state(p, [])
    ws = workspace(a.inst, cur[0].shape[1])
    lns._place_all(a.inst, cur, tuple(x.copy() for x in cur), time.monotonic() + 0.1, ws)  # loads the code
    best = tuple(x.copy() for x in cur)
    began = time.monotonic()
    lns._place_all(a.inst, cur, best, began + 6.0, ws)
    assert time.monotonic() - began < 5.0  # patience 0.5: about 3 s
    assert cur[3][0] >= 0 and cur[3][1] < 0  # C1 placed, C2 not
