"""A pure optimisation library: plain-data Problem in, checked Solution out.

    solution = solve(problem, seconds=10)   # solve.py: the front door
    assert not validate(problem, solution)  # validator.py: an independent check

It imports nothing from the database or the API (only OR-Tools, numpy and numba), so it can be
installed, used and tested on its own.
"""

from transport.optimizer.explain import solo_reasons
from transport.optimizer.problem import (
    SEATS,
    WHEELCHAIRS,
    Assistant,
    Journey,
    Layout,
    Problem,
    Vehicle,
    Window,
)
from transport.optimizer.solution import Reason, Run, Solution, Stop, Unplaced
from transport.optimizer.solve import solve
from transport.optimizer.validator import validate

__all__ = [
    "SEATS",
    "WHEELCHAIRS",
    "Assistant",
    "Journey",
    "Layout",
    "Problem",
    "Vehicle",
    "Window",
    "Reason",
    "Run",
    "Solution",
    "Stop",
    "Unplaced",
    "solve",
    "solo_reasons",
    "validate",
]
