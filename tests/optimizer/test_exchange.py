"""Each run on the vehicle that does it cheapest (optimizer/exchange.py): the stops, times and PA
stay, the vehicle changes only where it saves, fits and is free, and the answer stays valid."""

from __future__ import annotations

from dataclasses import replace

from tests.optimizer.builders import matrices, problem, school_run, vehicle
from transport.optimizer import Solution, solve, validate
from transport.optimizer.continuity import Stay
from transport.optimizer.crews import crew_options
from transport.optimizer.exchange import exchange

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


def test_a_run_goes_to_the_vehicle_whose_depot_is_near_its_children():
    p = _council()
    runs = _runs_on_far(p)
    moved = exchange(p, crew_options(p), runs)
    assert [r.vehicle for r in moved] == ["NEAR"]
    assert [(s.journey, s.kind, s.start) for s in moved[0].stops] == [(s.journey, s.kind, s.start) for s in runs[0].stops]
    assert moved[0].cost < runs[0].cost
    assert not validate(p, Solution(moved, []))


def test_a_vehicle_without_the_room_is_not_given_the_run():
    p = _council(near_seats=1)
    runs = _runs_on_far(p)
    assert exchange(p, crew_options(p), runs) is runs


def test_a_saving_smaller_than_moving_the_children_keeps_them_with_their_vehicle():
    p = _council()
    runs = _runs_on_far(p)
    stay = Stay({s.journey: ("FAR", None) for s in runs[0].stops}, cost=10_000.0)
    assert exchange(p, crew_options(p), runs, stay) is runs
    cheap = Stay({s.journey: ("FAR", None) for s in runs[0].stops}, cost=0.01)
    assert [r.vehicle for r in exchange(p, crew_options(p), runs, cheap)] == ["NEAR"]


def test_the_search_answer_uses_the_near_vehicle():
    p = _council()
    answer = solve(p, seconds=0.5)
    assert [r.vehicle for r in answer.runs] == ["NEAR"] and not validate(p, answer)
