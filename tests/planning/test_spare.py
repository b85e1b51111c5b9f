"""The spare-vehicle pass: children a free vehicle and PA could take alone are put on them, one at
a time, so that two children never get the same spare vehicle or PA."""

from __future__ import annotations

from tests.planning import mornings
from transport.optimizer import SEATS, WHEELCHAIRS, Assistant, Layout, Problem, Solution, Unplaced, Vehicle, Window
from transport.optimizer.explain import squeezed_out
from transport.planning.assemble import Assembler
from transport.planning.demand import PlaceBook, SessionDemand
from transport.planning.plan import SolvedPart
from transport.planning.reasons import SPARE_UNUSED, council_wide
from transport.planning.spare import use_spare


def _session(children: int, vehicles: int, pas: int) -> tuple[SessionDemand, Assembler]:
    """Children near one school in Ipswich who each need a PA trained in autism; a few vehicles and PAs."""
    places = PlaceBook()
    journeys = mornings.children(places, children, load={SEATS: 1}, needs_assistant=True, skills=frozenset({"autism"}))
    depot = places.add(52.05, 1.16, "Depot, IP3 9AA")
    fleet = [
        Vehicle(f"V{k + 1}", depot, depot, (Layout("4+0", {SEATS: 4, WHEELCHAIRS: 0}),), Window(6 * 3600, 19 * 3600), 30.0, 0.001)
        for k in range(vehicles)
    ]
    assistants = [Assistant(f"PA{k + 1}", frozenset({"autism"}), depot) for k in range(pas)]
    demand = SessionDemand("mon", "AM", journeys, fleet, assistants)
    return demand, mornings.assembler(places)


def _everyone_left(demand: SessionDemand) -> list[SolvedPart]:
    """A first pass that placed nobody (each child squeezed out)."""
    empty = Problem((), (), (), [], [])
    return [SolvedPart(empty, [], Solution([], [Unplaced(j.id, (squeezed_out(),)) for j in demand.journeys]))]


def test_children_share_out_the_spare_vehicles_and_pas_never_one_twice():
    demand, assembler = _session(children=5, vehicles=3, pas=2)
    parts = _everyone_left(demand)
    why = council_wide(demand, parts, assembler)
    assert {r.code for u in why for r in u.reasons} == {SPARE_UNUSED}
    extra, left = use_spare(demand, parts, why, assembler)
    runs = [r for p in extra for r in p.solution.runs]
    # Two PAs: two children carried, each on a vehicle and with a PA of their own.
    assert len(runs) == 2 and len(left) == 3
    assert len({r.vehicle for r in runs}) == 2 and len({r.assistant for r in runs}) == 2
    assert {s.journey for r in runs for s in r.stops}.isdisjoint({u.journey for u in left})


def test_a_vehicle_already_on_a_run_is_not_spare():
    demand, assembler = _session(children=2, vehicles=2, pas=2)
    parts = _everyone_left(demand)
    why = council_wide(demand, parts, assembler)
    extra, _ = use_spare(demand, parts, why, assembler)
    first = extra[0].solution.runs[0]
    busy = [SolvedPart(extra[0].problem, extra[0].places, Solution([first], [Unplaced("C2", (squeezed_out(),))]))]
    again, left = use_spare(demand, busy, council_wide(demand, busy, assembler), assembler)
    second = again[0].solution.runs[0]
    assert not left and (second.vehicle, second.assistant) != (first.vehicle, first.assistant)
    assert second.vehicle != first.vehicle and second.assistant != first.assistant
