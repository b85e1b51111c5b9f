"""Crew options: which vehicle, in which layout, with which passenger assistant.

The routing model sees each option as a vehicle of its own and uses at most one option per
vehicle and per assistant. Offering every assistant on every vehicle would multiply the model,
so each free assistant is offered on the two vehicles nearest their home: the nearest with a
wheelchair space and the nearest other one, the most skilled choosing first. A problem with
`wide_crews` (the children left over after the first pass, with the PAs still free) instead
offers each vehicle the few PAs that between them hold every set of skills a child there needs:
a spare PA with the training is then offered on every spare vehicle that might carry the child.
A PA who crewed a vehicle in the previous plan (or in the runs a search starts from) is offered on
it too, so that the crew can stay together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from transport.optimizer.problem import (
    SEATS,
    WHEELCHAIRS,
    Assistant,
    Journey,
    Layout,
    Problem,
    Vehicle,
)

PAS_PER_VEHICLE = 3
"""At most this many PAs offered on one vehicle: enough to cover a part's sets of skills, few
enough that the model does not multiply."""


@dataclass(frozen=True)
class Option:
    vehicle: Vehicle
    layout: Layout
    assistant: Assistant | None

    def capacity(self, key: str) -> int:
        """Room for children: an assistant on board takes a seat."""
        room = self.layout.capacity.get(key, 0)
        return room - 1 if key == SEATS and self.assistant is not None else room

    def holds(self, load: Mapping[str, int]) -> bool:
        """Room for this much of each kind at once (seats, wheelchair spaces)."""
        return all(self.capacity(k) >= n for k, n in load.items())

    def fits(self, journey: Journey) -> bool:
        return self.holds(journey.load)

    def crewed_for(self, journey: Journey) -> bool:
        if not journey.requires_assistant:
            return True
        return self.assistant is not None and journey.skills <= self.assistant.skills

    def carries(self, journey: Journey) -> bool:
        return self.fits(journey) and self.crewed_for(journey)

    @property
    def fixed_cost(self) -> float:
        return self.vehicle.fixed_cost + (self.assistant.cost_per_run if self.assistant else 0.0)


def pinned_assistants(problem: Problem) -> dict[str, Assistant]:
    """Vehicle id to the assistant the council pinned to it (if that assistant is available)."""
    by_id = {a.id: a for a in problem.assistants}
    return {v.id: by_id[v.assistant] for v in problem.vehicles if v.assistant in by_id}


def crew_options(problem: Problem, together: Iterable[tuple[str, str]] = ()) -> list[Option]:
    """`together`: (vehicle, assistant) crews to offer as well as the problem's previous ones."""
    pinned = pinned_assistants(problem)
    offered = _offer_assistants(problem, pinned, together)
    options: list[Option] = []
    for v in problem.vehicles:
        for layout in v.layouts:
            if v.id in pinned:
                candidates: list[Assistant | None] = [pinned[v.id]]
            else:
                candidates = [None, *offered.get(v.id, [])]
            for a in candidates:
                option = Option(v, layout, a)
                if option.capacity(SEATS) >= 0 and any(option.capacity(k) > 0 for k in layout.capacity):
                    options.append(option)
    return options


def _offer_assistants(
    problem: Problem, pinned: dict[str, Assistant], together: Iterable[tuple[str, str]]
) -> dict[str, list[Assistant]]:
    pinned_ids = {a.id for a in pinned.values()}
    free = sorted((a for a in problem.assistants if a.id not in pinned_ids), key=lambda a: a.id)
    by_id = {a.id: a for a in free}
    open_vehicles = sorted((v for v in problem.vehicles if v.id not in pinned and _most_seats(v) >= 2), key=lambda v: v.id)
    open_ids = {v.id for v in open_vehicles}
    offered: dict[str, list[Assistant]] = {}
    crews = {(j.previous_vehicle, j.previous_assistant) for j in problem.journeys} | set(together)
    previous = sorted((v, a) for v, a in crews if a in by_id and v in open_ids)
    for vehicle, assistant in previous:
        offered.setdefault(vehicle, []).append(by_id[assistant])
    # The sets of skills some child needs and some free PA holds (the empty set: any PA will do).
    needs = {j.skills for j in problem.journeys if j.requires_assistant}
    needs = {c for c in needs if any(c <= a.skills for a in free)}
    times_offered = Counter(a.id for crew in offered.values() for a in crew)
    d = problem.durations
    if not problem.wide_crews:
        return _nearest(problem, free, open_vehicles, offered)
    for v in open_vehicles:
        crew = offered.setdefault(v.id, [])
        gaps = {c for c in needs if not any(c <= a.skills for a in crew)}
        while gaps and len(crew) < PAS_PER_VEHICLE:
            able = [a for a in free if a not in crew and any(c <= a.skills for c in gaps)]
            if not able:
                break
            # The PA covering most of the missing skills, then the one offered least so far (so
            # every PA is offered somewhere), then the nearest.
            a = min(able, key=lambda a: (-sum(c <= a.skills for c in gaps), times_offered[a.id], d[a.home][v.start], a.id))
            crew.append(a)
            times_offered[a.id] += 1
            gaps = {c for c in gaps if not c <= a.skills}
    return {v: crew for v, crew in offered.items() if crew}


def _nearest(
    problem: Problem, free: list[Assistant], open_vehicles: list[Vehicle], offered: dict[str, list[Assistant]]
) -> dict[str, list[Assistant]]:
    """Each other PA on the vehicle nearest their home with a wheelchair space and the nearest
    without, the most skilled choosing first. Offering more on a whole part (measured on a re-plan
    of 40 children: 253 of 314 journeys kept their crew against 290) let the search drift from the
    crews it should keep and the same crews day to day."""

    def nearest(a: Assistant, wheelchair: bool) -> Vehicle | None:
        choices = [v for v in open_vehicles if v.id not in offered and (_has_wheelchair_space(v) == wheelchair)]
        return min(choices, key=lambda v: (problem.durations[a.home][v.start], v.id), default=None)

    skilled_first = sorted(free, key=lambda a: (-len(a.skills), a.id))
    for first_wheelchair in (True, False):
        # Round one gives every assistant one vehicle; round two a second one, of the other kind.
        for a in skilled_first:
            v = nearest(a, first_wheelchair if _wheelchair_skilled(a) else not first_wheelchair)
            if v is not None:
                offered[v.id] = [a]
    return offered


def _has_wheelchair_space(v: Vehicle) -> bool:
    return any(layout.capacity.get(WHEELCHAIRS, 0) > 0 for layout in v.layouts)


def _wheelchair_skilled(a: Assistant) -> bool:
    return bool(a.skills & {"wheelchair_restraint", "manual_handling"})


def _most_seats(v: Vehicle) -> int:
    return max(layout.capacity.get(SEATS, 0) for layout in v.layouts)
