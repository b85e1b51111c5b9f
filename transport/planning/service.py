"""Plan a council's week: every weekday's morning and afternoon runs, stored as a draft plan."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from concurrent.futures import Future, ProcessPoolExecutor
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from transport import models as m
from transport.db import transaction
from transport.optimizer import Problem, Run, Solution, Unplaced, solo_reasons, solve, validate
from transport.optimizer.crews import crew_options
from transport.optimizer.explain import squeezed_out
from transport.optimizer.jsonio import solution_data, write_problem
from transport.planning.assemble import assemble
from transport.planning.checks import session_violations
from transport.models import WEEKDAYS
from transport.planning.demand import DemandBuilder, PlaceBook, SessionDemand
from transport.planning.previous import crews_in, runs_in, with_previous
from transport.planning.partition import Part, fit_to_day, leftover_parts, week_groups
from transport.planning.summary import summarise
from transport.settings import Settings
from transport.travel import TravelTimeProvider, provider_from_settings

Progress = Callable[[int, int, str], None]
"""progress(done, total, what is happening)"""


AGAIN_SHARE = 0.25
"""Share of a part's search time given to the same group of children on a later day: it starts
from the first day's routes, so it needs far less search (and times stay the same day to day)."""


class PlanningError(RuntimeError):
    pass


@dataclass
class SolvedPart:
    problem: Problem
    places: list[int]
    """The part's place numbers in the council's PlaceBook."""
    solution: Solution


@dataclass
class SessionPlan:
    weekday: str
    session: str
    parts: list[SolvedPart]
    unplaced: list[Unplaced]
    """Children placed in no part, with the reasons in terms of the whole council."""


def load_records(session: Session) -> tuple[list[m.Child], list[m.Vehicle], list[m.Assistant]]:
    children = session.scalars(
        select(m.Child)
        .options(
            selectinload(m.Child.school).selectinload(m.School.bells),
            selectinload(m.Child.addresses),
            selectinload(m.Child.avoid),
        )
        .order_by(m.Child.ref)
    ).all()
    vehicles = session.scalars(
        select(m.Vehicle)
        .options(selectinload(m.Vehicle.layouts), selectinload(m.Vehicle.drivers), selectinload(m.Vehicle.operator))
        .order_by(m.Vehicle.ref)
    ).all()
    assistants = session.scalars(
        select(m.Assistant).options(selectinload(m.Assistant.skills)).order_by(m.Assistant.ref)
    ).all()
    return list(children), list(vehicles), list(assistants)


def solve_checked(problem: Problem, seconds: float, start: Sequence[Run] = (), stay_cost: float = 0.0) -> Solution:
    """Solve, then check with the independent validator: nobody sees an unchecked plan."""
    solution = solve(problem, seconds=seconds, start=start, stay_cost=stay_cost)
    violations = validate(problem, solution)
    if violations:
        kept = _keep_for_maintainers(problem, start, solution)
        raise PlanningError(f"{problem.name}: the optimiser's answer broke a rule: " + "; ".join(violations[:5]) + f" (kept in {kept})")
    return solution


def _keep_for_maintainers(problem: Problem, start: Sequence[Run], solution: Solution) -> Path:
    """The part's problem, the runs it started from and the broken answer, to reproduce the fault."""
    folder = Path("var/failed") / f"{problem.name}-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    write_problem(problem, folder / "problem.json")
    (folder / "start.json").write_text(json.dumps(solution_data(Solution(list(start)))))
    (folder / "solution.json").write_text(json.dumps(solution_data(solution)))
    return folder


