"""When each stop of a route can be served: the earliest schedule that keeps every time rule.

A route's times obey difference constraints only: each stop starts no sooner than the one
before it plus its service and the drive; every stop within its window; each child's ride (from
leaving the pickup to the start of setting down) within its limit; the run no longer than the
vehicle's longest. The least solution of such a system, if there is one, is found by pushing
times later until nothing moves (longest paths, Bellman-Ford style): a forward pass for the
drives and windows, then every pickup pushed late enough for its drop-off's ride limit and the
depot departure late enough for the run's length, and again from the earliest stop that moved.
It is exact: a route is accepted if and only if some schedule keeps every rule (up to EPS).

Node numbering (see arrays.py): request r is picked up at node r and set down at node m + r;
vehicle v leaves node 2m + 2v and returns to node 2m + 2v + 1.
"""

from __future__ import annotations

import numpy as np
from numba import njit

EPS = 1e-6
"""Seconds: how far past a window's end a time may fall to count as within it (the validator
allows 1e-3)."""


@njit(cache=True)
def least_schedule(inst, route, n, v, t, pos) -> bool:
    """Fill t[0..n+1] (depot departure, each stop's service start, depot return) with the earliest
    schedule of `route[:n]` on vehicle v; False when no schedule keeps every rule. `pos` is
    scratch of one slot per request."""
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst
    m = ride.shape[0]
    start = 2 * m + 2 * v
    end = start + 1
    t[0] = e[start]
    for k in range(1, n + 2):
        node = route[k - 1] if k <= n else end
        t[k] = e[node]
    lo = 0
    for _ in range(2 * n + 4):
        prev = start if lo == 0 else route[lo - 1]
        for k in range(lo + 1, n + 2):
            node = route[k - 1] if k <= n else end
            a = t[k - 1] + s[prev] + T[prev, node]
            if a > t[k]:
                t[k] = a
            if t[k] > l[node] + EPS:
                return False
            if node < m:
                pos[node] = k
            prev = node
        lo = n + 2
        for k in range(1, n + 1):
            node = route[k - 1]
            if node >= m:
                r = node - m
                p = pos[r]
                need = t[k] - s[r] - ride[r]
                if t[p] < need - 1e-9:
                    if need > l[r] + EPS:
                        return False
                    t[p] = need
                    if p < lo:
                        lo = p
        need = t[n + 1] - maxdur[v]
        if t[0] < need - 1e-9:
            if need > l[start] + EPS:
                return False
            t[0] = need
            lo = 0
        if lo == n + 2:
            return True
    return False


@njit(cache=True)
def route_distance(inst, route, n, v) -> float:
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst
    m = ride.shape[0]
    prev = 2 * m + 2 * v
    total = 0.0
    for k in range(n):
        total += D[prev, route[k]]
        prev = route[k]
    return total + D[prev, 2 * m + 2 * v + 1]


@njit(cache=True)
def route_cost(inst, route, n, v) -> float:
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst
    if n == 0:
        return 0.0
    return fixed[v] + rate[v] * route_distance(inst, route, n, v)


@njit(cache=True)
def loads_hold(inst, route, n, v) -> bool:
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst
    K = q.shape[1]
    load = np.zeros(K, dtype=np.int64)
    for k in range(n):
        for c in range(K):
            load[c] += q[route[k], c]
            if load[c] > cap[v, c]:
                return False
    return True
