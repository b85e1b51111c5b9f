"""A morning's children going to one special school in Ipswich, as the optimiser's journeys, for
tests of the steps that work on a whole session (spare vehicles, vehicles exchanged)."""

from __future__ import annotations

from typing import Any

from tests.optimizer.builders import BELL
from transport.optimizer import Journey, Window
from transport.planning.assemble import Assembler
from transport.planning.demand import PlaceBook
from transport.settings import Settings
from transport.travel.straight_line import StraightLine

SCHOOL = (52.06, 1.15)


def children(places: PlaceBook, n: int, lon: float = 1.15, **needs: Any) -> list[Journey]:
    """n children living a kilometre apart north of the school at this longitude, at school by
    the bell; `needs`: the Journey's fields for each (load, a PA, skills)."""
    school = places.add(*SCHOOL, "Orwell Vale Special School, IP1 1AA")
    return [
        Journey(
            id=f"C{i + 1}",
            pickup=places.add(SCHOOL[0] + 0.01 * (i + 1), lon, f"{i + 1} High Street, Kesgrave, IP5 1AB"),
            dropoff=school,
            pickup_window=Window(BELL - 2 * 3600, BELL - 120),
            dropoff_window=Window(BELL - 15 * 60, BELL),
            max_ride=45 * 60,
            pickup_service=120,
            dropoff_service=60,
            **needs,
        )
        for i in range(n)
    ]


def assembler(places: PlaceBook) -> Assembler:
    """Straight-line travel, the default settings."""
    return Assembler(places, StraightLine(), 0.0, Settings(database_url="sqlite://"))
