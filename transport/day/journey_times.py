"""A child's two times on a journey and the words for them. The family's page, the texts and the
planner's list all take them from here, so a text cannot call the time home a pickup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


class Stop(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def planned(self) -> dt.time: ...


@dataclass(frozen=True)
class Times:
    session: str
    pickup: dt.time
    """When the child is picked up: at home in the morning, at school in the afternoon."""
    dropoff: dt.time

    @classmethod
    def of(cls, session: str, stops: Iterable[Stop]) -> Times:
        """From one child's two stops on a run."""
        at = {s.kind: s.planned for s in stops}
        return cls(session, at["pickup"], at["dropoff"])

    @property
    def at_home(self) -> dt.time:
        return self.pickup if self.session == "AM" else self.dropoff

    @property
    def at_school(self) -> dt.time:
        return self.dropoff if self.session == "AM" else self.pickup

    def labels(self) -> list[tuple[str, dt.time]]:
        """The page's names for the two times, in the order they happen."""
        if self.session == "AM":
            return [("Picked up from home", self.pickup), ("At school by", self.dropoff)]
        return [("Picked up from school", self.pickup), ("Home by", self.dropoff)]

    def words(self) -> str:
        """The same, as a text says it: "picked up from school at 15:05, home by 15:28"."""
        if self.session == "AM":
            return f"picked up at {hhmm(self.pickup)}, at school by {hhmm(self.dropoff)}"
        return f"picked up from school at {hhmm(self.pickup)}, home by {hhmm(self.dropoff)}"

    def moved_by(self, other: Times) -> dt.timedelta:
        """The larger of the two times' moves."""
        return max(apart(self.pickup, other.pickup), apart(self.dropoff, other.dropoff))


def time_at_school(stops: Iterable[Stop]) -> dt.time:
    """A vehicle's time at a school, from its stops there: what the school's manifest shows."""
    return min(s.planned for s in stops)


def hhmm(t: dt.time) -> str:
    return f"{t:%H:%M}"


def apart(a: dt.time, b: dt.time) -> dt.timedelta:
    day = dt.date(2000, 1, 3)
    return abs(dt.datetime.combine(day, a) - dt.datetime.combine(day, b))
