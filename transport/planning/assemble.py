"""Give a part of a session its own travel matrix and local place numbers."""

from __future__ import annotations

from dataclasses import dataclass, replace

from transport.optimizer import Assistant, Journey, Problem, Vehicle
from transport.planning.demand import PlaceBook, SessionDemand
from transport.planning.partition import Part
from transport.settings import Settings
from transport.travel import TravelTimeProvider
from transport.travel.shortcuts import via_any_place


def assemble(
    name: str,
    journeys: list[Journey],
    vehicles: list[Vehicle],
    assistants: list[Assistant],
    places: PlaceBook,
    travel: TravelTimeProvider,
    change_cost: float = 0.0,
    peak: float = 1.0,
    wide_crews: bool = False,
) -> tuple[Problem, list[int]]:
    """A Problem over only the places this part uses; returns it and its local-to-council places.
    `peak`: how much longer every drive takes in the session's traffic."""
    used: dict[int, int] = {}

    def local(place: int) -> int:
        return used.setdefault(place, len(used))

    local_journeys = [replace(j, pickup=local(j.pickup), dropoff=local(j.dropoff)) for j in journeys]
    local_vehicles = [replace(v, start=local(v.start), end=local(v.end)) for v in vehicles]
    local_assistants = [replace(a, home=local(a.home)) for a in assistants]
    council_places = list(used)
    matrix = travel.matrix([places.points[p] for p in council_places])
    problem = Problem(
        journeys=tuple(local_journeys),
        vehicles=tuple(local_vehicles),
        assistants=tuple(local_assistants),
        durations=(via_any_place(matrix.durations) * peak).tolist(),
        distances=matrix.distances.tolist(),
        name=name,
        change_cost=change_cost,
        wide_crews=wide_crews,
    )
    return problem, council_places


@dataclass(frozen=True)
class Assembler:
    """Makes the optimiser's Problem for a part of a session, or for any children and fleet of one,
    on the council's places and travel times, in the session's traffic."""

    places: PlaceBook
    travel: TravelTimeProvider
    change_cost: float
    settings: Settings

    def part(self, demand: SessionDemand, part: Part, k: int) -> tuple[Problem, list[int]]:
        """The k-th part of a session's demand."""
        name = f"{demand.weekday}-{demand.session}-{k + 1}"
        return self.problem(
            name, demand.session, part.journeys, part.vehicles, part.assistants, self.change_cost, part.wide_crews
        )

    def problem(
        self,
        name: str,
        session: str,
        journeys: list[Journey],
        vehicles: list[Vehicle],
        assistants: list[Assistant],
        change_cost: float = 0.0,
        wide_crews: bool = False,
    ) -> tuple[Problem, list[int]]:
        peak = self.settings.peak_factor(session)
        return assemble(name, journeys, vehicles, assistants, self.places, self.travel, change_cost, peak, wide_crews)
