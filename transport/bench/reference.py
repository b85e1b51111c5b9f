"""The yardstick: a plain OR-Tools pickup-and-delivery model, written the way OR-Tools' guides
show it (the vrp_pickup_delivery and vrptw examples put together), with nothing of ours.

Arc cost is the distance; a time dimension carries the windows, a capacity dimension the load;
each request is a pickup and delivery pair on one vehicle, delivered after it is picked up and
within the ride limit; a request may be dropped at a penalty. It exists only so that the DARP
benchmark can show what our model adds, side by side.
"""

from __future__ import annotations

import math
import time

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from transport.optimizer.crews import Option
from transport.optimizer.problem import SEATS, Problem
from transport.optimizer.runs import build_run
from transport.optimizer.solution import DROPOFF, PICKUP, Reason, Solution, Unplaced

SCALE = 100
"""Distances to integers, to the hundredth (the guides round to whole units)."""
DROP_PENALTY = 10**9


def solve_reference(problem: Problem, seconds: float) -> Solution:
    """Solve a problem whose places are its nodes, one place per stop (as in the DARP files)."""
    began = time.monotonic()
    starts = [v.start for v in problem.vehicles]
    ends = [v.end for v in problem.vehicles]
    manager = pywrapcp.RoutingIndexManager(problem.places, len(problem.vehicles), starts, ends)
    routing = pywrapcp.RoutingModel(manager)
    service = [0] * problem.places
    load = [0] * problem.places
    for j in problem.journeys:
        service[j.pickup], service[j.dropoff] = math.ceil(j.pickup_service), math.ceil(j.dropoff_service)
        load[j.pickup], load[j.dropoff] = j.load.get(SEATS, 0), -j.load.get(SEATS, 0)

    def distance(i: int, k: int) -> int:
        return round(problem.distances[manager.IndexToNode(i)][manager.IndexToNode(k)] * SCALE)

    def travel(i: int, k: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(k)
        return service[a] + math.ceil(problem.durations[a][b])

    def demand(i: int) -> int:
        return load[manager.IndexToNode(i)]

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(distance))
    horizon = math.ceil(max(v.available.latest for v in problem.vehicles))
    routing.AddDimension(routing.RegisterTransitCallback(travel), horizon, horizon, False, "Time")
    time_dim = routing.GetDimensionOrDie("Time")
    routing.AddDimensionWithVehicleCapacity(
        routing.RegisterUnaryTransitCallback(demand),
        0,
        [v.layouts[0].capacity.get(SEATS, 0) for v in problem.vehicles],
        True,
        "Capacity",
    )
    for v, vehicle in enumerate(problem.vehicles):
        for index in (routing.Start(v), routing.End(v)):
            time_dim.CumulVar(index).SetRange(math.ceil(vehicle.available.earliest), math.floor(vehicle.available.latest))
        if vehicle.max_duration is not None:
            time_dim.SetSpanUpperBoundForVehicle(math.floor(vehicle.max_duration), v)
    solver = routing.solver()
    for j in problem.journeys:
        pick, drop = manager.NodeToIndex(j.pickup), manager.NodeToIndex(j.dropoff)
        routing.AddPickupAndDelivery(pick, drop)
        solver.Add(routing.VehicleVar(pick) == routing.VehicleVar(drop))
        solver.Add(time_dim.CumulVar(pick) <= time_dim.CumulVar(drop))
        solver.Add(time_dim.CumulVar(drop) - time_dim.CumulVar(pick) <= math.floor(j.max_ride) + math.ceil(j.pickup_service))
        time_dim.CumulVar(pick).SetRange(math.ceil(j.pickup_window.earliest), math.floor(j.pickup_window.latest))
        time_dim.CumulVar(drop).SetRange(math.ceil(j.dropoff_window.earliest), math.floor(j.dropoff_window.latest))
        routing.AddDisjunction([pick], DROP_PENALTY)
        routing.AddDisjunction([drop], DROP_PENALTY)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(max(100, int((seconds - (time.monotonic() - began)) * 1000)))
    assignment = routing.SolveWithParameters(params)
    if assignment is None:
        return Solution([], [Unplaced(j.id, (Reason("no_answer", "no answer"),)) for j in problem.journeys], status="no solution")

    kind = {j.pickup: (j, PICKUP) for j in problem.journeys} | {j.dropoff: (j, DROPOFF) for j in problem.journeys}
    runs = []
    for v, vehicle in enumerate(problem.vehicles):
        index = routing.Start(v)
        leave = float(assignment.Min(time_dim.CumulVar(index)))
        visits = []
        index = assignment.Value(routing.NextVar(index))
        while not routing.IsEnd(index):
            node = manager.IndexToNode(index)
            j, what = kind[node]
            visits.append((j.id, what, node, float(assignment.Min(time_dim.CumulVar(index))), service[node]))
            index = assignment.Value(routing.NextVar(index))
        if visits:
            runs.append(build_run(problem, Option(vehicle, vehicle.layouts[0], None), leave, visits))
    placed = {s.journey for r in runs for s in r.stops}
    unplaced = [
        Unplaced(j.id, (Reason("dropped", "dropped by the reference model"),)) for j in problem.journeys if j.id not in placed
    ]
    return Solution(runs, unplaced, seconds=time.monotonic() - began)
