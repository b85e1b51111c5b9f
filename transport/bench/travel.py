"""The travel benchmark: how long a matrix takes for a county's places, with each provider here.

The road engine is Valhalla, run on this machine on a generated county road network (a grid of
streets and A-roads over 40 x 40 km); the places are spread at random over it.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from transport.db import make_engine, migrate, session_factory
from transport.travel.cache import CachedTravel
from transport.travel.local_valhalla import LocalValhalla
from transport.travel.provider import Point
from transport.travel.roadnet import Grid
from transport.travel.straight_line import StraightLine
from transport.travel.valhalla import Valhalla

COUNTY = Grid(Point(52.0, 0.7), rows=81, cols=81, spacing_m=500.0, a_road_every=5)
CACHE_UP_TO = 2000
"""The cache keeps a row per pair: 10,000 places would be 100 million rows, more than a re-plan ever asks."""

Row = dict[str, object]


def places(n: int, seed: int = 1) -> list[Point]:
    rng = random.Random(seed)
    corner = COUNTY.point(COUNTY.rows - 1, COUNTY.cols - 1)
    return [
        Point(rng.uniform(COUNTY.south_west.lat, corner.lat), rng.uniform(COUNTY.south_west.lon, corner.lon)) for _ in range(n)
    ]


def timed(provider: str, n: int, ask: Callable[[], object], note: Callable[[], str] = str) -> Row:
    """A row for one timed matrix; `note` is asked after the matrix (what it took: requests, hits)."""
    began = time.perf_counter()
    ask()
    took = time.perf_counter() - began
    return {
        "provider": provider,
        "places": n,
        "seconds": round(took, 2),
        "pairs a second": f"{n * n / took:,.0f}",
        "note": note(),
    }


def travel_rows(sizes: list[int], block: int = 500, at_once: int = 2, report=lambda row: None) -> list[Row]:
    rows: list[Row] = []

    def add(row: Row) -> None:
        rows.append(row)
        report(row)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        with LocalValhalla(COUNTY.write(folder / "county.osm.pbf"), folder, threads=at_once, max_pairs=block * block) as engine:
            add(
                {
                    "provider": "Valhalla: build tiles and start",
                    "places": COUNTY.rows * COUNTY.cols,
                    "seconds": round(time.perf_counter() - began, 2),
                    "pairs a second": "",
                    "note": "road junctions in the network",
                }
            )
            database = make_engine(f"sqlite:///{folder}/cache.sqlite")
            migrate(database)
            factory = session_factory(database)
            for n in sizes:
                points = places(n)

                def straight(points: list[Point] = points) -> object:
                    return StraightLine().matrix(points)

                add(timed("straight line", n, straight))
                valhalla = Valhalla(engine.url, block=block, at_once=at_once, timeout=600)

                def requests_note(v: Valhalla = valhalla) -> str:
                    return f"{v.requests} requests, blocks of {block}"

                add(timed("Valhalla", n, partial(valhalla.matrix, points), requests_note))
                if n <= CACHE_UP_TO:
                    cold = CachedTravel(Valhalla(engine.url, block=block, at_once=at_once, timeout=600), factory)
                    add(
                        timed(
                            "Valhalla, cache empty",
                            n,
                            partial(cold.matrix, points),
                            lambda: "asks the engine, writes every pair",
                        )
                    )
                    warm = CachedTravel(Valhalla(engine.url, block=block, at_once=at_once), factory)
                    add(timed("Valhalla, from the cache", n, partial(warm.matrix, points)))
                    rows[-1]["note"] = f"{warm.hit_rate:.0%} of pairs from the cache"
            database.dispose()
    return rows
