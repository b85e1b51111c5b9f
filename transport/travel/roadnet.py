"""A small road network written as an OpenStreetMap extract, to build a real engine's data from.

Tests and the travel benchmark need a road engine with roads to route on, and a county's map is
not to be downloaded here. The network is a town grid: residential streets at 20 mph with a
40 mph A-road every few streets; a river crossed only by the A-roads makes a short straight line
a long drive, as rivers and estuaries do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transport.travel.provider import Point

METRES_PER_DEGREE = 111_195.0
STAMP: dict[str, Any] = {"version": 1, "changeset": 1, "timestamp": "2026-01-01T00:00:00Z", "uid": 1, "user": "send-transport"}


@dataclass(frozen=True)
class Grid:
    south_west: Point
    rows: int
    cols: int
    spacing_m: float = 250.0
    a_road_every: int = 5
    river_after_row: int | None = None
    """The river runs east-west between this row and the next; only A-roads bridge it."""

    @classmethod
    def covering(cls, points: list[Point], spacing_m: float = 1000.0, margin_m: float = 2000.0, **options) -> Grid:
        """A grid over every one of these places, so the engine finds a road near each."""
        south = min(p.lat for p in points) - margin_m / METRES_PER_DEGREE
        north = max(p.lat for p in points) + margin_m / METRES_PER_DEGREE
        metres_per_lon = METRES_PER_DEGREE * math.cos(math.radians(south))
        west = min(p.lon for p in points) - margin_m / metres_per_lon
        east = max(p.lon for p in points) + margin_m / metres_per_lon
        rows = math.ceil((north - south) * METRES_PER_DEGREE / spacing_m) + 1
        cols = math.ceil((east - west) * metres_per_lon / spacing_m) + 1
        return cls(Point(south, west), rows, cols, spacing_m, **options)

    def point(self, row: int, col: int) -> Point:
        lat = self.south_west.lat + row * self.spacing_m / METRES_PER_DEGREE
        lon = self.south_west.lon + col * self.spacing_m / (METRES_PER_DEGREE * math.cos(math.radians(self.south_west.lat)))
        return Point(round(lat, 7), round(lon, 7))

    def a_road(self, line: int) -> bool:
        return line % self.a_road_every == 0

    def write(self, path: Path) -> Path:
        """The network as an .osm.pbf file (pyosmium writes it)."""
        import osmium
        from osmium.osm.mutable import Node, Way

        path = Path(path)
        path.unlink(missing_ok=True)
        node_id = {(r, c): 1 + r * self.cols + c for r in range(self.rows) for c in range(self.cols)}
        writer = osmium.SimpleWriter(str(path))
        try:
            for (r, c), i in node_id.items():
                p = self.point(r, c)
                writer.add_node(Node(id=i, location=(p.lon, p.lat), tags={}, **STAMP))
            way = 0

            def add(nodes: list[int], a_road: bool) -> None:
                nonlocal way
                way += 1
                tags = (
                    {"highway": "primary", "maxspeed": "40 mph", "ref": f"A{1000 + way}"}
                    if a_road
                    else {"highway": "residential", "maxspeed": "20 mph", "name": f"Street {way}"}
                )
                writer.add_way(Way(id=way, nodes=nodes, tags=tags, **STAMP))

            for r in range(self.rows):
                add([node_id[r, c] for c in range(self.cols)], self.a_road(r))
            for c in range(self.cols):
                column = [node_id[r, c] for r in range(self.rows)]
                if self.river_after_row is None or self.a_road(c):
                    add(column, self.a_road(c))
                else:  # no bridge: the street stops at each bank
                    add(column[: self.river_after_row + 1], False)
                    add(column[self.river_after_row + 1 :], False)
        finally:
            writer.close()
        return path
