"""Vehicles exchanged across a session's parts (planning/exchange.py): a run built on the vehicle
its part was given moves to a cheaper free vehicle another part was given, its stops, times and
PA as they were, and the session still passes every check."""

from __future__ import annotations

from tests.planning import mornings
from transport.optimizer import SEATS, Layout, Solution, Vehicle, Window, solve, validate
from transport.planning.assemble import Assembler
from transport.planning.checks import session_violations
from transport.planning.demand import PlaceBook, SessionDemand
from transport.planning.exchange import exchange_session
from transport.planning.plan import SessionPlan, SolvedPart

ALL_DAY = Window(6 * 3600, 19 * 3600)


def _session(near: Window = ALL_DAY) -> tuple[SessionDemand, Assembler, list[SolvedPart]]:
    """Two children near Kesgrave; their part was given a vehicle from Colchester, and another
    part (nobody left in it) a vehicle from Kesgrave, free."""
    places = PlaceBook()
    journeys = mornings.children(places, 2, lon=1.25)
    layout = (Layout("4+0", {SEATS: 4}),)
    far_depot, near_depot = places.add(51.89, 0.90, "Depot, CO1 1AA"), places.add(52.07, 1.26, "Depot, IP5 2AA")
    far = Vehicle("FAR", far_depot, far_depot, layout, Window(6 * 3600, 19 * 3600), 30.0, 0.001, driver="D-FAR")
    near_vehicle = Vehicle("NEAR", near_depot, near_depot, layout, near, 30.0, 0.001, driver="D-NEAR")
    demand = SessionDemand("mon", "AM", journeys, [far, near_vehicle], [])
    assembler = mornings.assembler(places)
    problem, local = assembler.problem("mon-AM-1", "AM", journeys, [far], [])
    other, other_local = assembler.problem("mon-AM-2", "AM", [], [near_vehicle], [])
    parts = [SolvedPart(problem, local, solve(problem, seconds=0.3)), SolvedPart(other, other_local, Solution([]))]
    assert [r.vehicle for r in parts[0].solution.runs] == ["FAR"]
    return demand, assembler, parts


def test_a_run_moves_to_the_free_vehicle_near_its_children_and_the_session_still_checks():
    demand, assembler, parts = _session()
    before = parts[0].solution.runs[0]
    after = exchange_session(demand, parts, assembler)
    run = after[0].solution.runs[0]
    assert (run.vehicle, run.driver) == ("NEAR", "D-NEAR")
    assert [(s.journey, s.kind, s.start) for s in run.stops] == [(s.journey, s.kind, s.start) for s in before.stops]
    assert run.cost < before.cost and run.distance < before.distance
    assert not validate(after[0].problem, after[0].solution)
    assert not session_violations(SessionPlan("mon", "AM", after, []))


def test_a_vehicle_whose_hours_do_not_allow_the_run_is_not_given_it():
    demand, assembler, parts = _session(near=Window(8 * 3600 + 50 * 60, 19 * 3600))
    assert exchange_session(demand, parts, assembler) is parts


def test_a_later_day_keeps_its_children_on_the_first_days_vehicle_unless_the_saving_is_larger():
    demand, assembler, parts = _session()
    first_day = {"C1": "FAR", "C2": "FAR"}
    assert exchange_session(demand, parts, assembler, first_day, keep_cost=10_000.0) is parts
    moved = exchange_session(demand, parts, assembler, first_day, keep_cost=0.01)
    assert [r.vehicle for r in moved[0].solution.runs] == ["NEAR"]
