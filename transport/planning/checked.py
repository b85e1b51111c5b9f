"""Every answer checked: the optimiser's solution passes the independent validator before anyone
sees it, and one that does not is kept on disk so that a maintainer can reproduce it."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from transport.optimizer import Problem, Run, Solution, solve, validate
from transport.optimizer.jsonio import solution_data, write_problem
from transport.planning.plan import PlanningError

FAILED = Path("var/failed")


def solve_checked(problem: Problem, seconds: float, start: Sequence[Run] = (), stay_cost: float = 0.0) -> Solution:
    """Solve, then check with the independent validator: nobody sees an unchecked plan."""
    return checked(problem, solve(problem, seconds=seconds, start=start, stay_cost=stay_cost), start)


def checked(problem: Problem, solution: Solution, start: Sequence[Run] = ()) -> Solution:
    """The solution, once the validator passes it; else kept on disk and a PlanningError."""
    violations = validate(problem, solution)
    if violations:
        kept = keep_for_maintainers(problem, start, solution)
        raise PlanningError(
            f"{problem.name}: the optimiser's answer broke a rule: " + "; ".join(violations[:5]) + f" (kept in {kept})"
        )
    return solution


def keep_for_maintainers(problem: Problem, start: Sequence[Run], solution: Solution) -> Path:
    """The part's problem, the runs it started from and the broken answer, to reproduce the fault."""
    folder = FAILED / f"{problem.name}-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    write_problem(problem, folder / "problem.json")
    (folder / "start.json").write_text(json.dumps(solution_data(Solution(list(start)))))
    (folder / "solution.json").write_text(json.dumps(solution_data(solution)))
    return folder
