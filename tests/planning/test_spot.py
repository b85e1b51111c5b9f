"""Everyone is covered: a child the council's own fleet cannot take goes on a priced spot hire,
stored, summarised as what to procure and exported; only a journey no vehicle could ever do
within the limit (or that no rate can carry) stays not placed."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.conftest import fresh_engine
from transport import models as m
from transport.bench.samplegen import generate
from transport.db import session_factory
from transport.imports import import_folder
from transport.optimizer import SEATS, WHEELCHAIRS, Journey, Window
from transport.planning.demand import PlaceBook
from transport.planning.exports import export_plan
from transport.planning.plan import Week
from transport.planning.spot import SpotRate, hires, rate_of
from transport.planning.week import plan_week
from transport.settings import Settings

MONDAY = dt.date(2026, 9, 7)
PROCURE = re.compile(
    r"^\d+ (taxi|wheelchair vehicle)s?( with (a PA|PAs)( trained in [a-z ]+)?)?, [A-Z][A-Za-z ]+, "
    r"\d\d:\d\d to \d\d:\d\d, [A-Z][a-z]+.* (morning|afternoon)s?, about £[\d,]+ a day$"
)


def _without_wheelchair_spaces(folder) -> None:
    """The council's vehicles lose every layout with a wheelchair space: its fleet cannot carry a wheelchair user."""
    path = folder / "vehicles.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for r in rows:
        r["layouts"] = ";".join(lay for lay in r["layouts"].split(";") if lay.endswith("+0"))
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def on_sqlite(tmp_path):
    """A week planned reads and writes as every plan does (the API's and the web pages' tests plan
    and publish on PostgreSQL too): this whole-week test runs on SQLite only, to keep the suite short."""
    engine = fresh_engine("sqlite", tmp_path)
    yield session_factory(engine)
    engine.dispose()


def test_wheelchair_users_the_fleet_cannot_take_go_on_a_spot_hire(on_sqlite, tmp_path):
    factory = on_sqlite
    settings = Settings()
    generate(tmp_path / "council", children=40, seed=11)
    _without_wheelchair_spaces(tmp_path / "council")
    import_folder(factory, tmp_path / "council", settings)
    plan_id = plan_week(factory, settings, Week(MONDAY, seconds=1))  # raises if any run breaks a rule
    with factory() as db:
        plan = db.get(m.Plan, plan_id)
        summary = plan.summary
        wheelchair = {c.ref for c in db.scalars(select(m.Child).where(m.Child.wheelchair))}
        hires_stored = db.scalars(select(m.SpotHire).where(m.SpotHire.plan_id == plan_id)).all()
        hired = {s["child"] for h in hires_stored for s in h.stops}
        kinds = {h.rate.kind for h in hires_stored if wheelchair & {s["child"] for s in h.stops}}
        unplaced = list(plan.unplaced)
        paths = export_plan(db, plan_id, tmp_path / "out")
    spot = summary["spot_hire"]
    assert wheelchair and wheelchair <= hired
    assert kinds == {"wav"}
    assert summary["violations"] == 0
    assert spot["runs"] == len(hires_stored) and spot["journeys"] == summary["journeys_spot_hired"] > 0
    assert summary["journeys_per_week"] == summary["journeys_placed"] + spot["journeys"] + summary["journeys_not_covered"]
    assert abs(spot["cost_per_week"] - sum(h.cost for h in hires_stored)) < 0.01 * len(hires_stored)  # each run rounded
    # The fleet has no wheelchair space at all, and each wheelchair user's reason says so.
    riders = {c["child"]: c for c in spot["children"]}
    for child in wheelchair:
        assert "no_room" in {d["code"] for d in riders[child]["details"]}
        assert any("wheelchair space" in text for text in riders[child]["reasons"])
    assert spot["procure"] and all(PROCURE.match(b["text"]) for b in spot["procure"]), [b["text"] for b in spot["procure"]]
    assert any(b["text"].split(" ", 1)[1].startswith("wheelchair vehicle") for b in spot["procure"])
    # Not placed now means a journey no hire could carry either: too far, or no rate for the need.
    assert all({d["code"] for d in u.details} & {"too_far", "no_spot_rate"} for u in unplaced)
    sheet = tmp_path / "out" / "spot_hire.csv"
    assert sheet in paths
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert len(rows) == len(hires_stored)
    assert {c for r in rows for c in r["children"].split(";")} == hired


def _journey(jid: str, wheelchair: bool = False, skills: frozenset[str] = frozenset(), needs_pa: bool = False) -> Journey:
    return Journey(
        jid,
        pickup=1,
        dropoff=2,
        pickup_window=Window(7 * 3600, 8 * 3600),
        dropoff_window=Window(8 * 3600, 9 * 3600),
        max_ride=3600,
        load={WHEELCHAIRS: 1, SEATS: 0} if wheelchair else {SEATS: 1},
        needs_assistant=needs_pa,
        skills=skills,
    )


def _rate(rid: str, base: int, kind: str, seats: int, wheelchairs: int, fixed: float, pa: float | None, skills=()) -> SpotRate:
    return SpotRate(rid, None, "Ipswich", kind, seats, wheelchairs, base, fixed, 0.001, pa, frozenset(skills), Window(0, 86400))


def test_each_child_brings_the_cheapest_hire_that_can_carry_them():
    places = PlaceBook()
    near, home, school, far = (
        places.add(52.05 + d, 1.15, n) for d, n in ((0.0, "near"), (0.01, "home"), (0.02, "school"), (0.5, "far"))
    )
    assert (home, school) == (1, 2)
    rates = [
        _rate("TAXI", near, "car", 4, 0, 40.0, None),
        _rate("TAXI-FAR", far, "car", 4, 0, 35.0, None),
        _rate("WAV", near, "wav", 3, 1, 75.0, 45.0, {"wheelchair_restraint", "autism"}),
    ]
    walking, chair, trained, untrainable = (
        _journey("C1"),
        _journey("C2", wheelchair=True, skills=frozenset({"wheelchair_restraint"})),
        _journey("C3", skills=frozenset({"autism"})),
        _journey("C4", skills=frozenset({"tracheostomy_care"})),
    )
    vehicles, assistants = hires([walking, chair, trained, untrainable], rates, places)
    assert [rate_of(v.id) for v in vehicles] == ["TAXI", "WAV", "WAV"]  # the far taxi's miles cost more than it saves
    assert [v.assistant for v in vehicles] == [None, *(a.id for a in assistants)]
    assert [a.cost_per_run for a in assistants] == [45.0, 45.0]
    assert rate_of("V012") is None
