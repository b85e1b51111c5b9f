"""Siblings travel on the same vehicle.

A hard "same vehicle" constraint stops OR-Tools' insertion heuristics from placing siblings at
all (each is inserted alone, which breaks the rule), so siblings who share a home and a school,
the usual case, become one combined journey: they board one after another and get off in the
same order. Each child's windows and ride limit are kept by tightening the combined journey's.
Siblings who do not share both places are kept together by a soft constraint in the model, and
split ones are taken off their runs afterwards (see `split_groups`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from transport.optimizer.problem import Journey, Window
from transport.optimizer.solution import PICKUP, Solution, Stop, Unplaced


def kept_apart(journeys: Iterable[Journey]) -> set[str]:
    """Sibling groups with two members who must not travel together: that rule is about safety, so
    it wins, and the group is not held together (the validator applies the same rule)."""
    js = list(journeys)
    group_of = {j.id: j.group for j in js if j.group}
    return {j.group for j in js if j.group and any(group_of.get(a) == j.group for a in j.avoid)}


def untangle(journeys: tuple[Journey, ...]) -> tuple[Journey, ...]:
    """The journeys with the groups of `kept_apart` dissolved."""
    apart = kept_apart(journeys)
    return tuple(replace(j, group=None) if j.group in apart else j for j in journeys) if apart else journeys


@dataclass(frozen=True)
class Combined:
    journey: Journey
    members: tuple[Journey, ...]


def combine(journeys: tuple[Journey, ...]) -> tuple[list[Journey], dict[str, Combined]]:
    """The journeys with same-place sibling groups replaced by one journey each."""
    groups: dict[tuple[str, int, int], list[Journey]] = {}
    for j in journeys:
        if j.group:
            groups.setdefault((j.group, j.pickup, j.dropoff), []).append(j)
    combined: dict[str, Combined] = {}
    member_of: dict[str, str] = {}
    size: dict[str, int] = {}
    for j in journeys:
        if j.group:
            size[j.group] = size.get(j.group, 0) + 1
    for (group, _, _), members in groups.items():
        if len(members) > 1:
            # A group with siblings elsewhere (another school, say) stays a group, combined or not.
            c = _combined(group, members, keep_group=size[group] > len(members))
            if c is not None:
                combined[c.journey.id] = c
                member_of.update({m.id: c.journey.id for m in members})
    out: list[Journey] = []
    for j in journeys:
        if j.id in member_of:
            cid = member_of[j.id]
            if combined[cid].members[0].id == j.id:
                out.append(combined[cid].journey)
        else:
            out.append(j)
    # Whoever must avoid one sibling must avoid the combined journey.
    out = [replace(j, avoid=frozenset(member_of.get(a, a) for a in j.avoid)) for j in out]
    return out, combined


def _combined(group: str, members: list[Journey], keep_group: bool = False) -> Combined | None:
    board = [m.pickup_service for m in members]
    alight = [m.dropoff_service for m in members]
    total_board = sum(board)
    pick_lo, pick_hi, drop_lo, drop_hi, ride = [], [], [], [], []
    for i, m in enumerate(members):
        before_board, before_alight = sum(board[:i]), sum(alight[:i])
        pick_lo.append(m.pickup_window.earliest - before_board)
        pick_hi.append(m.pickup_window.latest - before_board)
        drop_lo.append(m.dropoff_window.earliest - before_alight)
        drop_hi.append(m.dropoff_window.latest - before_alight)
        # Child i leaves home after i+1 boardings and is set down after i alightings.
        ride.append(m.max_ride - total_board + before_board + board[i] - before_alight)
    if max(pick_lo) > min(pick_hi) or max(drop_lo) > min(drop_hi) or min(ride) < 0:
        return None
    ids = {m.id for m in members}
    first = members[0]
    load: dict[str, int] = {}
    for m in members:
        for k, n in m.load.items():
            load[k] = load.get(k, 0) + n
    journey = Journey(
        id=f"{group}:{'+'.join(m.id for m in members)}",
        pickup=first.pickup,
        dropoff=first.dropoff,
        pickup_window=Window(max(pick_lo), min(pick_hi)),
        dropoff_window=Window(max(drop_lo), min(drop_hi)),
        max_ride=min(ride),
        pickup_service=total_board,
        dropoff_service=sum(alight),
        load=load,
        needs_assistant=any(m.needs_assistant for m in members),
        skills=frozenset().union(*(m.skills for m in members)),
        travel_alone=any(m.travel_alone for m in members),
        avoid=frozenset().union(*(m.avoid for m in members)) - ids,
        group=group if keep_group else None,
        previous_vehicle=first.previous_vehicle,
        previous_assistant=first.previous_assistant,
    )
    return Combined(journey, tuple(members))


def expand(solution: Solution, combined: dict[str, Combined]) -> Solution:
    """Back from combined journeys to each child's own stops."""
    runs = [replace(r, stops=tuple(_expand_stops(r.stops, combined))) for r in solution.runs]
    unplaced: list[Unplaced] = []
    for u in solution.unplaced:
        if u.journey in combined:
            unplaced += [Unplaced(m.id, u.reasons) for m in combined[u.journey].members]
        else:
            unplaced.append(u)
    return replace(solution, runs=runs, unplaced=unplaced)


def _expand_stops(stops: tuple[Stop, ...], combined: dict[str, Combined]) -> Iterator[Stop]:
    for s in stops:
        c = combined.get(s.journey)
        if c is None:
            yield s
            continue
        t, arrival = s.start, s.arrival
        for m in c.members:
            service = m.pickup_service if s.kind == PICKUP else m.dropoff_service
            yield Stop(m.id, s.kind, s.place, arrival, t, t + service)
            # The vehicle is already there for the next sibling.
            t += service
            arrival = t


def split_groups(solution: Solution, journeys: tuple[Journey, ...]) -> set[str]:
    """Siblings the answer put on different runs (or only some of them on a run)."""
    run_of = {jid: i for i, r in enumerate(solution.runs) for jid in r.journeys}
    groups: dict[str, list[str]] = {}
    for j in journeys:
        if j.group:
            groups.setdefault(j.group, []).append(j.id)
    return {jid for members in groups.values() if len({run_of.get(m) for m in members}) > 1 for jid in members}
