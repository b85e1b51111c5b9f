"""Why a child is placed in no part, in terms of the whole council's fleet and PAs rather than of
the part (or the second pass's leftovers) that last tried them: a planner acts on the whole.

A child who could travel alone on some vehicle of the council's is told which need ran short in
that session (a PA with their training, a wheelchair space, a seat), where and when, and what one
more of it would do; the figures are in the reason's data for the API and the planner's page."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from transport.optimizer import SEATS, WHEELCHAIRS, Assistant, Journey, Problem, Reason, Unplaced, Vehicle, solo_reasons
from transport.optimizer.crews import Option, pinned_assistants
from transport.optimizer.explain import KEPT_FROM_PART
from transport.planning.assemble import Assembler
from transport.planning.demand import SessionDemand
from transport.planning.plan import SolvedPart

SHORT_PA = "short_pa"
"""Every PA with the child's training (or, with none needed, every PA) is on another run."""
SHORT_WHEELCHAIR = "short_wheelchair_space"
"""Every vehicle with a wheelchair space that could reach the child in time is on another run."""
SHORT_SEATS = "short_seats"
"""Every vehicle that could reach the child in time is on another run."""
SPARE_UNUSED = "spare_unused"
"""A free vehicle and PA could take the child alone, but the plan did not use them."""


def council_wide(demand: SessionDemand, parts: list[SolvedPart], assembler: Assembler) -> list[Unplaced]:
    placed = {s.journey for part in parts for r in part.solution.runs for s in r.stops}
    last = {u.journey: u for part in parts for u in part.solution.unplaced if u.journey not in placed}
    if not last:
        return []
    journeys = [j for j in demand.journeys if j.id in last]
    # One problem for all of them: the council's fleet is offered to each child alone. Where a PA
    # lives changes nothing here, so their homes stay out of the matrix (at 5,000 children a third
    # of its places).
    somewhere = demand.vehicles[0].start if demand.vehicles else journeys[0].pickup
    problem, council_places = assembler.problem(
        "why", demand.session, journeys, demand.vehicles, [replace(a, home=somewhere) for a in demand.assistants]
    )
    fleet = WholeFleet(problem)
    busy = {r.vehicle for part in parts for r in part.solution.runs} | {
        r.assistant for part in parts for r in part.solution.runs if r.assistant
    }
    labels = [assembler.places.labels[p] for p in council_places]
    unplaced: list[Unplaced] = []
    for j in problem.journeys:
        offer = fleet.offered(j)
        alone = [] if fleet.fits(j, offer).any() else solo_reasons(problem, j, offer.options)
        if alone:
            unplaced.append(Unplaced(j.id, tuple(alone)))
        elif any(r.code in KEPT_FROM_PART for r in last[j.id].reasons):
            unplaced.append(last[j.id])
        else:
            unplaced.append(Unplaced(j.id, (shortage(problem, j, demand.session, busy, labels, fleet),)))
    return unplaced


