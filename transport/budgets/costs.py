"""What each child's place on a plan costs the council: the saving if that child were taken out,
each run they are on re-optimised without them (the same vehicle, or the same hire's rate, and
the same PA, the other children's stops re-ordered), not a share of the run's cost. Beside it, the
council's allowance for the family taking the child themselves, and which is cheaper.

A child alone on a run saves the whole run (vehicle and PA); one of several saves what the run
costs less the run re-solved without them, which may drop the PA when nobody left needs one.
Weekdays whose run is the same (stops, times and crew) are solved once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from transport import models as m
from transport.budgets.allowance import SCHOOL_WEEKS_PER_YEAR, allowance_from, ptb_weekly, school_miles
from transport.db import transaction
from transport.errors import NotFound
from transport.optimizer import Assistant, Journey, Run, Vehicle
from transport.planning.assemble import Assembler
from transport.planning.checked import solve_checked
from transport.planning.demand import DemandBuilder, PlaceBook, SessionDemand
from transport.planning.previous import runs_in
from transport.planning.records import load_records
from transport.planning.safe_cells import row as safe_row
from transport.planning.spot import HIRE, hires, spot_rates
from transport.settings import Settings
from transport.travel import TravelTimeProvider, provider_from_settings
from transport.travel.provider import Point

CHEAPER = {"allowance": "a mileage allowance", "ptb": "a personal travel budget", "place": "the place on the plan"}
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PlaceCost:
    """One child's place on a plan against the council's allowance, in pounds."""

    child: m.Child
    journeys: int
    """Journeys a week the plan carries the child."""
    days: int
    """School days a week they travel (home to school, or back)."""
    place_per_week: float
    """What the plan saves a week without the child, their runs re-optimised."""
    miles: float
    """Road miles from home to school."""
    allowance_per_week: float
    ptb_per_week: float | None

    @property
    def cheaper(self) -> str:
        """ "allowance", "ptb" or "place": the cheapest for the council, the place when equal."""
        options = [("place", self.place_per_week), ("allowance", self.allowance_per_week)]
        if self.ptb_per_week is not None:
            options.append(("ptb", self.ptb_per_week))
        return min(options, key=lambda o: (round(o[1], 2), o[0] != "place"))[0]

    @property
    def saving_per_year(self) -> float:
        """What the cheaper option saves against the place, a school year (0 when the place is cheapest)."""
        best = {"place": self.place_per_week, "allowance": self.allowance_per_week, "ptb": self.ptb_per_week or 0.0}
        return round((self.place_per_week - best[self.cheaper]) * SCHOOL_WEEKS_PER_YEAR, 2)

    def row(self) -> m.PlaceCostRow:
        """As it is stored with the plan's costing (`of` reads it back)."""
        return m.PlaceCostRow(
            child_id=self.child.id,
            journeys=self.journeys,
            days=self.days,
            place_per_week=self.place_per_week,
            miles=self.miles,
            allowance_per_week=self.allowance_per_week,
            ptb_per_week=self.ptb_per_week,
        )

    @classmethod
    def of(cls, row: m.PlaceCostRow) -> PlaceCost:
        return cls(row.child, row.journeys, row.days, row.place_per_week, row.miles, row.allowance_per_week, row.ptb_per_week)


def request_costing(db: Session, plan_id: int, made_by: str) -> m.Costing:
    """A costing queued for a made plan (one already queued or running is the one there is)."""
    plan = db.get(m.Plan, plan_id)
    if plan is None or plan.status not in ("draft", "published"):
        raise NotFound(f"there is no made plan {plan_id}")
    costing = db.get(m.Costing, plan_id)
    if costing is not None and costing.status in ("queued", "running"):
        return costing
    if costing is not None:
        db.delete(costing)
        db.flush()
    costing = m.Costing(plan_id=plan_id, made_by=made_by)
    db.add(costing)
    db.flush()
    return costing


