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
    ride_cost_per_hour: float = 0.0,
    ride_from: str = "departure",
    long_ride: tuple[float, float] = (3600.0, 0.0),
) -> tuple[Problem, list[int]]:
    """A Problem over only the places this part uses; returns it and its local-to-council places.
    `peak`: how much longer every drive takes in the session's traffic. `ride_from`: "boarding"
    counts each child's journey limit from the start of their boarding (the optimiser's from
    leaving the pickup), so the boarding comes off it. `long_ride`: the minutes of a ride past
    which it costs more, and how much more an hour."""
    used: dict[int, int] = {}

    def local(place: int) -> int:
        return used.setdefault(place, len(used))

    local_journeys = [
        replace(j, pickup=local(j.pickup), dropoff=local(j.dropoff), max_ride=ride_limit(j, ride_from)) for j in journeys
    ]
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
        ride_cost_per_hour=ride_cost_per_hour,
        long_ride=long_ride[0] * 60.0,
        long_ride_cost_per_hour=long_ride[1],
        wide_crews=wide_crews,
    )
    return problem, council_places


def ride_limit(journey: Journey, ride_from: str) -> float:
    """The optimiser's ride limit (from leaving the pickup) for a child's journey limit counted
    from `ride_from`: "boarding" or "departure"."""
    return journey.max_ride - journey.pickup_service if ride_from == "boarding" else journey.max_ride


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
        s = self.settings
        return assemble(
            name,
            journeys,
            vehicles,
            assistants,
            self.places,
            self.travel,
            change_cost,
            s.peak_factor(session),
            wide_crews,
            s.ride_cost_per_hour,
            s.ride_from,
            (s.long_ride_minutes, s.long_ride_cost_per_hour),
        )
