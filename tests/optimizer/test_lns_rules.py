"""The ruin-and-recreate search keeps the council's rules (transport/optimizer/lns/arrays.py):
crews (a PA with the skills, one option per vehicle and per PA carrying children), travelling
alone, must-not-travel-with, continuity, and the price of children's time on board. Each problem
is one where breaking the rule would be cheaper; random ones with every rule at once must come
back valid."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tests.optimizer.builders import BELL, problem, random_problem, school_run, vehicle
from tests.optimizer.test_lns import FAST, as_solution
from tests.optimizer.test_lns_siblings import declared
from transport.optimizer import SEATS, WHEELCHAIRS, Assistant, Layout, Window, lns, validate
from transport.optimizer.crews import crew_options
from transport.optimizer.lns.schedule import least_schedule, ride_schedule
from transport.optimizer.siblings import combine, untangle


def searched(p, seconds=0.3, seed=1):
    """The search's runs from nothing, checked by the validator."""
    journeys = list(p.journeys)
    options = crew_options(p)
    assert lns.supports(p, options, journeys)
    runs = lns.improve(p, options, journeys, [], seconds, seed=seed) or []
    assert validate(p, as_solution(p, runs)) == []
    return runs


def crews(runs):
    return {jid: (r.vehicle, r.layout, r.assistant) for r in runs for jid in r.journeys}


def ride_seconds(runs):
    total = 0.0
    for r in runs:
        on = {}
        for s in r.stops:
            if s.kind == "pickup":
                on[s.journey] = s.departure
            else:
                total += s.start - on[s.journey]
    return total


def test_a_child_needing_a_trained_pa_gets_one_though_none_would_be_cheaper():
    journeys, durations, distances = school_run([(3.0, 0.0)])
    journeys = [replace(journeys[0], skills=frozenset({"epilepsy_medication"}))]
    pa = Assistant("PA1", frozenset({"epilepsy_medication"}), home=0, cost_per_run=40.0)
    p = replace(problem(journeys, [vehicle("V1")], durations, distances, [pa]), wide_crews=True)
    runs = searched(p)
    assert crews(runs) == {"C1": ("V1", "4+0", "PA1")}
    assert runs[0].cost > 40.0  # the PA's cost per run is counted


def test_a_pa_without_the_skill_does_not_count():
    journeys, durations, distances = school_run([(3.0, 0.0), (3.0, 0.5)])
    journeys = [replace(journeys[0], skills=frozenset({"autism"})), journeys[1]]
    pas = [Assistant("PA1", frozenset({"behaviour"}), home=0), Assistant("PA2", frozenset({"autism"}), home=0, cost_per_run=30.0)]
    p = replace(problem(journeys, [vehicle("V1"), vehicle("V2")], durations, distances, pas), wide_crews=True)
    runs = searched(p)
    assert crews(runs)["C1"][2] == "PA2"


def test_one_vehicle_carries_children_in_one_layout_only():
    # V1 is cheap in either layout but cannot be in both at once: the wheelchair user and three
    # others go together on the dear V2 (or V1 takes what one layout holds and V2 the rest).
    journeys, durations, distances = school_run([(3.0, 0.0), (3.0, 0.2), (3.0, 0.4), (3.0, 0.6)])
    journeys[0] = replace(journeys[0], load={WHEELCHAIRS: 1, SEATS: 0})
    v1 = vehicle("V1", fixed=5.0, layouts=(Layout("3+0", {SEATS: 3, WHEELCHAIRS: 0}), Layout("0+1", {SEATS: 0, WHEELCHAIRS: 1})))
    v2 = vehicle("V2", seats=4, wheelchairs=1, fixed=100.0)
    runs = searched(problem(journeys, [v1, v2], durations, distances))
    assert len({c for c in crews(runs).values()}) == len(runs)
    assert len([r for r in runs if r.vehicle == "V1"]) <= 1
    assert len(crews(runs)) == 4


def test_one_pa_crews_one_run_at_a_time():
    # One PA, two vehicles each with room for one child beside her, two children needing a PA at
    # the same time far apart: only one can go.
    journeys, durations, distances = school_run([(6.0, 0.0), (-6.0, 0.0)], needs_assistant=True)
    pa = Assistant("PA1", frozenset(), home=0)
    p = replace(problem(journeys, [vehicle("V1", seats=2), vehicle("V2", seats=2)], durations, distances, [pa]), wide_crews=True)
    p = replace(p, journeys=tuple(replace(j, pickup_window=Window(BELL - 20 * 60, BELL - 15 * 60)) for j in p.journeys))
    runs = searched(p)
    assert len(crews(runs)) == 1 and [r.assistant for r in runs] == ["PA1"]


