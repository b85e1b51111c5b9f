"""The solver on small problems whose right answer is clear."""

from __future__ import annotations

from dataclasses import replace

from tests.optimizer.builders import BELL, problem, school_run, vehicle
from transport.optimizer import (
    SEATS,
    WHEELCHAIRS,
    Assistant,
    Layout,
    Window,
    solve,
    validate,
)

SECONDS = 1.0


def solved(p):
    s = solve(p, seconds=SECONDS)
    assert validate(p, s) == []
    return s


def test_children_on_one_road_share_one_vehicle():
    journeys, dur, dist = school_run([(2, 0), (4, 0), (6, 0)])
    p = problem(journeys, [vehicle("V1"), vehicle("V2")], dur, dist)
    s = solved(p)
    assert s.unplaced == []
    assert len(s.runs) == 1
    # Furthest first on the way in: 6 km out, back to the school, 12 km in all.
    assert [st.journey for st in s.runs[0].stops if st.kind == "pickup"] == ["C3", "C2", "C1"]
    assert abs(s.runs[0].distance - 12_000) < 1


def test_ride_limit_splits_children_who_live_apart():
    # Two homes 10 km either side of the school: one vehicle would carry the first child 20 km
    # past the school (40 min at 30 km/h) over their 30-minute limit.
    journeys, dur, dist = school_run([(10, 0), (-10, 0)], max_ride=30 * 60)
    p = problem(journeys, [vehicle("V1"), vehicle("V2")], dur, dist)
    s = solved(p)
    assert s.unplaced == []
    assert len(s.runs) == 2
    assert max(s.ride_times().values()) <= 30 * 60


def test_capacity_is_never_exceeded():
    journeys, dur, dist = school_run([(1, 0), (1.5, 0), (2, 0), (2.5, 0), (3, 0)])
    p = problem(journeys, [vehicle("V1", seats=4), vehicle("V2", seats=4)], dur, dist)
    s = solved(p)
    assert s.unplaced == []
    for run in s.runs:
        on_board, most = 0, 0
        for stop in run.stops:
            on_board += 1 if stop.kind == "pickup" else -1
            most = max(most, on_board)
        assert most <= 4
    assert sum(len(r.journeys) for r in s.runs) == 5


def test_wheelchair_user_goes_in_a_wheelchair_space_and_the_vehicle_picks_its_layout():
    journeys, dur, dist = school_run([(2, 0), (3, 0)])
    journeys[0] = replace(journeys[0], load={WHEELCHAIRS: 1, SEATS: 0})
    wav = vehicle("WAV", layouts=(Layout("5+0", {SEATS: 5, WHEELCHAIRS: 0}), Layout("3+1", {SEATS: 3, WHEELCHAIRS: 1})))
    p = problem(journeys, [vehicle("CAR", seats=4, fixed=5), wav], dur, dist)
    s = solved(p)
    run = next(r for r in s.runs if "C1" in r.journeys)
    assert (run.vehicle, run.layout) == ("WAV", "3+1")


def test_no_wheelchair_space_is_explained():
    journeys, dur, dist = school_run([(2, 0)])
    journeys[0] = replace(journeys[0], load={WHEELCHAIRS: 1, SEATS: 0})
    s = solved(problem(journeys, [vehicle("CAR")], dur, dist))
    assert s.runs == []
    assert "wheelchair space" in s.unplaced[0].reasons[0].text


def test_direct_journey_over_the_limit_is_explained():
    journeys, dur, dist = school_run([(30, 0)], max_ride=45 * 60)  # 60 minutes direct
    s = solved(problem(journeys, [vehicle()], dur, dist))
    assert s.unplaced[0].journey == "C1"
    assert "takes 60 minutes" in s.unplaced[0].reasons[0].text and "45-minute limit" in s.unplaced[0].reasons[0].text


def test_pa_with_the_right_skill_is_put_on_board_and_takes_a_seat():
    journeys, dur, dist = school_run([(2, 0), (3, 0)], needs_assistant=True, skills=frozenset({"epilepsy_medication"}))
    dur = [row + [0.0] for row in dur] + [[0.0] * (len(dur) + 1)]
    dist = [row + [0.0] for row in dist] + [[0.0] * (len(dist) + 1)]
    pas = [
        Assistant("PA-autism", frozenset({"autism"}), home=len(dur) - 1, cost_per_run=20),
        Assistant("PA-epilepsy", frozenset({"epilepsy_medication", "autism"}), home=len(dur) - 1, cost_per_run=25),
    ]
    p = problem(journeys, [vehicle("V1", seats=3), vehicle("V2", seats=3)], dur, dist, pas)
    s = solved(p)
    assert s.unplaced == []
    assert [(r.assistant, len(r.journeys)) for r in s.runs] == [("PA-epilepsy", 2)]
    # Depot at the school: out 3 km to C2, back 1 km to C1, 2 km in: 6 km at £2 a mile.
    assert abs(s.cost - (20 + 25 + 2.0 * 6 / 1.609344)) < 0.01


