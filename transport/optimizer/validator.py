"""An independent check of a solution against every hard rule.

Written apart from the OR-Tools model on purpose: it reads only the Problem and the Solution,
recomputes times and loads from the travel matrix, and lists every rule broken. An empty list
means the solution may be shown to people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from transport.optimizer.problem import SEATS, Assistant, Journey, Problem
from transport.optimizer.siblings import kept_apart
from transport.optimizer.solution import DROPOFF, PICKUP, Run, Solution, Stop

TOLERANCE = 1e-3
"""Seconds, metres or pounds: rounding in the stored answer, nothing more."""


def validate(problem: Problem, solution: Solution) -> list[str]:
    errors: list[str] = []
    errors += _coverage(problem, solution)
    for run in solution.runs:
        errors += _run(problem, run)
    errors += overlaps(solution.runs)
    errors += _pairs(problem, solution)
    return errors


def _coverage(problem: Problem, solution: Solution) -> list[str]:
    errors: list[str] = []
    known = {j.id for j in problem.journeys}
    seen: dict[str, int] = defaultdict(int)
    for run in solution.runs:
        for s in run.stops:
            if s.kind == PICKUP:
                seen[s.journey] += 1
    for u in solution.unplaced:
        seen[u.journey] += 1
        if not u.reasons:
            errors.append(f"{u.journey} is unplaced without a reason")
    for jid in sorted(known - set(seen)):
        errors.append(f"{jid} is neither placed nor listed as unplaced")
    for jid, n in sorted(seen.items()):
        if jid not in known:
            errors.append(f"{jid} is not a journey of this problem")
        elif n > 1:
            errors.append(f"{jid} appears {n} times")
    return errors


def run_errors(problem: Problem, run: Run) -> list[str]:
    """The rules one run breaks on its own (its vehicle, crew, times, loads, distance, cost)."""
    return _run(problem, run)


def _run(problem: Problem, run: Run) -> list[str]:
    vehicles = {v.id: v for v in problem.vehicles}
    assistants = {a.id: a for a in problem.assistants}
    journeys = {j.id: j for j in problem.journeys}
    name = f"run of {run.vehicle}"
    v = vehicles.get(run.vehicle)
    if v is None:
        return [f"{name}: no such vehicle"]
    layout = next((lay for lay in v.layouts if lay.name == run.layout), None)
    if layout is None:
        return [f"{name}: the vehicle has no layout {run.layout!r}"]
    errors: list[str] = []
    pa = assistants.get(run.assistant) if run.assistant else None
    if run.assistant and pa is None:
        errors.append(f"{name}: assistant {run.assistant} is not available")
    if v.assistant and v.assistant in assistants and run.assistant != v.assistant:
        errors.append(f"{name}: the vehicle's pinned assistant {v.assistant} is not on board")
    if run.driver != v.driver:
        errors.append(f"{name}: driver {run.driver} is not the vehicle's driver {v.driver}")
    if not run.stops:
        errors.append(f"{name}: a run with no children")
        return errors

    d, metres = problem.durations, problem.distances
    if run.leave_depot < v.available.earliest - TOLERANCE:
        errors.append(f"{name}: leaves the depot before the vehicle is available")
    here, ready, distance = v.start, run.leave_depot, 0.0
    load: dict[str, int] = defaultdict(int)
    load[SEATS] = 1 if run.assistant else 0
    on_board: set[str] = set()
    picked: dict[str, float] = {}
    for s in run.stops:
        j = journeys.get(s.journey)
        if j is None:
            errors.append(f"{name}: unknown journey {s.journey}")
            continue
        expected_place = j.pickup if s.kind == PICKUP else j.dropoff
        if s.place != expected_place:
            errors.append(f"{name}: {s.journey} {s.kind} at the wrong place")
        if s.arrival < ready + d[here][s.place] - TOLERANCE:
            errors.append(f"{name}: arrives at {s.journey}'s {s.kind} sooner than the drive allows")
        if s.start < s.arrival - TOLERANCE:
            errors.append(f"{name}: {s.journey} {s.kind} starts before the vehicle arrives")
        window = j.pickup_window if s.kind == PICKUP else j.dropoff_window
        if not window.contains(s.start, TOLERANCE):
            errors.append(f"{name}: {s.journey} {s.kind} at {s.start:.0f}s, outside its window")
        service = j.pickup_service if s.kind == PICKUP else j.dropoff_service
        if s.departure < s.start + service - TOLERANCE:
            errors.append(f"{name}: {s.journey} {s.kind} leaves before boarding is done")
        sign = 1 if s.kind == PICKUP else -1
        if s.kind == PICKUP:
            if s.journey in picked:
                errors.append(f"{name}: {s.journey} picked up twice")
            picked[s.journey] = s.departure
            errors += _boarding(name, j, pa, on_board, journeys)
            on_board.add(s.journey)
        else:
            if s.journey not in picked:
                errors.append(f"{name}: {s.journey} set down before being picked up")
            else:
                ride = s.start - picked[s.journey]
                if ride > j.max_ride + TOLERANCE:
                    errors.append(f"{name}: {s.journey} rides {ride / 60:.1f} min, over the {j.max_ride / 60:.0f}-min limit")
            on_board.discard(s.journey)
        for k, n in j.load.items():
            load[k] += sign * n
            if load[k] > layout.capacity.get(k, 0):
                errors.append(f"{name}: over capacity in {k} ({load[k]} > {layout.capacity.get(k, 0)})")
        distance += metres[here][s.place]
        here, ready = s.place, s.departure
    for jid in sorted(on_board):
        errors.append(f"{name}: {jid} is never set down")
    distance += metres[here][v.end]
    if run.return_depot < ready + d[here][v.end] - TOLERANCE:
        errors.append(f"{name}: back at the depot sooner than the drive allows")
    if run.return_depot > v.available.latest + TOLERANCE:
        errors.append(f"{name}: returns after the vehicle's working hours")
    if v.max_duration is not None and run.return_depot - run.leave_depot > v.max_duration + TOLERANCE:
        errors.append(f"{name}: longer than the vehicle's longest run")
    if abs(distance - run.distance) > 1.0:
        errors.append(f"{name}: distance {run.distance:.0f} m, the stops add up to {distance:.0f} m")
    errors += _siblings_on_board(name, run, journeys)
    cost = v.fixed_cost + v.cost_per_metre * distance + (pa.cost_per_run if pa else 0.0)
    if abs(cost - run.cost) > 0.01:
        errors.append(f"{name}: cost £{run.cost:.2f}, the rates give £{cost:.2f}")
    return errors


SIBLING_GAP = 60.0
"""Seconds: siblings of one home leave it (or reach it) together, this long apart at most after
the boarding (or setting down) of those before them."""


def sibling_gap(members: Iterable[Journey], kind: str) -> float:
    """How far apart siblings sharing a place may start there: one after another, no more (the
    model holds them to half the boarding, so siblings it combines into one stop fit too)."""
    return SIBLING_GAP + 2 * sum(j.pickup_service if kind == PICKUP else j.dropoff_service for j in members)


def _siblings_on_board(name: str, run: Run, journeys: dict[str, Journey]) -> list[str]:
    """Siblings on one run ride together: all of them on board at once (one was once set down at
    home before the other was collected, 40 minutes apart), and those sharing a home or a school
    are collected or set down there one after another."""
    errors: list[str] = []
    stops: dict[str, dict[str, Stop]] = defaultdict(dict)
    for st in run.stops:
        stops[st.journey][st.kind] = st
    groups: dict[str, list[Journey]] = defaultdict(list)
    for jid in stops:
        j = journeys.get(jid)
        if j is not None and j.group:
            groups[j.group].append(j)
    apart = kept_apart(journeys.values())
    for group, members in sorted(groups.items()):
        if len(members) < 2 or group in apart or any(len(stops[j.id]) < 2 for j in members):
            continue
        aboard = max(stops[j.id][PICKUP].departure for j in members)
        first_off = min(stops[j.id][DROPOFF].start for j in members)
        if aboard > first_off + TOLERANCE:
            errors.append(f"{name}: siblings of group {group} are never all on board together")
        for kind in (PICKUP, DROPOFF):
            at: dict[int, list[Journey]] = defaultdict(list)
            for j in members:
                at[j.pickup if kind == PICKUP else j.dropoff].append(j)
            for same in at.values():
                times = [stops[j.id][kind].start for j in same]
                if len(same) > 1 and max(times) - min(times) > sibling_gap(same, kind) + TOLERANCE:
                    errors.append(f"{name}: siblings of group {group} are not {kind} one after another at the same place")
    return errors


def _boarding(name: str, j: Journey, pa: Assistant | None, on_board: set[str], journeys: dict[str, Journey]) -> list[str]:
    """Rules checked as a child gets on: crew, travelling alone, who they sit beside."""
    errors: list[str] = []
    if j.requires_assistant and pa is None:
        errors.append(f"{name}: {j.id} needs a PA and there is none on board")
    if pa is not None and not j.skills <= pa.skills:
        missing = ", ".join(sorted(j.skills - pa.skills))
        errors.append(f"{name}: PA {pa.id} lacks {missing} needed by {j.id}")
    # Travelling alone means with no child from outside the family.
    others = [o for o in on_board if not (j.group and journeys[o].group == j.group)]
    alone = [o for o in others if journeys[o].travel_alone]
    if others and (j.travel_alone or alone):
        who = j.id if j.travel_alone else alone[0]
        errors.append(f"{name}: {who} must travel alone but shares the vehicle")
    return errors


def overlaps(runs: Iterable[Run]) -> list[str]:
    """Nobody and no vehicle in two places at once."""
    errors: list[str] = []
    runs = list(runs)
    for label, key in (("vehicle", "vehicle"), ("PA", "assistant"), ("driver", "driver")):
        spans: dict[str, list[Run]] = defaultdict(list)
        for run in runs:
            who = getattr(run, key)
            if who:
                spans[who].append(run)
        for who, theirs in spans.items():
            theirs.sort(key=lambda r: r.leave_depot)
            for a, b in zip(theirs, theirs[1:]):
                if b.leave_depot < a.return_depot - TOLERANCE:
                    errors.append(f"{label} {who} is on two runs at once")
    return errors


def _pairs(problem: Problem, solution: Solution) -> list[str]:
    """Must-not-travel-with pairs apart; siblings together."""
    errors: list[str] = []
    run_of = {jid: i for i, r in enumerate(solution.runs) for jid in r.journeys}
    pairs = sorted({tuple(sorted((j.id, other))) for j in problem.journeys for other in j.avoid})
    for a, b in pairs:
        if a in run_of and run_of.get(b) == run_of[a]:
            errors.append(f"{a} and {b} must not travel together but share a run")
    groups: dict[str, set[int | None]] = defaultdict(set)
    # Siblings who must not travel together are not held together: that rule is about safety.
    apart = kept_apart(problem.journeys)
    declared = {u.journey for u in solution.apart if u.reasons}
    for j in problem.journeys:
        if j.group and j.group not in apart:
            groups[j.group].add(run_of.get(j.id))
    members: dict[str, list[str]] = defaultdict(list)
    for j in problem.journeys:
        if j.group:
            members[j.group].append(j.id)
    for group, runs in sorted(groups.items()):
        placed = [jid for jid in members[group] if jid in run_of]
        # Split is allowed only where the plan says so, with the reason, for every placed sibling.
        if len(runs) > 1 and not all(jid in declared for jid in placed):
            errors.append(f"siblings of group {group} are split")
    for u in solution.apart:
        if u.journey not in run_of:
            errors.append(f"{u.journey} is listed as travelling apart from their siblings but is not placed")
    return errors
