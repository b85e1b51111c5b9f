"""The council's clock: what time it is now, and which days are school days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from transport.models import WEEKDAYS
from transport.settings import Settings


def now(settings: Settings) -> dt.datetime:
    """The council's wall-clock time, without a zone (run times are wall-clock times)."""
    return dt.datetime.now(ZoneInfo(settings.timezone)).replace(tzinfo=None)


def weekday_of(date: dt.date) -> str | None:
    """ "mon" to "fri" for a school weekday, None at the weekend."""
    return WEEKDAYS[date.weekday()] if date.weekday() < 5 else None


def next_school_day(day: dt.date) -> dt.date:
    """The next weekday after `day`."""
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def next_monday(today: dt.date) -> dt.date:
    """The Monday after `today` (a week on, if today is a Monday): the week a new plan is for."""
    return today + dt.timedelta(days=7 - today.weekday())


def seconds(t: dt.time) -> int:
    """Seconds since midnight: a wall-clock time as the optimiser and the day's arithmetic count it."""
    return t.hour * 3600 + t.minute * 60 + t.second


def monday_of(date: dt.date) -> dt.date:
    """The Monday of the date's week."""
    return date - dt.timedelta(days=date.weekday())


def first_on(starts_on: dt.date, weekday: str) -> dt.date:
    """The first `weekday` ("mon" to "fri") on or after `starts_on`: that day of a plan's week."""
    return starts_on + dt.timedelta(days=(WEEKDAYS.index(weekday) - starts_on.weekday()) % 7)


def aware(at: dt.datetime) -> dt.datetime:
    """A stored UTC time with its zone (SQLite gives them back without one)."""
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)
