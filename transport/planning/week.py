"""Plan a council's week: every weekday's morning and afternoon runs, stored as a draft plan.

Records -> each session's demand -> parts solved in a pool (parts.py) -> council-wide reasons for
whoever is left -> one child at a time on spare vehicles (spare.py) -> spot hire for the rest
(spot.py) -> the whole week checked -> stored."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from transport import models as m
from transport.day.today import own_travel_from
from transport.db import transaction
from transport.models import WEEKDAYS
from transport.optimizer import Run
from transport.planning.assemble import Assembler
from transport.planning.checks import session_violations
from transport.planning.demand import DemandBuilder, SessionDemand
from transport.planning.exchange import exchange_session
from transport.planning.parts import Progress, Search, solve_sessions
from transport.planning.plan import PlanningError, SessionPlan, Week
from transport.planning.previous import crews_in, runs_in, with_previous
from transport.planning.reasons import council_wide
from transport.planning.records import load_records, load_spot_rates
from transport.planning.spare import use_spare
from transport.planning.spot import cover_sessions, spot_rates
from transport.planning.store import store
from transport.planning.summary import summarise
from transport.settings import Settings
from transport.travel import TravelTimeProvider, provider_from_settings


def plan_week(
    factory: sessionmaker[Session],
    settings: Settings,
    week: Week,
    travel: TravelTimeProvider | None = None,
    progress: Progress | None = None,
) -> int:
    """Plan every weekday's AM and PM runs and store them as a draft plan; returns the plan id.

    With a previous plan, children keep its vehicles and PAs wherever moving them saves less
    than `settings.change_cost`, and the summary counts those who changed. `travel`: None takes
    the provider the settings name (the straight-line model knows the council's towns from its places)."""
    seconds = settings.solve_seconds if week.seconds is None else week.seconds
    report = progress or (lambda done, total, what: None)
    with factory() as db:
        children, vehicles, assistants = load_records(db)
        if not children:
            raise PlanningError("there are no children to plan for: import the council's files first")
        builder = DemandBuilder(children, vehicles, assistants, settings, week.starts_on, own_travel_from(db))
        demands = [builder.session(day, s) for day in WEEKDAYS for s in ("AM", "PM")]
        rates = spot_rates(load_spot_rates(db), builder.places)
        before: dict[tuple[str, str], list[Run]] = {}
        if week.previous is not None:
            crews = crews_in(db, week.previous)
            demands = [with_previous(d, crews) for d in demands]
            before = runs_in(db, week.previous)
    distinct, same_as = _distinct(demands, before)

    change_cost = settings.change_cost if week.previous is not None else 0.0
    if travel is None:
        travel = provider_from_settings(settings, factory, builder.places.points)
    assembler = Assembler(builder.places, travel, change_cost, settings)
    search = Search(seconds, week.workers, settings.change_cost, before)
    solved = solve_sessions(distinct, assembler, search, report)
    unplaced = [council_wide(d, parts, assembler) for d, parts in zip(distinct, solved)]
    first_days: dict[str, dict[str, str]] = {}
    for k, d in enumerate(distinct):
        extra, unplaced[k] = use_spare(d, solved[k], unplaced[k], assembler)
        solved[k].extend(extra)
        # Each run on the session's cheapest free vehicle; on a later day a child moved off the
        # vehicle of the week's first costs what a change does (one timetable for the week).
        keep = first_days.get(d.session)
        solved[k] = exchange_session(d, solved[k], assembler, keep, settings.change_cost if keep else 0.0)
        first_days.setdefault(d.session, {s.journey: r.vehicle for p in solved[k] for r in p.solution.runs for s in r.stops})
    report(0, 1, "spot hire for children the fleet cannot take")
    covers = cover_sessions(distinct, unplaced, rates, assembler, seconds, week.workers)
    session_plans = []
    for d, k in zip(demands, same_as):
        cover = covers[k]
        session_plans.append(SessionPlan(d.weekday, d.session, solved[k], cover.unplaced, cover.part, cover.fleet_reasons))
    broken = [f"{sp.weekday} {sp.session}: {e}" for sp in session_plans for e in session_violations(sp)]
    if broken:
        raise PlanningError("the checked plan broke a rule: " + "; ".join(broken[:5]))
    summary = summarise(session_plans, {c.ref: c for c in children}, week.previous, {r.id: r for r in rates}, settings.ride_from)
    summary["violations"] = len(broken)
    summary["ride_distribution"]["ride_cost_per_hour"] = settings.ride_cost_per_hour
    summary["travel_times"] = travel.describe() if hasattr(travel, "describe") else type(travel).__name__
    with transaction(factory) as db:
        plan = db.get(m.Plan, week.plan_id) if week.plan_id is not None else None
        if plan is None:
            plan = m.Plan(name=week.name or f"Week of {week.starts_on:%d %b %Y}", starts_on=week.starts_on)
            db.add(plan)
        plan.status, plan.progress, plan.summary, plan.stage = "draft", 1.0, summary, "done"
        store(db, plan, session_plans, builder.places)
        db.flush()
        return plan.id


def _distinct(
    demands: list[SessionDemand], before: dict[tuple[str, str], list[Run]] | None = None
) -> tuple[list[SessionDemand], list[int]]:
    """The distinct sessions, and for each session the index of the distinct one it is the same as
    (in a re-plan, with the same runs in the previous plan too: each day keeps its own)."""
    before = before or {}

    def runs(d: SessionDemand) -> list[Run]:
        return before.get((d.weekday, d.session), [])

    distinct: list[SessionDemand] = []
    same_as: list[int] = []
    for d in demands:
        match = next((i for i, e in enumerate(distinct) if e.same_problem(d) and runs(e) == runs(d)), None)
        if match is None:
            distinct.append(d)
            match = len(distinct) - 1
        same_as.append(match)
    return distinct, same_as
