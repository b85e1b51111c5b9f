"""A search started from earlier runs keeps them, times and all, unless a change saves more than
the change cost for each child whose vehicle, PA or time it changes (optimizer/stable.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.optimizer.builders import SPEED, problem, school_run, vehicle
from transport.optimizer import Assistant, Run, Solution, lns, solve, stable, validate
from transport.optimizer.crews import crew_options
from transport.optimizer.runs import build_run
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


# The ruin-and-recreate search runs from the runs started from too, at the same stay price.

SEARCHED = 1.5
"""Seconds: enough that the search runs after the model is built (solve.LNS_LEAST)."""


@pytest.fixture
def searches(monkeypatch):
    """The stays each ruin-and-recreate search was given (the search itself runs as ever)."""
    seen: list = []
    real = lns.improve

    def improve(*args, **kwargs):
        seen.append(args[7] if len(args) > 7 else kwargs.get("stay"))
        return real(*args, **kwargs)

    monkeypatch.setattr(lns, "improve", improve)
    return seen


def _with_assistants():
    """Children needing a PA trained in autism among others: the search handles the PA pool."""
    journeys, dur, dist = school_run(HOMES)
    journeys = [
        replace(j, needs_assistant=True, skills=frozenset({"autism"})) if k % 3 == 0 else j for k, j in enumerate(journeys)
    ]
    pas = [Assistant(f"PA{k}", frozenset({"autism"}), home=0) for k in range(1, 3)]
    return problem(journeys, [vehicle(f"V{k}", seats=4, fixed=40) for k in range(1, 5)], dur, dist, pas)


def test_the_search_runs_from_a_start_at_the_stay_price(searches):
    p = _with_assistants()
    first = solve(p, seconds=SEARCHED)
    assert validate(p, first) == [] and first.unplaced == []
    searches.clear()
    again = solve(p, seconds=SEARCHED, start=first.runs, stay_cost=25)
    assert validate(p, again) == []
    assert len(searches) == 1
    stay = searches[0]
    assert stay.cost == 25 and stay.crews == {j: (v, pa) for j, (v, pa, _, _) in _trips(first).items()}


def test_resolving_from_its_own_answer_changes_no_vehicle_crew_or_time(searches):
    p = _with_assistants()
    first = solve(p, seconds=SEARCHED)
    again = solve(p, seconds=SEARCHED, start=first.runs, stay_cost=25)
    assert searches and validate(p, again) == []
    assert _trips(again) == _trips(first)


def test_a_newcomer_moves_only_the_run_they_join(searches):
    p = _council()
    newcomer = "C8"
    without = replace(p, journeys=tuple(j for j in p.journeys if j.id != newcomer))
    first = solve(without, seconds=SEARCHED)
    again = solve(p, seconds=SEARCHED, start=first.runs, stay_cost=25)
    assert searches and validate(p, again) == [] and again.unplaced == []
    before, after = _trips(first), _trips(again)
    joined = next(r for r in again.runs if newcomer in r.journeys).journeys
    untouched = [j for j in before if j not in joined]
    assert untouched and all(after[j] == before[j] for j in untouched)


def test_a_leaver_moves_only_their_own_run_with_the_search(searches):
    p = _council()
    first = solve(p, seconds=SEARCHED)
    leaver = "C1"
    smaller = replace(p, journeys=tuple(j for j in p.journeys if j.id != leaver))
    again = solve(smaller, seconds=SEARCHED, start=first.runs, stay_cost=25)
    assert searches and validate(smaller, again) == []
    their_run = next(r for r in first.runs if leaver in r.journeys).journeys
    before, after = _trips(first), _trips(again)
    assert all(after[j] == before[j] for j in before if j not in their_run)
    assert set(after) == set(before) - {leaver}


def _stored(run: Run) -> Run:
    """The run as the plan's store gives it back: every time to the nearest second."""
    stops = tuple(replace(s, arrival=round(s.arrival), start=round(s.start), departure=round(s.departure)) for s in run.stops)
    return replace(run, stops=stops, leave_depot=round(run.leave_depot), return_depot=round(run.return_depot))


def test_a_run_read_back_from_the_store_keeps_its_times():
    """Rounded to the second, a drop-off due at the bell falls a fraction of a second after it;
    the stored times still stand for the run as it was, and a re-plan keeps them."""
    journeys, dur, dist = school_run([(120.4 * SPEED / 1000, 0)])
    p = problem(journeys, [vehicle("V1")], dur, dist)
    j = journeys[0]
    pickup = j.dropoff_window.latest - j.pickup_service - dur[2][1]  # reaching school at the bell
    option = crew_options(p)[0]
    run = build_run(
        p,
        option,
        pickup - dur[0][2],
        [(j.id, "pickup", 2, pickup, j.pickup_service), (j.id, "dropoff", 1, j.dropoff_window.latest, j.dropoff_service)],
    )
    assert validate(p, Solution([run])) == []
    stored = _stored(run)
    assert validate(p, Solution([stored])) != []  # at the stored times it breaks the window
    again = solve(p, seconds=0.5, start=[stored], stay_cost=25)
    assert validate(p, again) == []
    (after,) = again.runs
    assert [round(s.start) for s in after.stops] == [s.start for s in stored.stops]


def test_a_child_on_a_spot_hire_is_taken_onto_the_fleet_only_where_that_is_worth_the_changes():
    """A child the runs started from carry on a vehicle this problem does not have (the previous
    plan's spot hire) keeps it unless taking them in is worth the changes to the others; a child
    new to the runs is taken in whatever it changes."""
    journeys, dur, dist = school_run([(3, 0), (3.3, 0.2), (3.6, 0), (-3.2, 0.4)])
    p = problem(journeys, [vehicle("V1", seats=4, fixed=40)], dur, dist)
    first = solve(replace(p, journeys=p.journeys[:3]), seconds=0.5)
    everyone = solve(p, seconds=0.5)
    assert everyone.unplaced == [] and any(_trips(everyone)[j] != t for j, t in _trips(first).items())
    hired = replace(solve(replace(p, journeys=p.journeys[3:]), seconds=0.3).runs[0], vehicle="spot:1", driver=None)
    weight = {j.id: 1 for j in p.journeys}
    on_hire = stable.choose(p, list(p.journeys), first.runs, everyone.runs, [*first.runs, hired], {}, 25, weight)
    assert on_hire.runs == first.runs and on_hire.changed == 0
    new = stable.choose(p, list(p.journeys), first.runs, everyone.runs, first.runs, {}, 25, weight)
    assert new.runs == everyone.runs
