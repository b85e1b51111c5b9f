"""The road-engine clients against a real Valhalla (and OSRM's API answered from it)."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from tests.travel.conftest import TOWN
from tests.travel.osrm_api import osrm_speaking
from transport.travel import StraightLine, TravelError
from transport.travel.local_valhalla import free_port
from transport.travel.osrm import OSRM
from transport.travel.valhalla import Valhalla

CORNERS = [TOWN.point(0, 0), TOWN.point(0, 20), TOWN.point(20, 0), TOWN.point(20, 20)]
ACROSS_THE_RIVER = [TOWN.point(10, 3), TOWN.point(11, 3)]
"""250 m apart as the crow flies; the nearest bridge is two streets away (column 5)."""
SPREAD = [TOWN.point(r, c) for r in (1, 4, 9, 12, 17) for c in (2, 8, 13, 19)]


def route(engine_url: str, a, b) -> tuple[float, float]:
    """Valhalla's own route between two places: seconds and metres."""
    body = httpx.post(
        f"{engine_url}/route",
        json={
            "locations": [{"lat": a.lat, "lon": a.lon}, {"lat": b.lat, "lon": b.lon}],
            "costing": "auto",
            "units": "kilometers",
        },
    ).json()
    return body["trip"]["summary"]["time"], body["trip"]["summary"]["length"] * 1000


def test_the_matrix_is_the_engines_own_routes(valhalla):
    matrix = Valhalla(valhalla.url).matrix(CORNERS)
    for i, a in enumerate(CORNERS):
        for j, b in enumerate(CORNERS):
            if i != j:
                seconds, metres = route(valhalla.url, a, b)
                assert matrix.durations[i, j] == pytest.approx(seconds, rel=0.03, abs=5)
                assert matrix.distances[i, j] == pytest.approx(metres, rel=0.01, abs=20)
    # Opposite corners of a 5 km grid are 10 km apart by road.
    assert matrix.distances[0, 3] == pytest.approx(10_000, rel=0.01)


def test_a_river_makes_a_short_straight_line_a_long_drive(valhalla):
    road = Valhalla(valhalla.url).matrix(ACROSS_THE_RIVER)
    crow = StraightLine().matrix(ACROSS_THE_RIVER)
    assert crow.distances[0, 1] < 350
    assert road.distances[0, 1] == pytest.approx(250 + 2 * 500, rel=0.02)  # to the bridge and back


def test_blocks_give_the_same_matrix_as_one_request(valhalla):
    whole = Valhalla(valhalla.url, block=100).matrix(SPREAD)
    engine = Valhalla(valhalla.url, block=3, at_once=3)
    blocks = engine.matrix(SPREAD)
    assert engine.requests == 7 * 7  # 20 places in blocks of 3: 7 by 7 requests
    np.testing.assert_allclose(blocks.durations, whole.durations)
    np.testing.assert_allclose(blocks.distances, whole.distances)


def test_the_osrm_client_reads_the_table_api(valhalla):
    with osrm_speaking(valhalla.url, max_table_size=10) as (url, seen):
        osrm = OSRM(url, block=5).matrix(SPREAD)
    assert len(seen) == 4 * 4  # blocks of 5 sources and 5 destinations: 10 places a request
    expected = Valhalla(valhalla.url).matrix(SPREAD)
    np.testing.assert_allclose(osrm.durations, expected.durations)
    np.testing.assert_allclose(osrm.distances, expected.distances)


def test_a_request_the_engine_refuses_says_what_it_said(valhalla):
    with osrm_speaking(valhalla.url, max_table_size=10) as (url, _):
        with pytest.raises(TravelError, match="refused a matrix request .400.: TooBig"):
            OSRM(url, block=20).matrix(SPREAD)


def test_an_engine_that_is_down_is_named_after_its_retries():
    url = f"http://127.0.0.1:{free_port()}"
    engine = Valhalla(url, retries=3, pause=0.01, timeout=2)
    with pytest.raises(TravelError, match=f"the Valhalla engine at {url} did not answer .*3 times: is it running"):
        engine.matrix(CORNERS)
    assert engine.requests == 3


def test_a_place_off_the_map_is_named(valhalla):
    at_sea = type(CORNERS[0])(54.5, 3.5)  # the North Sea: no road within reach
    with pytest.raises(TravelError) as error:
        Valhalla(valhalla.url, retries=1).matrix([CORNERS[0], at_sea])
    assert "Valhalla engine" in str(error.value)
