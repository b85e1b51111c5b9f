"""The optimiser's output: plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

PICKUP: Literal["pickup"] = "pickup"
DROPOFF: Literal["dropoff"] = "dropoff"


@dataclass(frozen=True)
class Stop:
    journey: str
    kind: Literal["pickup", "dropoff"]
    place: int
    arrival: float
    """When the vehicle arrives (seconds since midnight)."""
    start: float
    """When service (boarding or setting down) begins: arrival, or later if it waits."""
    departure: float
    """start + service time."""


@dataclass(frozen=True)
class Run:
    """One vehicle's route in a session, from its depot and back, with its crew."""

    vehicle: str
    layout: str
    driver: str | None
    assistant: str | None
    stops: tuple[Stop, ...]
    leave_depot: float
    return_depot: float
    distance: float
    cost: float

    @property
    def journeys(self) -> list[str]:
        return [s.journey for s in self.stops if s.kind == PICKUP]


@dataclass(frozen=True)
class Reason:
    """Why a child is not placed: a code for programs, plain English for a planner, and the
    figures behind it (minutes, skills, ...)."""

    code: str
    """One of the codes in explain.py (TOO_FAR, NO_ROOM, NO_ASSISTANT, ...)."""
    text: str
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Unplaced:
    journey: str
    reasons: tuple[Reason, ...]


@dataclass
class Solution:
    runs: list[Run]
    unplaced: list[Unplaced] = field(default_factory=list)
    status: str = "ok"
    apart: list[Unplaced] = field(default_factory=list)
    """Children placed, but not on their siblings' run (no run could take them all together
    within their limits: at two schools, say), and why: the planner is told, not left to find out."""
    seconds: float = 0.0

    @property
    def cost(self) -> float:
        return sum(r.cost for r in self.runs)

    @property
    def distance(self) -> float:
        return sum(r.distance for r in self.runs)

    def ride_times(self) -> dict[str, float]:
        """Each placed journey's ride: from leaving the pickup to the start of setting down
        (waiting outside the school with the child on board counts)."""
        rides: dict[str, float] = {}
        for run in self.runs:
            left: dict[str, float] = {}
            for stop in run.stops:
                if stop.kind == PICKUP:
                    left[stop.journey] = stop.departure
                else:
                    rides[stop.journey] = stop.start - left[stop.journey]
        return rides
