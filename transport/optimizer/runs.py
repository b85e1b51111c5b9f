"""A run built from its stops in order: the times and distance follow from the travel matrix."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from transport.optimizer.crews import Option
from transport.optimizer.problem import Problem
from transport.optimizer.solution import Run, Stop

Visit = tuple[str, Literal["pickup", "dropoff"], int, float, float]
"""(journey, kind, place, planned start, service seconds)"""


def build_run(problem: Problem, option: Option, leave: float, visits: Iterable[Visit]) -> Run:
    """A run from its stops in order, each (journey, kind, place, planned start, service):
    arrivals and distance from the matrix, the vehicle waiting where it is early."""
    d, metres = problem.durations, problem.distances
    stops: list[Stop] = []
    here, departure, distance = option.vehicle.start, leave, 0.0
    for journey, kind, place, planned, service in visits:
        arrival = departure + d[here][place]
        start = max(arrival, planned)
        stops.append(Stop(journey, kind, place, arrival, start, start + service))
        distance += metres[here][place]
        here, departure = place, start + service
    distance += metres[here][option.vehicle.end]
    return Run(
        vehicle=option.vehicle.id,
        layout=option.layout.name,
        driver=option.vehicle.driver,
        assistant=option.assistant.id if option.assistant else None,
        stops=tuple(stops),
        leave_depot=leave,
        return_depot=departure + d[here][option.vehicle.end],
        distance=distance,
        cost=option.fixed_cost + option.vehicle.cost_per_metre * distance,
    )
