"""Small councils of any shape, written as the council's files, for tests that plan them end to end.

A `Shape` says what is in the council (how many children, schools, vehicles and PAs, and which
needs); `write_council` turns it into the files `transport import` reads. Hypothesis draws shapes
with `shapes()`, so the planner meets councils nobody designed: a weekday nobody travels, one
child, no PAs, everyone in a wheelchair, siblings at two schools, a fleet too small.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from transport.bench.samplegen import HEADERS
from transport.db import make_engine, migrate, session_factory
from transport.imports import import_folder
from transport.planning.plan import Week
from transport.planning.week import plan_week
from transport.settings import Settings
from transport.travel import StraightLine

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
SKILLS = ("autism", "epilepsy_medication", "manual_handling", "wheelchair_restraint", "behaviour")
CENTRE = (52.06, 1.15)  # Ipswich
POSTCODE = "IP1 1AA"


@dataclass(frozen=True)
class Shape:
    seed: int
    children: int
    schools: int
    vehicles: int
    assistants: int
    wheelchairs: str
    """"none", "some" or "all" of the children are wheelchair users."""
    pa_needs: str
    """"none", "some" or "all" of the children need a PA."""
    days: tuple[str, ...]
    """The weekdays children travel (a weekday missing here is one nobody travels; a blank cell
    in the file means every weekday)."""
    siblings: int
    """How many pairs of siblings (at the same school or at two, at one home or at two)."""
    alone: bool
    avoid: bool
    other_addresses: bool
    bell_days: bool
    """Schools with a different bell on some weekday."""
    pinned: bool
    """Some PAs pinned to a vehicle."""
    spread_km: float


def shapes() -> st.SearchStrategy[Shape]:
    return st.builds(
        Shape,
        seed=st.integers(0, 2**31),
        children=st.integers(1, 9),
        schools=st.integers(1, 3),
        vehicles=st.integers(0, 4),
        assistants=st.integers(0, 3),
        wheelchairs=st.sampled_from(("none", "some", "all")),
        pa_needs=st.sampled_from(("none", "some", "all")),
        days=st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=5, unique=True).map(
            lambda d: tuple(sorted(d, key=WEEKDAYS.index))
        ),
        siblings=st.integers(0, 3),
        alone=st.booleans(),
        avoid=st.booleans(),
        other_addresses=st.booleans(),
        bell_days=st.booleans(),
        pinned=st.booleans(),
        spread_km=st.sampled_from((2.0, 8.0, 25.0)),
    )


def _near(rng: random.Random, km: float) -> tuple[float, float]:
    return round(CENTRE[0] + rng.uniform(-km, km) / 111.0, 5), round(CENTRE[1] + rng.uniform(-km, km) / 68.0, 5)


def _some(rng: random.Random, mode: str) -> bool:
    return mode == "all" or (mode == "some" and rng.random() < 0.4)


def write_council(shape: Shape, folder: Path) -> dict[str, list[dict]]:
    """The council's files for the shape; returns the rows written."""
    rng = random.Random(shape.seed)
    rows: dict[str, list[dict]] = {name: [] for name in HEADERS}
    rows["operators"].append({"operator_id": "OP1", "name": "Taxis", "phone": "01632 960001"})
    for s in range(shape.schools):
        lat, lon = _near(rng, shape.spread_km)
        school = {
            "school_id": f"S{s}",
            "name": f"School {s}",
            "phase": rng.choice(("primary", "secondary", "special", "post16")),
            "address": f"{s} School Lane",
            "postcode": POSTCODE,
            "lat": lat,
            "lon": lon,
            "start_time": rng.choice(("08:45", "09:00", "09:15")),
            "end_time": rng.choice(("15:00", "15:15", "15:30")),
            "arrival_window_minutes": rng.choice((0, 10, 20)),
            "pickup_window_minutes": rng.choice((0, 10, 20)),
        }
        if shape.bell_days:
            school[f"{rng.choice(WEEKDAYS)}_end"] = "13:30"
            school[f"{rng.choice(WEEKDAYS)}_start"] = "09:30"
        rows["schools"].append(school)
    for v in range(shape.vehicles):
        lat, lon = _near(rng, shape.spread_km)
        layouts = rng.choice(("4+0", "8+0", "3+1", "6+1;4+2", "1+1", "16+0;12+2"))
        rows["vehicles"].append(
            {
                "vehicle_id": f"V{v}",
                "operator_id": "OP1",
                "registration": f"AB{v:02d} CDE",
                "kind": "wav" if "+0" not in layouts else "mpv",
                "layouts": layouts,
                "depot_address": f"{v} Depot Road",
                "depot_postcode": POSTCODE,
                "depot_lat": lat,
                "depot_lon": lon,
                "fixed_cost": rng.choice((20, 45, 80)),
                "cost_per_mile": rng.choice((1.2, 2.0)),
                "available_from": rng.choice(("06:30", "07:30")),
                "available_to": rng.choice(("18:30", "16:30")),
                "days": ";".join(rng.sample(WEEKDAYS, rng.randint(1, 5))) if rng.random() < 0.3 else ";".join(WEEKDAYS),
            }
        )
        rows["drivers"].append(
            {
                "driver_id": f"D{v}",
                "operator_id": "OP1",
                "vehicle_id": f"V{v}",
                "first_name": "Dee",
                "last_name": f"Driver{v}",
                "phone": f"07700 900{100 + v:03d}",
                "dbs_expiry": "2030-01-01",
            }
        )
    for a in range(shape.assistants):
        lat, lon = _near(rng, shape.spread_km)
        skills = rng.sample(SKILLS, rng.randint(0, 3))
        rows["assistants"].append(
            {
                "assistant_id": f"PA{a}",
                "employer": "council",
                "first_name": "Pat",
                "last_name": f"Assistant{a}",
                "phone": f"07700 900{200 + a:03d}",
                "skills": ";".join(f"{s}:{rng.choice(('2030-01-01', '2020-01-01'))}" for s in skills),
                "dbs_expiry": rng.choice(("2030-01-01", "2030-01-01", "2020-01-01")),
                "address": f"{a} Home Road",
                "postcode": POSTCODE,
                "lat": lat,
                "lon": lon,
                "cost_per_run": 20,
                "vehicle_id": f"V{a}" if shape.pinned and a < shape.vehicles and rng.random() < 0.5 else "",
            }
        )
    kids: list[dict] = []
    for c in range(shape.children):
        lat, lon = _near(rng, shape.spread_km)
        skills = rng.sample(SKILLS, rng.randint(1, 2)) if _some(rng, shape.pa_needs) and rng.random() < 0.5 else []
        kids.append(
            {
                "child_id": f"C{c}",
                "first_name": "Kim",
                "last_name": f"Child{c}",
                "school_id": f"S{rng.randrange(shape.schools)}",
                "address": f"{c} Home Street",
                "postcode": POSTCODE,
                "lat": lat,
                "lon": lon,
                "travel_days": ";".join(shape.days),
                "wheelchair": "yes" if _some(rng, shape.wheelchairs) else "no",
                "needs_pa": "yes" if _some(rng, shape.pa_needs) else "no",
                "pa_skills": ";".join(skills),
                "travel_alone": "yes" if shape.alone and rng.random() < 0.3 else "no",
                "boarding_minutes": rng.choice((0, 1, 3, 8)),
                "max_journey_minutes": rng.choice(("", "", "30", "90")),
                "must_not_travel_with": "",
                "sibling_group": "",
            }
        )
    for p in range(min(shape.siblings, len(kids) // 2)):
        a, b = kids[2 * p], kids[2 * p + 1]
        a["sibling_group"] = b["sibling_group"] = f"F{p}"
        if rng.random() < 0.6:
            b["lat"], b["lon"], b["address"] = a["lat"], a["lon"], a["address"]
        if rng.random() < 0.5:
            b["school_id"] = a["school_id"]
    if shape.avoid and len(kids) >= 2:
        a, b = rng.sample(kids, 2)
        a["must_not_travel_with"] = b["child_id"]
    if shape.other_addresses and shape.days:
        for k in rng.sample(kids, max(1, len(kids) // 3)):
            lat, lon = _near(rng, shape.spread_km)
            rows["child_addresses"].append(
                {
                    "child_id": k["child_id"],
                    "weekday": rng.choice(shape.days),
                    "session": rng.choice(("AM", "PM", "both")),
                    "address": "1 Other House",
                    "postcode": POSTCODE,
                    "lat": lat,
                    "lon": lon,
                }
            )
    rows["children"] = kids
    for k in kids:
        rows["guardians"].append(
            {
                "guardian_id": f"G{k['child_id']}",
                "first_name": "Sam",
                "last_name": k["last_name"],
                "phone": f"07700 900{300 + int(k['child_id'][1:]):03d}",
                "children": k["child_id"],
            }
        )
    folder.mkdir(parents=True, exist_ok=True)
    for name, header in HEADERS.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n", restval="")
            writer.writeheader()
            writer.writerows({k: v for k, v in row.items() if k in header} for row in rows[name])
    return rows


PLAIN = Shape(
    seed=0, children=8, schools=1, vehicles=4, assistants=0, wheelchairs="none", pa_needs="none", days=WEEKDAYS,
    siblings=0, alone=False, avoid=False, other_addresses=False, bell_days=False, pinned=False, spread_km=6.0,
)  # fmt: skip
"""A council with none of the hard parts, for tests to vary one thing of (dataclasses.replace)."""


@dataclass
class Planned:
    engine: Engine
    factory: sessionmaker[Session]
    settings: Settings
    travel: StraightLine
    plan_id: int


def planned(shape: Shape, folder: Path, settings: Settings, starts_on: dt.date, seconds: float = 0.5) -> Planned:
    """The shape's council imported into a new SQLite file and its week planned (a draft)."""
    write_council(shape, folder / "council")
    engine = make_engine(f"sqlite:///{folder / 'db.sqlite'}")
    migrate(engine)
    factory = session_factory(engine)
    travel = StraightLine(road_factor=settings.road_factor)
    import_folder(factory, folder / "council", settings)
    plan_id = plan_week(factory, settings, Week(starts_on, seconds=seconds, workers=1), travel)
    return Planned(engine, factory, settings, travel, plan_id)