def plan_week(
    factory: sessionmaker[Session],
    settings: Settings,
    travel: TravelTimeProvider | None,
    starts_on: dt.date,
    seconds: float | None = None,
    progress: Progress | None = None,
    name: str | None = None,
    workers: int = 2,
    previous: int | None = None,
    plan_id: int | None = None,
) -> int:
    """Plan every weekday's AM and PM runs and store them as a draft plan; returns the plan id
    (`plan_id`: a plan row made beforehand, by a planning job, to fill in).

    With a previous plan, children keep its vehicles and PAs wherever moving them saves less
    than `settings.change_cost`, and the summary counts those who changed. `travel`: None takes
    the provider the settings name (the straight-line model knows the council's towns from its places)."""
    seconds = settings.solve_seconds if seconds is None else seconds
    report = progress or (lambda done, total, what: None)
    with factory() as session:
        children, vehicles, assistants = load_records(session)
        if not children:
            raise PlanningError("there are no children to plan for: import the council's files first")
        builder = DemandBuilder(children, vehicles, assistants, settings, starts_on)
        demands = [builder.session(day, s) for day in WEEKDAYS for s in ("AM", "PM")]
        before: dict[tuple[str, str], list[Run]] = {}
        if previous is not None:
            crews = crews_in(session, previous)
            demands = [with_previous(d, crews) for d in demands]
            before = runs_in(session, previous)
    distinct: list[SessionDemand] = []
    same_as: list[int] = []
    for d in demands:
        match = next((i for i, e in enumerate(distinct) if e.same_problem(d)), None)
        if match is None:
            distinct.append(d)
            match = len(distinct) - 1
        same_as.append(match)

    change_cost = settings.change_cost if previous is not None else 0.0
    if travel is None:
        travel = provider_from_settings(settings, factory, builder.places.points)
    problem_of = _Assembler(builder.places, travel, change_cost, settings)
    solved = _solve_sessions(distinct, problem_of, seconds, workers, report, settings.change_cost, before)
    unplaced = [_council_wide_reasons(d, parts, problem_of) for d, parts in zip(distinct, solved)]
    session_plans = [
        SessionPlan(d.weekday, d.session, solved[same_as[i]], unplaced[same_as[i]]) for i, d in enumerate(demands)
    ]
    broken = [f"{sp.weekday} {sp.session}: {e}" for sp in session_plans for e in session_violations(sp)]
    if broken:
        raise PlanningError("the checked plan broke a rule: " + "; ".join(broken[:5]))
    summary = summarise(session_plans, {c.ref: c for c in children}, previous)
    summary["violations"] = len(broken)
    summary["travel_times"] = travel.describe() if hasattr(travel, "describe") else type(travel).__name__
    with transaction(factory) as session:
        plan = session.get(m.Plan, plan_id) if plan_id is not None else None
        if plan is None:
            plan = m.Plan(name=name or f"Week of {starts_on:%d %b %Y}", starts_on=starts_on)
            session.add(plan)
        plan.status, plan.progress, plan.summary, plan.stage = "draft", 1.0, summary, "done"
        _store(session, plan, session_plans, builder.places)
        session.flush()
        return plan.id


def _solve_sessions(
    demands: list[SessionDemand],
    problem_of: _Assembler,
    seconds: float,
    workers: int,
    report: Progress,
    stay_cost: float,
    before: dict[tuple[str, str], list[Run]],
) -> list[list[SolvedPart]]:
    """Solve each distinct session's parts in parallel, then a last pass for whoever is left.

    `problem_of` charges its change cost for moving a child off the previous plan's crew;
    `stay_cost` is charged for moving them off the crew they have on the first day of the week.
    `before`: the previous plan's runs, which each group's first day starts from."""
    places = problem_of.places
    groups = week_groups(demands, places)
    parts_of: list[list[Part]] = []
    day_one: dict[str, list[Part]] = {}
    for d in demands:
        parts_of.append(fit_to_day(groups[d.session], d, places, like=day_one.get(d.session)))
        day_one.setdefault(d.session, parts_of[-1])
    total = sum(len(p) for p in parts_of)
    report(0, total, "planning routes")
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            return _solve_in(pool, demands, parts_of, problem_of, seconds, stay_cost, report, total, before)
        except BaseException:
            # A broken part stops the plan now, not after every other part has run.
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _solve_in(
    pool: ProcessPoolExecutor,
    demands: list[SessionDemand],
    parts_of: list[list[Part]],
    problem_of: _Assembler,
    seconds: float,
    stay_cost: float,
    report: Progress,
    total: int,
    before: dict[tuple[str, str], list[Run]],
) -> list[list[SolvedPart]]:
    done = 0
    results: list[list[SolvedPart]] = [[] for _ in demands]
    # A part that is the same on several days is solved once (its answer shared, as a whole
    # session's is by `same_as`: nothing changes a solved part afterwards).
    solving: dict[str, Future] = {}

    def submit(problem: Problem, local: list[int], share: float = 1.0, start: Sequence[Run] = ()) -> Future:
        key = _same_part_key(problem, local)
        if key not in solving:
            solving[key] = pool.submit(solve_checked, problem, seconds * share, start, stay_cost if start else 0.0)
        return solving[key]

    # Each group of children is solved on its first day from the previous plan's routes (or from
    # scratch); its other days start from that day's routes, submitted as soon as they are ready.
    first: dict[tuple[str, int | None], tuple[Part, Future]] = {}
    pending: list[tuple[int, Part, Problem, list[int], Future | None]] = []
    for i, (demand, parts) in enumerate(zip(demands, parts_of)):
        for k, part in enumerate(parts):
            problem, local = problem_of(demand, part, k)
            key = (demand.session, part.group)
            future = None
            if key not in first:
                future = submit(problem, local, start=before.get((demand.weekday, demand.session), ()))
                first[key] = (part, future)
            pending.append((i, part, problem, local, future))
    futures: list[Future] = []
    for i, part, problem, local, future in pending:
        if future is None:
            day_one, solving_first = first[(demands[i].session, part.group)]
            future = submit(problem, local, AGAIN_SHARE, _start_from(day_one, solving_first.result(), part))
        futures.append(future)
    for (i, _, problem, local, _), future in zip(pending, futures):
        results[i].append(SolvedPart(problem, local, future.result()))
        done += 1
        report(done, total, f"{demands[i].weekday} {demands[i].session}: part {len(results[i])}")
    # Whoever could not be placed gets a second chance with the vehicles and PAs still free.
    second: list[tuple[int, Problem, list[int], Future]] = []
    for i, demand in enumerate(demands):
        for k, part in enumerate(_leftover(demand, results[i], problem_of.places)):
            problem, local = problem_of(demand, part, len(results[i]) + k)
            second.append((i, problem, local, submit(problem, local)))
    total = done + len(second)
    for i, problem, local, future in second:
        results[i].append(SolvedPart(problem, local, future.result()))
        done += 1
        report(done, total, f"{demands[i].weekday} {demands[i].session}: second pass")
    report(total, total, "routes planned")
    return results


