"""The cheapest place in a route for one more request, and greedy recreation of a plan.

For every pickup position i and drop-off position j >= i, cheap necessary conditions come
first: the load in every dimension along the stretch the child is on board, each window met by
the earliest arrivals (the stops after the new ones shifted forward, compared with the latest
start that still lets the rest of the route keep its windows), and the ride at least the drive.
The survivors are sorted by the extra cost, and the exact schedule check (schedule.py) runs on
them in that order until one holds: that one is the cheapest feasible insertion. Where the
children's time on board has a price, the extra cost is known only once the route has a
schedule (schedule.ride_schedule): the survivors are checked in order of their money (and the
new child's ride at the least, their direct drive), and of the first few that hold the cheapest
wins.

The rules beyond dial-a-ride are checked first of all: the option must carry the child (room, a
PA with the skills), and nobody on the route be someone the child must not travel with. An empty
route whose vehicle or assistant another option already uses is not tried (`blocked`, in the
callers). A sibling joining siblings on the route is picked up before any of them is set down
and set down once all are on board (lns/siblings.py); a route other than the one their placed
siblings are on costs SPLIT more, and siblings waiting together go into one route together
where one takes them all (`_with_siblings`), before anyone else by regret.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from transport.optimizer.lns.schedule import EPS, avoided, blocked, least_schedule, ride_schedule
from transport.optimizer.lns.siblings import group_of, grouped, order_bounds, split_cost

INF = 1e300
TRIED = 8
"""With a price on ride time: how many insertions that hold are costed in full."""


@njit(cache=True)
def workspace(inst, width):
    """Scratch arrays for one search: width is the longest a route can be."""
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst[:12]
    m = ride.shape[0]
    K = q.shape[1]
    pairs = (width + 2) * (width + 3) // 2
    return (
        np.zeros(width + 2),  # asap
        np.zeros(width + 2),  # lat
        np.zeros((width + 2, K), dtype=np.int64),  # load after each position
        np.zeros(width + 4),  # t
        np.zeros(2 * m, dtype=np.int64),  # pos (a slot per stop)
        np.zeros(width + 4, dtype=np.int64),  # buf
        np.zeros(pairs),  # candidate deltas
        np.zeros(pairs, dtype=np.int64),  # candidate i
        np.zeros(pairs, dtype=np.int64),  # candidate j
    )


@njit(cache=True)
def place(route, n, pickup, dropoff, i, j, out):
    """route with pickup inserted after position i and drop-off after position j (positions count
    the start depot as 0, so 'after position i' is array index i) into out; returns the length."""
    k = 0
    for a in range(n + 1):
        if a == i:
            out[k] = pickup
            k += 1
        if a == j:
            out[k] = dropoff
            k += 1
        if a < n:
            out[k] = route[a]
            k += 1
    return k


@njit(cache=True)
def best_insertion(inst, r, v, route, n, limit, blink, ws):
    """(extra cost, i, j) of the cheapest feasible insertion of request r into vehicle v's route
    costing less than limit; extra cost INF if there is none. With probability `blink` each
    candidate is passed over (randomness for the search)."""
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst[:12]
    asap, lat, ld, t, pos, buf, cd, ci, cj = ws
    m = ride.shape[0]
    K = q.shape[1]
    p = r
    d = m + r
    start = 2 * m + 2 * v
    end = start + 1
    if not inst[12][r, v] or avoided(inst, r, route, n):
        return INF, -1, -1
    for c in range(K):
        if q[p, c] > cap[v, c]:
            return INF, -1, -1
    ride_rate = inst[20][0]
    # What the request costs before any detour: opening the route, continuity, and (with a price
    # on ride time) at least its own direct ride.
    opened = (fixed[v] if n == 0 else 0.0) + inst[13][r, v]
    if ride_rate > 0.0:
        opened += ride_rate * (inst[18][r] * T[p, d] + inst[19][r])
    # Siblings on the route: all on board before any is set down.
    first, last = order_bounds(inst, r, route, n)
    # Earliest starts (windows only), loads, and latest starts keeping later windows.
    asap[0] = e[start]
    for c in range(K):
        ld[0, c] = 0
    prev = start
    for k in range(1, n + 2):
        node = route[k - 1] if k <= n else end
        a = asap[k - 1] + s[prev] + T[prev, node]
        asap[k] = a if a > e[node] else e[node]
        if k <= n:
            for c in range(K):
                ld[k, c] = ld[k - 1, c] + q[node, c]
        prev = node
    lat[n + 1] = l[end]
    for k in range(n, -1, -1):
        node = route[k - 1] if k >= 1 else start
        nxt = route[k] if k < n else end
        b = lat[k + 1] - s[node] - T[node, nxt]
        lat[k] = b if b < l[node] else l[node]
    count = 0
    for i in range(first + 1):
        fits = True
        for c in range(K):
            if ld[i, c] + q[p, c] > cap[v, c]:
                fits = False
        if not fits:
            continue
        a_node = route[i - 1] if i >= 1 else start
        ep = asap[i] + s[a_node] + T[a_node, p]
        if ep < e[p]:
            ep = e[p]
        if ep > l[p] + EPS:
            continue
        after_i = route[i] if i < n else end
        add_p = D[a_node, p] + D[p, after_i] - D[a_node, after_i]
        cur = ep
        prev = p
        chain = 0.0
        for j in range(i, n + 1):
            if j > i:
                b = route[j - 1]
                bad = False
                for c in range(K):
                    if ld[j, c] + q[p, c] > cap[v, c]:
                        bad = True
                if bad:
                    break
                a = cur + s[prev] + T[prev, b]
                chain += s[prev] + T[prev, b]
                cur = a if a > e[b] else e[b]
                if cur > lat[j] + EPS or chain + s[b] - s[p] > ride[r] + EPS:
                    break
                prev = b
            if j < last:
                continue
            ed = cur + s[prev] + T[prev, d]
            if ed < e[d]:
                ed = e[d]
            if ed > l[d] + EPS:
                continue
            if chain + s[prev] + T[prev, d] - s[p] > ride[r] + EPS:
                continue
            nxt = route[j] if j < n else end
            if ed + s[d] + T[d, nxt] > lat[j + 1] + EPS:
                continue
            if j == i:
                extra = D[a_node, p] + D[p, d] + D[d, after_i] - D[a_node, after_i]
            else:
                extra = add_p + D[prev, d] + D[d, nxt] - D[prev, nxt]
            delta = opened + rate[v] * extra
            if delta >= limit:
                continue
            if blink > 0.0 and np.random.random() < blink:
                continue
            cd[count] = delta
            ci[count] = i
            cj[count] = j
            count += 1
    if count == 0:
        return INF, -1, -1
    order = np.argsort(cd[:count])
    if ride_rate <= 0.0:
        for o in order:
            k = place(route, n, p, d, ci[o], cj[o], buf)
            if least_schedule(inst, buf, k, v, t, pos):
                return cd[o], ci[o], cj[o]
        return INF, -1, -1
    # The ride the route has now, then each survivor's (cd held the new child's least ride).
    before = ride_schedule(inst, route, n, v, t, pos) if n else 0.0
    least = ride_rate * (inst[18][r] * T[p, d] + inst[19][r])
    best, bi, bj, tried = INF, -1, -1, 0
    for o in order:
        if cd[o] >= best:
            break
        k = place(route, n, p, d, ci[o], cj[o], buf)
        if not least_schedule(inst, buf, k, v, t, pos):
            continue
        x = cd[o] - least + ride_rate * (ride_schedule(inst, buf, k, v, t, pos) - before)
        if x < best:
            best, bi, bj = x, ci[o], cj[o]
        tried += 1
        if tried >= TRIED:
            break
    if best >= limit:
        return INF, -1, -1
    return best, bi, bj


@njit(cache=True)
def insert_at(routes, lens, v, r, m, i, j, buf):
    n = lens[v]
    k = place(routes[v], n, r, m + r, i, j, buf)
    routes[v, :k] = buf[:k]
    lens[v] = k


@njit(cache=True)
def greedy(inst, routes, lens, costs, route_of, order, count, blink, ws):
    """Insert the requests order[:count], in that order, each where it costs least (siblings
    waiting together all at once, where a route takes them all); returns how many found no
    place (left with route_of -1). Of several empty routes on vehicles alike, only the first is
    tried."""
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst[:12]
    m = ride.shape[0]
    V = routes.shape[0]
    buf = ws[5]
    seen_empty = np.zeros(V, dtype=np.bool_)
    siblings = grouped(inst)
    size = routes.shape[1] + 4 if siblings else 1
    trial, kept = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
    kids = np.zeros(m if siblings else 1, dtype=np.int64)
    missed = 0
    for x in range(count):
        r = order[x]
        if route_of[r] >= 0:
            continue  # placed with its siblings
        if siblings and group_of(inst, r) >= 0:
            if _with_siblings(inst, routes, lens, costs, route_of, order, x, count, blink, ws, trial, kept, kids):
                continue
        best, bv, bi, bj, bsplit = INF, -1, -1, -1, 0.0
        seen_empty[:] = False
        for v in range(V):
            if lens[v] == 0:
                if seen_empty[vtype[v]] or blocked(inst, lens, v):
                    continue
                seen_empty[vtype[v]] = True
            sp = split_cost(inst, r, v, route_of) if siblings else 0.0
            delta, i, j = best_insertion(inst, r, v, routes[v], lens[v], best - sp, blink, ws)
            if delta + sp < best:
                best, bv, bi, bj, bsplit = delta + sp, v, i, j, sp
        if bv < 0:
            route_of[r] = -1
            missed += 1
            continue
        insert_at(routes, lens, bv, r, m, bi, bj, buf)
        costs[bv] += best - bsplit
        route_of[r] = bv
    return missed


@njit(cache=True)
def _with_siblings(inst, routes, lens, costs, route_of, order, x, count, blink, ws, trial, kept, kids):
    """Put order[x] and its siblings waiting in order[x + 1 : count] into the one route that takes
    them all for least (each in turn where it costs least); False, with nothing done, where
    there are none waiting or no route takes them all."""
    vtype = inst[11]
    m = inst[6].shape[0]
    V = routes.shape[0]
    buf = ws[5]
    g = group_of(inst, order[x])
    k = 0
    for y in range(x, count):
        o = order[y]
        if route_of[o] < 0 and group_of(inst, o) == g:
            kids[k] = o
            k += 1
    if k < 2:
        return False
    seen_empty = np.zeros(V, dtype=np.bool_)
    best, bv, bn, bsplit = INF, -1, 0, 0.0
    for v in range(V):
        if lens[v] == 0:
            if seen_empty[vtype[v]] or blocked(inst, lens, v):
                continue
            seen_empty[vtype[v]] = True
        sp = split_cost(inst, kids[0], v, route_of)
        n = lens[v]
        trial[:n] = routes[v, :n]
        total = sp
        for c in range(k):
            delta, i, j = best_insertion(inst, kids[c], v, trial, n, best - total, blink, ws)
            if delta >= INF:
                total = INF
                break
            n = place(trial, n, kids[c], m + kids[c], i, j, buf)
            trial[:n] = buf[:n]
            total += delta
        if total < best:
            best, bv, bn, bsplit = total, v, n, sp
            kept[:n] = trial[:n]
    if bv < 0:
        return False
    routes[bv, :bn] = kept[:bn]
    lens[bv] = bn
    costs[bv] += best - bsplit
    for c in range(k):
        route_of[kids[c]] = bv
    return True


@njit(cache=True)
def regret(inst, routes, lens, costs, route_of, pending, count, blink, ws):
    """Insert the requests pending[:count] by regret: next, the one that would lose most by not
    getting its cheapest route now (the second-cheapest route's cost minus the cheapest's; one
    with a single route first of all). Each request's best place in each route is kept until that
    route changes. Siblings go first, by greedy (together where a route takes them all).
    Returns how many found no place."""
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst[:12]
    m = ride.shape[0]
    V = routes.shape[0]
    buf = ws[5]
    missed = 0
    if grouped(inst):
        first = np.empty(count, dtype=np.int64)
        rest = np.empty(count, dtype=np.int64)
        a, b = 0, 0
        for x in range(count):
            if group_of(inst, pending[x]) >= 0:
                first[a] = pending[x]
                a += 1
            else:
                rest[b] = pending[x]
                b += 1
        if a:
            missed += greedy(inst, routes, lens, costs, route_of, first, a, blink, ws)
            pending, count = rest, b
    delta = np.full((count, V), INF)
    at_i = np.zeros((count, V), dtype=np.int64)
    at_j = np.zeros((count, V), dtype=np.int64)
    fresh = np.zeros(V, dtype=np.bool_)
    done = np.zeros(count, dtype=np.bool_)
    first_empty = np.full(V, -1, dtype=np.int64)
    left = count
    while left > 0:
        first_empty[:] = -1
        for v in range(V):
            if lens[v] == 0 and first_empty[vtype[v]] < 0 and not blocked(inst, lens, v):
                first_empty[vtype[v]] = v
        for x in range(count):
            if done[x]:
                continue
            for v in range(V):
                if fresh[v]:
                    continue
                if lens[v] == 0 and first_empty[vtype[v]] != v:
                    delta[x, v] = INF
                    continue
                d, i, j = best_insertion(inst, pending[x], v, routes[v], lens[v], INF, blink, ws)
                delta[x, v], at_i[x, v], at_j[x, v] = d, i, j
        fresh[:] = True
        pick, pick_v, top = -1, -1, -INF
        for x in range(count):
            if done[x]:
                continue
            b1, b2, bv = INF, INF, -1
            for v in range(V):
                d = delta[x, v]
                if d < b1:
                    b2, b1, bv = b1, d, v
                elif d < b2:
                    b2 = d
            if bv < 0:
                continue
            score = (b2 - b1) if b2 < INF else 1e200 - b1
            if score > top:
                top, pick, pick_v = score, x, bv
        if pick < 0:
            for x in range(count):
                if not done[x]:
                    route_of[pending[x]] = -1
                    missed += 1
            break
        r = pending[pick]
        opening = lens[pick_v] == 0
        insert_at(routes, lens, pick_v, r, m, at_i[pick, pick_v], at_j[pick, pick_v], buf)
        costs[pick_v] += delta[pick, pick_v]
        route_of[r] = pick_v
        done[pick] = True
        left -= 1
        fresh[pick_v] = False
        # an empty route just used: the next empty one of its type becomes the one to try, and
        # those of its vehicle or assistant are closed
        if opening:
            for v in range(V):
                if lens[v] == 0 and vtype[v] == vtype[pick_v]:
                    fresh[v] = False
            clash_at, clash = inst[14], inst[15]
            for x in range(clash_at[pick_v], clash_at[pick_v + 1]):
                u = clash[x]
                for v in range(V):
                    if lens[v] == 0 and vtype[v] == vtype[u]:
                        fresh[v] = False
    return missed
