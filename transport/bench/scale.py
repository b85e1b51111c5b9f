"""The scale benchmark: generate a council, import it, plan its week, and time each step."""

from __future__ import annotations

import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

from transport import models as m
from transport.bench.samplegen import generate
from transport.db import make_engine, migrate, session_factory
from transport.imports import import_folder
from transport.planning.plan import Week
from transport.planning.week import plan_week
from transport.settings import Settings


def scale_row(children: int, seconds: float, settings: Settings, seed: int = 20261124) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "council"
        counts = generate(folder, children=children, seed=seed)
        generated = time.perf_counter()
        engine = make_engine(f"sqlite:///{tmp}/council.sqlite")
        migrate(engine)
        factory = session_factory(engine)
        import_folder(factory, folder, settings)
        imported = time.perf_counter()
        plan_id = plan_week(factory, settings, Week(dt.date(2026, 9, 7), seconds=seconds))
        planned = time.perf_counter()
        with factory() as db:
            plan = db.get(m.Plan, plan_id)
            if plan is None or plan.summary is None:
                raise AssertionError(f"plan {plan_id} was not stored with its summary")
            summary = plan.summary
        engine.dispose()
    t = summary["journey_times"]
    solo = summary["one_vehicle_per_child"]
    rides = summary["ride_distribution"]
    return {
        "children": children,
        "fleet": counts["vehicles"],
        "import s": round(imported - generated, 1),
        "plan s": round(planned - imported, 1),
        "peak MB (main)": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak MB (solver)": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "placed %": round(100 * summary["journeys_placed"] / summary["journeys_per_week"], 1),
        "spot-hired": summary.get("journeys_spot_hired", 0),
        "not covered": summary.get("journeys_not_covered", 0),
        "vehicles": f"{summary['vehicles_peak_session']} / {solo['vehicles_peak_session']}",
        "cost £/week": f"{summary['cost_per_week']:,.0f} / {solo['cost_per_week']:,.0f}",
        "saving %": summary["saving_percent"],
        "£/journey": f"{summary['cost_per_journey']:.2f}",
        "over 1 h": rides["over_an_hour"],
        "ride p50 / p90 min": f"{rides['median_minutes']:.0f} / {rides['p90_minutes']:.0f}",
        "longest min (limit)": f"{t['longest_minutes']:.0f} ({t['longest_limit_minutes']:.0f})",
        "violations": summary["violations"],
    }
