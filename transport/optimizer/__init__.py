"""A pure optimisation library: plain-data Problem in, checked Solution out.

It imports nothing from the database or the API, so it can be used and tested on its own.
"""

from transport.optimizer.explain import solo_reasons
from transport.optimizer.model import solve
from transport.optimizer.problem import SEATS, WHEELCHAIRS, Assistant, Journey, Layout, Problem, Vehicle, Window
from transport.optimizer.solution import Run, Solution, Stop, Unplaced
from transport.optimizer.validator import validate

__all__ = [
    "SEATS", "WHEELCHAIRS", "Assistant", "Journey", "Layout", "Problem", "Vehicle", "Window",
    "Run", "Solution", "Stop", "Unplaced", "solve", "solo_reasons", "validate",
]
