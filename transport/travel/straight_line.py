"""The embedded, offline travel model: great-circle distance times a road factor.

Speeds rise with the length of a leg, the way a short hop is all town streets and a long one is
mostly A-roads: the first 2 road miles at 18 mph, the next 6 at 30 mph, the rest at 45 mph
(Ipswich to Bury St Edmunds: 28 road miles, 46 minutes; a little slower than a map app, on
purpose, since a journey limit is a promise).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from transport.travel.provider import Matrix, Point

EARTH_RADIUS_M = 6_371_008.8
MILE_M = 1609.344
# (band ends in road miles, speed in mph within the band)
SPEED_BANDS = ((2.0, 18.0), (8.0, 30.0), (float("inf"), 45.0))


def great_circle_metres(points: Sequence[Point]) -> np.ndarray:
    lat = np.radians([p.lat for p in points])
    lon = np.radians([p.lon for p in points])
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def drive_seconds(road_metres: np.ndarray) -> np.ndarray:
    miles = road_metres / MILE_M
    hours = np.zeros_like(miles)
    band_start = 0.0
    for band_end, mph in SPEED_BANDS:
        in_band = np.clip(miles, band_start, band_end) - band_start
        hours += in_band / mph
        band_start = band_end
    return hours * 3600.0


class StraightLine:
    def __init__(self, road_factor: float = 1.25, time_factor: float = 1.0) -> None:
        self.road_factor = road_factor
        self.time_factor = time_factor
        """Scales every drive, e.g. 1.15 for the morning peak."""

    def matrix(self, points: Sequence[Point]) -> Matrix:
        road = great_circle_metres(points) * self.road_factor
        return Matrix(durations=drive_seconds(road) * self.time_factor, distances=road)
