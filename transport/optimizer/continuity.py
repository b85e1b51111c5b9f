"""Continuity: a child kept with the vehicle and passenger assistant they had before.

A child whose vehicle or PA changes is told, meets strangers, and may not cope; a new plan
moves a child only where that saves more than the problem's change cost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transport.optimizer.problem import Journey, Problem
from transport.optimizer.solution import Run


def crew_of(journey: Journey) -> tuple[str, str | None] | None:
    """The (vehicle, PA) the child had before, or None for a child new to transport."""
    if journey.previous_vehicle is None:
        return None
    return journey.previous_vehicle, journey.previous_assistant


def keeps(journey: Journey, vehicle: str, assistant: str | None) -> bool:
    """Does this crew keep the child's previous one (a child with none has nothing to lose)?"""
    before = crew_of(journey)
    return before is None or before == (vehicle, assistant)


@dataclass(frozen=True)
class Continuity:
    kept: tuple[str, ...]
    """Children on the same vehicle with the same PA as before."""
    changed: tuple[str, ...]
    """Children placed on another vehicle or with another PA (or no longer placed)."""


def continuity(journeys: Iterable[Journey], runs: Iterable[Run]) -> Continuity:
    """Who kept their vehicle and PA, and who did not, among children who had them before."""
    crew = {s.journey: (r.vehicle, r.assistant) for r in runs for s in r.stops}
    kept: list[str] = []
    changed: list[str] = []
    for j in journeys:
        if crew_of(j) is None:
            continue
        (kept if crew.get(j.id) == crew_of(j) else changed).append(j.id)
    return Continuity(tuple(kept), tuple(changed))


@dataclass(frozen=True)
class Stay:
    """The crew each child should stay with, and what moving one of them costs."""

    crews: dict[str, tuple[str, str | None]]
    cost: float

    @staticmethod
    def previous(problem: Problem, journeys: list[Journey]) -> Stay:
        """With the crews of the plan being replaced, at the problem's change cost."""
        return Stay({j.id: crew for j in journeys if (crew := crew_of(j))}, problem.change_cost)

    @staticmethod
    def as_in(runs: Sequence[Run], alias: dict[str, str], cost: float) -> Stay:
        """With the crews of the runs a search starts from (the first day's, say)."""
        return Stay({alias.get(s.journey, s.journey): (r.vehicle, r.assistant) for r in runs for s in r.stops}, cost)
