"""When each stop of a route can be served: the earliest schedule that keeps every time rule.

A route's times obey difference constraints only: each stop starts no sooner than the one
before it plus its service and the drive; every stop within its window; each child's ride (from
leaving the pickup to the start of setting down) within its limit; siblings sharing a home (or
a school) served there one after another (arrays.py: `tie`); the run no longer than the
vehicle's longest. The least solution of such a system, if there is one, is found by pushing
times later until nothing moves (longest paths, Bellman-Ford style): a forward pass for the
drives and windows, then every pickup pushed late enough for its drop-off's ride limit, every
sibling late enough for the one after them at the same place, and the depot departure late
enough for the run's length, and again from the earliest stop that moved.
It is exact: a route is accepted if and only if some schedule keeps every rule (up to EPS).

What a route costs (`route_cost`): its money (fixed cost, mileage, continuity), and, where the
problem puts a price on children's time on board, their summed ride under the best of three
schedules (`ride_schedule`): the earliest, the latest (the greatest solution, found the same way
backwards), and the earliest that leaves the depot as late as the latest does (boarding late and
arriving early, the usual good one on a morning run). The runs the search hands back keep the
schedule their cost was counted at.

Node numbering (see arrays.py): request r is picked up at node r and set down at node m + r;
vehicle v leaves node 2m + 2v and returns to node 2m + 2v + 1.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from transport.optimizer.lns.siblings import ties_at

EPS = 1e-6
"""Seconds: how far past a window's end a time may fall to count as within it (the validator
allows 1e-3)."""


@njit(cache=True)
def least_schedule(inst, route, n, v, t, pos) -> bool:
    """Fill t[0..n+1] (depot departure, each stop's service start, depot return) with the earliest
    schedule of `route[:n]` on vehicle v; False when no schedule keeps every rule. `pos` is
    scratch of one slot per stop (2m)."""
    return least_from(inst, route, n, v, t, pos, inst[2][2 * inst[6].shape[0] + 2 * v])


@njit(cache=True)
def least_from(inst, route, n, v, t, pos, leave) -> bool:
    """least_schedule, leaving the depot no sooner than `leave`."""
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst[:12]
    sib, tie_gap = inst[21], inst[22]
    ties = tie_gap.shape[0] > 0
    at, tie = ties_at(inst) if ties else (0, 0)
    m = ride.shape[0]
    start = 2 * m + 2 * v
    end = start + 1
    t[0] = leave if leave > e[start] else e[start]
    if t[0] > l[start] + EPS:
        return False
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
            elif ties and k <= n:
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
        if ties:
            # A sibling at the same place earlier in the route starts there no sooner than gap before.
            for k in range(1, n + 1):
                node = route[k - 1]
                for x in range(sib[at + node], sib[at + node + 1]):
                    other = sib[tie + x]
                    p = pos[other]
                    if p < 1 or p >= k or route[p - 1] != other:
                        continue
                    need = t[k] - tie_gap[x]
                    if t[p] < need - 1e-9:
                        if need > l[other] + EPS:
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
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst[:12]
    m = ride.shape[0]
    prev = 2 * m + 2 * v
    total = 0.0
    for k in range(n):
        total += D[prev, route[k]]
        prev = route[k]
    return total + D[prev, 2 * m + 2 * v + 1]


@njit(cache=True)
def money(inst, route, n, v) -> float:
    """Fixed cost, mileage and continuity (what leaving their previous crew costs each child)."""
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst[:12]
    change = inst[13]
    if n == 0:
        return 0.0
    total = fixed[v] + rate[v] * route_distance(inst, route, n, v)
    m = ride.shape[0]
    for k in range(n):
        if route[k] < m:
            total += change[route[k], v]
    return total


@njit(cache=True)
def route_cost(inst, route, n, v) -> float:
    """Money, and the children's time on board at its price (when there is one)."""
    total = money(inst, route, n, v)
    if n == 0 or inst[20][0] <= 0.0:
        return total
    t = np.zeros(n + 4)
    pos = np.zeros(2 * inst[6].shape[0], dtype=np.int64)
    return total + inst[20][0] * ride_schedule(inst, route, n, v, t, pos)


@njit(cache=True)
def riding(inst, route, n, t) -> float:
    """Children's summed seconds on board under schedule t (each request's children counted),
    each second past the long ride (from boarding) counting 1 + weight (ride_price.py)."""
    s, ride = inst[4], inst[6]
    children, offset = inst[18], inst[19]
    long_ride, weight = inst[20][1], inst[20][2]
    m = ride.shape[0]
    board = np.zeros(m)
    total = 0.0
    for k in range(n):
        node = route[k]
        if node < m:
            board[node] = t[k + 1] + s[node]
        else:
            r = node - m
            total += children[r] * (t[k + 1] - board[r]) + offset[r]
            over = t[k + 1] - board[r] + s[r] - long_ride
            if over > 0.0:
                total += children[r] * weight * over
    return total


@njit(cache=True)
def ride_schedule(inst, route, n, v, t, pos) -> float:
    """The least summed ride of three schedules (earliest, latest, earliest after the latest's
    departure), left in t; 1e300 when the route has no schedule."""
    best = 1e300
    keep = np.zeros(n + 2)
    if latest_schedule(inst, route, n, v, t, pos):
        leave = t[0]
        best = riding(inst, route, n, t)
        keep[:] = t[: n + 2]
        if least_from(inst, route, n, v, t, pos, leave):
            x = riding(inst, route, n, t)
            if x < best - 1e-9:
                best = x
                keep[:] = t[: n + 2]
    if least_schedule(inst, route, n, v, t, pos):
        x = riding(inst, route, n, t)
        if x < best - 1e-9:
            best = x
            keep[:] = t[: n + 2]
    t[: n + 2] = keep
    return best


@njit(cache=True)
def latest_schedule(inst, route, n, v, t, pos) -> bool:
    """The latest schedule of `route[:n]` on vehicle v (the mirror of least_schedule: times
    pulled earlier until nothing moves); False when there is none. `pos` is scratch of one slot
    per stop."""
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst[:12]
    sib, tie_gap = inst[21], inst[22]
    ties = tie_gap.shape[0] > 0
    at, tie = ties_at(inst) if ties else (0, 0)
    m = ride.shape[0]
    start = 2 * m + 2 * v
    end = start + 1
    t[0] = l[start]
    for k in range(1, n + 2):
        node = route[k - 1] if k <= n else end
        t[k] = l[node]
    hi = n + 1
    for _ in range(2 * n + 4):
        nxt = end if hi == n + 1 else route[hi - 1]
        for k in range(hi - 1, -1, -1):
            node = route[k - 1] if k >= 1 else start
            b = t[k + 1] - s[node] - T[node, nxt]
            if b < t[k]:
                t[k] = b
            if t[k] < e[node] - EPS:
                return False
            if node >= m and node < 2 * m:
                pos[node] = k
            elif ties and k >= 1:
                pos[node] = k
            nxt = node
        hi = -1
        for k in range(1, n + 1):
            node = route[k - 1]
            if node < m:
                d = pos[m + node]
                most = t[k] + s[node] + ride[node]
                if t[d] > most + 1e-9:
                    if most < e[m + node] - EPS:
                        return False
                    t[d] = most
                    if d > hi:
                        hi = d
        if ties:
            # A sibling at the same place later in the route starts there no later than gap after.
            for k in range(1, n + 1):
                node = route[k - 1]
                for x in range(sib[at + node], sib[at + node + 1]):
                    other = sib[tie + x]
                    d = pos[other]
                    if d <= k or d > n or route[d - 1] != other:
                        continue
                    most = t[k] + tie_gap[x]
                    if t[d] > most + 1e-9:
                        if most < e[other] - EPS:
                            return False
                        t[d] = most
                        if d > hi:
                            hi = d
        most = t[0] + maxdur[v]
        if t[n + 1] > most + 1e-9:
            if most < e[end] - EPS:
                return False
            t[n + 1] = most
            hi = n + 1
        if hi < 0:
            return True
    return False


@njit(cache=True)
def blocked(inst, lens, v) -> bool:
    """Option v's vehicle or assistant already carries children on another option."""
    at, clash = inst[14], inst[15]
    for x in range(at[v], at[v + 1]):
        if lens[clash[x]] > 0:
            return True
    return False


@njit(cache=True)
def avoided(inst, r, route, n) -> bool:
    """Some request on the route must not share a run with request r."""
    at, avoid = inst[16], inst[17]
    m = inst[6].shape[0]
    if at[r + 1] == at[r]:
        return False
    for k in range(n):
        node = route[k]
        if node < m:
            for x in range(at[r], at[r + 1]):
                if avoid[x] == node:
                    return True
    return False


@njit(cache=True)
def loads_hold(inst, route, n, v) -> bool:
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst[:12]
    K = q.shape[1]
    load = np.zeros(K, dtype=np.int64)
    for k in range(n):
        for c in range(K):
            load[c] += q[route[k], c]
            if load[c] > cap[v, c]:
                return False
    return True
