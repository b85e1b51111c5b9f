"""The optimiser's front door: `solve(problem)` places as many children as it can at the lowest
cost, says why it could not place the others, and checks its answer.

The first routes come from OR-Tools (ortools_model.py); where the ruin-and-recreate search (lns/)
models every rule of the problem it improves them, else OR-Tools' guided local search does.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import replace

from transport.optimizer import lns, stable
from transport.optimizer.continuity import Stay
from transport.optimizer.crews import Option, crew_options
from transport.optimizer.explain import (
    held_back_by,
    kept_apart_from,
    no_answer,
    siblings_apart,
    solo_reasons,
    squeezed_out,
    travels_apart,
)
from transport.optimizer.ortools_model import FIRST_SOLUTION, RoutingModel
from transport.optimizer.problem import Journey, Problem
from transport.optimizer.runs import build_run
from transport.optimizer.siblings import combine, expand, split_groups, untangle
from transport.optimizer.solution import Reason, Run, Solution, Unplaced
from transport.optimizer.validator import run_errors, validate

log = logging.getLogger(__name__)

FIRST_SHARE = 0.3
"""Where the ruin-and-recreate search follows, the share of the time OR-Tools may take to build
first routes: on a tight fleet it can take minutes (50 s for 120 requests on 9 vehicles), and the
search builds its own from nothing instead. Only where there are no passenger assistants (the dial-a-ride shape): with them the crew options
multiply the routes, and the search's ejection phase places everyone from nothing more slowly
than OR-Tools' first routes do (the sample council's parts of 100 children at 3 s: 94 placed
from nothing against 97 to 99), so there OR-Tools builds its first routes however long they
take, as it does for its own search.
"""
SEARCH_LEAST = 1.0
"""Where OR-Tools builds first routes however long they take (with PAs), the least time the
ruin-and-recreate search then gets, as a share of the part's seconds: for the sample council's
part of 109 children and 25 PAs the first routes took 6.7 s (loaded machine), and the search got
what was left of the part's 3 s, nothing, on the parts that hold most of the money. Without PAs
the first routes stop at FIRST_SHARE and the search has the rest, as on the dial-a-ride sets."""
LNS_LEAST = 1.0
"""Seconds: with less time than this left after the OR-Tools model is built, the ruin-and-recreate
search is not started (loading its compiled code takes a fair part of a second). Where the search
built the first routes itself (a later day's runs filled, or a part with PAs and less than this
to spend) it is loaded already and searches whatever time is left."""


def solve(
    problem: Problem,
    seconds: float = 10.0,
    first_solution: str = FIRST_SOLUTION,
    start: Sequence[Run] = (),
    stay_cost: float = 0.0,
    seed: int = 0,
) -> Solution:
    """Place as many children as possible at the lowest cost; say why the others could not be.

    `start`: runs to begin from (the same children's runs on another day, say), kept where they
    still hold; the search places anyone they leave out and improves on them. `stay_cost`: what
    keeping a child with their crew in `start` is worth (else the problem's previous crews, at its
    change cost). `seed`: for the ruin-and-recreate search's random choices."""
    began = time.monotonic()
    problem = replace(problem, journeys=untangle(problem.journeys))
    options = crew_options(problem, together=[(r.vehicle, r.assistant) for r in start if r.assistant])
    journeys, combined = combine(problem.journeys)
    work = replace(problem, journeys=tuple(journeys))
    reasons = {j.id: solo_reasons(work, j, options) for j in journeys}
    _spread_group_reasons(work, reasons)
    modelled = [j for j in journeys if not reasons[j.id]]
    unplaced = [Unplaced(j.id, tuple(reasons[j.id])) for j in journeys if reasons[j.id]]
    runs: list[Run] = []
    status = "ok"
    if modelled and options:
        routes, stay, alias = None, None, {}
        riders = {cid: len(c.members) for cid, c in combined.items()}
        members = {cid: c.members for cid, c in combined.items()}
        started: list[Run] = []
        if start:
            alias = {m.id: cid for cid, c in combined.items() for m in c.members}
            stay = Stay.as_in(start, alias, stay_cost) if stay_cost > 0 else None
        # With PAs OR-Tools builds first routes however long they take, and the crew options
        # multiply its routes (350 to 430 for a second pass of 70 children): seconds to minutes,
        # where the part has one. Then, as for a later day, the search's regret insertion builds them.
        if start or (problem.assistants and seconds - (time.monotonic() - began) < LNS_LEAST):
            started = _filled(work, options, modelled, start, alias, members, stay, unplaced)
        answered = bool(started)
        if answered:
            # The runs started from, filled (or the search's own first routes), and the
            # ruin-and-recreate search (loaded already to build them) has the rest of the time,
            # however little: it places whoever insertion could not first. No OR-Tools model is built.
            runs, stay = list(started), stay or Stay.previous(work, modelled)
            searched, least = True, 0.0
        else:
            if start:  # no run started from holds, or the search's insertion broke a rule: OR-Tools fills
                filler = RoutingModel(work, options, modelled, stay, riders)
                given = filler.routes_from(start, alias)
                routes = _in_given_order(given, filler.fill(given))
            model = RoutingModel(work, options, modelled, stay, riders)
            # Where the ruin-and-recreate search models every rule of the problem, OR-Tools builds
            # the first routes (or reads the runs started from, filled) and the search improves them
            # for the rest of the time (see lns/), at the same price for moving a child off their crew.
            searched = seconds - (time.monotonic() - began) >= LNS_LEAST and lns.supports(work, options, modelled)
            left = max(0.1, seconds - (time.monotonic() - began))
            limit = FIRST_SHARE * seconds if searched and not problem.assistants else None
            # First routes built however long they took: the search still gets its share.
            least = SEARCH_LEAST * seconds if limit is None else 0.0
            assignment = model.solve(0.0 if searched else left, first_solution, routes, limit)
            if assignment is not None:
                runs = model.runs(assignment)
                answered = True
            started, stay = model.started, model.stay
        if searched:
            search_time = max(seconds - (time.monotonic() - began), least)
            better = lns.improve(work, options, modelled, runs, search_time, seed, members, stay)
            valid = better is not None and not validate(
                work, _declared(work, _with_unplaced(work, better, modelled, options, unplaced))
            )
            if valid and better is not None:
                runs = better
            log.info(
                "%s: ruin-and-recreate search on %d journeys, %s", problem.name, len(modelled), "kept" if valid else "not kept"
            )
        elif not start:
            log.info("%s: guided local search on %d journeys", problem.name, len(modelled))
        if start and stay_cost > 0 and answered:
            # Keep the runs started from, times and all, wherever changing them saves too little.
            weight = {cid: len(c.members) for cid, c in combined.items()}
            kept = stable.exact(work, options, started, start, alias)
            runs = stable.choose(
                work, modelled, kept, stable.exact(work, options, runs, start, alias), start, alias, stay_cost, weight
            ).runs
        if not answered and not runs:
            status = "no solution"
            unplaced += [Unplaced(j.id, (no_answer(),)) for j in modelled]
        else:
            unplaced = _with_unplaced(work, runs, modelled, options, unplaced).unplaced
    solution = expand(Solution(runs, unplaced, status=status), combined)
    solution = _keep_siblings_together(problem, options, solution)
    solution.seconds = time.monotonic() - began
    return solution


def _filled(
    problem: Problem,
    options: list[Option],
    modelled: list[Journey],
    start: Sequence[Run],
    alias: dict[str, str],
    members: dict[str, tuple[Journey, ...]],
    stay: Stay | None,
    unplaced: list[Unplaced],
) -> list[Run]:
    """The runs started from (or none) with the children they leave out put in by the search's
    insertion (lns.fill); none where no run started from holds, or where the validator finds a
    rule broken (then OR-Tools builds them)."""
    runs = lns.fill(problem, options, modelled, _renamed(start, alias, {j.id for j in modelled}), members, stay)
    if runs is None:
        return []
    broken = validate(problem, _declared(problem, _with_unplaced(problem, runs, modelled, options, unplaced)))
    if broken:
        log.warning("%s: the search's insertion broke a rule (%s); OR-Tools builds the routes", problem.name, broken[0])
        return []
    return runs


def _renamed(start: Sequence[Run], alias: dict[str, str], modelled: set[str]) -> list[Run]:
    """The runs as this problem names its journeys (siblings combined into one journey stop once),
    without the children it does not model (no crew can take them today, say)."""
    runs = []
    for r in start:
        seen: set[tuple[str, str]] = set()
        stops = []
        for s in r.stops:
            jid = alias.get(s.journey, s.journey)
            if jid in modelled and (jid, s.kind) not in seen:
                seen.add((jid, s.kind))
                stops.append(replace(s, journey=jid))
        runs.append(replace(r, stops=tuple(stops)))
    return runs


def _in_given_order(given: list[list[int]], filled: list[list[int]] | None) -> list[list[int]] | None:
    """The filled routes, each that gained nobody in the order it was given: filling can still
    reorder a route (two children set down at one school swapped), which moves times a family
    was given. A route that no longer holds in that order is passed over when it is read."""
    if filled is None:
        return None
    return [g if sorted(g) == sorted(f) else f for g, f in zip(given, filled)]


def _with_unplaced(
    problem: Problem, runs: list[Run], modelled: list[Journey], options: list[Option], unplaced: list[Unplaced]
) -> Solution:
    """The runs, with everyone modelled but not on them unplaced, and why."""
    placed = {jid for r in runs for jid in r.journeys}
    return Solution(
        runs, unplaced + [Unplaced(j.id, tuple(_left_out(problem, j, options, placed))) for j in modelled if j.id not in placed]
    )


def _declared(problem: Problem, solution: Solution) -> Solution:
    """The solution with its siblings on different runs listed as travelling apart, and why."""
    return replace(solution, apart=_apart(problem, solution, _groups(problem)))


def _groups(problem: Problem) -> dict[str, list[Journey]]:
    group_members: dict[str, list[Journey]] = {}
    for j in problem.journeys:
        if j.group:
            group_members.setdefault(j.group, []).append(j)
    return group_members


def _apart(problem: Problem, solution: Solution, group_members: dict[str, list[Journey]]) -> list[Unplaced]:
    split = split_groups(solution, problem.journeys)
    placed = {jid for r in solution.runs for jid in r.journeys}
    by_id = {j.id: j for j in problem.journeys}
    apart: list[Unplaced] = []
    for jid in sorted(split & placed):
        members = group_members[by_id[jid].group or ""]
        schools = len({(m.pickup, m.dropoff) for m in members})
        others = [m.id for m in members if m.id != jid]
        apart.append(Unplaced(jid, (travels_apart(others, schools),)))
    return apart


def _keep_siblings_together(problem: Problem, options: list[Option], solution: Solution) -> Solution:
    """Siblings the answer put on different runs stay placed, each on their own run, and the plan
    says why (no run could take them all together: two schools, say); a sibling left out does
    not take the others' transport away. Siblings who share a run but do not ride together
    (which the model forbids) are taken off, as a last guard."""
    group_members = _groups(problem)
    apart = _apart(problem, solution, group_members)
    errors = [e for r in solution.runs for e in run_errors(problem, r)]
    broken = {g for g in group_members if any(f"siblings of group {g} " in e for e in errors)}
    split = {m.id for g in broken for m in group_members[g]}
    apart = [a for a in apart if a.journey not in split]
    if not split:
        return replace(solution, apart=apart)
    option_of = {(o.vehicle.id, o.layout.name, o.assistant.id if o.assistant else None): o for o in options}
    runs: list[Run] = []
    for r in solution.runs:
        kept = [(s.journey, s.kind, s.place, s.start, s.departure - s.start) for s in r.stops if s.journey not in split]
        if len(kept) == len(r.stops):
            runs.append(r)
        elif kept:
            runs.append(build_run(problem, option_of[(r.vehicle, r.layout, r.assistant)], r.leave_depot, kept))
    unplaced = [u for u in solution.unplaced if u.journey not in split]
    unplaced += [Unplaced(jid, (siblings_apart(),)) for jid in sorted(split)]
    return replace(solution, runs=runs, unplaced=unplaced, apart=apart)


def _spread_group_reasons(problem: Problem, reasons: dict[str, list[Reason]]) -> None:
    """Siblings travel together, so one who cannot be placed holds the others back."""
    groups: dict[str, list[Journey]] = {}
    for j in problem.journeys:
        if j.group:
            groups.setdefault(j.group, []).append(j)
    for members in groups.values():
        blocked = [j.id for j in members if reasons[j.id]]
        if blocked:
            for j in members:
                if not reasons[j.id]:
                    reasons[j.id] = [held_back_by(blocked)]


def _left_out(problem: Problem, j: Journey, options: list[Option], placed: set[str]) -> list[Reason]:
    if j.group:
        return [siblings_apart()]
    if j.avoid and any(o in placed for o in j.avoid):
        return [squeezed_out(), kept_apart_from(sorted(j.avoid & placed))]
    return [squeezed_out()]
