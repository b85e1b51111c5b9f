"""Why a child is placed in no part, in terms of the whole council's fleet and PAs rather than of
the part (or the second pass's leftovers) that last tried them: a planner acts on the whole.

A child who could travel alone on some vehicle of the council's is told which need ran short in
that session (a PA with their training, a wheelchair space, a seat), where and when, and what one
more of it would do; the figures are in the reason's data for the API and the planner's page."""

from __future__ import annotations

from transport.optimizer import WHEELCHAIRS, Assistant, Journey, Problem, Reason, Unplaced, Vehicle, solo_reasons
from transport.optimizer.crews import Option, crew_options
from transport.optimizer.explain import KEPT_FROM_PART, solo_fits
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
    # One problem for all of them: the council's fleet is offered to each child alone.
    problem, council_places = assembler.problem(
        "why", demand.session, journeys, demand.vehicles, demand.assistants, wide_crews=True
    )
    options = crew_options(problem)
    busy = {r.vehicle for part in parts for r in part.solution.runs} | {
        r.assistant for part in parts for r in part.solution.runs if r.assistant
    }
    labels = [assembler.places.labels[p] for p in council_places]
    unplaced: list[Unplaced] = []
    for j in problem.journeys:
        alone = solo_reasons(problem, j, options)
        if alone:
            unplaced.append(Unplaced(j.id, tuple(alone)))
        elif any(r.code in KEPT_FROM_PART for r in last[j.id].reasons):
            unplaced.append(last[j.id])
        else:
            unplaced.append(Unplaced(j.id, (shortage(problem, j, demand.session, busy, labels),)))
    return unplaced


def shortage(problem: Problem, j: Journey, session: str, busy: set[str], labels: list[str]) -> Reason:
    """What ran short for a child who could travel alone on one of the council's vehicles: the
    PAs with the training, the wheelchair spaces or the seats that could reach them in time."""
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
    by_id = {a.id: a for a in problem.assistants}
    stand_in = Assistant("any PA", j.skills, j.pickup)

    def crew(v: Vehicle) -> Assistant | None:
        if v.id in pinned and pinned[v.id] in by_id:
            return by_id[pinned[v.id]]
        return stand_in if j.requires_assistant else None

    able = [v for v in problem.vehicles if any(solo_fits(problem, j, Option(v, lay, crew(v))) for lay in v.layouts)]
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
