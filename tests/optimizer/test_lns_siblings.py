"""The ruin-and-recreate search keeps siblings as the OR-Tools model does (lns/siblings.py):
on one route where one can take them all, all on board before any is set down, collected (or
set down) one after another at a shared place; where no route takes them together each is
placed and the plan says why; must-not-travel-with wins. The validator judges every answer."""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np

from tests.optimizer.builders import BELL, matrices, problem, vehicle
from tests.optimizer.test_siblings import _on_board_together, _two_schools
from transport.optimizer import Journey, Reason, Solution, Unplaced, Window, lns, solve, validate
from transport.optimizer.crews import crew_options
from transport.optimizer.explain import SIBLINGS_APART
from transport.optimizer.lns import arrays
from transport.optimizer.lns.schedule import least_schedule
from transport.optimizer.lns.siblings import together
from transport.optimizer.runs import build_run
from transport.optimizer.siblings import split_groups

SEARCHED = 3.0
"""Seconds for solve(): enough that the search runs (solve.LNS_LEAST) once the model is built."""


def declared(p, runs) -> Solution:
    """The search's runs as a solution, siblings on different runs listed as travelling apart."""
    on = {jid for r in runs for jid in r.journeys}
    s = Solution(list(runs), [Unplaced(j.id, (Reason("left_out", "left out"),)) for j in p.journeys if j.id not in on])
    split = split_groups(s, p.journeys) & on
    return replace(s, apart=[Unplaced(jid, (Reason(SIBLINGS_APART, "apart"),)) for jid in sorted(split)])


def searched(p, seconds=0.3, seed=1):
    options, journeys = crew_options(p), list(p.journeys)
    assert lns.supports(p, options, journeys)
    runs = lns.improve(p, options, journeys, [], seconds, seed=seed) or []
    assert validate(p, declared(p, runs)) == []
    return runs


def run_of(runs, jid):
    return next(r for r in runs if jid in r.journeys)


def test_siblings_at_two_schools_go_together_and_ride_together():
    p = _two_schools(school_b=(1, 0))  # school B a kilometre past school A
    runs = searched(p)
    assert "B1" in run_of(runs, "A1").journeys
    assert _on_board_together(Solution(runs), "A1", "B1")


def test_the_search_takes_siblings_parts_and_keeps_them_together(caplog):
    p = _two_schools(school_b=(1, 0))
    with caplog.at_level(logging.INFO, logger="transport.optimizer.solve"):
        s = solve(p, seconds=SEARCHED)
    assert "ruin-and-recreate search" in caplog.text
    assert validate(p, s) == [] and s.unplaced == [] and s.apart == []
    assert _on_board_together(s, "A1", "B1")


def test_siblings_no_route_can_take_together_are_each_placed_with_the_reason(caplog):
    # School B is 18 km the other way from school A at the same bell: no run takes both in 45 minutes.
    p = _two_schools(school_b=(4, -18))
    runs = searched(p)
    assert run_of(runs, "A1") is not run_of(runs, "B1")
    with caplog.at_level(logging.INFO, logger="transport.optimizer.solve"):
        s = solve(p, seconds=SEARCHED)
    assert "ruin-and-recreate search" in caplog.text
    assert validate(p, s) == [] and s.unplaced == []
    assert sorted(a.journey for a in s.apart) == ["A1", "B1"]
    assert all(a.reasons[0].code == SIBLINGS_APART for a in s.apart)


def test_must_not_travel_with_wins_over_siblings():
    p = _two_schools(school_b=(1, 0))
    journeys = [replace(j, avoid=frozenset({"B1"})) if j.id == "A1" else j for j in p.journeys]
    p = replace(p, journeys=tuple(journeys))
    s = solve(p, seconds=SEARCHED)
    assert validate(p, s) == [] and s.unplaced == []
    assert "B1" not in next(r for r in s.runs if "A1" in r.journeys).journeys
    assert s.apart == []  # the group is not held together, so nobody is travelling apart from it


def _one_home_two_schools(two_homes: bool = False):
    """Siblings at one home (place 2) for school A (place 1) and school B (place 3, its bell
    half an hour later), so they cannot be combined into one journey; the depot is place 0.
    `two_homes`: B1 lives next door (place 4), so nothing ties their pickup times."""
    dur, dist = matrices([(0, 0), (0, 0), (4, 0), (1, 0), (4, 0.1)])

    def journey(jid: str, home: int, school: int, bell: float, board: float) -> Journey:
        window = Window(bell - 15 * 60, bell)
        return Journey(jid, home, school, Window(BELL - 90 * 60, BELL - 120), window, 60 * 60, board, 60, group="F")

    journeys = [journey("A1", 2, 1, BELL, 300), journey("B1", 4 if two_homes else 2, 3, BELL + 30 * 60, 120)]
    return problem(journeys, [vehicle("V1")], dur, dist)


def test_the_search_refuses_siblings_not_riding_together():
    # A1 set down at school A before B1 is collected: never on board together.
    apart = np.array([0, 2, 1, 3])
    t, pos = np.zeros(8), np.zeros(4, dtype=np.int64)
    next_door = _one_home_two_schools(two_homes=True)
    a = arrays.build(next_door, crew_options(next_door), list(next_door.journeys))
    assert least_schedule(a.inst, apart, 4, 0, t, pos)  # the times alone would hold
    assert not together(a.inst, apart, 4)
    assert together(a.inst, np.array([0, 1, 2, 3]), 4)
    assert lns.state(a, [_timed(next_door, apart)])[1].sum() == 0  # not read back as a route
    one_home = _one_home_two_schools()
    a = arrays.build(one_home, crew_options(one_home), list(one_home.journeys))
    assert not least_schedule(a.inst, apart, 4, 0, t, pos)  # B1 collected 20 minutes after A1


def test_siblings_at_one_home_are_collected_one_after_the_other():
    p = _one_home_two_schools()
    a = arrays.build(p, crew_options(p), list(p.journeys))
    t, pos = np.zeros(8), np.zeros(4, dtype=np.int64)
    assert least_schedule(a.inst, np.array([0, 1, 2, 3]), 4, 0, t, pos)
    gap = a.inst[22][0]
    assert gap == 60 + 300 + 120  # SIBLING_GAP and the boarding of both, as the OR-Tools model holds it
    assert t[2] - t[1] <= gap + 1e-6
    runs = searched(p)
    stops = {(s.journey, s.kind): s for s in runs[0].stops}
    assert abs(stops[("A1", "pickup")].start - stops[("B1", "pickup")].start) <= gap + 1e-6


def _timed(p, route):
    """The route's stops on the problem's only vehicle, at the search's earliest schedule."""
    o = crew_options(p)[0]
    a = arrays.build(p, [o], list(p.journeys))
    t, pos = np.zeros(8), np.zeros(4, dtype=np.int64)
    assert least_schedule(a.inst, route, len(route), 0, t, pos)
    visits = []
    for k, node in enumerate(route):
        j = p.journeys[node % 2]
        pickup = node < 2
        service = j.pickup_service if pickup else j.dropoff_service
        visits.append((j.id, "pickup" if pickup else "dropoff", j.pickup if pickup else j.dropoff, float(t[k + 1]), service))
    return build_run(p, o, float(t[0]), visits)


def test_the_validator_rejects_siblings_set_down_before_the_other_is_collected():
    p = _one_home_two_schools(two_homes=True)
    errors = validate(p, Solution([_timed(p, np.array([0, 2, 1, 3]))]))
    assert any("never all on board together" in e for e in errors), errors
    assert validate(p, Solution([_timed(p, np.array([0, 1, 2, 3]))])) == []
