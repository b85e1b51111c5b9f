"""What a child's time on board costs in the objective: the problem's ride cost per hour, and
more past its long ride (a long journey is worse than its minutes). The OR-Tools model prices
the first part alone (soft bounds on times cannot hold a kink); the ruin-and-recreate search
(lns/schedule.py `riding`) and the comparisons after it (stable.py, alone.py) price both."""

from __future__ import annotations

from transport.optimizer.problem import Problem


def long_weight(problem: Problem) -> float:
    """The long-ride price as a multiple of the ride price: each second past the long ride
    counts 1 + this many seconds at `ride_cost_per_hour`. Zero where the ride has no price."""
    if problem.ride_cost_per_hour <= 0:
        return 0.0
    return problem.long_ride_cost_per_hour / problem.ride_cost_per_hour


def ride_cost(problem: Problem, ride: float, boarding: float) -> float:
    """Pounds for one child riding `ride` seconds from leaving the pickup, after `boarding`
    seconds of boarding."""
    over = max(0.0, ride + boarding - problem.long_ride)
    return (problem.ride_cost_per_hour * ride + problem.long_ride_cost_per_hour * over * (problem.ride_cost_per_hour > 0)) / 3600