def run_costing(
    factory: sessionmaker[Session],
    settings: Settings,
    plan_id: int,
    seconds: float | None = None,
    travel: TravelTimeProvider | None = None,
    report: Progress | None = None,
) -> None:
    """Do a queued costing, its progress recorded (and given to `report`); a failure is recorded
    for the planner to read. `seconds`: None takes PLACE_COST_SECONDS."""
    with transaction(factory) as db:
        costing = db.get(m.Costing, plan_id)
        if costing is None or costing.status != "queued":
            return
        costing.status = "running"
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        if report:
            report(done, total)
        if time.monotonic() - last < 1.0:
            return
        last = time.monotonic()
        with transaction(factory) as db:
            db.execute(update(m.Costing).where(m.Costing.plan_id == plan_id).values(progress=0.99 * done / max(total, 1)))

    try:
        with factory() as db:
            rows = place_costs(db, settings, plan_id, seconds, travel, progress)
        with transaction(factory) as db:
            costing = db.get_one(m.Costing, plan_id)
            costing.costs.extend(r.row() for r in rows)
            costing.status, costing.progress, costing.finished_at = "done", 1.0, dt.datetime.now(dt.UTC)
    except Exception as error:  # the planner reads it, rather than a costing stuck running
        with transaction(factory) as db:
            db.execute(update(m.Costing).where(m.Costing.plan_id == plan_id).values(status="failed", error=str(error)))


def costs_of(db: Session, plan_id: int) -> tuple[m.Costing, list[PlaceCost]]:
    """A plan's costing and, once done, each child's place against the allowance (by surname)."""
    costing = db.get(m.Costing, plan_id)
    if costing is None:
        raise NotFound(f"plan {plan_id} has not been costed: ask for it first")
    rows = db.scalars(
        select(m.PlaceCostRow).where(m.PlaceCostRow.plan_id == plan_id).options(selectinload(m.PlaceCostRow.child))
    ).all()
    costs = [PlaceCost.of(r) for r in rows]
    return costing, sorted(costs, key=lambda r: (r.child.last_name, r.child.first_name, r.child.ref))


@dataclass(frozen=True)
class Totals:
    """A costing added up, in pounds (the PTB: none where the council offers none)."""

    place_per_week: float
    allowance_per_week: float
    ptb_per_week: float | None
    saving_per_year: float
    journeys: int


def by_saving(costs: list[PlaceCost]) -> list[PlaceCost]:
    """The children whose cheaper option saves most first (ties in the order given: costs_of's, by surname)."""
    return sorted(costs, key=lambda c: -c.saving_per_year)


def totals(costs: list[PlaceCost]) -> Totals:
    ptb = [c.ptb_per_week for c in costs if c.ptb_per_week is not None]
    return Totals(
        round(sum(c.place_per_week for c in costs), 2),
        round(sum(c.allowance_per_week for c in costs), 2),
        round(sum(ptb), 2) if ptb else None,
        round(sum(c.saving_per_year for c in costs), 2),
        sum(c.journeys for c in costs),
    )


COLUMNS = (
    "child_id", "first_name", "last_name", "school", "journeys_a_week", "days_a_week", "place_per_week", "road_miles",
    "allowance_per_week", "ptb_per_week", "cheaper", "saving_per_year",
)  # fmt: skip


