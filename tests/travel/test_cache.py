"""The cache keeps a road engine's answers by pairs of places, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from sqlalchemy import func, select

from tests.travel.conftest import TOWN
from transport import models as m
from transport.travel import TravelError
from transport.travel.cache import CachedTravel, forget, kept
from transport.travel.local_valhalla import free_port
from transport.travel.valhalla import Valhalla

SCHOOL_RUN = [TOWN.point(r, c) for r, c in ((0, 0), (3, 7), (8, 2), (12, 12), (15, 4), (20, 18))]


def test_a_second_matrix_of_the_same_places_asks_the_engine_nothing(valhalla, factory):
    engine = Valhalla(valhalla.url, block=4)
    cached = CachedTravel(engine, factory)
    first = cached.matrix(SCHOOL_RUN)
    asked = engine.requests
    assert (cached.hits, cached.misses) == (0, 30)
    again = cached.matrix(SCHOOL_RUN)
    assert engine.requests == asked
    assert (cached.hits, cached.misses) == (30, 30)
    assert cached.hit_rate == 0.5
    np.testing.assert_array_equal(again.durations, first.durations)
    np.testing.assert_array_equal(again.distances, first.distances)
    np.testing.assert_allclose(first.durations, engine.matrix(SCHOOL_RUN).durations)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(m.TravelTime)) == 30


def test_a_new_place_asks_only_for_its_own_pairs(valhalla, factory):
    engine = Valhalla(valhalla.url)
    cached = CachedTravel(engine, factory)
    cached.matrix(SCHOOL_RUN)
    newcomer = TOWN.point(18, 9)
    # The newcomer in the middle of the list: the cache must put every answer in its place.
    places = SCHOOL_RUN[:3] + [newcomer] + SCHOOL_RUN[3:]
    matrix = cached.matrix(places)
    assert cached.misses == 30 + 12  # 6 places to and from the newcomer
    np.testing.assert_allclose(matrix.durations, engine.matrix(places).durations)


def test_cached_answers_serve_a_re_plan_while_the_engine_is_down(valhalla, factory):
    CachedTravel(Valhalla(valhalla.url), factory).matrix(SCHOOL_RUN)
    down = Valhalla(f"http://127.0.0.1:{free_port()}", retries=1)
    assert CachedTravel(down, factory).matrix(SCHOOL_RUN[1:4]).durations.shape == (3, 3)
    with pytest.raises(TravelError, match="did not answer"):
        CachedTravel(down, factory).matrix(SCHOOL_RUN + [TOWN.point(19, 19)])


def test_answers_are_kept_apart_by_engine_and_profile(valhalla, factory):
    CachedTravel(Valhalla(valhalla.url), factory).matrix(SCHOOL_RUN)
    other = CachedTravel(Valhalla(valhalla.url, profile="taxi"), factory)
    other.matrix(SCHOOL_RUN)
    assert other.hits == 0


def test_the_cache_is_emptied_for_one_engine_or_all_and_a_wrong_name_changes_nothing(valhalla, factory):
    CachedTravel(Valhalla(valhalla.url), factory).matrix(SCHOOL_RUN)
    taxi = Valhalla(valhalla.url, profile="taxi")
    CachedTravel(taxi, factory).matrix(SCHOOL_RUN)
    car = Valhalla(valhalla.url).key
    assert kept(factory) == {car: 30, taxi.key: 30}
    with pytest.raises(LookupError, match="holds nothing from 'OSRM:car'"):
        forget(factory, "OSRM:car")
    assert kept(factory) == {car: 30, taxi.key: 30}
    assert forget(factory, taxi.key) == {taxi.key: 30}
    assert kept(factory) == {car: 30}
    again = CachedTravel(taxi, factory)
    again.matrix(SCHOOL_RUN)
    assert again.misses == 30  # forgotten answers are asked again
    assert forget(factory) == {car: 30, taxi.key: 30}
    assert kept(factory) == {}
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(m.TravelPoint)) == 0


def test_the_command_line_shows_and_empties_the_cache(valhalla, factory):
    CachedTravel(Valhalla(valhalla.url), factory).matrix(SCHOOL_RUN)
    env = {**os.environ, "DATABASE_URL": factory.kw["bind"].url.render_as_string(hide_password=False)}
    command = [sys.executable, "-m", "transport.cli", "travel"]
    shown = subprocess.run(command + ["cache"], env=env, capture_output=True, text=True, check=True)
    assert "Valhalla engine:auto: 30 pairs of places" in shown.stdout
    wrong = subprocess.run(command + ["forget", "--engine", "nothing"], env=env, capture_output=True, text=True)
    assert wrong.returncode == 1 and "The cache holds nothing from 'nothing'" in wrong.stdout
    gone = subprocess.run(command + ["forget"], env=env, capture_output=True, text=True, check=True)
    assert "Forgot 30 pairs of places from Valhalla engine:auto." in gone.stdout
    assert kept(factory) == {}
