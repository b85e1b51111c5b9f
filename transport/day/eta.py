"""Expected times at the stops still to come, from where the vehicle is now: pure arithmetic on
the travel model's drive times, with no database (the live day reads and writes; this reckons).

A vehicle early for a pickup waits for the planned time (the family was told it); one early at
school sets down at once. Lateness carries forward stop by stop, less any wait the plan had."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Ahead:
    """A stop still to come, as planned."""

    kind: str
    """pickup or dropoff"""
    planned: dt.datetime
    """When boarding or setting down was planned to begin."""
    boarding: dt.timedelta


@dataclass(frozen=True)
class Expected:
    arrives: dt.datetime
    """When the vehicle is expected at the stop."""
    begins: dt.datetime
    """When boarding or setting down is expected to begin (a pickup: not before the planned time)."""
    late: dt.timedelta
    """How much later than planned it begins (never less than nothing)."""


def expected(
    now: dt.datetime, first_leg: dt.timedelta | None, legs: Sequence[dt.timedelta], ahead: Sequence[Ahead]
) -> list[Expected]:
    """Each stop of `ahead`, in order. `first_leg`: the drive from the vehicle to the first of
    them (None: where the vehicle is, is not known; then it is taken to be on time, or as late as
    the clock already makes it). `legs[i]`: the drive from stop i to stop i+1."""
    if len(legs) < len(ahead) - 1:
        raise ValueError(f"{len(ahead)} stops need {len(ahead) - 1} legs between them, not {len(legs)}")
    found: list[Expected] = []
    for i, stop in enumerate(ahead):
        if i == 0:
            arrives = max(now, stop.planned) if first_leg is None else now + first_leg
        else:
            before = found[-1]
            arrives = before.begins + ahead[i - 1].boarding + legs[i - 1]
        begins = max(arrives, stop.planned) if stop.kind == "pickup" else arrives
        found.append(Expected(arrives, begins, max(begins - stop.planned, dt.timedelta(0))))
    return found


def minutes(delta: dt.timedelta) -> int:
    """Whole minutes, to the nearest (what a text or a page says)."""
    return round(delta.total_seconds() / 60)