class WholeFleet:
    """Every vehicle of the council offered to one child at a time, each with the crew the child
    would need, and checked with numpy: at 5,000 children a session's leftovers times its options
    are millions of checks, which `solo_fits` one at a time took most of a minute over. The
    options and their figures are kept for each kind of need (PA, training, load)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.durations = np.asarray(problem.durations, dtype=float)
        self.pinned = pinned_assistants(problem)
        held = {a.id for a in self.pinned.values()}
        self.free_skills = [a.skills for a in problem.assistants if a.id not in held]
        self._offers: dict[tuple[object, ...], _Offer] = {}

    def offered(self, j: Journey) -> _Offer:
        """What the optimiser's crew options offer this child alone (crews.py, `wide_crews`): the
        pinned PA on their vehicle, and on every other vehicle with two seats a PA with the
        training, where some free PA holds it."""
        trained = j.requires_assistant and any(j.skills <= s for s in self.free_skills)

        def crews(v: Vehicle, stand_in: Assistant) -> list[Assistant | None]:
            if v.id in self.pinned:
                return [self.pinned[v.id]]
            return [None, stand_in] if trained and _most_seats(v) >= 2 else [None]

        return self._offer("offered", j, crews, keep=_usable)

    def needed(self, j: Journey) -> _Offer:
        """Each vehicle with the crew the child needs: its pinned PA, or any PA with the training."""

        def crews(v: Vehicle, stand_in: Assistant) -> list[Assistant | None]:
            if v.id in self.pinned:
                return [self.pinned[v.id]]
            return [stand_in if j.requires_assistant else None]

        return self._offer("needed", j, crews)

    def _offer(
        self,
        kind: str,
        j: Journey,
        crews: Callable[[Vehicle, Assistant], list[Assistant | None]],
        keep: Callable[[Option], bool] = lambda o: True,
    ) -> _Offer:
        key = (kind, j.requires_assistant, j.skills, tuple(sorted(j.load.items())))
        if key not in self._offers:
            stand_in = Assistant("any PA", j.skills, 0)
            options = [
                o for v in self.problem.vehicles for lay in v.layouts for a in crews(v, stand_in) if keep(o := Option(v, lay, a))
            ]
            self._offers[key] = _Offer(options, np.array([o.carries(j) for o in options], dtype=bool))
        return self._offers[key]

    def fits(self, j: Journey, offer: _Offer) -> np.ndarray:
        """For each option offered, could it take the child on a run of their own (`solo_fits`)."""
        d, eps = self.durations, 1e-6
        p, q, sp, sq = j.pickup, j.dropoff, j.pickup_service, j.dropoff_service
        to_pickup, from_drop = d[offer.start, p], d[q, offer.end]
        earliest_pickup = np.maximum(j.pickup_window.earliest, offer.opens + to_pickup)
        latest_drop = np.minimum(j.dropoff_window.latest, offer.closes - sq - from_drop)
        # Board as late as allowed: the child then waits least on board.
        pickup = np.minimum(j.pickup_window.latest, latest_drop - sp - d[p, q])
        drop = np.maximum(pickup + sp + d[p, q], j.dropoff_window.earliest)
        leave = np.maximum(offer.opens, pickup - to_pickup)
        ok = (pickup >= earliest_pickup - eps) & (drop <= latest_drop + eps) & (drop - (pickup + sp) <= j.max_ride + eps)
        return offer.carries & ok & (drop + sq + from_drop - leave <= offer.longest + eps)


class _Offer:
    """Crew options for one kind of need, with their vehicles' figures as arrays."""

    def __init__(self, options: list[Option], carries: np.ndarray) -> None:
        self.options, self.carries = options, carries
        vehicles = [o.vehicle for o in options]
        self.start = np.array([v.start for v in vehicles], dtype=int)
        self.end = np.array([v.end for v in vehicles], dtype=int)
        self.opens = np.array([v.available.earliest for v in vehicles], dtype=float)
        self.closes = np.array([v.available.latest for v in vehicles], dtype=float)
        self.longest = np.array([math.inf if v.max_duration is None else v.max_duration for v in vehicles], dtype=float)


def _usable(o: Option) -> bool:
    """As crews.py keeps an option: a seat left for the PA, and room for someone."""
    return o.capacity(SEATS) >= 0 and any(o.capacity(k) > 0 for k in o.layout.capacity)


