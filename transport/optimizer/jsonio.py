"""The JSON form of a Problem and a Solution (documented in docs/optimizer-format.md).

Pydantic validates the dataclasses themselves, so the JSON is exactly their fields; `problem_errors`
adds what types cannot say (matrix shape, place numbers, references between journeys).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from transport.errors import Invalid
from transport.optimizer.problem import Problem
from transport.optimizer.solution import Solution

PROBLEM = TypeAdapter(Problem)
SOLUTION = TypeAdapter(Solution)


class BadProblem(Invalid):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


def read_problem(path: Path) -> Problem:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise BadProblem([f"{path} is not JSON: {error}"]) from None
    try:
        problem = PROBLEM.validate_python(data)
    except ValidationError as invalid:
        raise BadProblem(
            [f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}" for e in invalid.errors()]
        ) from None
    errors = problem_errors(problem)
    if errors:
        raise BadProblem(errors)
    return problem


def problem_errors(problem: Problem) -> list[str]:
    n = len(problem.durations)
    errors: list[str] = []
    for name, matrix in (("durations", problem.durations), ("distances", problem.distances)):
        if len(matrix) != n or any(len(row) != n for row in matrix):
            errors.append(f"{name}: must be a square matrix of {n} x {n} places")
        elif any(x < 0 for row in matrix for x in row):
            errors.append(f"{name}: must not be negative")
    ids = [j.id for j in problem.journeys]
    errors += [f"journeys: id {i!r} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for j in problem.journeys:
        for place in (j.pickup, j.dropoff):
            if not 0 <= place < n:
                errors.append(f"journey {j.id}: place {place} is not in the matrix")
        errors += [f"journey {j.id}: avoids unknown journey {a!r}" for a in sorted(j.avoid - set(ids))]
        if j.max_ride <= 0:
            errors.append(f"journey {j.id}: max_ride must be positive")
    for v in problem.vehicles:
        if not v.layouts:
            errors.append(f"vehicle {v.id}: needs at least one layout")
        for place in (v.start, v.end):
            if not 0 <= place < n:
                errors.append(f"vehicle {v.id}: place {place} is not in the matrix")
    for a in problem.assistants:
        if not 0 <= a.home < n:
            errors.append(f"assistant {a.id}: home {a.home} is not in the matrix")
    return errors


def write_problem(problem: Problem, path: Path) -> None:
    Path(path).write_text(json.dumps(PROBLEM.dump_python(problem, mode="json"), indent=1), encoding="utf-8")


def solution_data(solution: Solution) -> dict[str, Any]:
    data: dict[str, Any] = SOLUTION.dump_python(solution, mode="json")
    data["cost"] = round(solution.cost, 2)
    data["distance"] = round(solution.distance, 1)
    data["ride_times"] = {j: round(t, 1) for j, t in sorted(solution.ride_times().items())}
    return data
