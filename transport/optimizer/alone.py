"""One child on a run of their own, solved exactly: the cheapest crew option that can take them.

A problem of one journey has one route per crew option (depot, pickup, drop-off, depot), so
trying every option finds the best answer in milliseconds, where the search would spend its
whole time on it (the spare-vehicle pass asks this for hundreds of children a week)."""

from __future__ import annotations

from transport.optimizer.continuity import keeps
from transport.optimizer.crews import Option, crew_options
from transport.optimizer.explain import solo_fits, solo_reasons
from transport.optimizer.problem import Journey, Problem
from transport.optimizer.ride_price import ride_cost
from transport.optimizer.runs import Visit, build_run
from transport.optimizer.solution import DROPOFF, PICKUP, Run, Solution, Unplaced


def solve_alone(problem: Problem) -> Solution:
    """The best run for the problem's only journey, or why no option can take the child."""
    if len(problem.journeys) != 1 or problem.journeys[0].group:
        raise ValueError("solve_alone takes one journey of a child without siblings")
    journey = problem.journeys[0]
    options = crew_options(problem)
    reasons = solo_reasons(problem, journey, options)
    if reasons:
        return Solution([], [Unplaced(journey.id, tuple(reasons))])
    runs = [direct_run(problem, journey, o) for o in options if solo_fits(problem, journey, o)]
    return Solution([min(runs, key=lambda r: (price(problem, journey, r), r.vehicle, r.layout, r.assistant or ""))])


def direct_run(problem: Problem, j: Journey, option: Option) -> Run:
    """The child alone, boarding as late as the rules allow (the least time on board), as
    `solo_fits` times it; only for an option that fits."""
    d, v = problem.durations, option.vehicle
    p, q = j.pickup, j.dropoff
    latest_drop = min(j.dropoff_window.latest, v.available.latest - j.dropoff_service - d[q][v.end])
    pickup = min(j.pickup_window.latest, latest_drop - j.pickup_service - d[p][q])
    drop = max(pickup + j.pickup_service + d[p][q], j.dropoff_window.earliest)
    visits: list[Visit] = [(j.id, PICKUP, p, pickup, j.pickup_service), (j.id, DROPOFF, q, drop, j.dropoff_service)]
    return build_run(problem, option, pickup - d[v.start][p], visits)


def price(problem: Problem, j: Journey, run: Run) -> float:
    """What the optimiser's objective charges for the run: its cost, the time on board at the
    ride cost, and the change cost where the child leaves their previous crew."""
    pickup, drop = run.stops[0], run.stops[-1]
    moved = 0.0 if keeps(j, run.vehicle, run.assistant) else problem.change_cost
    return run.cost + ride_cost(problem, drop.start - pickup.departure, j.pickup_service) + moved
