"""Spot hire: children the council's own fleet and PAs cannot take, carried on vehicles (and with
agency PAs) hired for the run at the rates the council imports (spot_hire.csv).

Each child left over brings one hire: the cheapest rate whose vehicle has the room and whose
agency has the training, priced by its fixed cost and miles on a direct trip. The optimiser then
routes them all as one problem, so children who can share a hire do, and the validator checks the
hired runs as it checks the fleet's. Only a child no rate can carry, or no vehicle could ever take
within their limit, stays not placed."""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from transport import models as m
from transport.clock import seconds
from transport.optimizer import SEATS, WHEELCHAIRS, Assistant, Journey, Layout, Reason, Solution, Unplaced, Vehicle, Window
from transport.optimizer.explain import TOO_FAR
from transport.planning.assemble import Assembler
from transport.planning.checked import solve_checked
from transport.planning.demand import MILE_M, PlaceBook, SessionDemand
from transport.planning.partition import km
from transport.planning.plan import SolvedPart

HIRE = "spot:"
"""Vehicle ids of hired vehicles start with this, then the rate's id."""
AGENCY = "agency:"
NO_RATE = "no_spot_rate"
"""No imported spot-hire rate has a vehicle with the room and (where needed) a PA with the training."""


@dataclass(frozen=True)
class SpotRate:
    id: str
    operator: str | None
    area: str
    kind: str
    seats: int
    wheelchairs: int
    base: int
    """Where the hired vehicle comes from: a place in the council's PlaceBook."""
    fixed_cost: float
    cost_per_metre: float
    pa_cost: float | None
    """An agency PA's rate per run; None: no PA from this operator."""
    pa_skills: frozenset[str]
    available: Window

    def carries(self, j: Journey, siblings: list[Journey] | None = None) -> bool:
        """Room and training for the child, and for all their `siblings` with them (they travel together)."""
        riders = siblings or [j]
        skills = frozenset().union(*(r.skills for r in riders))
        pa = any(r.requires_assistant for r in riders)
        if pa and (self.pa_cost is None or not skills <= self.pa_skills):
            return False
        seats = sum(r.load.get(SEATS, 0) for r in riders) + pa
        return seats <= self.seats and sum(r.load.get(WHEELCHAIRS, 0) for r in riders) <= self.wheelchairs


def spot_rates(records: list[m.SpotHireRate], places: PlaceBook) -> list[SpotRate]:
    return [
        SpotRate(
            id=r.ref,
            operator=r.operator.name if r.operator else None,
            area=r.area,
            kind=r.kind,
            seats=r.seats,
            wheelchairs=r.wheelchairs,
            base=places.add(r.base_lat, r.base_lon, f"{r.area} spot hire base"),
            fixed_cost=r.fixed_cost,
            cost_per_metre=r.cost_per_mile / MILE_M,
            pa_cost=r.pa_cost_per_run,
            pa_skills=frozenset(r.pa_skills),
            available=Window(seconds(r.available_from), seconds(r.available_to)),
        )
        for r in records
    ]


def rate_of(vehicle_id: str) -> str | None:
    """The rate a hired vehicle is on, or None for one of the council's own vehicles."""
    return vehicle_id.removeprefix(HIRE).rsplit(":", 1)[0] if vehicle_id.startswith(HIRE) else None


@dataclass
class SpotCover:
    """One session's spot hire: the hired runs (None: nobody to hire for), and who is still not placed."""

    part: SolvedPart | None
    unplaced: list[Unplaced]
    fleet_reasons: dict[str, tuple[Reason, ...]]
    """Why the council's own fleet could not take each child now on a hire."""


def hires(journeys: list[Journey], rates: list[SpotRate], places: PlaceBook) -> tuple[list[Vehicle], list[Assistant]]:
    """One hire for each child some rate can carry, at the rate cheapest on a direct trip."""
    vehicles: list[Vehicle] = []
    assistants: list[Assistant] = []
    families = _families(journeys)
    for n, j in enumerate(journeys, start=1):
        able = [r for r in rates if r.carries(j, families.get(j.group or ""))]
        if not able:
            continue
        r = min(able, key=lambda r: (_direct_price(r, j, places), r.id))
        pa = None
        if any(s.requires_assistant for s in families.get(j.group or "", [j])):
            pa = f"{AGENCY}{r.id}:{n}"
            assistants.append(Assistant(pa, r.pa_skills, r.base, r.pa_cost or 0.0))
        layout = Layout(f"{r.seats}+{r.wheelchairs}", {SEATS: r.seats, WHEELCHAIRS: r.wheelchairs})
        vehicles.append(
            Vehicle(f"{HIRE}{r.id}:{n}", r.base, r.base, (layout,), r.available, r.fixed_cost, r.cost_per_metre, assistant=pa)
        )
    return vehicles, assistants