def costs_csv(rows: list[PlaceCost]) -> str:
    """The costing as a CSV a planner opens in a spreadsheet (pounds; names made safe as cells)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for r in by_saving(rows):
        c = r.child
        writer.writerow(
            safe_row(
                (
                    c.ref,
                    c.first_name,
                    c.last_name,
                    c.school.name,
                    r.journeys,
                    r.days,
                    f"{r.place_per_week:.2f}",
                    f"{r.miles:.2f}",
                    f"{r.allowance_per_week:.2f}",
                    "" if r.ptb_per_week is None else f"{r.ptb_per_week:.2f}",
                    r.cheaper,
                    f"{r.saving_per_year:.2f}",
                )  # fmt: skip
            )
        )
    return out.getvalue()


def place_costs(
    db: Session,
    settings: Settings,
    plan_id: int,
    seconds: float | None = None,
    travel: TravelTimeProvider | None = None,
    progress: Progress | None = None,
) -> list[PlaceCost]:
    """Every child the plan carries, by surname: their place's cost and the allowance's.
    `seconds`: for each run re-solved (None: PLACE_COST_SECONDS)."""
    if seconds is None:
        seconds = settings.place_cost_seconds
    plan = db.get_one(m.Plan, plan_id)
    children, vehicles, assistants = load_records(db)
    builder = DemandBuilder(children, vehicles, assistants, settings, plan.starts_on)
    rates = {r.ref: r for r in db.scalars(select(m.SpotHireRate))}
    hired = {f"{HIRE}{h.id}": h for h in db.scalars(select(m.SpotHire).where(m.SpotHire.plan_id == plan_id))}
    starts = runs_in(db, plan_id)
    demands = {key: builder.session(*key) for key in starts}
    if travel is None:
        travel = provider_from_settings(settings, places=builder.places.points)
    assembler = Assembler(builder.places, travel, 0.0, settings)
    saving: dict[str, float] = {}
    journeys: dict[str, int] = {}
    days: dict[str, set[str]] = {}
    solved: dict[tuple, float] = {}
    costs = _run_costs(db, plan_id)
    todo = sum(len(r.journeys) for runs in starts.values() for r in runs)
    done = 0
    for (weekday, session), runs in starts.items():
        demand = demands[(weekday, session)]
        by_id = {j.id: j for j in demand.journeys}
        for run in runs:
            hire = hired.get(run.vehicle)
            cost = hire.cost if hire else costs[(weekday, session, run.vehicle)]
            for child in run.journeys:
                done += 1
                journeys[child] = journeys.get(child, 0) + 1
                days.setdefault(child, set()).add(weekday)
                others = [by_id[j] for j in run.journeys if j != child and j in by_id]
                key = (session, run.vehicle if not hire else hire.rate.ref, run.assistant, child, _shape(run, by_id))
                if key not in solved:
                    if not others:
                        without = 0.0
                    elif hire is not None:
                        without = _hire_without(assembler, session, others, rates[hire.rate.ref], builder.places, seconds)
                    else:
                        without = _fleet_without(assembler, demand, run, child, others, seconds)
                    solved[key] = max(0.0, cost - without)
                saving[child] = saving.get(child, 0.0) + solved[key]
                if progress:
                    progress(done, todo)
    allowance = allowance_from(settings)
    placed = [c for c in children if c.ref in saving]
    miles = school_miles(travel, [(Point(c.lat, c.lon), Point(c.school.lat, c.school.lon)) for c in placed])
    ptb = None if allowance.ptb_per_term is None else ptb_weekly(allowance.ptb_per_term)
    rows = [
        PlaceCost(
            child=c,
            journeys=journeys[c.ref],
            days=len(days[c.ref]),
            place_per_week=round(saving[c.ref], 2),
            miles=mi,
            allowance_per_week=round(allowance.per_day(mi) * len(days[c.ref]), 2),
            ptb_per_week=ptb,
        )
        for c, mi in zip(placed, miles)
    ]
    return sorted(rows, key=lambda r: (r.child.last_name, r.child.first_name, r.child.ref))


def _run_costs(db: Session, plan_id: int) -> dict[tuple[str, str, str], float]:
    """What each of the plan's runs costs, by weekday, session and vehicle (as runs_in names them)."""
    rows = db.execute(
        select(m.PlanRun.weekday, m.PlanRun.session, m.FleetVehicle.ref, m.PlanRun.cost)
        .join(m.FleetVehicle, m.FleetVehicle.id == m.PlanRun.vehicle_id)
        .where(m.PlanRun.plan_id == plan_id)
    )
    return {(day, session, vehicle): cost for day, session, vehicle, cost in rows}


def _shape(run: Run, by_id: dict[str, Journey]) -> tuple:
    """What makes two weekdays' runs the same problem: the stops in order, their times and places."""
    return tuple(
        (s.journey, s.kind, s.start, by_id[s.journey].pickup_window, by_id[s.journey].dropoff_window)
        for s in run.stops
        if s.journey in by_id
    )


def _fleet_without(
    assembler: Assembler, demand: SessionDemand, run: Run, child: str, others: list[Journey], seconds: float
) -> float:
    vehicle = next(v for v in demand.vehicles if v.id == run.vehicle)
    crew: list[Assistant] = [a for a in demand.assistants if a.id == run.assistant]
    if vehicle.assistant is not None and vehicle.assistant != run.assistant:
        vehicle = replace(vehicle, assistant=None)
    start = replace(run, stops=tuple(s for s in run.stops if s.journey != child))
    problem, _ = assembler.problem(
        f"cost-{demand.weekday}-{demand.session}-{run.vehicle}-{child}", demand.session, others, [vehicle], crew
    )
    solution = solve_checked(problem, seconds, start=[start])
    if solution.unplaced:  # cannot happen with fewer children; if it does, claim no saving
        return float("inf")
    return solution.cost


def _hire_without(
    assembler: Assembler, session: str, others: list[Journey], rate: m.SpotHireRate, places: PlaceBook, seconds: float
) -> float:
    vehicles: list[Vehicle]
    vehicles, crew = hires(others, spot_rates([rate], places), places)
    problem, _ = assembler.problem(f"cost-hire-{session}-{rate.ref}", session, others, vehicles, crew)
    solution = solve_checked(problem, seconds)
    return float("inf") if solution.unplaced else solution.cost
