"""The embedded model: geodesic distances, town and country speeds, and the session's traffic."""

from __future__ import annotations

import random

import numpy as np
import pytest
from geopy.distance import geodesic

from transport.optimizer import Journey, Layout, Vehicle, Window
from transport.optimizer.problem import SEATS
from transport.planning.assemble import assemble
from transport.planning.demand import PlaceBook
from transport.settings import Settings
from transport.travel import Areas, Point, StraightLine, provider_from_settings
from transport.travel.shortcuts import via_any_place
from transport.travel.straight_line import great_circle_metres


def test_distances_are_within_half_a_percent_of_geopys_geodesic():
    rng = random.Random(7)
    # From the Scillies to Shetland: the haversine on a sphere against the WGS84 ellipsoid.
    points = [Point(rng.uniform(49.9, 60.8), rng.uniform(-6.4, 1.8)) for _ in range(40)]
    ours = great_circle_metres(points)
    for i in range(len(points)):
        for j in range(i + 1, len(points)):
            exact = geodesic((points[i].lat, points[i].lon), (points[j].lat, points[j].lon)).meters
            assert ours[i, j] == pytest.approx(exact, rel=0.005)


def town_and_country() -> list[Point]:
    rng = random.Random(3)
    town = [Point(52.06 + rng.gauss(0, 0.01), 1.15 + rng.gauss(0, 0.015)) for _ in range(60)]
    country = [Point(rng.uniform(51.95, 52.55), rng.uniform(0.4, 1.7)) for _ in range(40)]
    return town + country


def test_a_crowd_of_addresses_is_a_town_and_scattered_ones_are_country():
    points = town_and_country()
    areas = Areas.of(points)
    in_town = areas.in_town(points)
    assert in_town[:60].mean() > 0.9
    assert in_town[60:].mean() < 0.2


def test_a_council_too_small_to_tell_counts_as_town():
    assert Areas.of(town_and_country()[:10]).in_town([Point(52.3, 1.0)]).all()


def test_the_same_leg_is_quicker_in_the_country_and_longer_legs_are_faster():
    points = town_and_country()
    model = StraightLine(areas=Areas.of(points))
    # Two legs of the same length, one in town, one in open country.
    in_town = [Point(52.06, 1.15), Point(52.06, 1.19)]
    in_country = [Point(52.40, 0.60), Point(52.40, 0.64)]
    assert not Areas.of(points).in_town(in_country).any()
    town, country = model.matrix(in_town + in_country).durations[[0, 2], [1, 3]]
    assert country < 0.8 * town
    far = model.matrix([Point(52.06, 1.15), Point(52.25, 0.71)])  # Ipswich to Bury St Edmunds
    speed_far = far.distances[0, 1] / far.durations[0, 1]
    speed_near = model.matrix(in_town).distances[0, 1] / town
    assert speed_far > 1.5 * speed_near


def test_a_sessions_traffic_lengthens_every_drive():
    places = PlaceBook()
    home, school, depot = places.add(52.06, 1.15, "home"), places.add(52.10, 1.20, "school"), places.add(52.0, 1.1, "depot")
    journey = Journey(
        id="c1",
        pickup=home,
        dropoff=school,
        pickup_window=Window(0, 7200),
        dropoff_window=Window(0, 7200),
        max_ride=3600,
        load={SEATS: 1},
    )
    vehicle = Vehicle(
        id="v1",
        start=depot,
        end=depot,
        layouts=(Layout("8", {SEATS: 8}),),
        available=Window(0, 7200),
        fixed_cost=50,
        cost_per_metre=0.001,
    )
    calm, _ = assemble("calm", [journey], [vehicle], [], places, StraightLine())
    busy, _ = assemble("busy", [journey], [vehicle], [], places, StraightLine(), peak=1.2)
    np.testing.assert_allclose(np.array(busy.durations), 1.2 * np.array(calm.durations))
    assert busy.distances == calm.distances
    settings = Settings(am_peak_factor=1.2, pm_peak_factor=1.05)
    assert (settings.peak_factor("AM"), settings.peak_factor("PM")) == (1.2, 1.05)


def test_the_provider_is_chosen_by_settings(factory):
    assert isinstance(provider_from_settings(Settings()), StraightLine)
    engine = provider_from_settings(Settings(travel_engine="valhalla", travel_engine_url="http://engine:8002"), factory)
    assert engine.engine.key == "Valhalla engine:auto" and engine.engine.url == "http://engine:8002"
    osrm = provider_from_settings(Settings(travel_engine="osrm", travel_engine_url="http://o:5000", travel_cache=False))
    assert osrm.key == "OSRM engine:driving"
    with pytest.raises(Exception, match="use straight_line, osrm or valhalla"):
        provider_from_settings(Settings(travel_engine="google"))
    with pytest.raises(Exception, match="set TRAVEL_ENGINE_URL"):
        provider_from_settings(Settings(travel_engine="osrm"))


def test_a_part_never_drives_longer_than_by_way_of_another_place():
    points = town_and_country()
    raw = StraightLine(areas=Areas.of(points)).matrix(points).durations
    fixed = via_any_place(raw)
    through = (fixed[:, :, None] + fixed[None, :, :]).min(axis=1)
    assert (fixed <= through + 1e-6).all()
    assert (fixed <= raw).all()
    untouched = (raw[:, :, None] + raw[None, :, :]).min(axis=1) >= raw - 1e-6  # no detour beats the leg
    np.testing.assert_array_equal(fixed[untouched], raw[untouched])