def test_missing_pa_skill_is_explained():
    journeys, dur, dist = school_run([(2, 0)], skills=frozenset({"tracheostomy_care"}))
    pas = [Assistant("PA1", frozenset({"autism"}), home=0)]
    s = solved(problem(journeys, [vehicle()], dur, dist, pas))
    assert s.runs == []
    assert "tracheostomy care" in s.unplaced[0].reasons[0].text


def test_a_child_who_travels_alone_shares_with_nobody():
    journeys, dur, dist = school_run([(2, 0), (3, 0), (4, 0)])
    journeys[1] = replace(journeys[1], travel_alone=True)
    s = solved(problem(journeys, [vehicle("V1"), vehicle("V2")], dur, dist))
    assert s.unplaced == []
    alone = next(r for r in s.runs if "C2" in r.journeys)
    assert alone.journeys == ["C2"]


def test_must_not_travel_with_pair_goes_on_different_vehicles():
    journeys, dur, dist = school_run([(2, 0), (3, 0)])
    journeys = [replace(journeys[0], avoid=frozenset({"C2"})), replace(journeys[1], avoid=frozenset({"C1"}))]
    s = solved(problem(journeys, [vehicle("V1"), vehicle("V2")], dur, dist))
    assert s.unplaced == []
    assert len(s.runs) == 2


def test_siblings_share_a_vehicle_even_when_two_would_be_cheaper():
    # C1 and C3 are siblings though they live apart (a weekday address); C2 lives next to C1.
    journeys, dur, dist = school_run([(3, 0), (3, 0.1), (0, -3)])
    journeys = [replace(j, group="S1") if j.id in ("C1", "C3") else j for j in journeys]
    s = solved(problem(journeys, [vehicle("V1", seats=2), vehicle("V2", seats=2)], dur, dist))
    assert s.unplaced == []
    run = next(r for r in s.runs if "C1" in r.journeys)
    assert sorted(run.journeys) == ["C1", "C3"]


def test_vehicle_does_two_runs_when_bells_are_tiered():
    # Four children for a 08:30 bell and four for 09:30, all near the school: one 4-seat vehicle
    # delivers the first four, goes back out, and delivers the second four.
    journeys, dur, dist = school_run([(2, 0), (2, 0.2), (2, 0.4), (2, 0.6), (-2, 0), (-2, 0.2), (-2, 0.4), (-2, 0.6)])
    early = []
    for j in journeys[:4]:
        early.append(
            replace(
                j,
                pickup_window=Window(j.pickup_window.earliest - 1800, j.pickup_window.latest - 1800),
                dropoff_window=Window(j.dropoff_window.earliest - 1800, BELL - 1800),
            )
        )
    late = [
        replace(
            j,
            pickup_window=Window(j.pickup_window.earliest + 1800, j.pickup_window.latest + 1800),
            dropoff_window=Window(j.dropoff_window.earliest + 1800, BELL + 1800),
        )
        for j in journeys[4:]
    ]
    s = solved(problem(early + late, [vehicle("V1", seats=4, fixed=50), vehicle("V2", seats=4, fixed=50)], dur, dist))
    assert s.unplaced == []
    assert len(s.runs) == 1 and len(s.runs[0].journeys) == 8


def test_vehicle_hours_are_kept():
    journeys, dur, dist = school_run([(2, 0)])
    late_starter = vehicle("V1", available=Window(BELL, 19 * 3600))
    s = solved(problem(journeys, [late_starter], dur, dist))
    assert s.runs == []
    assert "working hours" in s.unplaced[0].reasons[0].text


def test_squeezed_out_child_is_told_why():
    journeys, dur, dist = school_run([(5, 0), (-5, 0)], max_ride=15 * 60)
    s = solved(problem(journeys, [vehicle("V1")], dur, dist))
    assert len(s.runs) == 1 and len(s.unplaced) == 1
    assert "needed for other children" in s.unplaced[0].reasons[0].text
