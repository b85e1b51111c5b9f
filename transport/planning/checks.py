"""The whole session checked, across its parts: each part's answer passes the validator on its
own, but only the whole shows a vehicle used by two parts at once, or a child placed twice."""

from __future__ import annotations

from collections import Counter

from transport.optimizer import validate
from transport.optimizer.solution import PICKUP
from transport.optimizer.validator import overlaps
from transport.planning.plan import SessionPlan


def session_violations(sp: SessionPlan) -> list[str]:
    errors = [e for part in sp.solved for e in validate(part.problem, part.solution)]
    runs = [r for part in sp.solved for r in part.solution.runs]
    errors += overlaps(runs)
    placed = Counter(s.journey for r in runs for s in r.stops if s.kind == PICKUP)
    errors += [f"{j} is placed on {n} runs" for j, n in sorted(placed.items()) if n > 1]
    listed = {u.journey for u in sp.unplaced}
    errors += [f"{j} is placed and also listed as not placed" for j in sorted(listed & set(placed))]
    demanded = {j.id for part in sp.solved for j in part.problem.journeys}
    errors += [f"{j} is neither placed nor listed as not placed" for j in sorted(demanded - set(placed) - listed)]
    return errors
