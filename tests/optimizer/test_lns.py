"""The ruin-and-recreate search (transport/optimizer/lns): its routes keep every rule by the
independent validator, it never hands back a plan worse than the one it started from, and its
schedule check accepts exactly the routes some schedule makes feasible."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.optimizer.builders import matrices, problem, random_problem, vehicle
from transport.optimizer import (
    SEATS,
    WHEELCHAIRS,
    Journey,
    Reason,
    Solution,
    Window,
    lns,
    solve,
    validate,
)
from transport.optimizer.crews import crew_options
from transport.optimizer.lns import arrays
from transport.optimizer.lns.schedule import least_schedule
from transport.optimizer.ortools_model import RoutingModel

FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def darp_like(rng: random.Random):
    """Random dial-a-ride problems of the shape the search models: every child with a pickup and a
    drop-off anywhere, one tight window (at the pickup or the drop-off), a ride limit, a load in
    seats or wheelchair spaces; two to four vehicles of one layout each, with their own costs."""
    n = rng.randint(1, 12)
    points = [(rng.uniform(-10, 10), rng.uniform(-10, 10)) for _ in range(1 + 2 * n)]
    durations, distances = matrices(points)
    journeys = []
    for i in range(n):
        direct = durations[1 + 2 * i][2 + 2 * i]
        limit = direct + rng.choice([5, 15, 30]) * 60
        at = 7 * 3600 + rng.uniform(0, 3 * 3600)
        day = Window(6 * 3600, 12 * 3600)
        tight = Window(at, at + 15 * 60)
        outbound = rng.random() < 0.5
        journeys.append(
            Journey(
                id=f"C{i + 1}",
                pickup=1 + 2 * i,
                dropoff=2 + 2 * i,
                pickup_window=day if outbound else tight,
                dropoff_window=tight if outbound else day,
                max_ride=limit,
                pickup_service=rng.choice([0, 60, 120]),
                dropoff_service=60,
                load={WHEELCHAIRS: 1} if rng.random() < 0.2 else {SEATS: rng.randint(1, 2)},
            )
        )
    fleet = [
        vehicle(
            f"V{k + 1}",
            seats=rng.randint(2, 5),
            wheelchairs=rng.randint(0, 1),
            fixed=rng.choice([0, 20]),
            per_mile=rng.uniform(1, 3),
            max_duration=rng.choice([None, 3 * 3600]),
            available=Window(6 * 3600, 12 * 3600),
        )
        for k in range(rng.randint(2, 4))
    ]
    return problem(journeys, fleet, durations, distances)


def first_runs(p):
    options = crew_options(p)
    model = RoutingModel(p, options, list(p.journeys))
    assignment = model.solve(0.0)
    return options, (model.runs(assignment) if assignment is not None else [])


def placed(runs) -> int:
    return sum(len(r.journeys) for r in runs)


def as_solution(p, runs) -> Solution:
    from transport.optimizer import Unplaced

    on = {jid for r in runs for jid in r.journeys}
    return Solution(list(runs), [Unplaced(j.id, (Reason("left_out", "left out"),)) for j in p.journeys if j.id not in on])


@FAST
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_improved_routes_keep_every_rule_and_never_cost_more(seed):
    p = darp_like(random.Random(seed))
    assert lns.supports(p, crew_options(p), list(p.journeys))
    options, start = first_runs(p)
    better = lns.improve(p, options, list(p.journeys), start, 0.2, seed=seed % 1000)
    if better is None:
        return
    assert validate(p, as_solution(p, better)) == []
    before, after = (placed(start), -sum(r.cost for r in start)), (placed(better), -sum(r.cost for r in better))
    assert after > before


@FAST
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_from_nothing_the_search_places_children_within_every_rule(seed):
    p = darp_like(random.Random(seed))
    options = crew_options(p)
    runs = lns.improve(p, options, list(p.journeys), [], 0.2, seed=1) or []
    assert validate(p, as_solution(p, runs)) == []


def test_a_pickup_is_put_off_so_the_ride_keeps_its_limit():
    # Pickup at place 1 open all morning, drop-off at place 2 only from 9:00; the drive is 10
    # minutes, the ride limit 15: leaving as early as possible would mean a long wait on board.
    durations, distances = matrices([(0, 0), (0, 5), (5, 0)])
    j = Journey("C1", 1, 2, Window(6 * 3600, 10 * 3600), Window(9 * 3600, 9 * 3600 + 300), 15 * 60)
    p = problem([j], [vehicle("V1", available=Window(6 * 3600, 12 * 3600))], durations, distances)
    a = arrays.build(p, crew_options(p), list(p.journeys))
    t, pos = np.zeros(8), np.zeros(1, dtype=np.int64)
    assert least_schedule(a.inst, np.array([0, 1]), 2, 0, t, pos)
    assert t[2] == 9 * 3600 and t[2] - t[1] <= 15 * 60 + 1e-6 and t[1] >= 6 * 3600
    # Ten minutes' drive with a 9-minute limit: no schedule at all.
    tight = Journey("C1", 1, 2, Window(6 * 3600, 10 * 3600), Window(9 * 3600, 9 * 3600 + 300), 9 * 60)
    a = arrays.build(p, crew_options(p), [tight])
    assert not least_schedule(a.inst, np.array([0, 1]), 2, 0, t, pos)


def test_the_longest_run_puts_off_leaving_the_depot():
    durations, distances = matrices([(0, 0), (0, 5), (5, 0)])
    j = Journey("C1", 1, 2, Window(9 * 3600, 9 * 3600 + 60), Window(6 * 3600, 12 * 3600), 30 * 60)
    v = vehicle("V1", available=Window(6 * 3600, 12 * 3600), max_duration=3600)
    p = problem([j], [v], durations, distances)
    a = arrays.build(p, crew_options(p), [j])
    t, pos = np.zeros(8), np.zeros(1, dtype=np.int64)
    assert least_schedule(a.inst, np.array([0, 1]), 2, 0, t, pos)
    assert t[3] - t[0] <= 3600 + 1e-6


def test_the_search_takes_every_problem_with_someone_to_carry_and_a_crew():
    rng = random.Random(3)
    p = darp_like(rng)
    assert lns.supports(p, crew_options(p), list(p.journeys))
    for k in range(40):
        q = random_problem(random.Random(k))
        # siblings not combined into one journey too (lns/siblings.py)
        assert lns.supports(q, crew_options(q), list(q.journeys)) == bool(crew_options(q))
    assert not lns.supports(p, crew_options(p), [])


def test_solve_uses_the_search_and_its_answer_keeps_every_rule():
    p = darp_like(random.Random(11))
    s = solve(p, seconds=2)
    assert validate(p, s) == []
    options, start = first_runs(p)
    assert (len(p.journeys) - len(s.unplaced), -s.cost) >= (placed(start), -sum(r.cost for r in start))


def test_the_compiled_search_is_cached_by_every_source_of_the_package(tmp_path):
    """numba checks only a function's own file: a change to schedule.py must not leave
    insert.py's cached code (which holds schedule.py's functions) in use."""
    from transport.optimizer.lns import cache_folder

    (tmp_path / "insert.py").write_text("def insert(): pass\n")
    (tmp_path / "schedule.py").write_text("def least(): return 1\n")
    before = cache_folder(tmp_path)
    assert cache_folder(tmp_path) == before
    (tmp_path / "schedule.py").write_text("def least(): return 2\n")
    assert cache_folder(tmp_path) != before
