"""Reasons a child is not placed: a code for programs, the figures behind the words, and the
plain English a planner reads."""

from dataclasses import replace

from transport.optimizer import SEATS, WHEELCHAIRS, Assistant, Window, solve
from transport.optimizer.explain import (
    NO_ASSISTANT,
    NO_ROOM,
    NO_TIME,
    SQUEEZED_OUT,
    TOO_FAR,
)

from .builders import BELL, problem, school_run, vehicle


def _reason(solution):
    (unplaced,) = solution.unplaced
    (reason,) = unplaced.reasons
    return reason


def test_no_room_names_the_space_needed():
    journeys, dur, dist = school_run([(2, 0)])
    journeys[0] = replace(journeys[0], load={WHEELCHAIRS: 1, SEATS: 0})
    reason = _reason(solve(problem(journeys, [vehicle("CAR")], dur, dist), seconds=1))
    assert (reason.code, reason.data) == (NO_ROOM, {"seats": 0, "wheelchairs": 1, "assistant": False})
    assert str(reason) == reason.text == "no available vehicle has a wheelchair space"


def test_too_far_gives_the_direct_minutes_and_the_limit():
    journeys, dur, dist = school_run([(30, 0)], max_ride=45 * 60)
    reason = _reason(solve(problem(journeys, [vehicle()], dur, dist), seconds=1))
    assert (reason.code, reason.data) == (TOO_FAR, {"direct_minutes": 60, "limit_minutes": 45})


def test_a_missing_skill_names_the_skills():
    journeys, dur, dist = school_run([(2, 0)], skills=frozenset({"tracheostomy_care", "autism"}))
    pas = [Assistant("PA1", frozenset({"autism"}), home=0)]
    reason = _reason(solve(problem(journeys, [vehicle()], dur, dist, pas), seconds=1))
    assert (reason.code, reason.data) == (NO_ASSISTANT, {"skills": ["autism", "tracheostomy_care"]})


def test_no_time_and_squeezed_out_are_told_apart():
    journeys, dur, dist = school_run([(2, 0)])
    late_starter = vehicle("V1", available=Window(BELL, 19 * 3600))
    assert _reason(solve(problem(journeys, [late_starter], dur, dist), seconds=1)).code == NO_TIME
    journeys, dur, dist = school_run([(5, 0), (-5, 0)], max_ride=15 * 60)
    assert _reason(solve(problem(journeys, [vehicle("V1")], dur, dist), seconds=1)).code == SQUEEZED_OUT
