"""Split a session into parts small enough to solve well, and share the fleet between them.

Children of a school stay together (their runs converge on it), siblings stay together, and
nearby schools share a part so that runs can mix loads. Each part gets the vehicles and
assistants nearest to it, enough to cover its seats, wheelchair spaces and skills with slack;
the rest of the fleet goes to the nearest part, so no vehicle is held back.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from transport.optimizer import Assistant, Journey, Vehicle
from transport.optimizer.problem import SEATS, WHEELCHAIRS
from transport.planning.demand import PlaceBook, SessionDemand

SLACK = 1.4
"""Capacity a part is given over its bare demand, so the solver has room to choose."""
MERGE_KM = 20.0
"""Schools further apart than this are not put in one part."""
SPARE_VEHICLES = 4
"""In the second pass, each child left over brings this many of the free vehicles nearest their
home that can carry them."""


@dataclass
class Part:
    journeys: list[Journey] = field(default_factory=list)
    vehicles: list[Vehicle] = field(default_factory=list)
    assistants: list[Assistant] = field(default_factory=list)
    lat: float = 0.0
    lon: float = 0.0
    group: int | None = None
    """Which of the week's groups this part is on its day (the same children on other days)."""
    wide_crews: bool = False
    """Offer every PA on every vehicle that might carry a child needing them (the second pass)."""


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance: plenty for choosing what is near what within a county."""
    x = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    y = math.radians(b[0] - a[0])
    return 6371.0 * math.hypot(x, y)


def school_of(journey: Journey, session: str) -> int:
    return journey.dropoff if session == "AM" else journey.pickup


def partition(demand: SessionDemand, places: PlaceBook, max_journeys: int = 120) -> list[Part]:
    """One session on its own: group its journeys, then share its fleet between the groups."""
    return fit_to_day(group(demand.journeys, demand.session, places, max_journeys), demand, places)


def group(journeys: list[Journey], session: str, places: PlaceBook, max_journeys: int = 120) -> list[Part]:
    """Parts of journeys, without a fleet yet."""
    units = _school_units(journeys, session, places, max_journeys)
    return _merge_units(units, places, session, max_journeys)


def week_groups(demands: list[SessionDemand], places: PlaceBook, max_journeys: int = 120) -> dict[str, list[Part]]:
    """One grouping per session (AM, PM) for the whole week, from every child who travels in it.

    Grouping each day on its own would let one child's Friday address shift every cut after it;
    grouping the week once keeps a child with the same children (and the same routes) each day.
    """
    by_session: dict[str, dict[str, Journey]] = defaultdict(dict)
    for d in demands:
        for j in d.journeys:
            by_session[d.session].setdefault(j.id, j)
    return {s: group(list(js.values()), s, places, max_journeys) for s, js in by_session.items()}


def fit_to_day(groups: list[Part], demand: SessionDemand, places: PlaceBook, like: list[Part] | None = None) -> list[Part]:
    """The day's journeys in the week's groups (each in its own place that day), and the day's fleet.

    `like`: another day's parts of the same groups; their vehicles and PAs go to the same groups
    again, so a group's runs can be the same each day."""
    where = {j.id: k for k, g in enumerate(groups) for j in g.journeys}
    parts = [Part(lat=g.lat, lon=g.lon, group=k) for k, g in enumerate(groups)]
    for j in demand.journeys:
        parts[where[j.id]].journeys.append(j)
    parts = [p for p in parts if p.journeys]
    _share_fleet(parts, demand.vehicles, demand.assistants, places, like)
    return parts


