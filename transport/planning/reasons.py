"""Why a child is placed in no part, in terms of the whole council's fleet and PAs rather than of
the part (or the second pass's leftovers) that last tried them: a planner acts on the whole."""

from __future__ import annotations

from transport.optimizer import Unplaced, solo_reasons
from transport.optimizer.crews import crew_options
from transport.optimizer.explain import KEPT_FROM_PART, squeezed_out
from transport.planning.assemble import Assembler
from transport.planning.demand import SessionDemand
from transport.planning.plan import SolvedPart


def council_wide(demand: SessionDemand, parts: list[SolvedPart], assembler: Assembler) -> list[Unplaced]:
    placed = {s.journey for part in parts for r in part.solution.runs for s in r.stops}
    last = {u.journey: u for part in parts for u in part.solution.unplaced if u.journey not in placed}
    if not last:
        return []
    journeys = [j for j in demand.journeys if j.id in last]
    # One problem for all of them: the council's fleet is offered to each child alone.
    problem, _ = assembler.problem("why", demand.session, journeys, demand.vehicles, demand.assistants)
    options = crew_options(problem)
    unplaced: list[Unplaced] = []
    for j in problem.journeys:
        alone = solo_reasons(problem, j, options)
        if alone:
            unplaced.append(Unplaced(j.id, tuple(alone)))
        elif any(r.code in KEPT_FROM_PART for r in last[j.id].reasons):
            unplaced.append(last[j.id])
        else:
            unplaced.append(Unplaced(j.id, (squeezed_out(),)))
    return unplaced
