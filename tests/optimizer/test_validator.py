"""The validator catches each broken rule: start from a valid answer, break one thing, look."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.optimizer.builders import problem, school_run, vehicle
from transport.optimizer import (
    SEATS,
    WHEELCHAIRS,
    Assistant,
    Layout,
    Reason,
    Solution,
    Unplaced,
    Window,
    solve,
    validate,
)


@pytest.fixture(scope="module")
def planned():
    """Three children, a PA with epilepsy training for C1, one minibus; solved and valid."""
    journeys, dur, dist = school_run([(2, 0), (3, 0), (4, 0)])
    journeys[0] = replace(journeys[0], needs_assistant=True, skills=frozenset({"epilepsy_medication"}))
    pa = Assistant("PA1", frozenset({"epilepsy_medication"}), home=0, cost_per_run=25)
    bus = vehicle("V1", layouts=(Layout("4+0", {SEATS: 4, WHEELCHAIRS: 0}), Layout("2+1", {SEATS: 2, WHEELCHAIRS: 1})))
    p = problem(journeys, [bus, vehicle("V2")], dur, dist, [pa])
    s = solve(p, seconds=1)
    assert validate(p, s) == [] and s.unplaced == [] and len(s.runs) == 1
    return p, s


def broken(planned, change_problem=None, change_run=None, change_solution=None) -> list[str]:
    p, s = planned
    if change_problem:
        p = change_problem(p)
    if change_run:
        s = replace(s, runs=[change_run(s.runs[0])])
    if change_solution:
        s = change_solution(s)
    return validate(p, s)


def with_journey(p, jid, **changes):
    return replace(p, journeys=tuple(replace(j, **changes) if j.id == jid else j for j in p.journeys))


def first_ride(p, s) -> tuple[str, float]:
    jid, ride = next(iter(s.ride_times().items()))
    return jid, ride


def test_ride_over_the_limit(planned):
    p, s = planned
    jid, ride = first_ride(p, s)
    errors = broken(planned, change_problem=lambda p: with_journey(p, jid, max_ride=ride - 60))
    assert any("over the" in e and jid in e for e in errors)


def test_outside_time_window(planned):
    p, s = planned
    errors = broken(planned, change_problem=lambda p: with_journey(p, "C3", dropoff_window=Window(0, 3600)))
    assert any("C3 dropoff" in e and "outside its window" in e for e in errors)


def test_over_capacity(planned):
    errors = broken(planned, change_run=lambda r: replace(r, layout="2+1"))
    assert any("over capacity in seats" in e for e in errors)


def test_assistant_takes_a_seat(planned):
    p, s = planned
    small = replace(p.vehicles[0], layouts=(Layout("4+0", {SEATS: 3, WHEELCHAIRS: 0}),))
    errors = broken(planned, change_problem=lambda p: replace(p, vehicles=(small, *p.vehicles[1:])))
    assert any("over capacity in seats (4 > 3)" in e for e in errors)


def test_pa_without_the_skill(planned):
    unskilled = Assistant("PA1", frozenset({"autism"}), home=0, cost_per_run=25)
    errors = broken(planned, change_problem=lambda p: replace(p, assistants=(unskilled,)))
    assert any("lacks epilepsy_medication needed by C1" in e for e in errors)


def test_no_pa_on_board(planned):
    errors = broken(planned, change_run=lambda r: replace(r, assistant=None, cost=r.cost - 25))
    assert any("C1 needs a PA" in e for e in errors)


def test_travel_alone(planned):
    errors = broken(planned, change_problem=lambda p: with_journey(p, "C2", travel_alone=True))
    assert any("C2 must travel alone" in e for e in errors)


def test_must_not_travel_with(planned):
    def pair(p):
        p = with_journey(p, "C1", avoid=frozenset({"C3"}))
        return p

    errors = broken(planned, change_problem=pair)
    assert any("C1 and C3 must not travel together" in e for e in errors)


def test_siblings_split(planned):
    def siblings(p):
        p = with_journey(p, "C1", group="S")
        return with_journey(p, "C2", group="S")

    def take_off_c2(s):
        run = s.runs[0]
        return replace(
            s,
            runs=[replace(run, stops=tuple(x for x in run.stops if x.journey != "C2"))],
            unplaced=[Unplaced("C2", (Reason("x", "x"),))],
        )

    errors = broken(planned, change_problem=siblings, change_solution=take_off_c2)
    assert any("siblings of group S are split" in e for e in errors)


def test_vehicle_hours_and_longest_run(planned):
    p, s = planned
    run = s.runs[0]
    v = replace(
        p.vehicles[0], available=Window(run.leave_depot + 60, 20 * 3600), max_duration=run.return_depot - run.leave_depot - 60
    )
    errors = broken(planned, change_problem=lambda p: replace(p, vehicles=(v, *p.vehicles[1:])))
    assert any("before the vehicle is available" in e for e in errors)
    assert any("longest run" in e for e in errors)


def test_driving_faster_than_the_matrix(planned):
    def faster(r):
        s0 = r.stops[0]
        return replace(r, stops=(replace(s0, arrival=r.leave_depot + 1, start=max(s0.start, r.leave_depot + 1)), *r.stops[1:]))

    errors = broken(planned, change_run=faster)
    assert any("sooner than the drive allows" in e for e in errors)


def test_vehicle_on_two_runs_at_once(planned):
    errors = broken(planned, change_solution=lambda s: replace(s, runs=[s.runs[0], replace(s.runs[0], stops=())]))
    assert any("vehicle V1 is on two runs at once" in e for e in errors)


def test_child_left_out_without_a_reason_or_twice(planned):
    p, s = planned
    assert any(
        "C2 is neither placed" in e
        for e in broken(planned, change_run=lambda r: replace(r, stops=tuple(x for x in r.stops if x.journey != "C2")))
    )
    assert any(
        "C2 appears 2 times" in e
        for e in broken(planned, change_solution=lambda s: replace(s, unplaced=[Unplaced("C2", (Reason("x", "x"),))]))
    )


def test_cost_must_match_the_rates(planned):
    errors = broken(planned, change_run=lambda r: replace(r, cost=r.cost - 5))
    assert any("the rates give" in e for e in errors)


def test_unplaced_needs_a_reason():
    journeys, dur, dist = school_run([(2, 0)])
    p = problem(journeys, [vehicle()], dur, dist)
    assert validate(p, Solution([], [Unplaced("C1", ())])) == ["C1 is unplaced without a reason"]
