"""Sharing the fleet and the PAs between parts holds for every shape of session."""

from transport.optimizer import Assistant
from transport.planning.demand import PlaceBook, SessionDemand
from transport.planning.partition import fit_to_day, leftover_parts


def _places() -> tuple[PlaceBook, int]:
    places = PlaceBook()
    return places, places.add(52.05, 1.15, "PA's home")


def test_a_second_pass_with_nobody_left_and_a_pa_free_has_no_parts():
    """Everyone placed in the first pass while a PA is still free: nothing to plan, nothing crashes."""
    places, home = _places()
    assert leftover_parts([], [], [Assistant("PA1", frozenset({"autism"}), home)], "AM", places) == []


def test_a_day_nobody_travels_has_no_parts():
    places, home = _places()
    demand = SessionDemand("wed", "PM", [], [], [Assistant("PA1", frozenset(), home)])
    assert fit_to_day([], demand, places) == []
