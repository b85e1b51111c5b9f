"""Siblings ride together: the same vehicle and on board together, collected (or set down) at
their home one after the other; siblings at two schools travel together where the route allows,
and otherwise each is placed and the plan says why. The validator judges every answer."""

from __future__ import annotations

from dataclasses import replace

from tests.optimizer.builders import BELL, matrices, problem, vehicle
from transport.optimizer import Journey, Run, Solution, Stop, Window, solve, validate
from transport.optimizer.explain import SIBLINGS_APART


def _two_schools(school_b: tuple[float, float], limit: float = 45 * 60, bell_b: float = BELL):
    """Two siblings at one home (place 3) going to school A (place 1) and school B (place 2), and
    a neighbour's child for school A; the depot is place 0."""
    dur, dist = matrices([(0, 0), (0, 0), school_b, (4, 0), (4, 0.3)])

    def journey(jid: str, home: int, school: int, bell: float, group: str | None) -> Journey:
        return Journey(
            jid,
            home,
            school,
            Window(bell - 15 * 60 - limit - 120, bell - 120),
            Window(bell - 15 * 60, bell),
            limit,
            pickup_service=120,
            dropoff_service=60,
            group=group,
        )

    journeys = [journey("A1", 3, 1, BELL, "F"), journey("B1", 3, 2, bell_b, "F"), journey("N1", 4, 1, BELL, None)]
    return problem(journeys, [vehicle("V1"), vehicle("V2")], dur, dist)


def _on_board_together(s: Solution, a: str, b: str) -> bool:
    run = next(r for r in s.runs if a in r.journeys)
    stop = {(x.journey, x.kind): x for x in run.stops}
    return b in run.journeys and max(stop[(j, "pickup")].departure for j in (a, b)) <= min(
        stop[(j, "dropoff")].start for j in (a, b)
    )


def test_siblings_at_two_schools_ride_together_where_the_route_allows():
    p = _two_schools(school_b=(1, 0))  # school B a kilometre past school A
    s = solve(p, seconds=1)
    assert validate(p, s) == []
    assert s.unplaced == [] and s.apart == []
    assert _on_board_together(s, "A1", "B1")


def test_siblings_the_route_cannot_take_together_are_each_placed_with_the_reason():
    # School B is 18 km the other way from school A at the same bell: no run can take both within 45 minutes.
    p = _two_schools(school_b=(4, -18))
    s = solve(p, seconds=1)
    assert validate(p, s) == []
    assert s.unplaced == []
    assert sorted(a.journey for a in s.apart) == ["A1", "B1"]
    assert all(a.reasons[0].code == SIBLINGS_APART and "different schools" in a.reasons[0].text for a in s.apart)


def test_one_vehicle_taking_siblings_one_after_the_other_is_caught():
    # Tiered bells: school B an hour later, so one car could do A1 and then B1 on two trips.
    p = _two_schools(school_b=(1, 0), bell_b=BELL + 3600)
    s = solve(p, seconds=1)
    assert validate(p, s) == []
    if "B1" in next(r for r in s.runs if "A1" in r.journeys).journeys:
        assert _on_board_together(s, "A1", "B1")
    # The validator catches a run whose siblings are never on board together.
    d = p.durations

    def at(jid: str, kind: str, place: int, t: float, service: float) -> Stop:
        return Stop(jid, kind, place, t, t, t + service)

    t0 = BELL - 20 * 60
    stops = (
        at("A1", "pickup", 3, t0, 120),
        at("A1", "dropoff", 1, t0 + 120 + d[3][1], 60),
        at("B1", "pickup", 3, t0 + 180 + d[3][1] + d[1][3], 120),
        at("B1", "dropoff", 2, BELL + 3600 - 600, 60),
    )
    dist = p.distances
    metres = dist[0][3] + dist[3][1] + dist[1][3] + dist[3][2] + dist[2][0]
    v = p.vehicles[0]
    run = Run(
        "V1",
        v.layouts[0].name,
        v.driver,
        None,
        stops,
        t0 - d[0][3],
        stops[-1].departure + d[2][0],
        metres,
        v.fixed_cost + v.cost_per_metre * metres,
    )
    errors = validate(replace(p, journeys=p.journeys[:2]), Solution([run]))
    assert any("never all on board together" in e for e in errors), errors


def test_a_split_the_plan_does_not_declare_is_caught():
    p = _two_schools(school_b=(4, -18))
    s = solve(p, seconds=1)
    assert any("siblings of group F are split" in e for e in validate(p, replace(s, apart=[])))
