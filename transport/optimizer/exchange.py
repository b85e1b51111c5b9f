"""Runs given to other vehicles: a least-cost assignment of runs to vehicles, the most room a run
takes at once, and a run rebuilt on another vehicle with its stops and times as they were. The
planner gives each session's runs to its vehicles with them, after every part is solved
(planning/exchange.py); done inside each part's solve as well, it saved nothing measurable."""

from __future__ import annotations

from collections import Counter

from ortools.graph.python import linear_sum_assignment

from transport.optimizer.crews import Option
from transport.optimizer.problem import Journey, Problem
from transport.optimizer.runs import build_run
from transport.optimizer.solution import PICKUP, Run

PENNIES = 100
"""The assignment works in whole pennies."""


def least_cost(prices: dict[tuple[int, int], float], rows: int, columns: int) -> dict[int, int] | None:
    """Each row (a run) to a column (a vehicle) of its own at the least total price, or None;
    `prices` holds the pairs allowed. Columns left over go to no row."""
    assignment = linear_sum_assignment.SimpleLinearSumAssignment()
    for (i, k), price in prices.items():
        assignment.add_arc_with_cost(i, k, round(price * PENNIES))
    for i in range(rows, max(rows, columns)):  # the vehicles left over do nothing, at no cost
        for k in range(columns):
            assignment.add_arc_with_cost(i, k, 0)
    if assignment.solve() != assignment.OPTIMAL:
        return None
    return {i: assignment.right_mate(i) for i in range(rows)}


def peak_load(run: Run, journeys: dict[str, Journey]) -> dict[str, int]:
    """The most of each kind of room (seats, wheelchair spaces) the run's children take at once."""
    load: Counter[str] = Counter()
    peak: dict[str, int] = {}
    for s in run.stops:
        sign = 1 if s.kind == PICKUP else -1
        for k, n in journeys[s.journey].load.items():
            load[k] += sign * n
            peak[k] = max(peak.get(k, 0), load[k])
    return peak


def run_on(problem: Problem, option: Option, run: Run) -> Run | None:
    """The run's stops at their times on another vehicle (and layout), leaving its depot just in
    time for the first; None where the vehicle's hours do not allow it."""
    first = run.stops[0]
    leave = first.start - problem.durations[option.vehicle.start][first.place]
    moved = build_run(problem, option, leave, [(s.journey, s.kind, s.place, s.start, s.departure - s.start) for s in run.stops])
    v = option.vehicle
    if moved.leave_depot < v.available.earliest or moved.return_depot > v.available.latest:
        return None
    if v.max_duration is not None and moved.return_depot - moved.leave_depot > v.max_duration:
        return None
    if any(abs(a.start - b.start) > 1e-6 for a, b in zip(moved.stops, run.stops)):
        return None  # a stop would start later than planned: not this vehicle
    return moved
