"""Whom an account belongs to (transport/accounts.py), on SQLite and PostgreSQL: the account and
its record are read in one statement, each role from its own kind of record."""

from __future__ import annotations

from transport import models as m
from transport.accounts import add_user, caller_by_id, caller_for
from transport.db import transaction


def test_each_role_links_to_its_own_kind_of_record_when_refs_coincide(factory):
    with transaction(factory) as db:
        school = m.School(ref="X1", name="Oak School", phase="primary", address="1 Oak Road", postcode="IP1 1AA", lat=52, lon=1)
        guardian = m.Guardian(ref="X1", first_name="Sam", last_name="Lee", phone="+447700900001")
        db.add_all([school, guardian])
        db.flush()
        school_id, guardian_id = school.id, guardian.id
    with transaction(factory) as db:
        tokens = {role: add_user(db, role, f"{role} X1", "X1") for role in ("school", "parent")}
        tokens["planner"] = add_user(db, "planner", "Pat Planner")
    with factory() as db:
        callers = {role: caller_for(db, token) for role, token in tokens.items()}
        assert (callers["school"].role, callers["school"].link_id) == ("school", school_id)
        assert (callers["parent"].role, callers["parent"].link_id) == ("parent", guardian_id)
        assert (callers["planner"].role, callers["planner"].link_id) == ("planner", None)
        assert caller_by_id(db, callers["parent"].user_id) == callers["parent"]
        assert caller_for(db, "not a token") is None
        assert caller_by_id(db, 10**6) is None
    with transaction(factory) as db:  # the school goes; the parent's account still opens
        db.delete(db.get(m.School, school_id))
    with factory() as db:
        assert caller_for(db, tokens["school"]) is None
        assert caller_for(db, tokens["parent"]).link_id == guardian_id
