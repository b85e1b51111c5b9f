"""A week's sessions solved part by part in a pool of processes, then a second pass for whoever
is left with the vehicles and PAs still free."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace

from transport.optimizer import Problem, Run, Solution
from transport.planning.assemble import Assembler
from transport.planning.checked import solve_checked
from transport.planning.demand import PlaceBook, SessionDemand
from transport.planning.partition import Part, fit_to_day, leftover_parts, week_groups
from transport.planning.plan import SolvedPart

Progress = Callable[[int, int, str], None]
"""progress(done, total, what is happening)"""

AGAIN_SHARE = 0.25
"""Share of a part's search time given to the same group of children on a later day: it starts
from the first day's routes, so it needs far less search (and times stay the same day to day)."""


@dataclass(frozen=True)
class Search:
    """How each part is searched."""

    seconds: float
    """Optimiser time for a part."""
    workers: int
    stay_cost: float
    """What moving a child off the crew they have on the first day of the week costs."""
    before: dict[tuple[str, str], list[Run]]
    """The previous plan's runs by (weekday, session), which each group's first day starts from."""


def solve_sessions(
    demands: list[SessionDemand], assembler: Assembler, search: Search, report: Progress
) -> list[list[SolvedPart]]:
    """Solve each distinct session's parts in parallel, then a last pass for whoever is left.
    The assembler charges its change cost for moving a child off the previous plan's crew."""
    places = assembler.places
    groups = week_groups(demands, places)
    parts_of: list[list[Part]] = []
    day_one: dict[str, list[Part]] = {}
    for d in demands:
        parts_of.append(fit_to_day(groups.get(d.session, []), d, places, like=day_one.get(d.session)))
        day_one.setdefault(d.session, parts_of[-1])
    with ProcessPoolExecutor(max_workers=search.workers, initializer=_lower_priority) as pool:
        try:
            return _Solving(pool, assembler, search, report).week(demands, parts_of)
        except BaseException:
            # A broken part stops the plan now, not after every other part has run.
            pool.shutdown(wait=False, cancel_futures=True)
            raise


class _Solving:
    def __init__(self, pool: ProcessPoolExecutor, assembler: Assembler, search: Search, report: Progress) -> None:
        self.pool, self.assembler, self.search, self.report = pool, assembler, search, report
        # A part that is the same on several days is solved once (its answer shared, as a whole
        # session's is: nothing changes a solved part afterwards).
        self.solving: dict[str, Future[Solution]] = {}

    def submit(self, problem: Problem, local: list[int], share: float = 1.0, start: Sequence[Run] = ()) -> Future[Solution]:
        key = _same_part_key(problem, local, start)
        if key not in self.solving:
            stay = self.search.stay_cost if start else 0.0
            self.solving[key] = self.pool.submit(solve_checked, problem, self.search.seconds * share, start, stay)
        return self.solving[key]

    def week(self, demands: list[SessionDemand], parts_of: list[list[Part]]) -> list[list[SolvedPart]]:
        total = sum(len(p) for p in parts_of)
        self.report(0, total, "planning routes")
        done = 0
        results: list[list[SolvedPart]] = [[] for _ in demands]
        # Each group of children is solved on its first day from the previous plan's routes (or from
        # scratch); its other days start from that day's routes, submitted as soon as they are ready.
        first: dict[tuple[str, int | None], tuple[Part, Future[Solution]]] = {}
        pending: list[tuple[int, Part, Problem, list[int], Future[Solution] | None]] = []
        for i, (demand, parts) in enumerate(zip(demands, parts_of)):
            for k, part in enumerate(parts):
                problem, local = self.assembler.part(demand, part, k)
                key = (demand.session, part.group)
                future = None
                before = self.search.before.get((demand.weekday, demand.session))
                if before is not None:
                    # A re-plan: every day starts from that day's runs in the previous plan, which
                    # it keeps, times and all, where changing them saves too little.
                    future = self.submit(problem, local, 1.0 if key not in first else AGAIN_SHARE, before)
                elif key not in first:
                    future = self.submit(problem, local)
                if key not in first and future is not None:
                    first[key] = (part, future)
                pending.append((i, part, problem, local, future))
        futures: list[Future[Solution]] = []
        for i, part, problem, local, future in pending:
            if future is None:
                day_one, solving_first = first[(demands[i].session, part.group)]
                start = start_from(day_one, solving_first.result(), part)
                future = self.submit(problem, local, again_share(part, start), start)
            futures.append(future)
        for (i, _, problem, local, _), future in zip(pending, futures):
            results[i].append(SolvedPart(problem, local, future.result()))
            done += 1
            self.report(done, total, f"{demands[i].weekday} {demands[i].session}: part {len(results[i])}")
        # Whoever could not be placed gets a second chance with the vehicles and PAs still free.
        second: list[tuple[int, Problem, list[int], Future[Solution]]] = []
        for i, demand in enumerate(demands):
            for k, part in enumerate(_leftover(demand, results[i], self.assembler.places)):
                problem, local = self.assembler.part(demand, part, len(results[i]) + k)
                # In a re-plan, from the previous plan's runs too: its second-pass runs are kept.
                before = self.search.before.get((demand.weekday, demand.session), [])
                second.append((i, problem, local, self.submit(problem, local, 1.0, before)))
        total = done + len(second)
        for i, problem, local, future in second:
            results[i].append(SolvedPart(problem, local, future.result()))
            done += 1
            self.report(done, total, f"{demands[i].weekday} {demands[i].session}: second pass")
        self.report(total, total, "routes planned")
        return results


