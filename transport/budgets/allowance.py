"""The council's allowance for a family who takes their own child to school: pence per mile for
the single trips a school day the council pays for, or a personal travel budget (PTB) a term.

Defaults (settings.py): 45p a mile, HMRC's approved mileage allowance for a car's first 10,000
miles (gov.uk, "Travel - mileage and fuel rates and allowances"); 4 single trips a day, the two
return journeys most councils' policies pay for (to school and home again in the morning, and
again at home time); no PTB unless the council sets its amount a term."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from transport.planning.demand import MILE_M
from transport.settings import Settings
from transport.travel.provider import Point, TravelTimeProvider

SCHOOL_WEEKS_PER_YEAR = 38
"""190 school days a year (England's school year), five a week."""
TERMS_PER_YEAR = 3


def ptb_weekly(per_term: float) -> float:
    """A personal travel budget a term, in pounds a school week."""
    return round(per_term * TERMS_PER_YEAR / SCHOOL_WEEKS_PER_YEAR, 2)


@dataclass(frozen=True)
class Allowance:
    pence_per_mile: int
    trips_per_day: int
    ptb_per_term: float | None
    """Pounds a term; None: the council offers no PTB."""

    def per_day(self, miles: float) -> float:
        """Pounds for one school day's trips between a home and a school `miles` apart by road."""
        return mileage(miles, self.trips_per_day, self.pence_per_mile)


def mileage(miles: float, trips: int, pence_per_mile: int) -> float:
    """Pounds for `trips` single trips of `miles` at a rate, to the penny, half a penny up (as
    money is rounded; binary floats would round 472.5p down)."""
    pence = Decimal(str(miles)) * trips * pence_per_mile
    return float((pence / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def allowance_from(settings: Settings) -> Allowance:
    return Allowance(settings.allowance_pence_per_mile, settings.allowance_trips_per_day, settings.ptb_per_term)


def school_miles(travel: TravelTimeProvider, pairs: Sequence[tuple[Point, Point]]) -> list[float]:
    """Road miles from each home to its school (one matrix for them all)."""
    points: list[Point] = []
    index: dict[Point, int] = {}
    for p in (p for pair in pairs for p in pair):
        if p not in index:
            index[p] = len(points)
            points.append(p)
    if not points:
        return []
    distances = travel.matrix(points).distances
    return [round(float(distances[index[home], index[school]]) / MILE_M, 2) for home, school in pairs]