def test_a_child_who_travels_alone_shares_the_vehicle_with_nobody():
    journeys, durations, distances = school_run([(3.0, 0.0), (3.0, 0.1)])
    journeys[0] = replace(journeys[0], travel_alone=True)
    runs = searched(problem(journeys, [vehicle("V1"), vehicle("V2", fixed=60.0)], durations, distances))
    assert len(crews(runs)) == 2
    for r in runs:
        if "C1" in r.journeys:
            picked = next(s.departure for s in r.stops if s.journey == "C1" and s.kind == "pickup")
            dropped = next(s.start for s in r.stops if s.journey == "C1" and s.kind == "dropoff")
            assert all(not (picked < s.start < dropped) for s in r.stops if s.journey != "C1")


def test_children_who_must_not_travel_together_never_share_a_run():
    journeys, durations, distances = school_run([(3.0, 0.0), (3.0, 0.1)])
    journeys[0] = replace(journeys[0], avoid=frozenset({"C2"}))
    runs = searched(problem(journeys, [vehicle("V1"), vehicle("V2", fixed=60.0)], durations, distances))
    assert len(runs) == 2 and len(crews(runs)) == 2


def test_a_child_stays_with_their_previous_vehicle_where_the_change_costs_more_than_it_saves():
    journeys, durations, distances = school_run([(3.0, 0.0)])
    journeys = [replace(journeys[0], previous_vehicle="V2")]
    p = problem(journeys, [vehicle("V1", fixed=10.0), vehicle("V2", fixed=30.0)], durations, distances)
    assert crews(searched(p))["C1"][0] == "V1"  # no change cost: the cheaper vehicle
    assert crews(searched(replace(p, change_cost=50.0)))["C1"][0] == "V2"


def test_the_runs_pick_children_up_late_instead_of_waiting_on_board():
    # Pickups open from long before the bell: at the earliest schedule the child waits at school;
    # the runs keep the schedule of least ride, priced or not, for the same money.
    journeys, durations, distances = school_run([(5.0, 0.0)], max_ride=90 * 60)
    journeys = [replace(journeys[0], pickup_window=Window(6 * 3600, BELL - 120))]
    p = problem(journeys, [vehicle("V1")], durations, distances)
    direct = durations[2][1]
    a = lns.arrays.build(p, crew_options(p), journeys)
    t, pos = np.zeros(6), np.zeros(1, dtype=np.int64)
    assert least_schedule(a.inst, np.array([0, 1]), 2, 0, t, pos)
    assert t[2] - (t[1] + 120) > direct + 30 * 60
    assert ride_schedule(a.inst, np.array([0, 1]), 2, 0, t, pos) <= direct + 1.0
    unpriced = searched(p)
    priced = searched(replace(p, ride_cost_per_hour=6.0))
    assert ride_seconds(unpriced) <= direct + 1.0 and ride_seconds(priced) <= direct + 1.0
    assert sum(r.cost for r in priced) == sum(r.cost for r in unpriced)


def test_ride_time_is_worth_another_vehicle_when_the_council_says_so():
    # Two children in opposite directions from the school: one vehicle collecting both makes the
    # first ride long; at a high enough price for ride time, two vehicles win.
    journeys, durations, distances = school_run([(5.0, 0.0), (-5.0, 0.0)], max_ride=90 * 60)
    p = problem(journeys, [vehicle("V1", fixed=5.0), vehicle("V2", fixed=5.0)], durations, distances)
    assert len(searched(p)) == 1
    runs = searched(replace(p, ride_cost_per_hour=200.0))
    assert len(runs) == 2
    priced = replace(p, ride_cost_per_hour=200.0)
    options = crew_options(priced)
    a = lns.arrays.build(priced, options, list(priced.journeys))
    assert abs(lns.value_of(a, runs) - (sum(r.cost for r in runs) + 200.0 / 3600 * ride_seconds(runs))) < 1e-6


def council_like(seed: int):
    """A random morning with PAs, skills, layouts, travel alone, must-not-travel-with, siblings
    (combined as solve() combines them), previous crews and a price on ride time."""
    rng = random.Random(seed)
    p = random_problem(rng)
    journeys = list(p.journeys)
    vehicles = [v.id for v in p.vehicles]
    if rng.random() < 0.5:
        journeys = [replace(j, previous_vehicle=rng.choice(vehicles)) if rng.random() < 0.5 else j for j in journeys]
    p = replace(p, journeys=untangle(tuple(journeys)), change_cost=rng.choice([0.0, 30.0]))
    combined, members = combine(p.journeys)
    p = replace(
        p,
        journeys=tuple(combined),
        ride_cost_per_hour=rng.choice([0.0, 3.0, 30.0]),
        wide_crews=rng.random() < 0.5,
    )
    return p, {cid: c.members for cid, c in members.items()}


@FAST
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_random_council_problems_come_back_within_every_rule(seed):
    p, members = council_like(seed)
    options = crew_options(p)
    if not options:
        return
    runs = lns.improve(p, options, list(p.journeys), [], 0.2, seed=seed % 1000, members=members) or []
    assert validate(p, declared(p, runs)) == []
