"""Continuity: a re-plan keeps children with their vehicle and PA unless moving them saves more
than the change cost."""

from __future__ import annotations

from dataclasses import replace

from tests.optimizer.builders import problem, school_run, vehicle
from transport.optimizer import Assistant, solve, validate
from transport.optimizer.continuity import continuity

SECONDS = 1.0


def solved(p):
    s = solve(p, seconds=SECONDS)
    assert validate(p, s) == []
    return s


def on_one_road(previous_vehicle=None, previous_assistant=None, **journey_fields):
    journeys, dur, dist = school_run([(2, 0), (4, 0), (6, 0)], **journey_fields)
    journeys = [replace(j, previous_vehicle=previous_vehicle, previous_assistant=previous_assistant) for j in journeys]
    return journeys, dur, dist


def test_without_a_previous_plan_the_cheaper_vehicle_wins():
    journeys, dur, dist = on_one_road()
    s = solved(replace(problem(journeys, [vehicle("V1", fixed=20), vehicle("V2", fixed=21)], dur, dist), change_cost=5))
    assert {r.vehicle for r in s.runs} == {"V1"}
    assert continuity(journeys, s.runs).changed == ()


def test_children_stay_on_their_vehicle_when_moving_saves_less_than_the_change_cost():
    journeys, dur, dist = on_one_road(previous_vehicle="V2")
    p = replace(problem(journeys, [vehicle("V1", fixed=20), vehicle("V2", fixed=21)], dur, dist), change_cost=5)
    s = solved(p)
    assert {r.vehicle for r in s.runs} == {"V2"}
    kept = continuity(p.journeys, s.runs)
    assert kept.kept == ("C1", "C2", "C3") and kept.changed == ()


def test_children_move_when_it_saves_more_than_the_change_cost():
    journeys, dur, dist = on_one_road(previous_vehicle="V2")
    p = replace(problem(journeys, [vehicle("V1", fixed=20), vehicle("V2", fixed=40)], dur, dist), change_cost=5)
    s = solved(p)
    assert {r.vehicle for r in s.runs} == {"V1"}
    assert continuity(p.journeys, s.runs).changed == ("C1", "C2", "C3")


def test_the_previous_pa_stays_with_the_children():
    journeys, dur, dist = on_one_road(previous_vehicle="V1", previous_assistant="PA-B", needs_assistant=True)
    pas = [
        Assistant("PA-A", frozenset(), home=0, cost_per_run=10),
        Assistant("PA-B", frozenset(), home=0, cost_per_run=12),
    ]
    fresh = solved(
        problem(
            [replace(j, previous_vehicle=None, previous_assistant=None) for j in journeys],
            [vehicle("V1"), vehicle("V2")],
            dur,
            dist,
            pas,
        )
    )
    assert {r.assistant for r in fresh.runs} == {"PA-A"}
    p = replace(problem(journeys, [vehicle("V1"), vehicle("V2")], dur, dist, pas), change_cost=5)
    s = solved(p)
    assert {(r.vehicle, r.assistant) for r in s.runs} == {("V1", "PA-B")}
    assert continuity(p.journeys, s.runs).changed == ()


def test_a_child_new_to_transport_is_not_counted_as_changed():
    journeys, dur, dist = on_one_road(previous_vehicle="V1")
    journeys[0] = replace(journeys[0], previous_vehicle=None)
    p = replace(problem(journeys, [vehicle("V1"), vehicle("V2")], dur, dist), change_cost=5)
    kept = continuity(p.journeys, solved(p).runs)
    assert kept.kept == ("C2", "C3") and kept.changed == ()
