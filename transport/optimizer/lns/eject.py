"""Feasibility first: place every request, ejecting others where one does not fit.

A guided ejection search (Nagata and Bräysy's route minimisation for time windows, as Nagata and
Kobayashi carried it to pickup and delivery): requests not yet placed wait in a pool; the last in
goes where it costs least if it fits anywhere; if not, into the route and places where it fits
once at most `most` requests of that route are taken out, choosing the ones whose counters add up
least (each request's counter is how often it has failed to fit, so requests hard to place stop
being ejected), and those go into the pool. After each step a few random ruin-and-recreate moves
that keep everyone placed shake the plan, whatever they cost, so that the pool meets new gaps.
Before ejecting anyone, a request that fits nowhere may fit once a whole route moves to another
crew option (`_recrew`): the same vehicle in another layout or with a PA, or the route's PA on
another vehicle; insertion alone never changes a route's crew, so a child needing a PA trained
in a skill could otherwise wait for a route of that PA's to empty.
Cost is not minimised here: the annealing of search.py does that once the pool is empty.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from transport.optimizer.lns.insert import INF, best_insertion, greedy, insert_at
from transport.optimizer.lns.ruin import RANDOM, RELATED, remove, ruin
from transport.optimizer.lns.schedule import least_schedule, loads_hold, route_cost


@njit(cache=True)
def _free_but(inst, lens, u, v):
    """No option of u's vehicle or assistant carries children, except v."""
    at, clash = inst[14], inst[15]
    for x in range(at[u], at[u + 1]):
        w = clash[x]
        if w != v and lens[w] > 0:
            return False
    return True


@njit(cache=True)
def _recrew(inst, routes, lens, costs, route_of, r, ws):
    """Move a whole route to an empty option where request r then fits too (the cheapest such);
    True if done."""
    carries = inst[12]
    m = route_of.shape[0]
    V = routes.shape[0]
    t, pos = ws[3], ws[4]
    best, bu, bv, bi, bj = INF, -1, -1, -1, -1
    for u in range(V):
        if lens[u] > 0 or not carries[r, u]:
            continue
        for v in range(V):
            n = lens[v]
            if n == 0 or not _free_but(inst, lens, u, v):
                continue
            fits = True
            for x in range(n):
                node = routes[v, x]
                if node < m and not carries[node, u]:
                    fits = False
                    break
            if not fits or not loads_hold(inst, routes[v], n, u) or not least_schedule(inst, routes[v], n, u, t, pos):
                continue
            delta, i, j = best_insertion(inst, r, u, routes[v], n, INF, 0.0, ws)
            if delta < INF:
                extra = route_cost(inst, routes[v], n, u) - costs[v] + delta
                if extra < best:
                    best, bu, bv, bi, bj = extra, u, v, i, j
    if bu < 0:
        return False
    n = lens[bv]
    routes[bu, :n] = routes[bv, :n]
    lens[bu] = n
    lens[bv] = 0
    costs[bv] = 0.0
    for x in range(n):
        if routes[bu, x] < m:
            route_of[routes[bu, x]] = bu
    insert_at(routes, lens, bu, r, m, bi, bj, ws[5])
    costs[bu] = route_cost(inst, routes[bu], lens[bu], bu)
    route_of[r] = bu
    return True


@njit(cache=True)
def _without(route, n, m, a, b, c, out):
    """route[:n] without the stops of requests a, b and c (-1: none) into out; its length."""
    k = 0
    for x in range(n):
        node = route[x]
        req = node if node < m else node - m
        if req == a or req == b or req == c:
            continue
        out[k] = node
        k += 1
    return k


