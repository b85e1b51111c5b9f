"""What planning makes: each session's solved parts and the children placed in none, and how a
week is asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from transport.errors import TransportError
from transport.optimizer import Problem, Reason, Solution, Unplaced


class PlanningError(TransportError):
    """Planning could not finish: nothing to plan, or a checked answer broke a rule."""


@dataclass(frozen=True)
class Week:
    """A week to plan."""

    starts_on: dt.date
    seconds: float | None = None
    """Optimiser time for each part; None takes the settings' SOLVE_SECONDS."""
    previous: int | None = None
    """The plan whose vehicles and PAs children keep where moving them saves less than the change cost."""
    name: str | None = None
    plan_id: int | None = None
    """A plan row made beforehand (by a planning job) to fill in."""
    workers: int = 2


@dataclass
class SolvedPart:
    problem: Problem
    places: list[int]
    """The part's place numbers in the council's PlaceBook."""
    solution: Solution


@dataclass
class SessionPlan:
    weekday: str
    session: str
    parts: list[SolvedPart]
    unplaced: list[Unplaced]
    """Children placed in no part nor on a spot hire, with the reasons in terms of the whole council."""
    spot: SolvedPart | None = None
    """The session's spot-hired runs (vehicles and agency PAs hired at the council's rates)."""
    spot_reasons: dict[str, tuple[Reason, ...]] = field(default_factory=dict)
    """Why the council's own fleet could not take each spot-hired child."""

    @property
    def solved(self) -> list[SolvedPart]:
        """The fleet's parts, then the spot hires."""
        return [*self.parts, self.spot] if self.spot else list(self.parts)
