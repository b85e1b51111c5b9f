"""Why a child cannot be placed, in words a planner can act on.

Before solving, each journey is tried alone on every crew option: if no option could take the
child even alone, the child is left out of the model and the reasons say what is missing. After
solving, a child who could have gone alone but was not placed was squeezed out by other children.
"""

from __future__ import annotations

import math

from transport.optimizer.crews import Option
from transport.optimizer.problem import SEATS, WHEELCHAIRS, Journey, Problem


def minutes(seconds: float) -> int:
    return int(math.ceil(seconds / 60 - 1e-9))


def solo_fits(problem: Problem, journey: Journey, option: Option) -> bool:
    """Could this option take the child on a run of their own, within every time rule?"""
    if not option.carries(journey):
        return False
    d = problem.durations
    v = option.vehicle
    p, q = journey.pickup, journey.dropoff
    sp, sq = journey.pickup_service, journey.dropoff_service
    earliest_pickup = max(journey.pickup_window.earliest, v.available.earliest + d[v.start][p])
    latest_drop = min(journey.dropoff_window.latest, v.available.latest - sq - d[q][v.end])
    # Board as late as allowed: the child then waits least on board.
    pickup = min(journey.pickup_window.latest, latest_drop - sp - d[p][q])
    if pickup < earliest_pickup - 1e-6:
        return False
    drop = max(pickup + sp + d[p][q], journey.dropoff_window.earliest)
    if drop > latest_drop + 1e-6 or drop - (pickup + sp) > journey.max_ride + 1e-6:
        return False
    if v.max_duration is not None:
        leave = max(v.available.earliest, pickup - d[v.start][p])
        if drop + sq + d[q][v.end] - leave > v.max_duration + 1e-6:
            return False
    return True


def solo_reasons(problem: Problem, journey: Journey, options: list[Option]) -> list[str]:
    """Empty if some option can take the child alone; else what stands in the way."""
    direct = problem.durations[journey.pickup][journey.dropoff]
    if direct > journey.max_ride + 1e-6:
        return [
            f"the direct journey alone takes {minutes(direct)} minutes, "
            f"over this child's {minutes(journey.max_ride)}-minute limit"
        ]
    if any(solo_fits(problem, journey, o) for o in options):
        return []
    reasons: list[str] = []
    if not any(o.fits(journey) for o in options):
        reasons.append(_no_room(journey))
    if journey.requires_assistant and not any(o.crewed_for(journey) for o in options):
        reasons.append(_no_assistant(journey, problem))
    if not reasons:
        if any(o.carries(journey) for o in options):
            reasons.append(
                "no suitable vehicle can collect this child and arrive within the bell-time window, "
                "the journey limit and the vehicle's working hours"
            )
        else:
            reasons.append("no vehicle with the space this child needs has a PA with the skills they need")
    return reasons


def squeezed_out() -> list[str]:
    """Reasons for a child who could have travelled alone but was not placed."""
    return [
        "every vehicle and crew that could take this child is needed for other children "
        "within their time limits; another suitable vehicle (or PA) would place them"
    ]


def _no_room(journey: Journey) -> str:
    if journey.load.get(WHEELCHAIRS, 0):
        need = "a wheelchair space"
        if journey.requires_assistant:
            need += " and a seat for a PA"
        return f"no available vehicle has {need}"
    if journey.requires_assistant:
        return "no available vehicle has a seat for the child and one for a PA"
    return f"no available vehicle has {journey.load.get(SEATS, 1)} free seat(s)"


def _no_assistant(journey: Journey, problem: Problem) -> str:
    if not journey.skills:
        return "no passenger assistant (PA) is available for this session"
    skills = ", ".join(s.replace("_", " ") for s in sorted(journey.skills))
    if any(journey.skills <= a.skills for a in problem.assistants):
        return f"the PAs trained in {skills} are all needed elsewhere or too far away"
    return f"no available PA holds all the training this child needs ({skills})"
