"""Ways to take requests out of a plan, so that recreating it can put them somewhere better.

Each marks the requests to remove in `out` (a flag per request) and returns how many it marked:
random ones; related ones (Shaw: close in place and in the time they are served, as the
current plan serves them); strings of consecutive stops from routes near a seed request (the
slack-inducing string removal of Christiaens and Vanden Berghe, for pairs: a request goes if
either of its stops is in the string); whole routes; and the costliest (what the route would
save without them). Where there is a choice, it leans towards the best by a random power. A
sibling's siblings go with them (lns/siblings.py), so that the group can go back in together.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from transport.optimizer.lns.schedule import least_schedule, route_cost
from transport.optimizer.lns.siblings import close_groups

RANDOM, RELATED, STRINGS, ROUTES, WORST = 0, 1, 2, 3, 4
OPERATORS = 5
STRING_LENGTH = 10
"""The longest string of stops taken from one route."""


@njit(cache=True)
def served_times(inst, routes, lens, ws, times):
    """Each stop's service start in the current plan (for relatedness)."""
    t, pos = ws[3], ws[4]
    for v in range(routes.shape[0]):
        n = lens[v]
        if n and least_schedule(inst, routes[v], n, v, t, pos):
            for k in range(n):
                times[routes[v, k]] = t[k + 1]


@njit(cache=True)
def relatedness(inst, times, a, b):
    T = inst[0]
    m = inst[6].shape[0]
    return T[a, b] + T[m + a, m + b] + abs(times[a] - times[b]) + abs(times[m + a] - times[m + b])


@njit(cache=True)
def _assigned(route_of):
    m = route_of.shape[0]
    count = 0
    for r in range(m):
        if route_of[r] >= 0:
            count += 1
    ids = np.empty(count, dtype=np.int64)
    k = 0
    for r in range(m):
        if route_of[r] >= 0:
            ids[k] = r
            k += 1
    return ids


@njit(cache=True)
def ruin(op, inst, routes, lens, route_of, q, ws, times, out):
    count = _mark(op, inst, routes, lens, route_of, q, ws, times, out)
    return count + close_groups(inst, route_of, out)


@njit(cache=True)
def _mark(op, inst, routes, lens, route_of, q, ws, times, out):
    m = route_of.shape[0]
    out[:] = False
    ids = _assigned(route_of)
    if ids.shape[0] == 0:
        return 0
    if q > ids.shape[0]:
        q = ids.shape[0]
    if op == RANDOM:
        np.random.shuffle(ids)
        for k in range(q):
            out[ids[k]] = True
        return q
    if op == RELATED or op == STRINGS:
        served_times(inst, routes, lens, ws, times)
        seed = ids[np.random.randint(ids.shape[0])]
        if op == RELATED:
            return _related(inst, ids, seed, q, times, out)
        return _strings(inst, routes, lens, route_of, ids, seed, q, times, out)
    if op == ROUTES:
        order = np.random.permutation(routes.shape[0])
        taken = 0
        for v in order:
            if lens[v] == 0:
                continue
            for k in range(lens[v]):
                node = routes[v, k]
                if node < m and not out[node]:
                    out[node] = True
                    taken += 1
            if taken >= q:
                break
        return taken
    return _worst(inst, routes, lens, route_of, ids, q, out)


@njit(cache=True)
def _related(inst, ids, seed, q, times, out):
    """Ropke and Pisinger's Shaw removal: each next one related to one already taken."""
    taken = np.empty(q, dtype=np.int64)
    taken[0] = seed
    out[seed] = True
    count = 1
    score = np.empty(ids.shape[0])
    while count < q:
        ref = taken[np.random.randint(count)]
        for k in range(ids.shape[0]):
            score[k] = 1e300 if out[ids[k]] else relatedness(inst, times, ref, ids[k])
        order = np.argsort(score)
        left = ids.shape[0] - count
        pick = order[int(np.random.random() ** 6 * left)]
        out[ids[pick]] = True
        taken[count] = ids[pick]
        count += 1
    return count


@njit(cache=True)
def _strings(inst, routes, lens, route_of, ids, seed, q, times, out):
    m = route_of.shape[0]
    score = np.empty(ids.shape[0])
    for k in range(ids.shape[0]):
        score[k] = relatedness(inst, times, seed, ids[k])
    order = np.argsort(score)
    done = np.zeros(routes.shape[0], dtype=np.bool_)
    count = 0
    for k in order:
        r = ids[k]
        v = route_of[r]
        if done[v]:
            continue
        done[v] = True
        n = lens[v]
        at = 0
        for x in range(n):
            if routes[v, x] == r or routes[v, x] == m + r:
                at = x
                break
        length = 1 + np.random.randint(min(STRING_LENGTH, n))
        first = at - np.random.randint(length)
        if first < 0:
            first = 0
        if first + length > n:
            first = n - length
        for x in range(first, first + length):
            node = routes[v, x]
            req = node if node < m else node - m
            if not out[req]:
                out[req] = True
                count += 1
        if count >= q:
            break
    return count


@njit(cache=True)
def _worst(inst, routes, lens, route_of, ids, q, out):
    """What each request's stops add to its route's distance, the largest removed first (with a
    random lean, recomputed after each removal would be dearer: computed once)."""
    D = inst[1]
    m = route_of.shape[0]
    saving = np.zeros(ids.shape[0])
    for k in range(ids.shape[0]):
        r = ids[k]
        v = route_of[r]
        n = lens[v]
        start = 2 * m + 2 * v
        for x in range(n):
            node = routes[v, x]
            if node == r or node == m + r:
                a = routes[v, x - 1] if x > 0 else start
                b = routes[v, x + 1] if x + 1 < n else start + 1
                saving[k] += D[a, node] + D[node, b] - D[a, b]
        saving[k] = -saving[k]
    order = np.argsort(saving)
    count = 0
    left = ids.shape[0]
    while count < q:
        pick = int(np.random.random() ** 3 * left)
        # take the pick-th of those not yet taken
        seen = -1
        for k in order:
            if not out[ids[k]]:
                seen += 1
                if seen == pick:
                    out[ids[k]] = True
                    break
        count += 1
        left -= 1
    return count


@njit(cache=True)
def remove(inst, routes, lens, costs, route_of, out, ws):
    """Take the marked requests out of their routes; a route that no longer holds (only where the
    matrix breaks the triangle inequality) loses every request. Returns the requests removed, in
    an array."""
    m = route_of.shape[0]
    t, pos = ws[3], ws[4]
    for v in range(routes.shape[0]):
        n = lens[v]
        k = 0
        changed = False
        for x in range(n):
            node = routes[v, x]
            req = node if node < m else node - m
            if out[req]:
                changed = True
                continue
            routes[v, k] = node
            k += 1
        if changed:
            lens[v] = k
            if k and not least_schedule(inst, routes[v], k, v, t, pos):
                for x in range(k):
                    node = routes[v, x]
                    if node < m:
                        out[node] = True
                lens[v] = 0
            costs[v] = route_cost(inst, routes[v], lens[v], v)
    count = 0
    for r in range(m):
        if out[r]:
            route_of[r] = -1
            count += 1
    removed = np.empty(count, dtype=np.int64)
    k = 0
    for r in range(m):
        if out[r]:
            removed[k] = r
            k += 1
    return removed
