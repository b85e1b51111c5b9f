"""Why a child cannot be placed, in words a planner can act on.

Before solving, each journey is tried alone on every crew option: if no option could take the
child even alone, the child is left out of the model and the reasons say what is missing. After
solving, a child who could have gone alone but was not placed was squeezed out by other children.
"""

from __future__ import annotations

import math

from transport.optimizer.crews import Option
from transport.optimizer.problem import SEATS, WHEELCHAIRS, Journey, Problem
from transport.optimizer.solution import Reason

TOO_FAR = "too_far"
"""The direct journey alone is over the child's limit."""
NO_ROOM = "no_room"
"""No vehicle has the space (seats, a wheelchair space, a seat for a PA)."""
NO_ASSISTANT = "no_assistant"
"""No PA with the training is available (or near enough)."""
NO_TIME = "no_time"
"""No vehicle can collect the child within the bells, the limit and its hours."""
NO_CREW = "no_crew"
"""No vehicle with the space has a PA with the skills."""
SQUEEZED_OUT = "squeezed_out"
"""Could travel alone, but every vehicle and crew that could take them is needed by others."""
SIBLINGS = "siblings"
"""Siblings travel together, and no vehicle and crew could take them all."""
SIBLINGS_APART = "siblings_apart"
"""Placed, but not with their siblings: no run could take them all together within their limits."""
SIBLINGS_HELD_BACK = "siblings_held_back"
"""A sibling who cannot be placed holds the group back."""
MUST_NOT_TRAVEL_WITH = "must_not_travel_with"
"""Placed children this child must not travel with took the vehicles that could have."""
NO_ANSWER = "no_answer"
"""The search found no answer in its time."""

KEPT_FROM_PART = (SIBLINGS, SIBLINGS_HELD_BACK, MUST_NOT_TRAVEL_WITH)
"""Reasons that come from a part's other children, so a council-wide look cannot see them."""


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


def solo_reasons(problem: Problem, journey: Journey, options: list[Option]) -> list[Reason]:
    """Empty if some option can take the child alone; else what stands in the way."""
    direct = problem.durations[journey.pickup][journey.dropoff]
    if direct > journey.max_ride + 1e-6:
        figures = {"direct_minutes": minutes(direct), "limit_minutes": minutes(journey.max_ride)}
        return [
            Reason(
                TOO_FAR,
                f"the direct journey alone takes {figures['direct_minutes']} minutes, "
                f"over this child's {figures['limit_minutes']}-minute limit",
                figures,
            )
        ]
    if any(solo_fits(problem, journey, o) for o in options):
        return []
    reasons: list[Reason] = []
    if not any(o.fits(journey) for o in options):
        reasons.append(_no_room(journey))
    if journey.requires_assistant and not any(o.crewed_for(journey) for o in options):
        reasons.append(_no_assistant(journey, problem))
    if not reasons:
        if any(o.carries(journey) for o in options):
            reasons.append(
                Reason(
                    NO_TIME,
                    "no suitable vehicle can collect this child and arrive within the bell-time window, "
                    "the journey limit and the vehicle's working hours",
                )
            )
        else:
            reasons.append(Reason(NO_CREW, "no vehicle with the space this child needs has a PA with the skills they need"))
    return reasons


def squeezed_out() -> Reason:
    """The reason for a child who could have travelled alone but was not placed."""
    return Reason(
        SQUEEZED_OUT,
        "every vehicle and crew that could take this child is needed for other children "
        "within their time limits; another suitable vehicle (or PA) would place them",
    )


def siblings_apart() -> Reason:
    """The reason for siblings no vehicle and crew could take all together."""
    return Reason(
        SIBLINGS,
        "siblings must travel on the same vehicle and no vehicle and crew could take them all within their time limits",
    )


def travels_apart(siblings: list[str], schools: int) -> Reason:
    """The reason a placed child is not on their siblings' run."""
    where = "go to different schools and " if schools > 1 else ""
    return Reason(
        SIBLINGS_APART,
        f"placed, but not with their siblings ({', '.join(siblings)}): they {where}no vehicle and crew could take them "
        "all together within their time limits",
        {"siblings": siblings},
    )


def held_back_by(blocked: list[str]) -> Reason:
    """The reason for a child whose siblings (`blocked`) cannot be placed."""
    return Reason(SIBLINGS_HELD_BACK, f"travels with siblings ({', '.join(blocked)}) who cannot be placed", {"siblings": blocked})


def kept_apart_from(placed: list[str]) -> Reason:
    """The reason for a child kept off the runs of children they must not travel with."""
    return Reason(MUST_NOT_TRAVEL_WITH, "must not travel with " + ", ".join(placed), {"children": placed})


def no_answer() -> Reason:
    return Reason(NO_ANSWER, "the optimiser found no answer in the time it was given")


def _no_room(journey: Journey) -> Reason:
    wheelchairs = journey.load.get(WHEELCHAIRS, 0)
    figures = {"seats": journey.load.get(SEATS, 1), "wheelchairs": wheelchairs, "assistant": journey.requires_assistant}
    if wheelchairs:
        need = "a wheelchair space"
        if journey.requires_assistant:
            need += " and a seat for a PA"
        return Reason(NO_ROOM, f"no available vehicle has {need}", figures)
    if journey.requires_assistant:
        return Reason(NO_ROOM, "no available vehicle has a seat for the child and one for a PA", figures)
    return Reason(NO_ROOM, f"no available vehicle has {figures['seats']} free seat(s)", figures)


def _no_assistant(journey: Journey, problem: Problem) -> Reason:
    if not journey.skills:
        return Reason(NO_ASSISTANT, "no passenger assistant (PA) is available for this session")
    figures = {"skills": sorted(journey.skills)}
    skills = ", ".join(s.replace("_", " ") for s in sorted(journey.skills))
    if any(journey.skills <= a.skills for a in problem.assistants):
        return Reason(NO_ASSISTANT, f"the PAs trained in {skills} are all needed elsewhere or too far away", figures)
    return Reason(NO_ASSISTANT, f"no available PA holds all the training this child needs ({skills})", figures)
