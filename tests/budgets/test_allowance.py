from transport.budgets.allowance import Allowance, allowance_from, school_miles
from transport.settings import Settings
from transport.travel.provider import Point
from transport.travel.straight_line import StraightLine


def test_a_day_pays_the_trips_at_the_rate():
    assert Allowance(45, 4, None).per_day(2.5) == 4.5
    assert Allowance(30, 2, 400.0).per_day(10) == 6.0


def test_the_defaults_are_hmrcs_rate_and_two_return_journeys(monkeypatch):
    monkeypatch.setenv("PTB_PER_TERM", "350")
    a = allowance_from(Settings())
    assert (a.pence_per_mile, a.trips_per_day, a.ptb_per_term) == (45, 4, 350.0)


def test_school_miles_are_road_miles_each_way():
    home, school, far = Point(51.50, -0.10), Point(51.52, -0.12), Point(51.60, -0.30)
    near_miles, far_miles, again = school_miles(StraightLine(1.25), [(home, school), (home, far), (home, school)])
    assert 0 < near_miles < far_miles
    assert again == near_miles
    assert school_miles(StraightLine(1.25), []) == []
