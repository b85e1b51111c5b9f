"""A child the council's fleet could take alone, but did not, is told which need ran short, where
and when, and what would place them."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from tests.optimizer.builders import problem, random_problem, school_run, vehicle
from transport.optimizer import SEATS, WHEELCHAIRS, Assistant
from transport.optimizer.explain import solo_fits
from transport.planning.reasons import SHORT_PA, SHORT_SEATS, SHORT_WHEELCHAIR, SPARE_UNUSED, WholeFleet, shortage

LABELS = ["Depot", "Orwell Vale Special School", "12 High Street, Kesgrave, IP5 1AB"]


def _case(wheelchair: bool = False, skills: frozenset[str] = frozenset()):
    load = {WHEELCHAIRS: 1, SEATS: 0} if wheelchair else {SEATS: 1}
    journeys, durations, distances = school_run([(3.0, 0.0)], load=load, skills=skills)
    vehicles = [vehicle("V1", seats=4, wheelchairs=1), vehicle("V2", seats=4)]
    pas = [Assistant("PA1", frozenset({"epilepsy_medication"}), 0), Assistant("PA2", frozenset(), 0)]
    return problem(journeys, vehicles, durations, distances, pas), journeys[0]


def test_every_trained_pa_busy_names_the_training_the_place_and_the_time():
    p, j = _case(skills=frozenset({"epilepsy_medication"}))
    reason = shortage(p, j, "AM", {"PA1"}, LABELS)
    assert reason.code == SHORT_PA
    assert reason.text.startswith("all 1 PAs trained in epilepsy medication are on other runs this morning")
    assert "one more PA trained in epilepsy medication, free near IP5 for Orwell Vale Special School, " in reason.text
    assert reason.data["to"] == "09:00" and reason.data["from"] < "09:00"
    assert (reason.data["pas_able"], reason.data["pas_free"], reason.data["vehicles_free"]) == (
        1,
        0,
        0,
    )  # no vehicle can go without the PA


@pytest.mark.parametrize(
    "wheelchair, busy, code, able", [(True, {"V1"}, SHORT_WHEELCHAIR, 1), (False, {"V1", "V2"}, SHORT_SEATS, 2)]
)
def test_every_vehicle_with_the_space_busy_names_the_space(wheelchair, busy, code, able):
    p, j = _case(wheelchair=wheelchair)
    reason = shortage(p, j, "AM", busy, LABELS)
    assert reason.code == code
    assert reason.data["vehicles_able"] == able and reason.data["vehicles_free"] == 0
    space = "wheelchair space" if wheelchair else "free seat"
    assert f"one more vehicle with a {space}, free near IP5" in reason.text


def test_a_free_vehicle_and_pa_that_could_take_the_child_are_named_as_unused():
    p, j = _case(skills=frozenset({"epilepsy_medication"}))
    reason = shortage(p, j, "AM", {"V1"}, LABELS)
    assert reason.code == SPARE_UNUSED
    assert reason.data["spare_vehicles"] == ["V2"] and reason.data["spare_pas"] == ["PA1"]


@pytest.mark.parametrize("seed", range(40))
def test_the_whole_fleet_check_agrees_with_solo_fits_on_every_option(seed):
    """WholeFleet checks every vehicle at once with numpy: the same answer as `solo_fits` one by one."""
    p = random_problem(random.Random(seed))
    p = replace(
        p, vehicles=tuple(replace(v, max_duration=random.Random(seed).choice([None, 1800.0, 3600.0])) for v in p.vehicles)
    )
    fleet = WholeFleet(p)
    for j in p.journeys:
        for offer in (fleet.offered(j), fleet.needed(j)):
            assert list(fleet.fits(j, offer)) == [solo_fits(p, j, o) for o in offer.options]
