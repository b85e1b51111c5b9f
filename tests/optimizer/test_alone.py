"""One child on a run of their own is solved exactly: the cheapest crew option that can take them,
as good as the search's answer, and valid."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from tests.optimizer.builders import problem, random_problem, school_run, vehicle
from transport.optimizer import SEATS, WHEELCHAIRS, Assistant, solve, validate
from transport.optimizer.alone import price, solve_alone
from transport.optimizer.explain import NO_ASSISTANT


def test_the_cheapest_vehicle_that_can_take_the_child_carries_them():
    journeys, durations, distances = school_run([(4.0, 0.0)], load={WHEELCHAIRS: 1, SEATS: 0})
    fleet = [
        vehicle("CAR", seats=4, fixed=10),
        vehicle("WAV-DEAR", seats=4, wheelchairs=1, fixed=60),
        vehicle("WAV", seats=4, wheelchairs=1, fixed=30),
    ]
    p = problem(journeys, fleet, durations, distances)
    solution = solve_alone(p)
    assert [r.vehicle for r in solution.runs] == ["WAV"] and not solution.unplaced
    assert not validate(p, solution)


def test_a_child_needing_a_trained_pa_gets_one_and_without_one_is_told_why():
    journeys, durations, distances = school_run([(4.0, 0.0)], needs_assistant=True, skills=frozenset({"autism"}))
    pas = [Assistant("PA-EPI", frozenset({"epilepsy_medication"}), 0), Assistant("PA-AUT", frozenset({"autism"}), 0)]
    p = problem(journeys, [vehicle("V1")], durations, distances, pas)
    solution = solve_alone(p)
    assert [(r.vehicle, r.assistant) for r in solution.runs] == [("V1", "PA-AUT")]
    assert not validate(p, solution)
    without = solve_alone(replace(p, assistants=tuple(pas[:1])))
    assert not without.runs and without.unplaced[0].reasons[0].code == NO_ASSISTANT


def test_a_problem_of_more_than_one_child_is_refused():
    journeys, durations, distances = school_run([(4.0, 0.0), (5.0, 0.0)])
    with pytest.raises(ValueError):
        solve_alone(problem(journeys, [vehicle("V1")], durations, distances))


@pytest.mark.parametrize("seed", [0, 2, 4, 7, 8, 9])  # seeds where some option can take the child
def test_as_cheap_as_the_search_on_random_one_child_problems(seed):
    rng = random.Random(seed)
    p = random_problem(rng)
    j = replace(next(j for j in p.journeys), group=None, avoid=frozenset())
    p = replace(p, journeys=(j,), ride_cost_per_hour=rng.choice([0.0, 12.0]))
    alone, searched = solve_alone(p), solve(p, seconds=0.2)
    assert not validate(p, alone)
    assert [r.journeys for r in alone.runs] == [r.journeys for r in searched.runs]
    assert alone.runs and price(p, j, alone.runs[0]) <= price(p, j, searched.runs[0]) + 0.01