def leftover_parts(
    journeys: list[Journey],
    vehicles: list[Vehicle],
    assistants: list[Assistant],
    session: str,
    places: PlaceBook,
    max_journeys: int = 120,
) -> list[Part]:
    """A second chance for children the first pass could not place, with what is still free in the
    whole session, not only near the part they fell into: each child brings the few free vehicles
    nearest their home that can carry them (a wheelchair vehicle from the next town, say), and
    every free PA holding the skills some of them need comes too. One part when they fit in one,
    so that no two parts reach for the same spare vehicle or PA."""
    if not journeys:
        return []
    parts = [Part(journeys=list(journeys))] if len(journeys) <= max_journeys else group(journeys, session, places)
    for p in parts:
        p.wide_crews = True
    pool = list(vehicles)
    for p in parts:
        for j in p.journeys:
            home = _coords(places, j.pickup if session == "AM" else j.dropoff)
            able = [v for v in pool if all(_capacity(v, k) >= n + (k == SEATS) * j.requires_assistant for k, n in j.load.items())]
            for v in sorted(able, key=lambda v: (km(_coords(places, v.start), home), v.id))[:SPARE_VEHICLES]:
                pool.remove(v)
                p.vehicles.append(v)
        homes = [_coords(places, j.pickup if session == "AM" else j.dropoff) for j in p.journeys]
        p.lat, p.lon = sum(h[0] for h in homes) / len(homes), sum(h[1] for h in homes) / len(homes)
    if len(parts) == 1:
        pinned = {v.assistant for v in parts[0].vehicles if v.assistant}
        needs = [j.skills for j in journeys if j.requires_assistant]
        parts[0].assistants = [a for a in assistants if a.id in pinned or any(c <= a.skills for c in needs)]
    else:
        _share_assistants(parts, assistants, places)
    return parts


def _coords(places: PlaceBook, place: int) -> tuple[float, float]:
    p = places.points[place]
    return p.lat, p.lon


def _school_units(journeys: list[Journey], session: str, places: PlaceBook, max_journeys: int) -> list[list[Journey]]:
    """Journeys grouped by school, schools joined by siblings, big groups cut by direction."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    group_school: dict[str, int] = {}
    for j in journeys:
        school = school_of(j, session)
        find(school)
        if j.group:
            if j.group in group_school:
                parent[find(school)] = find(group_school[j.group])
            else:
                group_school[j.group] = school
    by_root: dict[int, list[Journey]] = defaultdict(list)
    for j in journeys:
        by_root[find(school_of(j, session))].append(j)

    units: list[list[Journey]] = []
    for at_school in by_root.values():
        if len(at_school) <= max_journeys:
            units.append(at_school)
            continue
        # Sweep around the school by compass bearing of home, so each slice is one direction.
        school_xy = _coords(places, school_of(at_school[0], session))

        def bearing(j: Journey, school: tuple[float, float] = school_xy) -> tuple[float, str]:
            home = _coords(places, j.pickup if session == "AM" else j.dropoff)
            return math.atan2(home[1] - school[1], home[0] - school[0]), j.group or j.id

        ordered = sorted(at_school, key=bearing)
        slices = math.ceil(len(ordered) / max_journeys)
        size = math.ceil(len(ordered) / slices)
        chunk: list[Journey] = []
        for j in ordered:
            # never cut a sibling group in two
            if len(chunk) >= size and not (j.group and chunk and chunk[-1].group == j.group):
                units.append(chunk)
                chunk = []
            chunk.append(j)
        units.append(chunk)
    return units


def _merge_units(units: list[list[Journey]], places: PlaceBook, session: str, max_journeys: int) -> list[Part]:
    parts: list[Part] = []
    for unit in sorted(units, key=len, reverse=True):
        here = _coords(places, school_of(unit[0], session))
        fits = [p for p in parts if len(p.journeys) + len(unit) <= max_journeys and km((p.lat, p.lon), here) <= MERGE_KM]
        if fits:
            part = min(fits, key=lambda p: km((p.lat, p.lon), here))
            n = len(part.journeys)
            part.lat = (part.lat * n + here[0] * len(unit)) / (n + len(unit))
            part.lon = (part.lon * n + here[1] * len(unit)) / (n + len(unit))
            part.journeys.extend(unit)
        else:
            parts.append(Part(journeys=list(unit), lat=here[0], lon=here[1]))
    return parts


def _capacity(v: Vehicle, dimension: str) -> int:
    return max(layout.capacity.get(dimension, 0) for layout in v.layouts)


def _share_fleet(
    parts: list[Part], vehicles: list[Vehicle], assistants: list[Assistant], places: PlaceBook, like: list[Part] | None = None
) -> None:
    if not parts:
        return
    pool = list(vehicles)
    need = [
        {
            SEATS: SLACK * sum(j.load.get(SEATS, 0) + j.requires_assistant for j in p.journeys),
            WHEELCHAIRS: SLACK * sum(j.load.get(WHEELCHAIRS, 0) for j in p.journeys),
            "alone": float(sum(j.travel_alone for j in p.journeys)),
        }
        for p in parts
    ]

    def depot_km(v: Vehicle, p: Part) -> float:
        return km(_coords(places, v.start), (p.lat, p.lon))

    def give(v: Vehicle, i: int) -> None:
        pool.remove(v)
        parts[i].vehicles.append(v)
        need[i][SEATS] -= _capacity(v, SEATS)
        need[i][WHEELCHAIRS] -= _capacity(v, WHEELCHAIRS)
        need[i]["alone"] -= 1

    # A vehicle goes first where it went on the day this one copies, or else where most of the
    # children it carried in the previous plan now are, so they can keep it.
    # (In a re-plan the previous plan's vehicle for that day comes first: its runs are kept.)
    before = {**(_as_on(like, parts, "vehicles") if like else {}), **_where_before(parts, lambda j: j.previous_vehicle)}
    for v in list(pool):
        if v.id in before:
            give(v, before[v.id])
    # Serve the neediest part first, one vehicle at a time, with the nearest vehicle that helps.
    while pool:
        shortfalls = [(max(n.values()), i) for i, n in enumerate(need)]
        short, i = max(shortfalls)
        if short <= 0:
            break
        dimension = max(need[i], key=need[i].__getitem__)
        helpful = [v for v in pool if dimension == "alone" or _capacity(v, dimension) > 0] or pool
        give(min(helpful, key=lambda v: depot_km(v, parts[i])), i)
    for v in pool:
        min(parts, key=lambda p: depot_km(v, p)).vehicles.append(v)

    _share_assistants(parts, assistants, places, like)


def _as_on(like: list[Part], parts: list[Part], crew: str) -> dict[str, int]:
    """Each vehicle (or PA) of the other day's parts to today's part of the same group."""
    today = {p.group: i for i, p in enumerate(parts)}
    return {x.id: today[p.group] for p in like if p.group in today for x in getattr(p, crew)}


def _where_before(parts: list[Part], crew: Callable[[Journey], str | None]) -> dict[str, int]:
    """Each previous vehicle (or PA) to the part holding most of the children it had."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for i, p in enumerate(parts):
        for j in p.journeys:
            if (who := crew(j)) is not None:
                counts[who][i] += 1
    return {who: c.most_common(1)[0][0] for who, c in counts.items()}


