"""Stable answers: runs a search starts from (the previous plan's, or the first day's of the week)
are kept as they were, times and all, unless changing them saves more than the change cost per
child whose vehicle, PA or time changes.

The search itself prices only a change of crew (continuity.py), and a time-limited search moves
stops for pennies: re-planning unchanged data then reshuffled hundreds of journeys and texted
their families. So after the search the answer is compared with the kept runs, piece by piece:
runs of the two answers that share a child, a vehicle, a PA or a sibling group form one piece,
and each piece is taken from the answer that costs least once every changed child is charged.
The pieces share no child, vehicle or PA, so any mix of them is an answer of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transport.optimizer.crews import Option
from transport.optimizer.problem import Journey, Problem
from transport.optimizer.ride_price import ride_cost
from transport.optimizer.runs import Visit, build_run
from transport.optimizer.solution import PICKUP, Run, Solution
from transport.optimizer.validator import run_errors

UNPLACED_COST = 10_000.0
"""Pounds: a child left out, as in the model (every child who can be placed is)."""
SAME_TIME = 0.5
"""Seconds: a stop this close to its time before has not moved (times are stored to the second)."""
ROUNDED = 0.499
"""Seconds: a plan is stored to the second, so a stored time stands for any time that rounds to it.
A run read back from the store can break a rule by a fraction of a second at its stored times
(a drop-off at the bell reached 0.4 s after it once the stop before was rounded up): then the
times just under the stored ones are tried, which round to the same."""

Trip = tuple[str, str | None, float, float]
"""A journey's vehicle, PA, pickup start and drop-off start."""


@dataclass(frozen=True)
class Kept:
    runs: list[Run]
    changed: int
    """Children whose vehicle, PA or time differs from the runs started from."""


def trips(runs: Iterable[Run], alias: dict[str, str] | None = None) -> dict[str, Trip]:
    """Each journey's trip; `alias` names journeys as another problem does (siblings combined
    into one journey take the first sibling's times: the combined journey's own)."""
    alias = alias or {}
    out: dict[str, list[float | None]] = {}
    crew: dict[str, tuple[str, str | None]] = {}
    for r in runs:
        for s in r.stops:
            jid = alias.get(s.journey, s.journey)
            times = out.setdefault(jid, [None, None])
            k = 0 if s.kind == PICKUP else 1
            if times[k] is None:
                times[k] = s.start
            crew[jid] = (r.vehicle, r.assistant)
    return {j: (*crew[j], t[0] or 0.0, t[1] or 0.0) for j, t in out.items()}


def exact(problem: Problem, options: list[Option], runs: list[Run], start: Sequence[Run], alias: dict[str, str]) -> list[Run]:
    """The runs, each given back the times of the run it started as where its children and their
    order are unchanged and those times still keep every rule (the model's own times for the same
    route can differ by minutes: it has many equally good ones)."""
    option_of = {(o.vehicle.id, o.layout.name, o.assistant.id if o.assistant else None): o for o in options}
    journeys = {j.id: j for j in problem.journeys}
    before: dict[tuple[str, str, str | None], list[tuple[str, str, float]]] = {}
    leave: dict[tuple[str, str, str | None], float] = {}
    for r in start:
        key = (r.vehicle, r.layout, r.assistant)
        if key in before:
            continue
        stops: list[tuple[str, str, float]] = []
        for s in r.stops:
            jid = alias.get(s.journey, s.journey)
            if jid in journeys and not any(x[0] == jid and x[1] == s.kind for x in stops):
                stops.append((jid, s.kind, s.start))
        before[key], leave[key] = stops, r.leave_depot
    out: list[Run] = []
    for r in runs:
        key = (r.vehicle, r.layout, r.assistant)
        was = before.get(key)
        if was is None or [(s.journey, s.kind) for s in r.stops] != [(j, k) for j, k, _ in was] or key not in option_of:
            out.append(r)
            continue
        visits: list[Visit] = []
        for (jid, _, t), s in zip(was, r.stops):  # the same journeys and kinds, in the same order
            j = journeys[jid]
            visits.append((jid, s.kind, s.place, t, j.pickup_service if s.kind == PICKUP else j.dropoff_service))
        again = build_run(problem, option_of[key], leave[key], visits)
        if run_errors(problem, again) or _moved(again, visits):
            # (a stop reached a fraction of a second late, after one rounded up, moves too)
            under = _just_under(problem, option_of[key], leave[key], visits, journeys)
            if under is not None and not run_errors(problem, under):
                again = under
        out.append(again if not run_errors(problem, again) else r)
    return out


