"""How long children ride: the limit counted from the instant RIDE_FROM names, and the summary's
spread of rides, which must be what the stored runs say."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import select

from transport import models as m
from transport.bench.samplegen import generate
from transport.imports import import_folder
from transport.optimizer import SEATS, Journey, Layout, Vehicle, Window
from transport.planning.assemble import assemble
from transport.planning.demand import PlaceBook, max_journey_minutes
from transport.planning.plan import Week
from transport.planning.rides import Ride, distribution, percentile
from transport.planning.week import plan_week
from transport.settings import Settings
from transport.travel import StraightLine

MONDAY = dt.date(2026, 9, 7)


def _one_child(places: PlaceBook) -> tuple[Journey, Vehicle]:
    home, school = places.add(52.05, 1.15, "home"), places.add(52.06, 1.16, "school")
    journey = Journey("c1", home, school, Window(0, 7200), Window(0, 7200), max_ride=45 * 60, pickup_service=300)
    depot = places.add(52.0, 1.1, "depot")
    car = Vehicle("v1", depot, depot, (Layout("4", {SEATS: 4}),), Window(0, 7200), fixed_cost=20, cost_per_metre=0.001)
    return journey, car


def test_counted_from_boarding_the_limit_includes_the_boarding():
    places = PlaceBook()
    journey, car = _one_child(places)
    boarding, _ = assemble("b", [journey], [car], [], places, StraightLine(), ride_cost_per_hour=12.0, ride_from="boarding")
    departure, _ = assemble("d", [journey], [car], [], places, StraightLine(), ride_from="departure")
    # The optimiser counts from leaving the pickup: five minutes' boarding come off a 45-minute limit.
    assert boarding.journeys[0].max_ride == 40 * 60
    assert departure.journeys[0].max_ride == 45 * 60
    assert (boarding.ride_cost_per_hour, departure.ride_cost_per_hour) == (12.0, 0.0)


def test_the_settings_default_to_boarding_and_a_ride_cost():
    settings = Settings()
    assert settings.ride_from == "boarding"
    assert settings.ride_cost_per_hour > 0
    with pytest.raises(ValueError):
        Settings(ride_from="the school gate")


def test_the_spread_of_rides():
    minutes = [10, 20, 30, 40, 50, 55, 61, 70, 80, 90]
    rides = [Ride(f"c{i}", "mon AM", 60.0 * t, 75 * 60.0, 60.0 * 10) for i, t in enumerate(minutes)]
    d = distribution(rides, "boarding", spot_hired=2)
    assert (d["journeys"], d["journeys_spot_hired"], d["over_an_hour"], d["direct_over_an_hour"]) == (10, 2, 4, 0)
    assert (d["median_minutes"], d["p90_minutes"], d["longest_minutes"]) == (50.0, 80.0, 90.0)
    assert [b["journeys"] for b in d["bands"]] == [3, 1, 2, 2, 2]
    assert [b["direct"] for b in d["bands"]] == [10, 0, 0, 0, 0]
    assert d["against_direct"]["median_times"] == 5.0
    assert d["against_direct"]["p90_extra_minutes"] == 70.0
    assert "starts boarding" in d["counted"]
    assert percentile([], 0.5) == 0.0


@pytest.mark.parametrize("ride_from", ["boarding", "departure"])
def test_the_summary_says_what_the_stored_runs_say(factory, tmp_path, ride_from):
    settings = Settings(ride_from=ride_from, ride_cost_per_hour=15.0)
    generate(tmp_path / "council", children=24, seed=7)
    import_folder(factory, tmp_path / "council", settings)
    plan_id = plan_week(factory, settings, Week(MONDAY, seconds=0.5), StraightLine(road_factor=settings.road_factor))
    with factory() as db:
        plan = db.get(m.Plan, plan_id)
        summary = plan.summary
        children = {c.id: c for c in db.scalars(select(m.Child))}
        stops: dict[tuple[int, int], dict[str, m.PlanStop]] = defaultdict(dict)
        for run in plan.runs:
            for s in run.stops:
                stops[run.id, s.child_id][s.kind] = s
        rides, over_limit = [], []
        for (_, child_id), both in stops.items():
            child = children[child_id]
            ride = _seconds(both["dropoff"].planned) - _seconds(both["pickup"].planned)  # from boarding's start
            if ride_from == "departure":
                ride -= child.boarding_minutes * 60
            rides.append(ride)
            if ride > max_journey_minutes(child, settings) * 60:
                over_limit.append(child.ref)
        spot = sum(len(h.stops) // 2 for h in plan.spot_hires)
    d = summary["ride_distribution"]
    assert summary["violations"] == 0
    assert over_limit == []
    assert d["counted_from"] == ride_from and d["ride_cost_per_hour"] == 15.0
    assert d["journeys"] == len(rides) + spot == summary["journeys_placed"] + summary["journeys_spot_hired"]
    if spot == 0:
        assert d["median_minutes"] == round(percentile(rides, 0.5) / 60, 1)
        assert d["p90_minutes"] == round(percentile(rides, 0.9) / 60, 1)
        assert d["longest_minutes"] == round(max(rides) / 60, 1)
        assert d["over_an_hour"] == sum(r > 3600 for r in rides)
    t = summary["journey_times"]
    assert t["longest_minutes"] == round(max(rides) / 60, 1)
    assert t["within_limit"] == summary["journeys_placed"]
    assert sum(b["journeys"] for b in d["bands"]) == d["journeys"]


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second