def _share_assistants(parts: list[Part], assistants: list[Assistant], places: PlaceBook, like: list[Part] | None = None) -> None:
    if not parts:
        return  # nobody to carry (everyone placed already, or nobody travels): nothing to share
    pinned = {v.assistant for p in parts for v in p.vehicles if v.assistant}
    by_id = {a.id: a for a in assistants}
    for p in parts:
        p.assistants.extend(by_id[v.assistant] for v in p.vehicles if v.assistant in by_id)
    pool = [a for a in assistants if a.id not in pinned]
    # roughly one assistant per three children who need one, with slack
    wanted = [SLACK * sum(j.requires_assistant for j in p.journeys) / 3 - len(p.assistants) for p in parts]
    # A child's skills must be held by one PA, so cover each part's combinations of skills.
    combinations = [{j.skills for j in p.journeys if j.skills} for p in parts]

    def home_km(a: Assistant, p: Part) -> float:
        return km(_coords(places, a.home), (p.lat, p.lon))

    before = {**(_as_on(like, parts, "assistants") if like else {}), **_where_before(parts, lambda j: j.previous_assistant)}
    for a in list(pool):
        if a.id in before:
            pool.remove(a)
            parts[before[a.id]].assistants.append(a)
            wanted[before[a.id]] -= 1

    def uncovered(i: int) -> set[frozenset[str]]:
        return {c for c in combinations[i] if not any(c <= a.skills for a in parts[i].assistants)}

    for i in sorted(range(len(parts)), key=lambda i: -len(combinations[i])):
        while (gaps := uncovered(i)) and (able := [a for a in pool if any(c <= a.skills for c in gaps)]):
            a = min(able, key=lambda a: (-sum(c <= a.skills for c in gaps), home_km(a, parts[i])))
            pool.remove(a)
            parts[i].assistants.append(a)
            wanted[i] -= 1
    while pool:
        short, i = max((w, i) for i, w in enumerate(wanted))
        if short <= 0:
            break
        a = min(pool, key=lambda a: home_km(a, parts[i]))
        pool.remove(a)
        parts[i].assistants.append(a)
        wanted[i] -= 1
    for a in pool:
        min(parts, key=lambda p: home_km(a, p)).assistants.append(a)
