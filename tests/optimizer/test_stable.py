"""A search started from earlier runs keeps them, times and all, unless a change saves more than
the change cost for each child whose vehicle, PA or time it changes (optimizer/stable.py)."""

from __future__ import annotations

from dataclasses import replace

from tests.optimizer.builders import problem, school_run, vehicle
from transport.optimizer import Run, Solution, solve, validate
from transport.optimizer.stable import trips

HOMES = [(3, 0), (3, 0.5), (3.5, 0.2), (-3, 0), (-3, 0.4), (0, 4), (0.3, 4.2), (0, -4)]


def _council():
    journeys, dur, dist = school_run(HOMES)
    return problem(journeys, [vehicle(f"V{k}", seats=4, fixed=40) for k in range(1, 5)], dur, dist)


def _trips(s: Solution) -> dict:
    return trips(s.runs)


def _earlier(run: Run, seconds: float) -> Run:
    """The same run, every stop and the depot `seconds` earlier (valid, if not the model's choice)."""
    stops = tuple(
        replace(s, arrival=s.arrival - seconds, start=s.start - seconds, departure=s.departure - seconds) for s in run.stops
    )
    return replace(run, stops=stops, leave_depot=run.leave_depot - seconds, return_depot=run.return_depot - seconds)


def test_the_same_problem_started_from_its_answer_changes_nobody():
    p = _council()
    first = solve(p, seconds=1)
    # Times a family has been given, a minute earlier than the model would choose: they are kept.
    given = replace(first, runs=[_earlier(r, 60) for r in first.runs])
    assert validate(p, given) == []
    again = solve(p, seconds=1, start=given.runs, stay_cost=25)
    assert validate(p, again) == []
    assert _trips(again) == _trips(given)


def test_a_child_leaving_changes_only_their_own_run():
    p = _council()
    first = solve(p, seconds=1)
    leaver = "C1"
    smaller = replace(p, journeys=tuple(j for j in p.journeys if j.id != leaver))
    again = solve(smaller, seconds=1, start=first.runs, stay_cost=25)
    assert validate(smaller, again) == []
    their_run = next(r for r in first.runs if leaver in r.journeys).journeys
    before, after = _trips(first), _trips(again)
    untouched = [j for j in before if j not in their_run]
    assert untouched and all(after[j] == before[j] for j in untouched)
    assert set(after) == set(before) - {leaver}


def test_a_saving_above_the_change_cost_is_taken_and_one_below_is_not():
    p = _council()
    # A poor start: each vehicle takes two children from opposite sides of the school.
    pairs = [("C1", "C4"), ("C2", "C5"), ("C6", "C8"), ("C3", "C7")]
    runs = []
    for k, pair in enumerate(pairs, start=1):
        sub = replace(p, journeys=tuple(j for j in p.journeys if j.id in pair), vehicles=(p.vehicles[k - 1],))
        runs += solve(sub, seconds=0.3).runs
    poor = Solution(runs)
    assert validate(p, poor) == []
    cheap = solve(p, seconds=2, start=poor.runs, stay_cost=0.01)
    dear = solve(p, seconds=2, start=poor.runs, stay_cost=10_000)
    assert validate(p, cheap) == [] and validate(p, dear) == []
    assert cheap.cost < poor.cost - 1
    assert _trips(dear) == _trips(poor)