@njit(cache=True)
def _eject(inst, routes, lens, costs, route_of, r, counters, most, ws, reduced, members):
    """Put request r into the route where it fits once the fewest-counted (at most `most`) of
    that route's requests are taken out; returns how many were taken out (their route_of set to
    -1, listed in members[:count]), or -1 if there is no such route."""
    m = route_of.shape[0]
    V = routes.shape[0]
    best, bv, ba, bb, bc = INF, -1, -1, -1, -1
    for v in range(V):
        n = lens[v]
        if n == 0:
            continue
        k = 0
        for x in range(n):
            if routes[v, x] < m:
                members[k] = routes[v, x]
                k += 1
        for x in range(k):
            a = members[x]
            sa = counters[a]
            if sa >= best:
                continue
            n1 = _without(routes[v], n, m, a, -1, -1, reduced)
            if best_insertion(inst, r, v, reduced, n1, INF, 0.0, ws)[0] < INF:
                best, bv, ba, bb, bc = sa + 0.5 * np.random.random(), v, a, -1, -1
                continue
            if most < 2:
                continue
            for y in range(x + 1, k):
                b = members[y]
                sb = sa + counters[b]
                if sb >= best:
                    continue
                n2 = _without(routes[v], n, m, a, b, -1, reduced)
                if best_insertion(inst, r, v, reduced, n2, INF, 0.0, ws)[0] < INF:
                    best, bv, ba, bb, bc = sb + 0.5 * np.random.random(), v, a, b, -1
                    continue
                if most < 3:
                    continue
                for z in range(y + 1, k):
                    c = members[z]
                    sc = sb + counters[c]
                    if sc >= best:
                        continue
                    n3 = _without(routes[v], n, m, a, b, c, reduced)
                    if best_insertion(inst, r, v, reduced, n3, INF, 0.0, ws)[0] < INF:
                        best, bv, ba, bb, bc = sc + 0.5 * np.random.random(), v, a, b, c
    if bv < 0:
        return -1
    n = _without(routes[bv], lens[bv], m, ba, bb, bc, reduced)
    routes[bv, :n] = reduced[:n]
    lens[bv] = n
    delta, i, j = best_insertion(inst, r, bv, routes[bv], n, INF, 0.0, ws)
    insert_at(routes, lens, bv, r, m, i, j, ws[5])
    costs[bv] = route_cost(inst, routes[bv], lens[bv], bv)
    route_of[r] = bv
    count = 0
    for x in (ba, bb, bc):
        if x >= 0:
            route_of[x] = -1
            members[count] = x
            count += 1
    return count


@njit(cache=True)
def _shake(inst, routes, lens, costs, route_of, moves, ws, times, out, keep):
    """`moves` random ruin-and-recreate moves, each kept only if it places everyone it took out."""
    k_routes, k_lens, k_costs, k_of = keep
    placed = 0
    for r in range(route_of.shape[0]):
        if route_of[r] >= 0:
            placed += 1
    for _ in range(moves):
        if placed < 2:
            return
        k_routes[:, :] = routes
        k_lens[:] = lens
        k_costs[:] = costs
        k_of[:] = route_of
        q = 2 + np.random.randint(min(4, placed - 1))
        ruin(RANDOM if np.random.random() < 0.5 else RELATED, inst, routes, lens, route_of, q, ws, times, out)
        order = remove(inst, routes, lens, costs, route_of, out, ws)
        np.random.shuffle(order)
        if greedy(inst, routes, lens, costs, route_of, order, order.shape[0], 0.3, ws) > 0:
            routes[:, :] = k_routes
            lens[:] = k_lens
            costs[:] = k_costs
            route_of[:] = k_of


@njit(cache=True)
def place_all(inst, cur, pool, pool_n, counters, steps, most, moves, ws):
    """Up to `steps` steps of the ejection search on cur (routes, lens, costs, route_of), with the
    unplaced requests in pool[:pool_n] (the last is taken first); returns the pool's new size.
    A request that fits nowhere even with `most` taken out goes to the bottom of the pool."""
    routes, lens, costs, route_of = cur
    m = route_of.shape[0]
    width = routes.shape[1]
    reduced = np.zeros(width + 2, dtype=np.int64)
    members = np.zeros(m, dtype=np.int64)
    times = np.zeros(inst[2].shape[0])
    out = np.zeros(m, dtype=np.bool_)
    keep = (routes.copy(), lens.copy(), costs.copy(), route_of.copy())
    one = np.zeros(1, dtype=np.int64)
    for _ in range(steps):
        if pool_n == 0:
            break
        r = pool[pool_n - 1]
        pool_n -= 1
        one[0] = r
        if greedy(inst, routes, lens, costs, route_of, one, 1, 0.0, ws) == 0 or _recrew(
            inst, routes, lens, costs, route_of, r, ws
        ):
            _shake(inst, routes, lens, costs, route_of, moves, ws, times, out, keep)
            continue
        counters[r] += 1
        count = _eject(inst, routes, lens, costs, route_of, r, counters, most, ws, reduced, members)
        if count < 0:
            for x in range(pool_n, 0, -1):
                pool[x] = pool[x - 1]
            pool[0] = r
            pool_n += 1
        else:
            for x in range(count):
                pool[pool_n] = members[x]
                pool_n += 1
        _shake(inst, routes, lens, costs, route_of, moves, ws, times, out, keep)
    return pool_n
