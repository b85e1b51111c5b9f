"""Which PAs are offered on which vehicles: in a problem of children left over, a spare PA with the
training is offered on every vehicle that might carry the child, not only on those nearest home."""

from __future__ import annotations

from dataclasses import replace

from tests.optimizer.builders import matrices, problem, school_run, vehicle
from transport.optimizer import Assistant, Window, solve, validate
from transport.optimizer.crews import crew_options


def _county() -> tuple:
    """One child near the school needs an epilepsy-trained PA. V1's depot is by the school; V2's
    is 60 km away and it starts at 08:00, too late to reach the child by the bell. The only epilepsy-trained PA lives by V2's
    depot, the autism-trained one by V1's."""
    journeys, _, _ = school_run([(1.0, 0.0)], skills=frozenset({"epilepsy_medication"}))
    far = 3  # a place 60 km away: V2's depot and the epilepsy PA's home
    durations, distances = matrices([(0.0, 0.0), (0.0, 0.0), (1.0, 0.0), (60.0, 0.0)])
    v1 = vehicle("V1")
    v2 = replace(vehicle("V2", available=Window(8 * 3600, 19 * 3600)), start=far, end=far)
    pas = [Assistant("PA-A", frozenset({"autism"}), 0), Assistant("PA-E", frozenset({"epilepsy_medication"}), far)]
    return problem(journeys, [v1, v2], durations, distances, pas)


def test_nearest_offers_leave_a_trained_pa_on_a_vehicle_that_cannot_reach_the_child():
    narrow = _county()
    offered = {(o.vehicle.id, o.assistant.id) for o in crew_options(narrow) if o.assistant}
    assert ("V1", "PA-E") not in offered
    assert solve(narrow, seconds=1).unplaced


def test_wide_offers_put_the_trained_pa_on_the_vehicle_that_can_reach_the_child():
    wide = replace(_county(), wide_crews=True)
    offered = {(o.vehicle.id, o.assistant.id) for o in crew_options(wide) if o.assistant}
    assert ("V1", "PA-E") in offered
    solution = solve(wide, seconds=1)
    assert not solution.unplaced
    assert [(r.vehicle, r.assistant) for r in solution.runs] == [("V1", "PA-E")]
    assert validate(wide, solution) == []


def test_wide_offers_stay_few_per_vehicle_and_reach_every_pa():
    """Each vehicle gets at most PAS_PER_VEHICLE PAs; PAs no child needs are offered nowhere."""
    journeys, durations, distances = school_run([(1.0, 0.0), (2.0, 0.0), (0.0, 1.0)], skills=frozenset({"autism"}))
    pas = [Assistant(f"PA{i}", frozenset({"autism"}), 0) for i in range(6)] + [Assistant("PA-D", frozenset({"diabetes"}), 0)]
    wide = replace(problem(journeys, [vehicle(f"V{i}") for i in range(4)], durations, distances, pas), wide_crews=True)
    options = [o for o in crew_options(wide) if o.assistant]
    per_vehicle = {v: {o.assistant.id for o in options if o.vehicle.id == v} for v in ("V0", "V1", "V2", "V3")}
    assert all(len(crew) == 1 for crew in per_vehicle.values())  # one autism PA covers every need
    assert len(set().union(*per_vehicle.values())) == 4  # spread over the PAs, not all the same one
    assert "PA-D" not in {o.assistant.id for o in options}
