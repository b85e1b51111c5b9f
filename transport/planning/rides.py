"""How long children ride: the spread a planner reads, and each ride against the child's direct drive."""

from __future__ import annotations

import math
from dataclasses import dataclass

from transport.planning.plan import SolvedPart

COUNTED_FROM = {
    "boarding": "from the moment the child starts boarding to arrival at the drop-off",
    "departure": "from when the vehicle leaves the pickup to arrival at the drop-off",
}
"""What a ride counts, by the RIDE_FROM setting, in the summary's words."""
BANDS = (30, 45, 60, 75)
"""Minutes: the edges of the bands rides are counted in."""
HOUR = 3600.0


@dataclass(frozen=True)
class Ride:
    """One child's journey as planned, counted from the instant RIDE_FROM names (seconds)."""

    journey: str
    session: str
    """e.g. "mon AM"."""
    ride: float
    limit: float
    direct: float
    """The drive from pickup to drop-off on its own (with the child's boarding, counted from boarding)."""


def rides_in(part: SolvedPart, session: str, ride_from: str) -> list[Ride]:
    """Each placed child's ride in a part. The optimiser's ride and limit start when the vehicle
    leaves the pickup; counted from boarding, the child's boarding is added to all three."""
    journeys = {j.id: j for j in part.problem.journeys}
    rides: list[Ride] = []
    for jid, ride in part.solution.ride_times().items():
        j = journeys[jid]
        board = j.pickup_service if ride_from == "boarding" else 0.0
        direct = part.problem.durations[j.pickup][j.dropoff]
        rides.append(Ride(jid, session, ride + board, j.max_ride + board, direct + board))
    return rides


def percentile(values: list[float], share: float) -> float:
    """The value that this share of them are at or below (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


def _minutes(seconds: float) -> float:
    return round(seconds / 60.0, 1)


def distribution(rides: list[Ride], ride_from: str, spot_hired: int = 0) -> dict:
    """The spread of rides (half are at most the median, nine in ten at most p90), how many are
    over an hour, the same bands for each child's direct drive, and how far over it they ride."""
    times = [r.ride for r in rides]
    directs = [r.direct for r in rides]
    # A child living by the school has a direct drive of a minute or less: a ratio to it means little.
    ratios = [r.ride / max(r.direct, 60.0) for r in rides]
    extra = [max(0.0, r.ride - r.direct) for r in rides]
    edges = (0, *BANDS, math.inf)
    bands = []
    for lo, hi in zip(edges, edges[1:]):
        label = f"up to {hi} min" if lo == 0 else f"over {lo} min" if hi == math.inf else f"{lo} to {hi} min"
        bands.append(
            {
                "band": label,
                "journeys": sum(lo * 60 < t <= hi * 60 for t in times),
                "direct": sum(lo * 60 < t <= hi * 60 for t in directs),
            }
        )
    return {
        "counted_from": ride_from,
        "counted": COUNTED_FROM[ride_from],
        "journeys": len(rides),
        "journeys_spot_hired": spot_hired,
        "median_minutes": _minutes(percentile(times, 0.5)),
        "p90_minutes": _minutes(percentile(times, 0.9)),
        "longest_minutes": _minutes(max(times, default=0.0)),
        "over_an_hour": sum(t > HOUR + 1e-6 for t in times),
        "direct_over_an_hour": sum(d > HOUR + 1e-6 for d in directs),
        "bands": bands,
        "against_direct": {
            "median_times": round(percentile(ratios, 0.5), 2),
            "p90_times": round(percentile(ratios, 0.9), 2),
            "median_extra_minutes": _minutes(percentile(extra, 0.5)),
            "p90_extra_minutes": _minutes(percentile(extra, 0.9)),
            "most_extra_minutes": _minutes(max(extra, default=0.0)),
        },
    }
