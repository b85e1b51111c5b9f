"""A day's cover on a council with vehicles to spare: a broken-down vehicle's children are
re-planned onto the council's free vehicles (never one already out that session, never the broken
one), every other run is kept as it was, and each child is placed once, on a vehicle or a hire."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select

from tests.planning.councils import PLAIN, planned
from transport import models as m
from transport.day.today import runs_on
from transport.db import transaction
from transport.planning import disruption
from transport.planning.lifecycle import publish
from transport.settings import Settings

MONDAY = dt.date(2026, 9, 7)


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    """Twelve children at two schools and ten vehicles: a plan that leaves some vehicles free."""
    shape = replace(PLAIN, seed=7, children=12, schools=2, vehicles=10)
    made = planned(shape, tmp_path_factory.mktemp("spare"), Settings(sms_dispatch_in_service=False), MONDAY)
    with transaction(made.factory) as db:
        publish(db, made.plan_id)
    yield made.factory, made.settings, made.travel
    made.engine.dispose()


def _shape(run) -> tuple:
    return run.run.vehicle_id, [(s.child.id, s.kind, s.planned) for s in run.stops]


def test_a_broken_down_vehicle_s_children_go_on_the_council_s_spare_vehicles(council):
    factory, config, travel = council
    with factory() as db:
        before = runs_on(db, MONDAY)
        used = {r.run.vehicle_id for r in before if r.stops}
        assert len(used) < 10, "the council has vehicles to spare"
        broken = max((r for r in before if r.stops), key=lambda r: len(r.children())).run.vehicle
    with transaction(factory) as db:
        disruption.mark(db, MONDAY, "planner", "broken down", vehicle=db.get_one(m.FleetVehicle, broken.id))
    with transaction(factory) as db:
        plan = disruption.propose(db, config, MONDAY, "planner", seconds=1.0, travel=travel)
        cover = disruption.cover_view(db, plan)
        plan_id = plan.id
    wanted = {(c.child_id, c.session) for c in cover.children}
    assert wanted and all(c.how in ("vehicle", "hire", "none") for c in cover.children)
    on_vehicle = [c for c in cover.children if c.how == "vehicle"]
    assert on_vehicle, "a free vehicle of the council's takes children before any hire"

    with transaction(factory) as db:
        disruption.confirm(db, config, db.get_one(m.Plan, plan_id), "planner", MONDAY)
    with factory() as db:
        after = runs_on(db, MONDAY)
        was = {r.id: r for r in before}
        hit = {r.id for r in before if r.run.vehicle_id == broken.id}
        for r in after:
            if r.id in hit:
                assert r.stops == []
            elif r.id in was:
                assert _shape(r) == _shape(was[r.id]), "everyone else's journey is as it was"
        new = [r for r in after if r.id not in was]
        assert new
        for r in new:
            assert r.run.vehicle_id != broken.id
            assert r.run.vehicle_id not in {o.run.vehicle_id for o in before if o.session == r.session and o.stops}
        carried = [(s.child.id, r.session) for r in new for s in r.stops if s.kind == "pickup"]
        assert len(carried) == len(set(carried)), "each child once"
        assert set(carried) == {(c.child_id, c.session) for c in on_vehicle}
        hired = {
            (c["child"], h.session) for h in db.scalars(select(m.SpotHire).where(m.SpotHire.plan_id == plan_id)) for c in h.stops
        }
        assert not hired & {(db.get_one(m.Child, c).ref, s) for c, s in carried}
