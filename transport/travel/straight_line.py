"""The embedded, offline travel model: great-circle distance times a road factor, at speeds that
depend on the kind of area and the length of the leg.

Speeds rise with the length of a leg, the way a short hop is all side streets and a long one is
mostly A-roads; in town every band is slower than in the countryside. A leg from town to country
takes the mean of the two. The figures and how they were chosen are in the README ("Travel times").
Distances are the haversine on the mean Earth radius (numpy, a whole matrix at once): within 0.5%
of geopy's ellipsoidal geodesic across the UK, which a test checks, and thousands of times faster.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from transport.travel.areas import Areas
from transport.travel.provider import Matrix, Point

EARTH_RADIUS_M = 6_371_008.8
MILE_M = 1609.344
# (band ends in road miles, speed in mph within the band)
TOWN_SPEEDS = ((2.0, 16.0), (8.0, 25.0), (float("inf"), 40.0))
COUNTRY_SPEEDS = ((2.0, 24.0), (8.0, 36.0), (float("inf"), 48.0))
TOWN_MILES = 3.0
"""Road miles of a leg inside the town at each end; the rest of a longer leg is open road."""


ROWS = 1024
"""Rows worked out at a time: a county's 10,000 places would need several n x n temporaries at once."""


def great_circle_metres(points: Sequence[Point]) -> np.ndarray:
    lat = np.radians([p.lat for p in points])
    lon = np.radians([p.lon for p in points])
    metres = np.empty((len(points), len(points)))
    for k in range(0, len(points), ROWS):
        la, lo = lat[k : k + ROWS, None], lon[k : k + ROWS, None]
        a = np.sin((la - lat) / 2) ** 2 + np.cos(la) * np.cos(lat) * np.sin((lo - lon) / 2) ** 2
        metres[k : k + ROWS] = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return metres


def drive_seconds(road_metres: np.ndarray, speeds=TOWN_SPEEDS) -> np.ndarray:
    miles = road_metres / MILE_M
    hours = np.zeros_like(miles)
    band_start = 0.0
    for band_end, mph in speeds:
        in_band = np.clip(miles, band_start, band_end) - band_start
        hours += in_band / mph
        band_start = band_end
    return hours * 3600.0


class StraightLine:
    """`areas`: which places are in town (Areas.of the council's places); without it, all are."""

    def __init__(self, road_factor: float = 1.25, areas: Areas | None = None) -> None:
        self.road_factor = road_factor
        self.areas = areas

    def describe(self) -> str:
        return f"straight-line model, road factor {self.road_factor}" + ("" if self.areas else ", town speeds everywhere")

    def matrix(self, points: Sequence[Point]) -> Matrix:
        road = great_circle_metres(points) * self.road_factor
        town = drive_seconds(road, TOWN_SPEEDS)
        if self.areas is None:
            return Matrix(durations=town, distances=road)
        in_town = self.areas.in_town(points).astype(float)
        # The share of the leg at town speeds: all of a short hop across town, only the ends of a
        # long drive between towns (else a detour through the country would beat the direct road).
        ends = np.minimum(1.0, 2 * TOWN_MILES * MILE_M / np.maximum(road, 1.0))
        share = (in_town[:, None] + in_town[None, :]) / 2 * ends
        return Matrix(durations=share * town + (1 - share) * drive_seconds(road, COUNTRY_SPEEDS), distances=road)
