"""Siblings in the search: those not combined into one journey (siblings.py: two schools, two
homes) are held on one route by a price, and on one route they ride together.

As in the OR-Tools model: being on one vehicle is soft (each route more than one that a group's
placed children use costs SPLIT, a little under leaving a child out, so that siblings no route
can take together are each placed rather than left out, and the plan says so); riding together
is hard where they share a route: every sibling on the route is picked up before any is set
down (`order_bounds`, `together`), and siblings sharing a home or a school are served there one
after another (the schedule's `tie` constraints, schedule.py). Groups of siblings who must not
travel together are dissolved before the search (siblings.untangle): that rule wins.

Arrays (arrays.py): `inst[21]` packs, as int64, [G, m, each request's group (-1: none) (m),
each group's first entry in the members (G + 1), the groups' members, each stop's first tie
(2m + 1), the ties (stops)]; `inst[22]` is each tie's gap in seconds.
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
    return inst[21][0] > 0


@njit(cache=True)
def group_of(inst, r) -> int:
    """Request r's sibling group, -1 for none."""
    return inst[21][2 + r]


@njit(cache=True)
def members(inst, g):
    """(lo, hi): group g's requests are inst[21][lo:hi]."""
    sib = inst[21]
    at = 2 + sib[1]
    first = at + sib[0] + 1
    return first + sib[at + g], first + sib[at + g + 1]


@njit(cache=True)
def ties_at(inst):
    """(at, ties): stop x's ties are inst[21][ties + k] for k in inst[21][at + x] ..
    inst[21][at + x + 1], with gaps inst[22][k]."""
    sib = inst[21]
    G, m = sib[0], sib[1]
    group_at = 2 + m
    at = group_at + G + 1 + sib[group_at + G]
    return at, at + 2 * m + 1


@njit(cache=True)
def order_bounds(inst, r, route, n):
    """(first, last): where request r joins siblings already on the route, its pickup goes after
    position i <= first (before any sibling is set down) and its drop-off after position
    j >= last (once every sibling is on board); (n, 0) where it has none there."""
    g = group_of(inst, r)
    first, last = n, 0
    if g < 0:
        return first, last
    m = inst[6].shape[0]
    for k in range(n):
        node = route[k]
        req = node if node < m else node - m
        if req != r and group_of(inst, req) == g:
            if node < m:
                last = k + 1
            elif first == n:
                first = k
    return first, last


@njit(cache=True)
def together(inst, route, n) -> bool:
    """Every sibling group on the route has all its children on board before any is set down."""
    if not grouped(inst):
        return True
    m = inst[6].shape[0]
    dropped = np.zeros(inst[21][0], dtype=np.bool_)
    for k in range(n):
        node = route[k]
        g = group_of(inst, node if node < m else node - m)
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
    g = group_of(inst, r)
    if g < 0:
        return 0.0
    sib = inst[21]
    lo, hi = members(inst, g)
    placed = False
    for x in range(lo, hi):
        o = sib[x]
        if o != r and route_of[o] >= 0:
            if route_of[o] == v:
                return 0.0
            placed = True
    return SPLIT if placed else 0.0


@njit(cache=True)
def splits(inst, route_of) -> int:
    """How many routes beyond the first each group's placed children use, summed."""
    sib = inst[21]
    total = 0
    for g in range(sib[0]):
        lo, hi = members(inst, g)
        for x in range(lo, hi):
            v = route_of[sib[x]]
            if v < 0:
                continue
            first = True
            for y in range(lo, x):
                if route_of[sib[y]] == v:
                    first = False
                    break
            if first:
                total += 1
        # the first route a group uses is free
        for x in range(lo, hi):
            if route_of[sib[x]] >= 0:
                total -= 1
                break
    return total


@njit(cache=True)
def close_groups(inst, route_of, out) -> int:
    """Mark for removal the placed siblings of every request marked, so that a group goes back
    in together (insert.py puts siblings waiting together into one route); how many were added."""
    if not grouped(inst):
        return 0
    sib = inst[21]
    added = 0
    for r in range(route_of.shape[0]):
        g = group_of(inst, r)
        if not out[r] or g < 0:
            continue
        lo, hi = members(inst, g)
        for x in range(lo, hi):
            o = sib[x]
            if not out[o] and route_of[o] >= 0:
                out[o] = True
                added += 1
    return added
