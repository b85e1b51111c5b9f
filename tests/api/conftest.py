"""A small council, planned and published, served by the API on SQLite and on PostgreSQL, with an
account for every role: two of each kind, so that every test can ask for someone else's data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.main import create_app
from tests.conftest import BACKENDS, planned_council
from transport import models as m
from transport.accounts import add_user
from transport.clock import next_monday
from transport.db import transaction
from transport.settings import Settings

MONDAY = next_monday(dt.date.today())
"""Plans start on a Monday still to come, so absences can be reported for its days."""


@dataclass
class Council:
    client: TestClient
    factory: object
    settings: Settings
    tokens: dict[str, str]
    """'planner', 'school', 'school2', 'parent', 'parent2', 'driver', 'driver2', 'pa', 'pa2'"""
    ids: dict[str, int]
    """The database id each account belongs to."""
    plan_id: int

    def get(self, who: str, url: str, **kw):
        return self.client.get(url, headers=self.auth(who), **kw)

    def post(self, who: str, url: str, **kw):
        return self.client.post(url, headers=self.auth(who), **kw)

    def delete(self, who: str, url: str, **kw):
        return self.client.delete(url, headers=self.auth(who), **kw)

    def auth(self, who: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}


def _accounts(session) -> tuple[dict[str, str], dict[str, int]]:
    """Two accounts of each linked kind, chosen from the published plan so each has data."""
    runs = session.scalars(select(m.PlanRun)).all()
    monday_runs = [r for r in runs if r.weekday == "mon"]

    def fit(crew: str):
        """Crews who drive every weekday morning, have a child whose care notes they must read first, and
        on Tuesday carry a child who rides home in the afternoon too (a plan may leave a child out of one)."""
        home_tue = {s.child_id for r in runs if r.weekday == "tue" and r.session == "PM" for s in r.stops}

        def key(person):
            mine = [r for r in runs if getattr(r, crew) is person]
            mornings = {r.weekday for r in mine if r.session == "AM"}
            briefed = any(s.child.care_notes for r in mine if r.weekday == "mon" for s in r.stops)
            both = any(s.child_id in home_tue for r in mine if r.weekday == "tue" and r.session == "AM" for s in r.stops)
            return (len(mornings) < 5, not both, not briefed, person.id)

        return sorted({getattr(r, crew) for r in runs if getattr(r, crew)}, key=key)[:2]

    drivers, pas = fit("driver"), fit("assistant")
    placed = sorted({s.child for r in monday_runs for s in r.stops}, key=lambda c: c.id)

    def every_day(child: m.Child) -> bool:  # tests report absences on any weekday
        return all(len(c.travel_days) == len(m.WEEKDAYS) for c in min(child.guardians, key=lambda g: g.id).children)

    guardians: list[m.Guardian] = []
    for child in sorted(placed, key=lambda c: not every_day(c)):
        g = min(child.guardians, key=lambda g: g.id)
        if g not in guardians and not set(g.children) & {c for x in guardians for c in x.children}:
            guardians.append(g)
        if len(guardians) == 2:
            break
    schools = sorted({c.school for c in placed}, key=lambda s: s.id)[:2]
    linked = {"parent": guardians, "school": schools, "driver": drivers, "pa": pas}
    tokens = {"planner": add_user(session, "planner", "Pat Planner")}
    ids: dict[str, int] = {}
    for role, records in linked.items():
        for k, record in enumerate(records):
            key = role if k == 0 else f"{role}2"
            tokens[key] = add_user(session, role, f"{role} {k}", record.ref)
            ids[key] = record.id
    return tokens, ids


@pytest.fixture(scope="package", params=BACKENDS)
def council(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"api-{request.param}")
    # In force from two weeks before the Monday the tests use, so last week's runs exist too.
    engine, factory, settings, plan_id = planned_council(request.param, tmp, MONDAY - dt.timedelta(days=14))
    with transaction(factory) as db:
        tokens, ids = _accounts(db)
    app = create_app(settings, factory)
    with TestClient(app) as client:
        yield Council(client, factory, settings, tokens, ids, plan_id)
    engine.dispose()
