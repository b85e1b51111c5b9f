"""The OR-Tools model: pickup and delivery with time windows, ride limits and crews.

Each crew option (vehicle, layout, assistant) is a routing vehicle; at most one option per vehicle
and per assistant is used. Times are whole seconds, with travel rounded up, so a route that holds
in the model holds on the real matrix. The objective is in millionths of a penny: the money (fixed
cost per run, assistant's cost per run, cost per mile) first, plus the problem's cost per hour of
each vehicle's time on the road (36p by default), which only breaks ties in favour of shorter
runs, the problem's ride cost per hour of each child's time on board, and a penalty per child not
placed far above any run's cost.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from transport.optimizer.continuity import Stay
from transport.optimizer.crews import Option
from transport.optimizer.problem import Journey, Problem
from transport.optimizer.runs import Visit, build_run
from transport.optimizer.solution import DROPOFF, PICKUP, Run
from transport.optimizer.validator import SIBLING_GAP

UNITS_PER_POUND = 100_000_000
"""Objective units: a millionth of a penny, fine enough for a cost per centimetre."""
CM_PER_METRE = 100
UNPLACED_PENALTY = 10_000 * UNITS_PER_POUND
HORIZON = 2 * 24 * 3600
FIRST_SOLUTION = "PARALLEL_CHEAPEST_INSERTION"
"""How the first routes are built; GUIDED_LOCAL_SEARCH improves them until time is up."""
ALONE = 1_000
"""Load of a child who travels alone: nobody else fits beside them."""


@dataclass
class _Node:
    place: int
    service: int = 0
    journey: Journey | None = None
    kind: str = ""


class RoutingModel:
    """Builds the OR-Tools model for a problem and reads its answer back."""

    def __init__(
        self,
        problem: Problem,
        options: list[Option],
        journeys: list[Journey],
        stay: Stay | None = None,
        riders: dict[str, int] | None = None,
    ) -> None:
        self.problem = problem
        self.riders = riders or {}
        """Children on board in each journey, where more than one (siblings combined into one)."""
        self.stay = stay or Stay.previous(problem, journeys)
        self.options = options
        self.journeys = journeys
        self.by_id = {j.id: j for j in journeys}
        self.started: list[Run] = []
        """The runs the search started from, when it was given routes that hold."""
        self.nodes: list[_Node] = []
        depot_node: dict[int, int] = {}
        for o in options:
            for place in (o.vehicle.start, o.vehicle.end):
                if place not in depot_node:
                    depot_node[place] = len(self.nodes)
                    self.nodes.append(_Node(place))
        self.pickup_node: dict[str, int] = {}
        self.dropoff_node: dict[str, int] = {}
        for j in journeys:
            self.pickup_node[j.id] = len(self.nodes)
            self.nodes.append(_Node(j.pickup, math.ceil(j.pickup_service), j, PICKUP))
            self.dropoff_node[j.id] = len(self.nodes)
            self.nodes.append(_Node(j.dropoff, math.ceil(j.dropoff_service), j, DROPOFF))
        starts = [depot_node[o.vehicle.start] for o in options]
        ends = [depot_node[o.vehicle.end] for o in options]
        self.manager = pywrapcp.RoutingIndexManager(len(self.nodes), len(options), starts, ends)
        self.routing = pywrapcp.RoutingModel(self.manager)
        self.closed = False
        self._build()

    # The model ---------------------------------------------------------------------------

    def _build(self) -> None:
        p, routing = self.problem, self.routing
        solver = routing.solver()
        n = len(self.nodes)
        places = [node.place for node in self.nodes]
        travel = [[math.ceil(p.durations[a][b] - 1e-9) for b in places] for a in places]
        metres = [[p.distances[a][b] for b in places] for a in places]

        transit = [[self.nodes[i].service + travel[i][j] for j in range(n)] for i in range(n)]
        time_cb = routing.RegisterTransitMatrix(transit)
        routing.AddDimension(time_cb, HORIZON, HORIZON, False, "time")
        self.time = routing.GetDimensionOrDie("time")
        self.time.SetSpanCostCoefficientForAllVehicles(round(p.cost_per_hour * UNITS_PER_POUND / 3600))

        # Mileage as the span cost of one distance dimension (in centimetres), each vehicle at its
        # own rate: one matrix for the whole fleet, where a matrix per rate grew with the fleet.
        centimetres = routing.RegisterTransitMatrix([[round(metres[i][j] * CM_PER_METRE) for j in range(n)] for i in range(n)])
        routing.AddDimension(centimetres, 0, 2**40, True, "distance")
        distance = routing.GetDimensionOrDie("distance")
        for v, o in enumerate(self.options):
            distance.SetSpanCostCoefficientForVehicle(round(o.vehicle.cost_per_metre * UNITS_PER_POUND / CM_PER_METRE), v)
            routing.SetFixedCostOfVehicle(round(o.fixed_cost * UNITS_PER_POUND), v)
            start, end = routing.Start(v), routing.End(v)
            avail = o.vehicle.available
            self.time.CumulVar(start).SetRange(math.ceil(avail.earliest), math.floor(avail.latest))
            self.time.CumulVar(end).SetRange(math.ceil(avail.earliest), math.floor(avail.latest))
            if o.vehicle.max_duration is not None:
                self.time.SetSpanUpperBoundForVehicle(math.floor(o.vehicle.max_duration), v)
            routing.AddVariableMaximizedByFinalizer(self.time.CumulVar(start))
            routing.AddVariableMinimizedByFinalizer(self.time.CumulVar(end))

        self._continuity()
        self._capacities()
        self._one_option_each(solver)
        for j in self.journeys:
            self._journey(solver, j)
        self._pairs(solver)

    def _continuity(self) -> None:
        """Moving a child off the crew they should stay with costs the stay's price, charged as
        the arc out of their pickup: one small vector per crew, not a matrix."""
        cost = round(self.stay.cost * UNITS_PER_POUND)
        if cost <= 0 or not self.stay.crews:
            return
        callbacks: dict[tuple[str, str | None], int] = {}
        for v, o in enumerate(self.options):
            crew = (o.vehicle.id, o.assistant.id if o.assistant else None)
            if crew not in callbacks:
                vector = [0] * len(self.nodes)
                for jid, node in self.pickup_node.items():
                    if self.stay.crews.get(jid, crew) != crew:
                        vector[node] = cost
                callbacks[crew] = self.routing.RegisterUnaryTransitVector(vector)
            self.routing.SetArcCostEvaluatorOfVehicle(callbacks[crew], v)

    def _capacities(self) -> None:
        keys = sorted({k for j in self.journeys for k in j.load} | {k for o in self.options for k in o.layout.capacity})
        for key in keys:
            demand = [0] * len(self.nodes)
            for i, node in enumerate(self.nodes):
                if node.journey is not None:
                    amount = node.journey.load.get(key, 0)
                    demand[i] = amount if node.kind == PICKUP else -amount
            if not any(demand):
                continue
            cb = self.routing.RegisterUnaryTransitVector(demand)
            caps = [max(o.capacity(key), 0) for o in self.options]
            self.routing.AddDimensionWithVehicleCapacity(cb, 0, caps, True, f"load:{key}")
        if any(j.travel_alone for j in self.journeys):
            demand = [0] * len(self.nodes)
            for i, node in enumerate(self.nodes):
                if node.journey is not None:
                    amount = ALONE if node.journey.travel_alone else 1
                    demand[i] = amount if node.kind == PICKUP else -amount
            cb = self.routing.RegisterUnaryTransitVector(demand)
            self.routing.AddDimension(cb, 0, ALONE, True, "alone")

    def _one_option_each(self, solver: pywrapcp.Solver) -> None:
        by_vehicle: dict[str, list[int]] = {}
        by_assistant: dict[str, list[int]] = {}
        for v, o in enumerate(self.options):
            by_vehicle.setdefault(o.vehicle.id, []).append(v)
            if o.assistant is not None:
                by_assistant.setdefault(o.assistant.id, []).append(v)
        for group in (*by_vehicle.values(), *by_assistant.values()):
            if len(group) > 1:
                solver.Add(solver.Sum([self.routing.ActiveVehicleVar(v) for v in group]) <= 1)

    def _journey(self, solver: pywrapcp.Solver, j: Journey) -> None:
        routing, manager, time = self.routing, self.manager, self.time
        pick = manager.NodeToIndex(self.pickup_node[j.id])
        drop = manager.NodeToIndex(self.dropoff_node[j.id])
        routing.AddPickupAndDelivery(pick, drop)
        solver.Add(routing.VehicleVar(pick) == routing.VehicleVar(drop))
        solver.Add(time.CumulVar(pick) <= time.CumulVar(drop))
        ride = math.floor(j.max_ride + 1e-9) + math.ceil(j.pickup_service)
        solver.Add(time.CumulVar(drop) - time.CumulVar(pick) <= ride)
        time.CumulVar(pick).SetRange(math.ceil(j.pickup_window.earliest - 1e-9), math.floor(j.pickup_window.latest + 1e-9))
        time.CumulVar(drop).SetRange(math.ceil(j.dropoff_window.earliest - 1e-9), math.floor(j.dropoff_window.latest + 1e-9))
        # Board late and arrive early: the least time on board for this route.
        routing.AddVariableMaximizedByFinalizer(time.CumulVar(pick))
        routing.AddVariableMinimizedByFinalizer(time.CumulVar(drop))
        self._ride_cost(j, pick, drop)
        allowed = [v for v, o in enumerate(self.options) if o.carries(j)]
        if len(allowed) < len(self.options):
            # SetAllowedVehiclesForIndex does not accept Python lists in OR-Tools 9.15's bindings;
            # the vehicle variable itself takes them (-1: not placed).
            routing.VehicleVar(pick).SetValues([-1, *allowed])
            routing.VehicleVar(drop).SetValues([-1, *allowed])
        routing.AddDisjunction([pick], UNPLACED_PENALTY)
        routing.AddDisjunction([drop], UNPLACED_PENALTY)

    def _ride_cost(self, j: Journey, pick: int, drop: int) -> None:
        """The time on board at the problem's ride cost: the pickup is never after its window's
        latest nor the drop-off before its window's earliest, so the shortfall of one and the excess
        of the other add up to the drop-off's time less the pickup's, the ride plus a constant
        (whichever instant of boarding the ride is counted from)."""
        per_second = round(self.problem.ride_cost_per_hour * self.riders.get(j.id, 1) * UNITS_PER_POUND / 3600)
        if per_second <= 0:
            return
        self.time.SetCumulVarSoftLowerBound(pick, math.floor(j.pickup_window.latest + 1e-9), per_second)
        self.time.SetCumulVarSoftUpperBound(drop, math.ceil(j.dropoff_window.earliest - 1e-9), per_second)

    def _pairs(self, solver: pywrapcp.Solver) -> None:
        routing, manager = self.routing, self.manager
        ids = set(self.pickup_node)

        def vehicle(jid: str) -> Any:  # an OR-Tools IntVar (untyped)
            return routing.VehicleVar(manager.NodeToIndex(self.pickup_node[jid]))

        for j in self.journeys:
            for other in sorted(j.avoid & ids):
                if j.id < other or j.id not in self.by_id[other].avoid:
                    a, b = vehicle(j.id), vehicle(other)
                    # Different runs, unless one of them is not placed (vehicle -1).
                    solver.Add(solver.IsDifferentVar(a, b) + solver.IsEqualCstVar(a, -1) >= 1)
        # Siblings who could not be combined into one journey (see siblings.py): a hard rule
        # would stop insertion, so a cost as high as leaving a child out keeps them together.
        groups: dict[str, list[int]] = {}
        for j in self.journeys:
            if j.group:
                groups.setdefault(j.group, []).append(manager.NodeToIndex(self.pickup_node[j.id]))
        for members in groups.values():
            if len(members) > 1:
                routing.AddSoftSameVehicleConstraint(members, UNPLACED_PENALTY)
        by_group: dict[str, list[Journey]] = {}
        for j in self.journeys:
            if j.group:
                by_group.setdefault(j.group, []).append(j)
        for siblings in by_group.values():
            for a in siblings:
                for b in siblings:
                    if a.id < b.id:
                        self._ride_together(solver, siblings, a, b)

    def _ride_together(self, solver: pywrapcp.Solver, siblings: list[Journey], a: Journey, b: Journey) -> None:
        """Siblings on one vehicle ride together: each is on board before the other is set down, and
        siblings sharing a home (or school) are collected or set down there one after another
        (within the validator's sibling_gap). Only on the same vehicle: where no run can take them together,
        each may still be placed (and the plan says so)."""
        time, manager, routing = self.time, self.manager, self.routing

        def cumul(j: Journey, kind: str) -> pywrapcp.IntVar:
            return time.CumulVar(manager.NodeToIndex((self.pickup_node if kind == PICKUP else self.dropoff_node)[j.id]))

        same = solver.IsEqualVar(
            routing.VehicleVar(manager.NodeToIndex(self.pickup_node[a.id])),
            routing.VehicleVar(manager.NodeToIndex(self.pickup_node[b.id])),
        )
        loose = HORIZON * (1 - same)
        for x, y in ((a, b), (b, a)):
            solver.Add(cumul(x, PICKUP) + math.ceil(x.pickup_service) <= cumul(y, DROPOFF) + loose)
        for kind in (PICKUP, DROPOFF):
            if _place(a, kind) == _place(b, kind):
                sharing = [j for j in siblings if _place(j, kind) == _place(a, kind)]
                gap = math.floor(SIBLING_GAP + sum(j.pickup_service if kind == PICKUP else j.dropoff_service for j in sharing))
                solver.Add(cumul(a, kind) - cumul(b, kind) <= gap + loose)
                solver.Add(cumul(b, kind) - cumul(a, kind) <= gap + loose)

    # Solving -------------------------------------------------------------------------------

    def solve(
        self,
        seconds: float,
        first_solution: str = FIRST_SOLUTION,
        routes: list[list[int]] | None = None,
        first_limit: float | None = None,
    ) -> pywrapcp.Assignment | None:
        """Start from the given routes where they hold, or else build first routes for everyone,
        however long that takes (a time limit that stops the first routes half-built leaves every
        child out) unless `first_limit` seconds are given (then None if they are not built by
        then); then guided local search for the rest of the time."""
        began = time.monotonic()
        initial = self.read(routes) if routes else None
        self.started = self.runs(initial) if initial is not None else []
        if initial is None:
            first = pywrapcp.DefaultRoutingSearchParameters()
            first.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, first_solution)
            first.solution_limit = 1
            if first_limit is not None:
                first.time_limit.FromMilliseconds(max(1, int(first_limit * 1000)))
            initial = self.routing.SolveWithParameters(first)
        left = seconds - (time.monotonic() - began)
        if initial is None or left < 0.05:
            return initial
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        params.time_limit.FromMilliseconds(int(left * 1000))
        return self.routing.SolveFromAssignmentWithParameters(initial, params) or initial

    def routes_from(self, runs: Sequence[Run], alias: dict[str, str]) -> list[list[int]]:
        """Earlier runs (another day's, say) as this model's routes: each on its crew's option, its
        children in the same order; children not in this problem are passed over."""
        option_of = {
            (o.vehicle.id, o.layout.name, o.assistant.id if o.assistant else None): v for v, o in enumerate(self.options)
        }
        routes: list[list[int]] = [[] for _ in self.options]
        seen: set[tuple[str, str]] = set()
        for r in runs:
            v = option_of.get((r.vehicle, r.layout, r.assistant))
            if v is None or routes[v]:
                continue
            for stop in r.stops:
                jid = alias.get(stop.journey, stop.journey)
                if jid not in self.by_id or (jid, stop.kind) in seen:
                    continue
                seen.add((jid, stop.kind))
                node = self.pickup_node[jid] if stop.kind == PICKUP else self.dropoff_node[jid]
                routes[v].append(self.manager.NodeToIndex(node))
        return routes

    def read(self, routes: list[list[int]]) -> pywrapcp.Assignment | None:
        """The routes as an assignment, keeping those that still hold if some do not (a vehicle's
        hours changed, say); children on none are left out. None when no route holds."""
        if not any(routes):
            return None
        self._close(pywrapcp.DefaultRoutingSearchParameters())
        whole = self.routing.ReadAssignmentFromRoutes(routes, True)
        if whole is not None:
            return whole
        alone = [
            r if r and self.routing.ReadAssignmentFromRoutes(_only(v, r, len(routes)), True) else [] for v, r in enumerate(routes)
        ]
        return self.routing.ReadAssignmentFromRoutes(alone, True) if any(alone) else None

    def fill(self, routes: list[list[int]]) -> list[list[int]] | None:
        """The routes with the children they leave out put in where they fit, by insertion alone
        (guided local search tries every cheaper move first and reaches them only after seconds).
        Like first routes, this runs to the end whatever the time limit: each move places one more
        child, so it ends. The model is closed for insertion, so it is used for nothing else."""
        params = pywrapcp.DefaultRoutingSearchParameters()
        operators = params.local_search_operators
        for op in operators.DESCRIPTOR.fields:
            setattr(operators, op.name, pywrapcp.BOOL_TRUE if op.name == "use_make_active" else pywrapcp.BOOL_FALSE)
        params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
        self._close(params)
        start = self.read(routes)
        if start is None:
            return None
        filled = self.routing.SolveFromAssignmentWithParameters(start, params) or start
        return self.routes_of(filled)

    def _close(self, params: Any) -> None:
        """Close the model (once) for reading routes: reading them searches for their times under the
        model's limits, and with a cost on the times (the ride cost) a search without a solution
        limit tries schedule after schedule for a cheaper one, for minutes. The limit is the
        closing's only: each solve sets its own."""
        if self.closed:
            return
        once = pywrapcp.DefaultRoutingSearchParameters()
        once.CopyFrom(params)
        once.solution_limit = 1
        self.routing.CloseModelWithParameters(once)
        self.closed = True

    def routes_of(self, assignment: pywrapcp.Assignment) -> list[list[int]]:
        routes: list[list[int]] = []
        for v in range(len(self.options)):
            route, index = [], assignment.Value(self.routing.NextVar(self.routing.Start(v)))
            while not self.routing.IsEnd(index):
                route.append(index)
                index = assignment.Value(self.routing.NextVar(index))
            routes.append(route)
        return routes

    def runs(self, assignment: pywrapcp.Assignment) -> list[Run]:
        runs: list[Run] = []
        for v, o in enumerate(self.options):
            index = self.routing.Start(v)
            leave = float(assignment.Value(self.time.CumulVar(index)))
            visits: list[Visit] = []
            index = assignment.Value(self.routing.NextVar(index))
            while not self.routing.IsEnd(index):
                node = self.nodes[self.manager.IndexToNode(index)]
                service = node.journey.pickup_service if node.kind == PICKUP else node.journey.dropoff_service
                planned = float(assignment.Value(self.time.CumulVar(index)))
                visits.append((node.journey.id, node.kind, node.place, planned, service))
                index = assignment.Value(self.routing.NextVar(index))
            if visits:
                runs.append(build_run(self.problem, o, leave, visits))
        return runs


def _place(j: Journey, kind: str) -> int:
    return j.pickup if kind == PICKUP else j.dropoff


def _only(v: int, route: list[int], vehicles: int) -> list[list[int]]:
    return [route if k == v else [] for k in range(vehicles)]
