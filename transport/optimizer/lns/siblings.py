"""Siblings in the search: those not combined into one journey (siblings.py: two schools, two
homes) are held on one route by a price, and on one route they ride together.

As in the OR-Tools model: being on one vehicle is soft (each route more than one that a group's
placed children use costs SPLIT, a little under leaving a child out, so that siblings no route
can take together are each placed rather than left out, and the plan says so); riding together
is hard where they share a route: every sibling on the route is picked up before any is set
down (`order_bounds`, `together`), and siblings sharing a home or a school are served there one
after another (the schedule's `tie` constraints, schedule.py). Groups of siblings who must not
travel together are dissolved before the search (siblings.untangle): that rule wins.

Arrays (arrays.py): `group[r]` (-1: none) and each group's requests, `group_at`/`group_members`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

SPLIT = 5e11
"""What the search counts for each route beyond the first that a sibling group's children use:
far above any plan's money, and half the price of a child left out (lns.PENALTY)."""


@njit(cache=True)
def grouped(inst) -> bool:
    """The problem has sibling groups."""
    return inst[22].shape[0] > 1


@njit(cache=True)
def order_bounds(inst, r, route, n):
    """(first, last): where request r joins siblings already on the route, its pickup goes after
    position i <= first (before any sibling is set down) and its drop-off after position
    j >= last (once every sibling is on board); (n, 0) where it has none there."""
    group = inst[21]
    g = group[r]
    first, last = n, 0
    if g < 0:
        return first, last
    m = inst[6].shape[0]
    for k in range(n):
        node = route[k]
        req = node if node < m else node - m
        if req != r and group[req] == g:
            if node < m:
                last = k + 1
            elif first == n:
                first = k
    return first, last


@njit(cache=True)
def together(inst, route, n) -> bool:
    """Every sibling group on the route has all its children on board before any is set down."""
    group = inst[21]
    if not grouped(inst):
        return True
    m = inst[6].shape[0]
    dropped = np.zeros(inst[22].shape[0] - 1, dtype=np.bool_)
    for k in range(n):
        node = route[k]
        g = group[node if node < m else node - m]
        if g < 0:
            continue
        if node >= m:
            dropped[g] = True
        elif dropped[g]:
            return False
    return True


@njit(cache=True)
def split_cost(inst, r, v, route_of) -> float:
    """What putting request r on route v adds in SPLIT: nothing if it has no sibling placed or
    one on v, else one more route for its group."""
    g = inst[21][r]
    if g < 0:
        return 0.0
    at, members = inst[22], inst[23]
    placed = False
    for x in range(at[g], at[g + 1]):
        o = members[x]
        if o != r and route_of[o] >= 0:
            if route_of[o] == v:
                return 0.0
            placed = True
    return SPLIT if placed else 0.0


@njit(cache=True)
def splits(inst, route_of) -> int:
    """How many routes beyond the first each group's placed children use, summed."""
    at, members = inst[22], inst[23]
    total = 0
    for g in range(at.shape[0] - 1):
        for x in range(at[g], at[g + 1]):
            v = route_of[members[x]]
            if v < 0:
                continue
            first = True
            for y in range(at[g], x):
                if route_of[members[y]] == v:
                    first = False
                    break
            if first:
                total += 1
        # the first route a group uses is free
        for x in range(at[g], at[g + 1]):
            if route_of[members[x]] >= 0:
                total -= 1
                break
    return total


@njit(cache=True)
def close_groups(inst, route_of, out) -> int:
    """Mark for removal the placed siblings of every request marked, so that a group goes back
    in together (insert.py puts siblings waiting together into one route); how many were added."""
    if not grouped(inst):
        return 0
    group, at, members = inst[21], inst[22], inst[23]
    added = 0
    for r in range(route_of.shape[0]):
        g = group[r]
        if not out[r] or g < 0:
            continue
        for x in range(at[g], at[g + 1]):
            o = members[x]
            if not out[o] and route_of[o] >= 0:
                out[o] = True
                added += 1
    return added
