"""No council shape crashes the planner: councils drawn by hypothesis (a weekday nobody travels,
everyone placed, one child, no PAs or no vehicles, everyone in a wheelchair, siblings at two
schools, a fleet too small) are planned for a week end to end, published and planned again. Every
part's answer passes the validator inside `plan_week` (a broken rule raises); here the stored plan
is checked against the council's files: each journey placed once or listed with a reason."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, note, settings
from sqlalchemy import select

from tests.planning.councils import Shape, shapes, write_council
from transport import models as m
from transport.db import make_engine, migrate, session_factory, transaction
from transport.imports import import_folder
from transport.planning.lifecycle import publish
from transport.planning.plan import PlanningError, Week
from transport.planning.week import plan_week
from transport.settings import Settings
from transport.travel import StraightLine

MONDAY = dt.date(2026, 9, 7)
FEW = settings(
    max_examples=int(os.environ.get("SHAPE_EXAMPLES", "8")),
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _journeys(db) -> tuple[Counter, dict]:
    placed: Counter = Counter()
    for run in db.scalars(select(m.PlanRun)).all():
        for s in run.stops:
            if s.kind == "pickup":
                placed[(run.plan_id, run.weekday, run.session, s.child.ref)] += 1
    unplaced = {(u.plan_id, u.weekday, u.session, u.child.ref): u.reasons for u in db.scalars(select(m.PlanUnplaced)).all()}
    return placed, unplaced


def _plan_everything(shape: Shape, folder: Path) -> None:
    rows = write_council(shape, folder / "council")
    engine = make_engine(f"sqlite:///{folder / 'db.sqlite'}")
    migrate(engine)
    factory = session_factory(engine)
    config = Settings(sms_dispatch_in_service=False)
    travel = StraightLine(road_factor=config.road_factor)
    import_folder(factory, folder / "council", config)
    try:
        first = plan_week(factory, config, Week(MONDAY, seconds=0.2, workers=1), travel)
    except PlanningError as error:
        assert "no children" in str(error) and not rows["children"]
        return
    with factory() as db:
        days_first = {c.ref: list(c.travel_days) for c in db.scalars(select(m.Child)).all()}
    with transaction(factory) as db:
        publish(db, first)
        # One child stops travelling on the first travel day: the re-plan must cope with that too.
        child = db.scalar(select(m.Child).order_by(m.Child.ref).limit(1))
        child.travel_days = child.travel_days[1:]
    again = plan_week(factory, config, Week(MONDAY, seconds=0.2, previous=first, workers=1), travel)
    with factory() as db:
        placed, unplaced = _journeys(db)
        days_again = {c.ref: list(c.travel_days) for c in db.scalars(select(m.Child)).all()}
        for plan_id, days in ((first, days_first), (again, days_again)):
            expected = {(plan_id, day, session, ref) for ref, ds in days.items() for day in ds for session in ("AM", "PM")}
            mine = {k for k in placed if k[0] == plan_id} | {k for k in unplaced if k[0] == plan_id}
            assert mine == expected
            assert all(n == 1 for k, n in placed.items() if k[0] == plan_id)
            assert not set(placed) & set(unplaced)
            assert all(unplaced[k] for k in unplaced if k[0] == plan_id)
            summary = db.get(m.Plan, plan_id).summary
            assert summary["violations"] == 0
            assert summary["journeys_per_week"] == len(expected)
    engine.dispose()


@FEW
@given(shapes())
def test_no_council_shape_crashes_the_planner(shape):
    note(repr(shape))
    folder = Path(tempfile.mkdtemp())
    try:
        _plan_everything(shape, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
