"""Several first-solution strategies at once, one per core; the best answer wins.

No single way of building first routes suits every problem: parallel cheapest insertion does
well on most, but on tight dial-a-ride instances local cheapest-cost insertion serves requests
the other leaves out. Run side by side, the portfolio costs no extra wall-clock time. Where the
ruin-and-recreate search improves the first routes (lns/), each process gives it its own seed.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from transport.optimizer.problem import Problem
from transport.optimizer.solution import Solution
from transport.optimizer.solve import solve

STRATEGIES = ("PARALLEL_CHEAPEST_INSERTION", "LOCAL_CHEAPEST_COST_INSERTION")
START_UP = 0.8
"""Seconds kept back for starting the worker processes and sending them the problem."""


def solve_portfolio(problem: Problem, seconds: float, strategies: tuple[str, ...] = STRATEGIES) -> Solution:
    """The answer that places the most, then costs the least, of one solve per strategy."""
    with ProcessPoolExecutor(max_workers=len(strategies)) as pool:
        futures = [pool.submit(solve, problem, max(0.1, seconds - START_UP), s, seed=k) for k, s in enumerate(strategies)]
        answers = [f.result() for f in futures]
    return min(answers, key=lambda s: (len(s.unplaced), s.cost))
