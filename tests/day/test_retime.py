"""A run timed again around a skipped stop: the arithmetic, on runs made by hand."""

from __future__ import annotations

import datetime as dt

from transport import models as m
from transport.day.retime import timed
from transport.day.today import DayRun, DayStop

DAY = dt.date(2026, 9, 8)


def _child(n: int, boarding: int = 2) -> m.Child:
    return m.Child(id=n, ref=f"C{n}", first_name=f"Child{n}", boarding_minutes=boarding, school_id=1)


def _run(session: str, stops: list[tuple[str, int, str, bool]]) -> DayRun:
    """stops: (kind, child, HH:MM, absent)"""
    run = m.PlanRun(id=7, session=session, weekday="tue", leave_depot=dt.time(7, 0))
    kids: dict[int, m.Child] = {}
    made = [
        DayStop(kind, kids.setdefault(c, _child(c)), "home", dt.time.fromisoformat(at), absent, point=(51.0, -1.0))
        for kind, c, at, absent in stops
    ]
    return DayRun(run, DAY, None, None, made)


def test_a_morning_pickup_before_a_skipped_one_is_later_by_the_time_saved_and_school_keeps_its_time():
    run = _run(
        "AM",
        [
            ("pickup", 1, "07:40", False),
            ("pickup", 2, "07:50", True),
            ("pickup", 3, "08:05", False),
            ("dropoff", 1, "08:30", False),
            ("dropoff", 2, "08:30", True),
            ("dropoff", 3, "08:30", False),
        ],
    )
    # Planned 07:40 -> 08:05 by way of child 2; straight there: 2 min boarding and 8 min of road.
    moved = timed(run, {(0, 2): 8 * 60.0, (3, 5): 0.0})
    assert moved == {(1, "pickup"): dt.time(7, 55)}


def test_an_afternoon_set_down_after_a_skipped_one_is_earlier_and_the_school_pickup_is_not_moved():
    run = _run(
        "PM",
        [
            ("pickup", 1, "15:10", False),
            ("pickup", 2, "15:12", True),
            ("pickup", 3, "15:14", False),
            ("dropoff", 1, "15:40", False),
            ("dropoff", 2, "15:55", True),
            ("dropoff", 3, "16:10", False),
        ],
    )
    # 15:40 -> 16:10 by way of child 2; straight: 2 min boarding and 13 min of road: 15 min saved.
    moved = timed(run, {(0, 2): 2 * 60.0, (3, 5): 13 * 60.0})
    assert moved == {(3, "dropoff"): dt.time(15, 55)}


def test_the_walk_back_stops_at_a_school_and_savings_add_up():
    run = _run(
        "AM",
        [
            ("pickup", 1, "07:00", False),
            ("dropoff", 1, "07:30", False),
            ("pickup", 2, "07:40", False),
            ("pickup", 3, "07:45", True),
            ("pickup", 4, "07:55", False),
            ("pickup", 5, "08:00", True),
            ("pickup", 6, "08:10", False),
            ("dropoff", 2, "08:40", False),
        ],
    )
    moved = timed(run, {(2, 4): 5 * 60.0, (4, 6): 6 * 60.0})
    # 07:40 -> 07:55: 15 min, 2 boarding + 5 road: 8 saved; 07:55 -> 08:10: 2 + 6: 7 saved.
    assert moved == {(2, "pickup"): dt.time(7, 55), (4, "pickup"): dt.time(8, 2)}
    assert (1, "pickup") not in moved and (1, "dropoff") not in moved


def test_nothing_moves_when_the_skipped_stop_saved_under_a_minute_or_comes_first():
    run = _run(
        "AM",
        [
            ("pickup", 1, "07:40", True),
            ("pickup", 2, "07:50", False),
            ("pickup", 3, "07:55", True),
            ("pickup", 4, "07:58", False),
            ("dropoff", 2, "08:30", False),
        ],
    )
    assert timed(run, {(1, 3): 7.5 * 60}) == {}