def _start_from(day_one: Part, solution: Solution, part: Part) -> list[Run]:
    """The first day's runs, keeping only the children whose journey is the same today."""
    before = {j.id: j for j in day_one.journeys}
    same = {j.id for j in part.journeys if before.get(j.id) == j}
    return [replace(r, stops=tuple(s for s in r.stops if s.journey in same)) for r in solution.runs]


def _same_part_key(problem: Problem, local: list[int]) -> str:
    """Two parts with this key are the same problem: children, times, fleet, crews and places."""
    return repr((problem.journeys, problem.vehicles, problem.assistants, local))


@dataclass
class _Assembler:
    """Makes the optimiser's Problem for a part of a session."""

    places: PlaceBook
    travel: TravelTimeProvider
    change_cost: float
    settings: Settings

    def __call__(self, demand: SessionDemand, part: Part, k: int) -> tuple[Problem, list[int]]:
        name = f"{demand.weekday}-{demand.session}-{k + 1}"
        return self.assemble(name, demand.session, part.journeys, part.vehicles, part.assistants, self.change_cost)

    def assemble(self, name, session, journeys, vehicles, assistants, change_cost=0.0) -> tuple[Problem, list[int]]:
        peak = self.settings.peak_factor(session)
        return assemble(name, journeys, vehicles, assistants, self.places, self.travel, change_cost, peak)


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


def _council_wide_reasons(demand: SessionDemand, parts: list[SolvedPart], problem_of: _Assembler) -> list[Unplaced]:
    """Children placed in no part, and why, in terms of the whole council's fleet and PAs rather
    than of the part (or the second pass's leftovers) that last tried them: a planner acts on the whole."""
    placed = {s.journey for part in parts for r in part.solution.runs for s in r.stops}
    last = {u.journey: u for part in parts for u in part.solution.unplaced if u.journey not in placed}
    if not last:
        return []
    journeys = [j for j in demand.journeys if j.id in last]
    # One problem for all of them: the council's fleet is offered to each child alone.
    problem, _ = problem_of.assemble("why", demand.session, journeys, demand.vehicles, demand.assistants)
    options = crew_options(problem)
    unplaced: list[Unplaced] = []
    for j in problem.journeys:
        alone = solo_reasons(problem, j, options)
        if alone:
            unplaced.append(Unplaced(j.id, tuple(alone)))
        elif any("sibling" in r or "must not travel" in r for r in last[j.id].reasons):
            unplaced.append(last[j.id])
        else:
            unplaced.append(Unplaced(j.id, tuple(squeezed_out())))
    return unplaced


def _clock(t: float) -> dt.time:
    t = int(round(t))
    return dt.time(t // 3600 % 24, t % 3600 // 60, t % 60)


def _store(session: Session, plan: m.Plan, session_plans: list[SessionPlan], places: PlaceBook) -> None:
    child_id = dict(session.execute(select(m.Child.ref, m.Child.id)).all())
    vehicle_id = dict(session.execute(select(m.Vehicle.ref, m.Vehicle.id)).all())
    driver_id = dict(session.execute(select(m.Driver.ref, m.Driver.id)).all())
    assistant_id = dict(session.execute(select(m.Assistant.ref, m.Assistant.id)).all())
    for sp in session_plans:
        for part in sp.parts:
            for r in part.solution.runs:
                run = m.Run(
                    weekday=sp.weekday,
                    session=sp.session,
                    vehicle_id=vehicle_id[r.vehicle],
                    layout=r.layout,
                    driver_id=driver_id.get(r.driver) if r.driver else None,
                    assistant_id=assistant_id.get(r.assistant) if r.assistant else None,
                    leave_depot=_clock(r.leave_depot),
                    return_depot=_clock(r.return_depot),
                    miles=round(r.distance / 1609.344, 2),
                    cost=round(r.cost, 2),
                )
                for seq, s in enumerate(r.stops, start=1):
                    place = part.places[s.place]
                    point = places.points[place]
                    run.stops.append(
                        m.Stop(
                            seq=seq,
                            kind=s.kind,
                            child_id=child_id[s.journey],
                            place=places.labels[place],
                            lat=point.lat,
                            lon=point.lon,
                            arrival=_clock(s.arrival),
                            planned=_clock(s.start),
                        )
                    )
                plan.runs.append(run)
        for u in sp.unplaced:
            plan.unplaced.append(
                m.Unplaced(child_id=child_id[u.journey], weekday=sp.weekday, session=sp.session, reasons=list(u.reasons))
            )
