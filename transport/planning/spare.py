"""A last pass on the council's own fleet: a child whom a free vehicle and PA could take alone is
put on them, one child at a time, before anyone is spot-hired.

The second pass solves all of a session's leftovers at once and can still miss some of them (on
the sample council at 3 s a part, 33 journeys of children later spot-hired had a free vehicle and
PA that could take them alone); a problem of one child and the spare vehicles near them cannot,
and is solved exactly in milliseconds (optimizer/alone.py), so one child at a time costs little."""

from __future__ import annotations

from transport.optimizer import Unplaced
from transport.optimizer.alone import solve_alone
from transport.planning.assemble import Assembler
from transport.planning.checked import checked
from transport.planning.demand import SessionDemand
from transport.planning.partition import leftover_parts
from transport.planning.plan import SolvedPart
from transport.planning.reasons import SPARE_UNUSED


def use_spare(
    demand: SessionDemand, parts: list[SolvedPart], unplaced: list[Unplaced], assembler: Assembler
) -> tuple[list[SolvedPart], list[Unplaced]]:
    """Runs for the children a free vehicle and PA could take alone, and who is still left."""
    extra: list[SolvedPart] = []
    left: list[Unplaced] = []
    busy = {r.vehicle for p in parts for r in p.solution.runs} | {
        r.assistant for p in parts for r in p.solution.runs if r.assistant
    }
    journeys = {j.id: j for j in demand.journeys}
    for u in unplaced:
        j = journeys[u.journey]
        if j.group or not any(r.code == SPARE_UNUSED for r in u.reasons):
            left.append(u)
            continue
        vehicles = [v for v in demand.vehicles if v.id not in busy]
        assistants = [a for a in demand.assistants if a.id not in busy]
        part = leftover_parts([j], vehicles, assistants, demand.session, assembler.places)[0]
        if not part.vehicles:
            left.append(u)
            continue
        problem, places = assembler.part(demand, part, len(parts) + len(extra))
        solution = checked(problem, solve_alone(problem))
        if not solution.runs:
            left.append(u)
            continue
        extra.append(SolvedPart(problem, places, solution))
        busy |= {r.vehicle for r in solution.runs} | {r.assistant for r in solution.runs if r.assistant}
    return extra, left