def shortage(
    problem: Problem, j: Journey, session: str, busy: set[str], labels: list[str], fleet: WholeFleet | None = None
) -> Reason:
    """What ran short for a child who could travel alone on one of the council's vehicles: the
    PAs with the training, the wheelchair spaces or the seats that could reach them in time.
    `fleet`: the problem's WholeFleet (made here if not given)."""
    home, school = (j.pickup, j.dropoff) if session == "AM" else (j.dropoff, j.pickup)
    start, end = _when(problem, j, session)
    figures: dict[str, object] = {
        "area": _district(labels[home]),
        "school": labels[school],
        "from": _hhmm(start),
        "to": _hhmm(end),
        "wheelchair": bool(j.load.get(WHEELCHAIRS, 0)),
        "skills": sorted(j.skills),
        "needs_pa": j.requires_assistant,
    }
    where = f"near {figures['area']} for {figures['school']}, {figures['from']} to {figures['to']}"
    # A PA pinned to a vehicle rides only that one, and it only with them.
    pinned = {v.id: v.assistant for v in problem.vehicles if v.assistant}
    held = set(pinned.values())
    fleet = fleet or WholeFleet(problem)
    offer = fleet.needed(j)
    able_ids = {o.vehicle.id for o, ok in zip(offer.options, fleet.fits(j, offer)) if ok}
    able = [v for v in problem.vehicles if v.id in able_ids]
    free = [v.id for v in able if v.id not in busy and (v.id in pinned or not j.requires_assistant)]
    trained = [a for a in problem.assistants if j.skills <= a.skills] if j.requires_assistant else []
    free_pas = [a.id for a in trained if a.id not in busy and a.id not in held]
    if j.requires_assistant and free_pas:
        free += [v.id for v in able if v.id not in busy and v.id not in pinned]
    figures.update(vehicles_able=len(able), vehicles_free=len(free), pas_able=len(trained), pas_free=len(free_pas))
    training = _training(j)
    if j.requires_assistant and not free_pas:
        return Reason(
            SHORT_PA,
            f"all {len(trained)} PAs {training} are on other runs this {_session_word(session)}; "
            f"one more PA {training}, free {where}, would place this child".replace("  ", " "),
            figures,
        )
    if not free:
        wanted = "vehicle with a wheelchair space" if figures["wheelchair"] else "vehicle with a free seat"
        if j.requires_assistant:
            wanted += " and a seat for a PA"
        code = SHORT_WHEELCHAIR if figures["wheelchair"] else SHORT_SEATS
        return Reason(
            code,
            f"all {len(able)} {wanted.replace('vehicle', 'vehicles', 1)} that could reach this child in time are on other runs; "
            f"one more {wanted}, free {where}, would place this child",
            figures,
        )
    figures["spare_vehicles"] = sorted(free)[:5]
    figures["spare_pas"] = sorted(free_pas)[:5]
    return Reason(
        SPARE_UNUSED,
        f"{len(free)} free vehicle(s) (e.g. {sorted(free)[0]})"
        + (f" and {len(free_pas)} free PA(s) {training}".rstrip() if j.requires_assistant else "")
        + f" could take this child alone {where}, but the plan did not use them; planning again with more time may place them",
        figures,
    )


def _when(problem: Problem, j: Journey, session: str) -> tuple[float, float]:
    """When a vehicle is needed for the child on a direct trip: leaving home to the bell (morning),
    the bell to reaching home (afternoon)."""
    direct = problem.durations[j.pickup][j.dropoff]
    if session == "AM":
        end = j.dropoff_window.latest
        return max(j.pickup_window.earliest, end - direct - j.pickup_service), end
    return j.pickup_window.earliest, j.pickup_window.latest + j.pickup_service + direct


def _hhmm(t: float) -> str:
    minutes = int(round(t / 60))
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _district(label: str) -> str:
    """The postcode district of an address label ("12 High St, Kesgrave, IP5 1AB" -> "IP5")."""
    postcode = label.rsplit(",", 1)[-1].strip()
    return postcode.split()[0] if " " in postcode else label


def _training(j: Journey) -> str:
    if not j.skills:
        return ""
    return "trained in " + " and ".join(s.replace("_", " ") for s in sorted(j.skills))


def _session_word(session: str) -> str:
    return "morning" if session == "AM" else "afternoon"


def _most_seats(v: Vehicle) -> int:
    return max(layout.capacity.get(SEATS, 0) for layout in v.layouts)