def _moved(run: Run, visits: list[Visit]) -> bool:
    return any(abs(s.start - v[3]) > SAME_TIME for s, v in zip(run.stops, visits))


def _just_under(problem: Problem, option: Option, leave: float, visits: list[Visit], journeys: dict[str, Journey]) -> Run | None:
    """The run at times just under the given ones (never before a window opens), each stop no
    later than the drive allows; None if a stop then no longer rounds to its given time."""
    under: list[Visit] = []
    for jid, kind, place, t, service in visits:
        j = journeys[jid]
        opens = (j.pickup_window if kind == PICKUP else j.dropoff_window).earliest
        under.append((jid, kind, place, max(t - ROUNDED, opens), service))
    run = build_run(problem, option, max(leave - ROUNDED, option.vehicle.available.earliest), under)
    return None if _moved(run, visits) else run


def changed(journeys: Iterable[Journey], runs: Iterable[Run], before: dict[str, Trip], weight: dict[str, int]) -> int:
    """Children (siblings combined into one journey count each) whose trip is not as before."""
    now = trips(runs)
    n = 0
    for j in journeys:
        was, is_ = before.get(j.id), now.get(j.id)
        if was is None or is_ is None:
            continue  # new to these runs, or left out (charged as unplaced)
        if was[:2] != is_[:2] or abs(was[2] - is_[2]) > SAME_TIME or abs(was[3] - is_[3]) > SAME_TIME:
            n += weight.get(j.id, 1)
    return n


def choose(
    problem: Problem,
    journeys: list[Journey],
    kept: list[Run],
    searched: list[Run],
    start: Sequence[Run],
    alias: dict[str, str],
    change_cost: float,
    weight: dict[str, int],
) -> Kept:
    """Piece by piece, the kept runs or the searched ones, whichever costs less (money, time on the
    road and children's time on board, as the search prices them) with each changed child charged
    `change_cost` and each child left out `UNPLACED_COST`, except a child the runs started from
    carry on a vehicle this problem does not have (a later pass's, a spot hire): left out, they
    keep the transport they had, so taking them in is a change like any other."""
    before = trips(start, alias)
    here = {v.id for v in problem.vehicles}
    elsewhere = {jid for jid, trip in before.items() if trip[0] not in here}
    group_of = {j.id: j.group for j in journeys if j.group}
    runs = [("k", r) for r in kept] + [("s", r) for r in searched]
    parent = list(range(len(runs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    seen: dict[str, int] = {}
    for i, (_, r) in enumerate(runs):
        keys = [f"v:{r.vehicle}"] + ([f"a:{r.assistant}"] if r.assistant else [])
        keys += [f"j:{jid}" for jid in r.journeys] + [f"g:{group_of[jid]}" for jid in r.journeys if jid in group_of]
        for key in keys:
            if key in seen:
                parent[find(i)] = find(seen[key])
            else:
                seen[key] = i
    pieces: dict[int, list[int]] = {}
    for i in range(len(runs)):
        pieces.setdefault(find(i), []).append(i)
    by_id = {j.id: j for j in journeys}
    chosen: list[Run] = []
    total_changed = 0
    for members in pieces.values():
        sides = {side: [runs[i][1] for i in members if runs[i][0] == side] for side in ("k", "s")}
        children = {jid for i in members for jid in runs[i][1].journeys}
        mine = [by_id[c] for c in children if c in by_id]
        prices: dict[str, tuple[float, int]] = {}
        for side, theirs in sides.items():
            on = {jid for r in theirs for jid in r.journeys}
            moved = changed(mine, theirs, before, weight)
            hours = sum(r.return_depot - r.leave_depot for r in theirs) / 3600
            left = sum(weight.get(c, 1) for c in children - on - elsewhere)
            money = sum(r.cost for r in theirs) + problem.cost_per_hour * hours
            if problem.ride_cost_per_hour:  # children's time on board, priced only where the council prices it
                money += sum(
                    weight.get(jid, 1) * ride_cost(problem, ride, by_id[jid].pickup_service if jid in by_id else 0.0)
                    for jid, ride in Solution(theirs).ride_times().items()
                )
            prices[side] = (money + change_cost * moved + UNPLACED_COST * left, moved)
        side = "s" if prices["s"][0] < prices["k"][0] - 1e-6 else "k"
        chosen += sides[side]
        total_changed += prices[side][1]
    order = {id(r): i for i, (_, r) in enumerate(runs)}
    chosen.sort(key=lambda r: order[id(r)])
    return Kept(chosen, total_changed)
