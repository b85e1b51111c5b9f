"""Who may contact whom in the API: the rule table for every role, and the JSON run sheet keeping
to the same rule as the crew's page (both read transport/day/run_sheet.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api.conftest import MONDAY
from transport import models as m


@pytest.fixture
def sunday_evening(monkeypatch):
    """The council's clock at 18:00 the day before the plan's Monday: crews are being briefed."""
    import api.routers.crews

    evening = dt.datetime.combine(MONDAY - dt.timedelta(days=1), dt.time(18, 0))
    monkeypatch.setattr(api.routers.crews, "now", lambda settings: evening)


def test_every_role_reads_the_same_rule_table(council):
    tables = [council.get(who, "/contacts/rules").json() for who in ("planner", "school", "parent", "driver", "pa")]
    assert all(t == tables[0] for t in tables)
    rules = {(r["from"], r["to"]): r for r in tables[0]}
    assert len(rules) == len(council.settings.contact_rules)
    assert rules[("pa", "parent")]["when"] == ["at handover", "on a care-note instruction"]
    assert rules[("driver", "office")]["sentence"] == "The driver may phone the transport office at any time."
    assert council.get("", "/contacts/rules").status_code == 401


def test_the_json_run_sheet_keeps_to_the_rule(council, sunday_evening):
    with council.factory() as db:
        guardians = {c.id: {g.phone for g in c.guardians} for c in db.query(m.Child)}
        officers = {c.id: c.officer.phone for c in db.query(m.Child) if c.officer}
    for who in ("pa", "driver"):
        sheets = council.get(who, f"/me/runs?date={MONDAY}").json()
        assert sheets, f"the {who} works on the plan's Monday"
        for sheet in sheets:
            children = {st["child_id"] for st in sheet["stops"]}
            office = {c["phone"] for c in sheet["contacts"] if c["to"] == "office"}
            assert office == {officers[c] for c in children if c in officers}  # no office number set: the officers
            assert all(c["shown"].startswith("0") and " " in c["shown"] for c in sheet["contacts"])
            for stop in sheet["stops"]:
                shown = {c["phone"] for c in stop["contacts"]}
                if who == "pa" or sheet["pa"] is None:
                    assert shown == guardians[stop["child_id"]]
                    assert all(c["when"] == ["at handover", "on a care-note instruction"] for c in stop["contacts"])
                else:  # a driver with a PA on board: the PA has the families' numbers
                    assert not shown
            assert not {c["to"] for c in sheet["contacts"]} & {"parent", "school"}  # the school's: on the day only


def test_a_parent_is_given_the_office_and_nothing_of_the_crew(council):
    mine = council.get("parent", f"/me/contacts?date={MONDAY}").json()
    assert mine and {c["to"] for c in mine} <= {"office", "parent"}
    with council.factory() as db:
        guardian = db.get(m.Guardian, council.ids["parent"])
        officers = {c.officer.phone for c in guardian.children if c.officer}
        crew = {p.phone for p in db.query(m.Driver)} | {p.phone for p in db.query(m.PassengerAssistant)}
    assert {c["phone"] for c in mine if c["to"] == "office"} == officers
    assert not {c["phone"] for c in mine} & crew