def _families(journeys: list[Journey]) -> dict[str, list[Journey]]:
    groups: dict[str, list[Journey]] = {}
    for j in journeys:
        if j.group:
            groups.setdefault(j.group, []).append(j)
    return groups


def _direct_price(r: SpotRate, j: Journey, places: PlaceBook) -> float:
    def at(p: int) -> tuple[float, float]:
        return places.points[p].lat, places.points[p].lon

    metres = 1000 * (km(at(r.base), at(j.pickup)) + km(at(j.pickup), at(j.dropoff)) + km(at(j.dropoff), at(r.base)))
    return r.fixed_cost + (r.pa_cost or 0.0) * j.requires_assistant + r.cost_per_metre * metres


def cover_sessions(
    demands: list[SessionDemand],
    unplaced: list[list[Unplaced]],
    rates: list[SpotRate],
    assembler: Assembler,
    seconds: float,
    workers: int,
) -> list[SpotCover]:
    """Each session's children not placed by the fleet, on spot hires where a rate can carry them."""
    covers: list[SpotCover] = []
    solving: list[Future[Solution] | None] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for demand, left in zip(demands, unplaced):
            why = {u.journey: u for u in left}
            # A direct journey over the limit cannot be helped by any vehicle.
            wanted = [j for j in demand.journeys if j.id in why and not any(r.code == TOO_FAR for r in why[j.id].reasons)]
            families = _families(wanted)
            hireable = [j for j in wanted if any(r.carries(j, families.get(j.group or "")) for r in rates)]
            unhired = {j.id for j in wanted} - {j.id for j in hireable}
            cover = SpotCover(None, [_no_rate(u, demand) if u.journey in unhired else u for u in left], {})
            future = None
            if hireable:
                vehicles, assistants = hires(hireable, rates, assembler.places)
                name = f"{demand.weekday}-{demand.session}-spot"
                problem, places = assembler.problem(name, demand.session, hireable, vehicles, assistants)
                cover.part = SolvedPart(problem, places, Solution([]))
                future = pool.submit(solve_checked, problem, seconds)
            covers.append(cover)
            solving.append(future)
        for cover, future in zip(covers, solving):
            if future is None or cover.part is None:
                continue
            cover.part.solution = future.result()
            carried = {jid for r in cover.part.solution.runs for jid in r.journeys}
            cover.fleet_reasons = {u.journey: u.reasons for u in cover.unplaced if u.journey in carried}
            cover.unplaced = [u for u in cover.unplaced if u.journey not in carried]
    return covers


def _no_rate(fleet: Unplaced, demand: SessionDemand) -> Unplaced:
    j = next(j for j in demand.journeys if j.id == fleet.journey)
    if j.group:
        family = [s for s in demand.journeys if s.group == j.group]
        spaces = sum(s.load.get(WHEELCHAIRS, 0) for s in family)
        seats = sum(s.load.get(SEATS, 0) for s in family)
        text = f"and no spot-hire rate offers one vehicle for these {len(family)} siblings together ({seats} seat(s), {spaces} wheelchair space(s)"
        text += ", a PA)" if any(s.requires_assistant for s in family) else ")"
        return Unplaced(
            fleet.journey,
            (
                *fleet.reasons,
                Reason(
                    NO_RATE, text + ": add one to spot_hire.csv", {"siblings": len(family), "seats": seats, "wheelchairs": spaces}
                ),
            ),
        )
    need = "a wheelchair space" if j.load.get(WHEELCHAIRS, 0) else "a seat"
    if j.requires_assistant:
        need += " and an agency PA" + (
            " trained in " + ", ".join(s.replace("_", " ") for s in sorted(j.skills)) if j.skills else ""
        )
    figures = {"wheelchair": bool(j.load.get(WHEELCHAIRS, 0)), "skills": sorted(j.skills), "needs_pa": j.requires_assistant}
    return Unplaced(
        fleet.journey,
        (*fleet.reasons, Reason(NO_RATE, f"and no spot-hire rate offers {need}: add one to spot_hire.csv", figures)),
    )