SOLVER_NICENESS = 10
"""How much lower than the service the solver processes run (os.nice): the API and the text
dispatcher in the same machine answer first while a plan is made."""


def _lower_priority() -> None:
    if hasattr(os, "nice"):  # not on Windows
        os.nice(SOLVER_NICENESS)


def start_from(day_one: Part, solution: Solution, part: Part) -> list[Run]:
    """The first day's runs, keeping only the children whose journey is the same today."""
    before = {j.id: j for j in day_one.journeys}
    same = {j.id for j in part.journeys if before.get(j.id) == j}
    return [replace(r, stops=tuple(s for s in r.stops if s.journey in same)) for r in solution.runs]


def again_share(part: Part, start: Sequence[Run]) -> float:
    """The share of a part's time for a later day starting from the first day's runs: AGAIN_SHARE
    for the same children, more for each child not in them (a Friday address, an early finish),
    up to the whole time where nobody is: those children go in by insertion alone otherwise."""
    kept = {s.journey for r in start for s in r.stops}
    new = sum(1 for j in part.journeys if j.id not in kept) / max(len(part.journeys), 1)
    return AGAIN_SHARE + (1.0 - AGAIN_SHARE) * new


def _same_part_key(problem: Problem, local: list[int], start: Sequence[Run] = ()) -> str:
    """Two parts with this key are the same problem (children, times, fleet, crews and places)
    started from the same runs."""
    runs = [(r.vehicle, r.layout, r.assistant, [(s.journey, s.kind, s.start) for s in r.stops]) for r in start]
    return repr((problem.journeys, problem.vehicles, problem.assistants, local, runs))


def _leftover(demand: SessionDemand, solved: list[SolvedPart], places: PlaceBook) -> list[Part]:
    unplaced = {u.journey for s in solved for u in s.solution.unplaced}
    used_vehicles = {r.vehicle for s in solved for r in s.solution.runs}
    used_assistants = {r.assistant for s in solved for r in s.solution.runs if r.assistant}
    return leftover_parts(
        [j for j in demand.journeys if j.id in unplaced],
        [v for v in demand.vehicles if v.id not in used_vehicles],
        [a for a in demand.assistants if a.id not in used_assistants],
        demand.session,
        places,
    )
