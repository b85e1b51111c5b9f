"""The council's clock: its time zone, and which days are school days."""

import datetime as dt
from zoneinfo import ZoneInfo

from transport.clock import next_monday, next_school_day, now, weekday_of
from transport.settings import Settings


def test_now_is_the_councils_wall_clock_without_a_zone():
    for zone in ("Europe/London", "Pacific/Auckland"):
        before = dt.datetime.now(ZoneInfo(zone)).replace(tzinfo=None)
        at = now(Settings(timezone=zone))
        after = dt.datetime.now(ZoneInfo(zone)).replace(tzinfo=None)
        assert at.tzinfo is None and before <= at <= after


def test_weekdays_are_named_and_weekends_are_not_school_days():
    monday = dt.date(2026, 9, 7)
    assert [weekday_of(monday + dt.timedelta(days=k)) for k in range(7)] == ["mon", "tue", "wed", "thu", "fri", None, None]


def test_the_next_school_day_skips_the_weekend():
    friday, saturday, monday = dt.date(2026, 9, 11), dt.date(2026, 9, 12), dt.date(2026, 9, 14)
    assert next_school_day(friday) == monday
    assert next_school_day(saturday) == monday
    assert next_school_day(monday) == dt.date(2026, 9, 15)


def test_the_next_monday_is_a_week_on_from_a_monday():
    assert next_monday(dt.date(2026, 9, 7)) == dt.date(2026, 9, 14)
    assert next_monday(dt.date(2026, 9, 13)) == dt.date(2026, 9, 14)
    assert next_monday(dt.date(2026, 9, 10)) == dt.date(2026, 9, 14)
