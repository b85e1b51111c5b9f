"""Long rides cost more (transport/optimizer/ride_price.py): past the problem's long ride each
minute on board costs `long_ride_cost_per_hour` on top of the ride cost, in the ruin-and-recreate
search's routes (lns/schedule.py `riding`), in its value of runs and in the pricing after it."""

from __future__ import annotations

from dataclasses import replace

from tests.optimizer.builders import problem, school_run, vehicle
from tests.optimizer.test_lns_rules import ride_seconds, searched
from transport.optimizer import lns
from transport.optimizer.crews import crew_options
from transport.optimizer.ride_price import long_weight, ride_cost


def two_ways():
    """Two children on opposite sides of the school: one vehicle collecting both gives the first
    a long ride; a second vehicle costs £5 more and drives no further."""
    journeys, durations, distances = school_run([(5.0, 0.0), (-5.0, 0.0)], max_ride=90 * 60)
    p = problem(journeys, [vehicle("V1", fixed=5.0), vehicle("V2", fixed=5.0)], durations, distances)
    return replace(p, ride_cost_per_hour=1.0)


def test_past_the_long_ride_each_hour_costs_its_price_more():
    p = replace(two_ways(), long_ride=3600.0, long_ride_cost_per_hour=100.0)
    assert ride_cost(p, 1800.0, 120.0) == 1800.0 / 3600
    # 70 minutes from leaving plus 2 boarding: 12 minutes past the hour at £100 an hour more
    assert abs(ride_cost(p, 4200.0, 120.0) - (4200.0 + 100.0 * 720.0) / 3600) < 1e-9
    assert long_weight(p) == 100.0
    unpriced = replace(p, ride_cost_per_hour=0.0)
    assert ride_cost(unpriced, 4200.0, 120.0) == 0.0 and long_weight(unpriced) == 0.0


def test_a_long_ride_is_worth_another_vehicle_where_the_ride_price_alone_is_not():
    p = two_ways()
    shared = searched(p)
    assert len(shared) == 1
    longest = max(_rides(shared).values())
    # The long ride starts just under the shared run's longest: its minutes past it cost enough
    # for the second vehicle, which carries each child directly.
    priced = replace(p, long_ride=longest - 5 * 60, long_ride_cost_per_hour=200.0)
    apart = searched(priced)
    assert len(apart) == 2
    assert max(_rides(apart).values()) < longest - 5 * 60
    a = lns.arrays.build(priced, crew_options(priced), list(priced.journeys))
    expected = sum(r.cost for r in apart) + sum(
        ride_cost(priced, ride, 120.0) for ride in _rides(apart, from_leaving=True).values()
    )
    assert abs(lns.value_of(a, apart) - expected) < 1e-6
    assert ride_seconds(apart) < ride_seconds(shared)


def _rides(runs, from_leaving=False):
    """Each child's ride: from the start of boarding, or from leaving the pickup."""
    rides, on = {}, {}
    for r in runs:
        for s in r.stops:
            if s.kind == "pickup":
                on[s.journey] = s.departure if from_leaving else s.start
            else:
                rides[s.journey] = s.start - on[s.journey]
    return rides
