"""A real Valhalla engine for the travel tests, on a road network the tests write themselves."""

from __future__ import annotations

import pytest

from transport.travel import Point
from transport.travel.local_valhalla import LocalValhalla
from transport.travel.roadnet import Grid

TOWN = Grid(Point(52.05, 1.10), rows=21, cols=21, spacing_m=250.0, a_road_every=5, river_after_row=10)
"""A 5 km square town; a river between rows 10 and 11 is bridged only by the A-roads (columns 0, 5, 10, ...)."""


@pytest.fixture(scope="session")
def valhalla(tmp_path_factory):
    folder = tmp_path_factory.mktemp("valhalla")
    with LocalValhalla(TOWN.write(folder / "town.osm.pbf"), folder) as engine:
        yield engine
