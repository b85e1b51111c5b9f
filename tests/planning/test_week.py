"""The week: each group of children keeps its vehicles from day to day, and later days start from
the first day's routes."""

from __future__ import annotations

from dataclasses import replace

from tests.optimizer.builders import vehicle
from transport.optimizer import Journey, Run, Solution, Stop, Window
from transport.planning.demand import PlaceBook, SessionDemand
from transport.planning.partition import fit_to_day, week_groups
from transport.planning.parts import AGAIN_SHARE, again_share, start_from

BELL = 9 * 3600


def _council():
    """Two schools 34 km apart, homes near each, and six four-seat cars all based near school A."""
    places = PlaceBook()
    school = {"A": places.add(52.0, -1.0, "School A"), "B": places.add(52.0, -0.5, "School B")}
    depot = places.add(52.0, -0.95, "Depot")
    homes = {
        f"{s}{i}": places.add(52.01 + i / 1000, (-1.0 if s == "A" else -0.5) + 0.01, f"home {s}{i}")
        for s in "AB"
        for i in range(10)
    }

    def journey(child: str) -> Journey:
        return Journey(child, homes[child], school[child[0]], Window(BELL - 3600, BELL), Window(BELL - 900, BELL), 2700)

    cars = [replace(vehicle(f"V{k}"), start=depot, end=depot) for k in range(1, 7)]
    return places, journey, cars


def test_a_group_keeps_the_vehicles_it_had_on_the_first_day():
    places, journey, cars = _council()
    # Monday: two children at school A, ten at B; Tuesday the other way round.
    monday = SessionDemand("mon", "AM", [journey(c) for c in ["A0", "A1"] + [f"B{i}" for i in range(10)]], cars, [])
    tuesday = SessionDemand("tue", "AM", [journey(c) for c in [f"A{i}" for i in range(10)] + ["B0", "B1"]], cars, [])
    groups = week_groups([monday, tuesday], places)["AM"]
    mon = fit_to_day(groups, monday, places)

    def fleet(parts):
        return {p.group: sorted(v.id for v in p.vehicles) for p in parts}

    # Shared by need alone, Tuesday's fleet would move to school A's children...
    assert fleet(fit_to_day(groups, tuesday, places)) != fleet(mon)
    # ...but each group keeps Monday's vehicles, so its routes can stay the same.
    assert fleet(fit_to_day(groups, tuesday, places, like=mon)) == fleet(mon)


def test_later_days_start_only_from_journeys_that_are_the_same():
    places, journey, cars = _council()
    monday = SessionDemand("mon", "AM", [journey(c) for c in ("A0", "A1", "A2")], cars, [])
    moved = replace(journey("A1"), pickup=places.add(52.3, -1.2, "grandparents"))
    tuesday = SessionDemand("tue", "AM", [journey("A0"), moved], cars, [])  # A2 not travelling
    groups = week_groups([monday, tuesday], places)["AM"]
    (mon,), (tue,) = fit_to_day(groups, monday, places), fit_to_day(groups, tuesday, places)

    def stop(child, kind):
        return Stop(child, kind, 0, 0.0, 0.0, 0.0)

    run = Run(
        "V1",
        "4+0",
        "D-V1",
        None,
        tuple(stop(c, "pickup") for c in ("A2", "A1", "A0")) + tuple(stop(c, "dropoff") for c in ("A2", "A1", "A0")),
        0.0,
        0.0,
        0.0,
        0.0,
    )
    (start,) = start_from(mon, Solution([run]), tue)
    # Only A0's journey is the same on Tuesday: A1 lives elsewhere that day, A2 is not travelling.
    assert [(s.journey, s.kind) for s in start.stops] == [("A0", "pickup"), ("A0", "dropoff")]
    assert (start.vehicle, start.layout) == ("V1", "4+0")


def test_a_later_day_gets_more_time_for_each_child_not_in_the_first_days_routes():
    places, journey, cars = _council()
    children = [f"A{i}" for i in range(4)]
    monday = SessionDemand("mon", "AM", [journey(c) for c in children], cars, [])
    (mon,) = fit_to_day(week_groups([monday], places)["AM"], monday, places)

    def start(kept):
        stops = [Stop(c, kind, 0, 0.0, 0.0, 0.0) for kind in ("pickup", "dropoff") for c in kept]
        return [Run("V1", "4+0", "D-V1", None, tuple(stops), 0.0, 0.0, 0.0, 0.0)]

    # The same children as on the first day: a quarter of the time; half of them new (an early
    # finish, a Friday address): more; nobody from the first day: the whole time.
    assert again_share(mon, start(children)) == AGAIN_SHARE
    assert again_share(mon, start(children[:2])) == AGAIN_SHARE + (1 - AGAIN_SHARE) / 2
    assert again_share(mon, []) == 1.0
