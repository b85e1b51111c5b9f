"""Random problems thrown at the solver; the independent validator judges every answer."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.optimizer.builders import random_problem
from transport.optimizer import solo_reasons, solve, validate
from transport.optimizer.crews import crew_options

FAST = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_every_answer_keeps_every_rule(seed):
    p = random_problem(random.Random(seed))
    s = solve(p, seconds=0.5)
    assert validate(p, s) == []
    placed = {jid for r in s.runs for jid in r.journeys}
    assert placed | {u.journey for u in s.unplaced} == {j.id for j in p.journeys}
    assert all(u.reasons for u in s.unplaced)


@FAST
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_a_child_who_could_travel_alone_is_placed_when_alone(seed):
    p = random_problem(random.Random(seed))
    lone = replace(p.journeys[0], avoid=frozenset(), group=None)
    p = replace(p, journeys=(lone,))
    s = solve(p, seconds=0.3)
    assert validate(p, s) == []
    could = not solo_reasons(p, lone, crew_options(p))
    assert (s.unplaced == []) == could
