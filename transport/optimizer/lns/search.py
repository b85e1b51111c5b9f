"""The search: ruin part of the plan, recreate it greedily, keep the result by simulated annealing.

Each iteration copies the current plan, takes out some requests with one of the ruin operators
(ruin.py; chosen by roulette over weights that adapt to how often each has led to a better or
accepted plan, as in Ropke and Pisinger's adaptive large neighbourhood search), puts them and
any request still unplaced back one by one where each costs least (insert.py; in random order,
latest pickup first, or longest trip first), and accepts the new plan if it costs less than the
current one plus the temperature times an exponential random number. An unplaced request costs
`penalty`, far above any route, so a plan that places more always wins; siblings split over
routes cost SPLIT (lns/siblings.py). The best plan seen is kept apart.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from transport.optimizer.lns.insert import greedy, regret, workspace
from transport.optimizer.lns.ruin import remove, ruin
from transport.optimizer.lns.siblings import SPLIT, splits

ORDERS = 3
SEGMENT = 100
"""Iterations between updates of the operators' weights."""
REACTION = 0.2
SCORE_BEST, SCORE_BETTER, SCORE_ACCEPTED = 33.0, 9.0, 13.0


@njit(cache=True)
def seed_random(seed):
    np.random.seed(seed)


@njit(cache=True)
def value(inst, costs, route_of, penalty):
    """The plan's routes, `penalty` for each request left out, SPLIT for each route beyond the
    first a sibling group uses."""
    total = SPLIT * splits(inst, route_of)
    for c in costs:
        total += c
    for r in route_of:
        if r < 0:
            total += penalty
    return total


@njit(cache=True)
def _roulette(weights):
    total = weights.sum()
    x = np.random.random() * total
    for k in range(weights.shape[0]):
        x -= weights[k]
        if x <= 0:
            return k
    return weights.shape[0] - 1


@njit(cache=True)
def _order(inst, route_of, kind):
    T, D, e, l, s, q, ride, cap, rate, fixed, maxdur, vtype = inst[:12]
    m = route_of.shape[0]
    count = 0
    for r in range(m):
        if route_of[r] < 0:
            count += 1
    ids = np.empty(count, dtype=np.int64)
    k = 0
    for r in range(m):
        if route_of[r] < 0:
            ids[k] = r
            k += 1
    if kind == 0 or count < 2:
        np.random.shuffle(ids)
        return ids
    key = np.empty(count)
    for k in range(count):
        r = ids[k]
        if kind == 1:
            latest = l[m + r] - s[r] - T[r, m + r]
            key[k] = latest if latest < l[r] else l[r]
        else:
            key[k] = -T[r, m + r]
    return ids[np.argsort(key)]


@njit(cache=True)
def iterate(
    inst, cur, best, iterations, temp_from, temp_to, qmin, qmax, blink, regret_share, penalty, weights, scores, uses, stats
):
    """`iterations` rounds of ruin and recreate from `cur`, updating cur and best in place
    (each a tuple: routes, lens, costs, route_of). Temperature falls geometrically from temp_from
    to temp_to over the rounds. stats: [iterations, accepted, improved best]."""
    c_routes, c_lens, c_costs, c_of = cur
    b_routes, b_lens, b_costs, b_of = best
    m = c_of.shape[0]
    width = c_routes.shape[1]
    ws = workspace(inst, width)
    times = np.zeros(inst[2].shape[0])
    out = np.zeros(m, dtype=np.bool_)
    w_routes = c_routes.copy()
    w_lens = c_lens.copy()
    w_costs = c_costs.copy()
    w_of = c_of.copy()
    current = value(inst, c_costs, c_of, penalty)
    best_value = value(inst, b_costs, b_of, penalty)
    for it in range(iterations):
        temp = temp_from * (temp_to / temp_from) ** (it / iterations)
        w_routes[:, :] = c_routes
        w_lens[:] = c_lens
        w_costs[:] = c_costs
        w_of[:] = c_of
        op = _roulette(weights)
        q = qmin + np.random.randint(qmax - qmin + 1)
        ruin(op, inst, w_routes, w_lens, w_of, q, ws, times, out)
        remove(inst, w_routes, w_lens, w_costs, w_of, out, ws)
        if np.random.random() < regret_share:
            order = _order(inst, w_of, 0)
            regret(inst, w_routes, w_lens, w_costs, w_of, order, order.shape[0], blink, ws)
        else:
            order = _order(inst, w_of, np.random.randint(ORDERS))
            greedy(inst, w_routes, w_lens, w_costs, w_of, order, order.shape[0], blink, ws)
        new = value(inst, w_costs, w_of, penalty)
        uses[op] += 1
        stats[0] += 1
        accept = new < current + temp * -math.log(1.0 - np.random.random())
        if accept:
            if new < best_value - 1e-9:
                scores[op] += SCORE_BEST
            elif new < current - 1e-9:
                scores[op] += SCORE_BETTER
            else:
                scores[op] += SCORE_ACCEPTED
            stats[1] += 1
            c_routes[:, :] = w_routes
            c_lens[:] = w_lens
            c_costs[:] = w_costs
            c_of[:] = w_of
            current = new
            if new < best_value - 1e-9:
                stats[2] += 1
                best_value = new
                b_routes[:, :] = w_routes
                b_lens[:] = w_lens
                b_costs[:] = w_costs
                b_of[:] = w_of
        if stats[0] % SEGMENT == 0:
            for k in range(weights.shape[0]):
                if uses[k] > 0:
                    weights[k] = (1 - REACTION) * weights[k] + REACTION * scores[k] / uses[k]
                if weights[k] < 0.5:
                    weights[k] = 0.5
                scores[k] = 0.0
                uses[k] = 0
    return best_value
