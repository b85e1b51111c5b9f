"""Small optimiser problems for the tests: places on a plane, driven at 30 km/h."""

from __future__ import annotations

import math
import random
from dataclasses import replace

from transport.optimizer import (
    SEATS,
    WHEELCHAIRS,
    Assistant,
    Journey,
    Layout,
    Problem,
    Vehicle,
    Window,
)

SPEED = 30_000 / 3600  # metres per second
BELL = 9 * 3600


def matrices(points: list[tuple[float, float]]) -> tuple[list[list[float]], list[list[float]]]:
    """Distances in metres between points given in km, and the seconds to drive them."""
    distances = [[1000 * math.dist(a, b) for b in points] for a in points]
    durations = [[d / SPEED for d in row] for row in distances]
    return durations, distances


def school_run(
    homes: list[tuple[float, float]],
    school: tuple[float, float] = (0.0, 0.0),
    depot: tuple[float, float] = (0.0, 0.0),
    max_ride: float = 45 * 60,
    **journey_fields,
) -> tuple[list[Journey], list[list[float]], list[list[float]]]:
    """Morning journeys from each home (places 2..) to the school (place 1); the depot is place 0."""
    durations, distances = matrices([depot, school, *homes])
    journeys = [
        Journey(
            id=f"C{i + 1}",
            pickup=i + 2,
            dropoff=1,
            pickup_window=Window(BELL - 15 * 60 - max_ride - 120, BELL - 120),
            dropoff_window=Window(BELL - 15 * 60, BELL),
            max_ride=max_ride,
            pickup_service=120,
            dropoff_service=60,
            **journey_fields,
        )
        for i in range(len(homes))
    ]
    return journeys, durations, distances


def vehicle(vid: str = "V1", seats: int = 4, wheelchairs: int = 0, fixed: float = 20.0, per_mile: float = 2.0, **kw) -> Vehicle:
    layouts = kw.pop("layouts", None) or (Layout(f"{seats}+{wheelchairs}", {SEATS: seats, WHEELCHAIRS: wheelchairs}),)
    return Vehicle(
        id=vid,
        start=0,
        end=0,
        layouts=tuple(layouts),
        available=kw.pop("available", Window(6 * 3600, 19 * 3600)),
        fixed_cost=fixed,
        cost_per_metre=per_mile / 1609.344,
        driver=kw.pop("driver", f"D-{vid}"),
        **kw,
    )


def problem(journeys, vehicles, durations, distances, assistants=()) -> Problem:
    return Problem(tuple(journeys), tuple(vehicles), tuple(assistants), durations, distances, name="test")


def random_problem(rng: random.Random) -> Problem:
    """A random morning: up to 14 children around up to 2 schools, a mixed fleet and PA pool."""
    n = rng.randint(1, 14)
    homes = [(rng.uniform(-12, 12), rng.uniform(-12, 12)) for _ in range(n)]
    schools = [(rng.uniform(-3, 3), rng.uniform(-3, 3)) for _ in range(rng.randint(1, 2))]
    depot = (rng.uniform(-5, 5), rng.uniform(-5, 5))
    pa_homes = [(rng.uniform(-8, 8), rng.uniform(-8, 8)) for _ in range(rng.randint(0, 3))]
    points = [depot, *schools, *homes, *pa_homes]
    durations, distances = matrices(points)
    skills_pool = ["autism", "epilepsy_medication", "wheelchair_restraint"]
    journeys = []
    for i in range(n):
        school = rng.randrange(len(schools))
        bell = BELL + rng.choice([0, 15 * 60, 30 * 60])
        limit = rng.choice([20, 30, 45, 60]) * 60.0
        wheelchair = rng.random() < 0.2
        needs_pa = rng.random() < 0.35
        skills = frozenset(rng.sample(skills_pool, rng.randint(0, 2))) if needs_pa else frozenset()
        journeys.append(
            Journey(
                id=f"C{i + 1}",
                pickup=1 + len(schools) + i,
                dropoff=1 + school,
                pickup_window=Window(bell - 15 * 60 - limit - 120, bell - 120),
                dropoff_window=Window(bell - 15 * 60, bell),
                max_ride=limit,
                pickup_service=rng.choice([60, 120, 300]),
                dropoff_service=60,
                load={WHEELCHAIRS: 1, SEATS: 0} if wheelchair else {SEATS: 1},
                needs_assistant=needs_pa,
                skills=skills,
                travel_alone=rng.random() < 0.08,
            )
        )
    ids = [j.id for j in journeys]
    if n >= 2 and rng.random() < 0.5:
        a, b = rng.sample(ids, 2)
        journeys = [replace(j, avoid=frozenset({b} if j.id == a else {a})) if j.id in (a, b) else j for j in journeys]
    if n >= 3 and rng.random() < 0.4:
        a, b = (
            rng.sample([j.id for j in journeys if not j.avoid], 2)
            if len([j for j in journeys if not j.avoid]) >= 2
            else (ids[0], ids[0])
        )
        journeys = [replace(j, group="S1") if j.id in (a, b) else j for j in journeys]
    vehicles = []
    for k in range(rng.randint(1, 4)):
        kind = rng.choice(["car", "wav", "minibus"])
        if kind == "car":
            vehicles.append(vehicle(f"V{k + 1}", seats=4, fixed=15, per_mile=1.8))
        elif kind == "wav":
            vehicles.append(
                vehicle(
                    f"V{k + 1}",
                    layouts=(Layout("4+1", {SEATS: 4, WHEELCHAIRS: 1}), Layout("5+0", {SEATS: 5, WHEELCHAIRS: 0})),
                    fixed=35,
                    per_mile=2.6,
                )
            )
        else:
            vehicles.append(
                vehicle(
                    f"V{k + 1}",
                    layouts=(Layout("8+0", {SEATS: 8, WHEELCHAIRS: 0}), Layout("6+1", {SEATS: 6, WHEELCHAIRS: 1})),
                    fixed=55,
                    per_mile=3.2,
                    max_duration=rng.choice([None, 90 * 60]),
                )
            )
    first_pa = 1 + len(schools) + n
    assistants = [
        Assistant(f"PA{i + 1}", frozenset(rng.sample(skills_pool, rng.randint(0, 3))), first_pa + i, cost_per_run=25.0)
        for i in range(len(pa_homes))
    ]
    return Problem(tuple(journeys), tuple(vehicles), tuple(assistants), durations, distances, name="random")
