"""The counts writes move on (transport/versions.py), on SQLite and PostgreSQL: each kind of write
moves its own count and no other, in the writer's transaction, and what is kept under the
counts (whom a token belongs to) is read again as soon as another process's write commits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from transport import models as m
from transport.accounts import add_user, caller_for
from transport.db import transaction
from transport.versions import Versions, versions


def _counts(factory) -> Versions:
    with factory() as db:
        return versions(db)


def _moved(factory, write) -> set[str]:
    before = _counts(factory)
    with transaction(factory) as db:
        write(db)
    after = _counts(factory)
    return {name for name in ("records", "days", "accounts", "failures") if getattr(after, name) != getattr(before, name)}


def test_each_kind_of_write_moves_its_own_count(factory):
    officer = m.Officer(ref="O1", name="Sam Officer", phone="+447700900001")
    assert _moved(factory, lambda db: db.add(officer)) == {"records"}
    assert _moved(factory, lambda db: add_user(db, "planner", "Pat Planner")) == {"accounts"}
    wrong = m.FailedSignIn(source="127.0.0.1", at=dt.datetime.now(dt.UTC))
    assert _moved(factory, lambda db: db.add(wrong)) == {"failures"}

    plan = m.Plan(name="week", starts_on=dt.date(2026, 9, 7), status="queued", params={})
    assert _moved(factory, lambda db: db.add(plan)) == set()  # a plan being made picks no day's runs
    assert _moved(factory, lambda db: db.execute(update(m.Plan).values(progress=0.5))) == set()

    def publish(db):
        db.get_one(m.Plan, plan.id).status, db.get_one(m.Plan, plan.id).published_at = "published", dt.datetime.now(dt.UTC)

    assert _moved(factory, publish) == {"days"}

    def rename(db):
        db.get_one(m.Plan, plan.id).name = "renamed"  # not what picks the plan in force

    assert _moved(factory, rename) == set()


def test_the_counts_are_read_once_a_transaction_and_again_after_its_own_write(factory):
    with transaction(factory) as db:
        first = versions(db)
        assert versions(db) is first
        db.add(m.Officer(ref="O2", name="Sam Officer", phone="+447700900002"))
        db.flush()
        assert versions(db).records == first.records + 1
    assert _counts(factory).records == first.records + 1
    with factory() as db, db.begin():  # rolled back: the count never moved for anyone
        db.add(m.Officer(ref="O3", name="Jo Officer", phone="+447700900003"))
        db.flush()
        db.rollback()
    assert _counts(factory).records == first.records + 1


def test_a_token_revoked_elsewhere_opens_nothing_at_once(factory):
    with transaction(factory) as db:
        token = add_user(db, "planner", "Pat Planner")
    with factory() as db:
        assert caller_for(db, token).name == "Pat Planner"
    with factory() as db:  # kept: read again only when a count moves
        assert caller_for(db, token).name == "Pat Planner"
    with transaction(factory) as db:  # another process revokes it (nothing here is told)
        db.delete(db.query(m.User).one())
    with factory() as db:
        assert caller_for(db, token) is None


def test_a_linked_record_removed_elsewhere_opens_nothing_at_once(factory):
    with transaction(factory) as db:
        db.add(m.School(ref="S1", name="Oak School", phase="primary", address="1 Oak Road", postcode="IP1 1AA", lat=52, lon=1))
    with transaction(factory) as db:
        token = add_user(db, "school", "Oak office", "S1")
    with factory() as db:
        assert caller_for(db, token).role == "school"
    with transaction(factory) as db:
        db.delete(db.query(m.School).one())
    with factory() as db:
        assert caller_for(db, token) is None
