"""Town or countryside: for each place, from how closely the council's own addresses crowd round it.

A council's addresses (homes, schools, depots) are densest in its towns. A place is in town when the
addresses in the 3 x 3 grid cells round it are at least TOWN_RATIO times as many as the council's
average over that area. Built once from all of a council's places, so a place is town or country
the same in every part of a plan, whichever other places share its matrix.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from transport.travel.provider import Point

CELL_KM = 2.0
TOWN_RATIO = 3.0
MIN_PLACES = 30
"""With fewer places than this, density says nothing: every place counts as town (slower, so safer)."""
KM_PER_DEGREE = 111.2


@dataclass(frozen=True)
class Areas:
    town_cells: frozenset[tuple[int, int]]
    cos_lat: float
    everywhere_town: bool = False

    @classmethod
    def of(cls, points: Sequence[Point]) -> Areas:
        if len(points) < MIN_PLACES:
            return cls(frozenset(), 1.0, everywhere_town=True)
        cos_lat = math.cos(math.radians(float(np.mean([p.lat for p in points]))))
        cells = Counter(_cell(p, cos_lat) for p in points)
        block = {c: sum(cells.get((c[0] + dx, c[1] + dy), 0) for dx in (-1, 0, 1) for dy in (-1, 0, 1)) for c in cells}
        ys, xs = zip(*cells)
        council_km2 = (max(ys) - min(ys) + 1) * (max(xs) - min(xs) + 1) * CELL_KM**2
        expected = len(points) / council_km2 * 9 * CELL_KM**2
        return cls(frozenset(c for c, n in block.items() if n >= TOWN_RATIO * expected), cos_lat)

    def in_town(self, points: Sequence[Point]) -> np.ndarray:
        if self.everywhere_town:
            return np.ones(len(points), dtype=bool)
        return np.array([_cell(p, self.cos_lat) in self.town_cells for p in points], dtype=bool)


def _cell(p: Point, cos_lat: float) -> tuple[int, int]:
    return (math.floor(p.lat * KM_PER_DEGREE / CELL_KM), math.floor(p.lon * KM_PER_DEGREE * cos_lat / CELL_KM))
