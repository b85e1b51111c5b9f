"""A drive is never longer than driving on through another place: the shortest times via any place.

A model or an engine can give a leg that takes longer than going by way of a third place (the
straight-line model's town speeds on a long leg; an engine's turn penalties). The optimiser
assumes the opposite, so that taking a child off a run never makes the rest of it later; and a
driver would take the quicker way anyway. Floyd-Warshall, a row of numpy at a time: n^3 steps,
about 0.1 s for the few hundred places of a part of a session.
"""

from __future__ import annotations

import numpy as np

MOST_PLACES = 1500
"""Beyond this, n^3 takes seconds: the matrix is left as it is (the explanations' whole-fleet matrix)."""


def via_any_place(durations: np.ndarray) -> np.ndarray:
    d = np.array(durations, dtype=float)
    if len(d) > MOST_PLACES:
        return d
    for k in range(len(d)):
        np.minimum(d, d[:, k, None] + d[None, k, :], out=d)
    return d
