"""The Cordeau dial-a-ride instances read as Problems, and solved answers pass the validator."""

from __future__ import annotations

from pathlib import Path

import pytest

from transport.bench.darp import best_known, read_instance, solution_json, unservable
from transport.optimizer import solve, validate

DARP = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "darp"
pytestmark = pytest.mark.skipif(not DARP.exists(), reason="the shared DARP benchmark is not on this machine")


def test_an_instance_reads_as_its_header_says():
    p = read_instance(DARP / "a2-16.txt")
    assert (len(p.journeys), len(p.vehicles), p.places) == (16, 2, 34)
    j = p.journeys[0]
    assert (j.pickup, j.dropoff, j.max_ride, j.load) == (1, 17, 30 * 60, {"seats": 1})
    v = p.vehicles[0]
    assert (v.start, v.end, v.max_duration, v.layouts[0].capacity) == (0, 33, 480 * 60, {"seats": 3})
    assert p.distances[0][1] == pytest.approx((1.198**2 + 5.164**2) ** 0.5)
    assert p.durations[0][1] == pytest.approx(60 * p.distances[0][1])


def test_best_known_table_is_read():
    known = best_known(DARP / "BEST_KNOWN.md")
    assert len(known) == 48 and known["a2-16"] == 294.25 and known["b8-96"] == 1185.55


def test_a_solved_instance_keeps_every_rule():
    p = read_instance(DARP / "a2-16.txt")
    s = solve(p, seconds=1)
    assert validate(p, s) == []
    out = solution_json(p, s)
    assert out["served"] + len(out["unplaced"]) == 16
    assert out["cost"] == pytest.approx(s.distance)


def test_the_solution_file_has_the_shape_the_benchmark_asks_for():
    p = read_instance(DARP / "a2-16.txt")
    out = solution_json(p, solve(p, seconds=1))
    assert [len(r) for r in out["routes"]] == [len(s) for s in out["starts"]]
    served = [j for j in p.journeys if j.id not in {str(u["request"]) for u in out["unplaced"]}]
    nodes = sorted(n for r in out["routes"] for n in r)
    # every served request's pickup (1..16) and drop-off (17..32) once, depots left out
    assert nodes == sorted([j.pickup for j in served] + [j.dropoff for j in served])
    assert out["served"] == len(served) >= 14
    for starts in out["starts"]:
        assert starts == sorted(starts)


def test_the_reference_model_answers_within_the_rules():
    from transport.bench.reference import solve_reference

    p = read_instance(DARP / "a2-16.txt")
    s = solve_reference(p, seconds=1)
    assert validate(p, s) == []
    assert len(s.unplaced) + sum(len(r.journeys) for r in s.runs) == 16


TIGHT = DARP.parent / "darp-tight"


@pytest.mark.skipif(not TIGHT.exists(), reason="the shared tight-fleet benchmark is not on this machine")
def test_the_tight_files_close_the_end_depot_before_some_requests_can_get_back():
    # R1a's request 19 boards no sooner than 454 minutes, then 10 minutes' boarding, a 12.6-minute
    # drive, 10 minutes' setting down and 4.5 minutes to the depot: past its 480.
    as_filed = read_instance(TIGHT / "R1a.txt")
    assert as_filed.vehicles[0].available.latest == 480 * 60
    assert unservable(as_filed) == ["19", "23"]
    published = read_instance(TIGHT / "R1a.txt", end_depot_as_start=True)
    assert published.vehicles[0].available.latest == 1440 * 60
    assert unservable(published) == []
    assert not (TIGHT / "BEST_KNOWN.md").exists() and best_known(TIGHT / "BEST_KNOWN.md") == {}
