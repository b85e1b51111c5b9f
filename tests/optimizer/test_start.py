"""Starting from earlier runs: kept where they hold, newcomers placed, stale ones passed over."""

from __future__ import annotations

import sys
from dataclasses import replace

from tests.optimizer.builders import problem, school_run, vehicle
from transport.optimizer import Assistant, solve, validate
from transport.optimizer.crews import crew_options
from transport.optimizer.lns import fill
from transport.optimizer.ortools_model import RoutingModel


def _model(p):
    return RoutingModel(p, crew_options(p), list(p.journeys))


def _read(model, runs):
    """The runs as the model reads them back, or None when none of them holds."""
    assignment = model.read(model.routes_from(runs, {}))
    return None if assignment is None else model.runs(assignment)


def _order(runs):
    return {r.vehicle: [(s.journey, s.kind) for s in r.stops] for r in runs}


def test_earlier_runs_are_read_back_as_they_were():
    journeys, dur, dist = school_run([(2, 0), (4, 0), (0, 3), (0, 5)])
    p = problem(journeys, [vehicle("V1"), vehicle("V2")], dur, dist)
    earlier = solve(p, seconds=0.5)
    # A start the search would not choose: the two vehicles each take one road, in a poor order.
    v1 = replace(earlier.runs[0], vehicle="V1", driver="D-V1")
    runs = [
        replace(v1, stops=tuple(s for s in _stops(earlier, "C1", "C2"))),
        replace(v1, vehicle="V2", driver="D-V2", stops=tuple(_stops(earlier, "C3", "C4"))),
    ]
    model = _model(p)
    read = _read(model, runs)
    assert _order(read) == _order(runs)


def _stops(solution, *ids):
    """Pickups in the given order, then the drop-offs in the same order."""
    stops = {(s.journey, s.kind): s for r in solution.runs for s in r.stops}
    return [stops[(j, "pickup")] for j in ids] + [stops[(j, "dropoff")] for j in ids]


def test_children_gone_are_passed_over_and_newcomers_placed():
    journeys, dur, dist = school_run([(2, 0), (4, 0), (6, 0), (8, 0)])
    monday = problem(journeys[:3], [vehicle("V1"), vehicle("V2")], dur, dist)
    earlier = solve(monday, seconds=0.5)
    tuesday = problem(journeys[1:], [vehicle("V1"), vehicle("V2")], dur, dist)  # C1 off, C4 new
    model = _model(tuesday)
    read = _read(model, earlier.runs)
    kept = [j for r in read for j in r.journeys]
    assert sorted(kept) == ["C2", "C3"]
    s = solve(tuesday, seconds=0.5, start=earlier.runs)
    assert validate(tuesday, s) == []
    assert s.unplaced == []
    assert sorted(j for r in s.runs for j in r.journeys) == ["C2", "C3", "C4"]


def test_runs_that_no_longer_hold_are_not_used():
    journeys, dur, dist = school_run([(2, 0), (-10, 0)], max_ride=45 * 60)
    p = problem(journeys, [vehicle("V1"), vehicle("V2")], dur, dist)
    earlier = solve(p, seconds=0.5)
    # The same runs on a day when the children's limit is 10 minutes: one vehicle each or none.
    strict = problem([replace(j, max_ride=10 * 60) for j in journeys], [vehicle("V1"), vehicle("V2")], dur, dist)
    both = [(r.vehicle, r.journeys) for r in earlier.runs]
    assert any(len(js) == 2 for _, js in both), both  # the earlier plan shared a vehicle
    assert _read(_model(strict), earlier.runs) is None
    s = solve(strict, seconds=0.5, start=earlier.runs)
    assert validate(strict, s) == []
    assert [r.journeys for r in s.runs if len(r.journeys) > 1] == []


def test_a_crew_not_in_this_problem_is_passed_over():
    journeys, dur, dist = school_run([(2, 0), (4, 0)])
    earlier = solve(problem(journeys, [vehicle("V9")], dur, dist), seconds=0.5)
    p = problem(journeys, [vehicle("V1")], dur, dist)
    assert _read(_model(p), earlier.runs) is None
    s = solve(p, seconds=0.5, start=earlier.runs)
    assert s.unplaced == [] and [r.vehicle for r in s.runs] == ["V1"]


def test_children_stay_with_their_crew_when_that_is_worth_more_than_the_saving():
    journeys, dur, dist = school_run([(2, 0), (4, 0)])
    # V2 costs £5 a run more than V1; the start has both children on V2.
    p = problem(journeys, [vehicle("V1", fixed=20), vehicle("V2", fixed=25)], dur, dist)
    earlier = solve(problem(journeys, [vehicle("V2", fixed=25)], dur, dist), seconds=0.5)
    assert [r.vehicle for r in earlier.runs] == ["V2"]
    moved = solve(p, seconds=0.5, start=earlier.runs)
    kept = solve(p, seconds=0.5, start=earlier.runs, stay_cost=10.0)
    assert [r.vehicle for r in moved.runs] == ["V1"]
    assert [r.vehicle for r in kept.runs] == ["V2"]
    assert validate(p, kept) == []


def _no_ortools(monkeypatch):
    """solve() with OR-Tools' model made unusable: any answer came from the search alone."""

    def refuse(*args, **kwargs):
        raise AssertionError("an OR-Tools model was built")

    monkeypatch.setattr(sys.modules["transport.optimizer.solve"], "RoutingModel", refuse)


def test_a_later_day_is_filled_by_the_search_without_an_ortools_model(monkeypatch):
    # Monday's run takes C2 and C3; on Tuesday C4 joins, further out on the same road.
    journeys, dur, dist = school_run([(2, 0), (4, 0), (6, 0), (8, 0)])
    monday = problem(journeys[1:3], [vehicle("V1"), vehicle("V2")], dur, dist)
    earlier = solve(monday, seconds=0.5)
    tuesday = problem(journeys[1:], [vehicle("V1"), vehicle("V2")], dur, dist)
    _no_ortools(monkeypatch)
    s = solve(tuesday, seconds=0.2, start=earlier.runs, stay_cost=10.0)
    assert validate(tuesday, s) == []
    assert s.unplaced == []
    assert sorted(j for r in s.runs for j in r.journeys) == ["C2", "C3", "C4"]


def test_with_pas_and_little_time_the_search_builds_the_first_routes(monkeypatch):
    journeys, dur, dist = school_run([(2, 0), (4, 0), (0, 3)])
    journeys = [replace(journeys[0], needs_assistant=True), *journeys[1:]]
    pa = Assistant("PA1", frozenset(), 0, cost_per_run=25.0)
    p = problem(journeys, [vehicle("V1"), vehicle("V2")], dur, dist, assistants=[pa])
    _no_ortools(monkeypatch)
    s = solve(p, seconds=0.5)
    assert validate(p, s) == []
    assert s.unplaced == []
    assert [r.assistant for r in s.runs if "C1" in r.journeys] == ["PA1"]


def test_a_start_that_holds_nothing_is_left_to_ortools():
    journeys, dur, dist = school_run([(2, 0), (4, 0)])
    earlier = solve(problem(journeys, [vehicle("V9")], dur, dist), seconds=0.5)
    p = problem(journeys, [vehicle("V1")], dur, dist)
    assert fill(p, crew_options(p), list(p.journeys), earlier.runs) is None
    s = solve(p, seconds=0.2, start=earlier.runs)
    assert s.unplaced == [] and [r.vehicle for r in s.runs] == ["V1"]
