"""Expected times reckoned from where the vehicle is (transport/day/eta.py): pure arithmetic."""

import datetime as dt

import pytest

from transport.day.eta import Ahead, expected, minutes

DAY = dt.date(2026, 12, 8)
MIN = dt.timedelta(minutes=1)


def at(hhmm: str) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time.fromisoformat(hhmm))


def test_a_vehicle_early_for_a_pickup_waits_for_the_planned_time():
    ahead = [Ahead("pickup", at("07:40"), 2 * MIN), Ahead("pickup", at("07:50"), 2 * MIN)]
    found = expected(at("07:30"), 4 * MIN, [6 * MIN], ahead)
    assert found[0].arrives == at("07:34") and found[0].begins == at("07:40") and found[0].late == dt.timedelta(0)
    # Leaves at 07:42, six minutes on: 07:48, and waits for 07:50.
    assert found[1].begins == at("07:50") and found[1].late == dt.timedelta(0)


def test_lateness_carries_forward_less_the_waits_the_plan_had():
    ahead = [Ahead("pickup", at("07:40"), 2 * MIN), Ahead("pickup", at("07:50"), 2 * MIN), Ahead("dropoff", at("08:20"), 3 * MIN)]
    found = expected(at("07:45"), 10 * MIN, [6 * MIN, 20 * MIN], ahead)
    assert [f.begins for f in found] == [at("07:55"), at("08:03"), at("08:25")]
    assert [minutes(f.late) for f in found] == [15, 13, 5]


def test_a_set_down_at_school_does_not_wait_for_its_planned_time():
    found = expected(at("08:00"), 5 * MIN, [], [Ahead("dropoff", at("08:20"), 3 * MIN)])
    assert found[0].begins == at("08:05") and found[0].late == dt.timedelta(0)


def test_without_a_position_the_run_is_on_time_or_as_late_as_the_clock_makes_it():
    ahead = [Ahead("pickup", at("07:40"), 2 * MIN)]
    assert expected(at("07:30"), None, [], ahead)[0].begins == at("07:40")
    assert minutes(expected(at("07:52"), None, [], ahead)[0].late) == 12


def test_legs_must_join_the_stops():
    with pytest.raises(ValueError, match="3 stops need 2 legs"):
        expected(at("07:30"), MIN, [MIN], [Ahead("pickup", at("07:40"), MIN)] * 3)
