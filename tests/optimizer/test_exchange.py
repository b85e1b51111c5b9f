"""Runs given to other vehicles (optimizer/exchange.py): a run rebuilt on another vehicle keeps its
stops and times or is refused, and the assignment gives each run a vehicle of its own."""

from __future__ import annotations

from dataclasses import replace

from tests.optimizer.builders import matrices, problem, school_run, vehicle
from transport.optimizer import SEATS, Solution, Window, solve, validate
from transport.optimizer.crews import Option
from transport.optimizer.exchange import least_cost, peak_load, run_on

NEAR, FAR = 0, 4
"""Depots: place 0 is beside the children's homes, place 4 far from everything."""


def _council(near_seats: int = 4):
    journeys, _, _ = school_run([(10.0, 0.5), (11.0, 0.0)], school=(1.0, 0.0), depot=(10.5, 1.0))
    durations, distances = matrices([(10.5, 1.0), (1.0, 0.0), (10.0, 0.5), (11.0, 0.0), (-20.0, 0.0)])
    fleet = [replace(vehicle("FAR"), start=FAR, end=FAR), vehicle("NEAR", seats=near_seats)]
    return problem(journeys, fleet, durations, distances)


def _runs_on_far(p):
    """The answer with the far vehicle alone: a valid run on it."""
    alone = solve(replace(p, vehicles=p.vehicles[:1]), seconds=0.2)
    assert [r.vehicle for r in alone.runs] == ["FAR"] and not alone.unplaced
    return list(alone.runs)


def _on(p, name: str):
    v = next(v for v in p.vehicles if v.id == name)
    return Option(v, v.layouts[0], None)


def test_a_run_on_the_vehicle_near_its_children_keeps_its_stops_and_times_and_costs_less():
    p = _council()
    runs = _runs_on_far(p)
    moved = run_on(p, _on(p, "NEAR"), runs[0])
    assert moved is not None and (moved.vehicle, moved.layout) == ("NEAR", "4+0")
    assert [(s.journey, s.kind, s.start) for s in moved.stops] == [(s.journey, s.kind, s.start) for s in runs[0].stops]
    assert moved.cost < runs[0].cost and moved.distance < runs[0].distance
    assert not validate(p, Solution([moved], []))


def test_a_vehicle_whose_hours_end_before_the_run_is_not_given_it():
    p = _council()
    runs = _runs_on_far(p)
    back = run_on(p, _on(p, "NEAR"), runs[0]).return_depot
    short = replace(p, vehicles=(p.vehicles[0], replace(p.vehicles[1], available=Window(0.0, back - 60))))
    assert run_on(short, _on(short, "NEAR"), runs[0]) is None


def test_the_least_cost_assignment_gives_each_run_its_own_vehicle_and_refuses_pairs_not_offered():
    prices = {(0, 0): 5.0, (0, 1): 1.0, (1, 1): 2.0}
    assert least_cost(prices, rows=2, columns=3) == {0: 0, 1: 1}  # 5 + 2 beats run 1 on nothing
    assert least_cost({(0, 1): 1.0, (1, 1): 2.0}, rows=2, columns=2) is None
    assert peak_load(_runs_on_far(_council())[0], {j.id: j for j in _council().journeys}) == {SEATS: 2}


def test_the_search_answer_uses_the_near_vehicle():
    p = _council()
    answer = solve(p, seconds=0.5)
    assert [r.vehicle for r in answer.runs] == ["NEAR"] and not validate(p, answer)
