"""What the week would cost with one vehicle per child: the figure a plan's saving is measured against."""

from __future__ import annotations

from dataclasses import dataclass

from transport.optimizer import Journey, Problem


@dataclass(frozen=True)
class SoloTrip:
    journey: str
    cost: float
    distance: float
    ride: float


def solo_trip(problem: Problem, journey: Journey) -> SoloTrip | None:
    """The cheapest suitable vehicle driving from its depot to take this child alone, and back."""
    d = problem.distances
    p, q = journey.pickup, journey.dropoff
    best: SoloTrip | None = None
    for v in problem.vehicles:
        fits = any(
            all(layout.capacity.get(k, 0) >= n + (k == "seats" and journey.requires_assistant) for k, n in journey.load.items())
            for layout in v.layouts
        )
        if not fits:
            continue
        distance = d[v.start][p] + d[p][q] + d[q][v.end]
        cost = v.fixed_cost + v.cost_per_metre * distance
        if best is None or cost < best.cost:
            best = SoloTrip(journey.id, cost, distance, problem.durations[p][q])
    if best is not None and journey.requires_assistant and problem.assistants:
        pa_cost = min(a.cost_per_run for a in problem.assistants)
        best = SoloTrip(best.journey, best.cost + pa_cost, best.distance, best.ride)
    return best
