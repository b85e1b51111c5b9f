"""Who may contact whom: the council's rule table, its checks at start-up, and the numbers it lets
each person see on a run sheet and as a parent (transport/day/contacts.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from pydantic import ValidationError

from tests.api.conftest import MONDAY
from tests.conftest import BACKENDS, planned_council
from transport import models as m
from transport.accounts import Caller
from transport.day import contacts
from transport.day.run_sheet import crews_runs
from transport.day.today import runs_on
from transport.settings import DEFAULT_CONTACT_RULES, ContactRule, Settings

OFFICE = "+441632960000"
SUNDAY = MONDAY - dt.timedelta(days=1)


@pytest.fixture(scope="module", params=BACKENDS)
def council(request, tmp_path_factory):
    engine, factory, settings, _ = planned_council(
        request.param, tmp_path_factory.mktemp(f"contacts-{request.param}"), MONDAY - dt.timedelta(days=14)
    )
    yield factory, settings.model_copy(update={"transport_office_phone": OFFICE})
    engine.dispose()


def _with(settings: Settings, *rules: ContactRule, without: tuple[str, str] | None = None) -> Settings:
    """The settings with these rules put in place of the same pair's (and one pair taken out)."""
    pairs = {(r.caller, r.to) for r in rules}
    kept = [r for r in settings.contact_rules if (r.caller, r.to) not in pairs and (r.caller, r.to) != without]
    return settings.model_copy(update={"contact_rules": (*kept, *rules)})


def _monday_run(db, crew: str):
    """A Monday run with a PA on board and a child whose parent has a number."""
    runs = [r for r in runs_on(db, MONDAY) if r.assistant is not None and r.driver is not None]
    assert runs, "the sample's Monday has runs with a PA"
    return runs[0]


def _caller(role: str, run) -> Caller:
    person = run.driver if role == "driver" else run.assistant
    return Caller(user_id=0, name=person.first_name, role=role, link_id=person.id)


def _sheet(db, settings, role: str, run, today: dt.date = MONDAY):
    sheets = crews_runs(db, settings, _caller(role, run), MONDAY, today, [])
    return next(s for s in sheets if s.run.id == run.id)


def _parent_phones(db, run) -> set[str]:
    return {g.phone for c in run.children() for g in db.get(m.Child, c.id).guardians}


def test_the_default_rule_table():
    rules = {(r.caller, r.to): r for r in Settings().contact_rules}
    assert rules == {(r.caller, r.to): r for r in DEFAULT_CONTACT_RULES}
    for role in ("driver", "pa", "parent", "school"):
        assert rules[(role, "office")].when == ("always",)
    assert rules[("pa", "parent")].when == ("at handover", "on a care-note instruction")
    assert rules[("driver", "parent")].without_pa
    assert rules[("parent", "parent")].when == ("if both opted in",)
    assert ("parent", "driver") not in rules and ("parent", "pa") not in rules and ("school", "driver") not in rules
    assert contacts.sentence(rules[("driver", "office")]) == "The driver may phone the transport office at any time."
    assert "only on a run with no PA on board" in contacts.sentence(rules[("driver", "parent")])


@pytest.mark.parametrize(
    "table, message",
    [
        ('[{"from": "cleaner", "to": "office", "how": ["phone"], "when": ["always"]}]', "Input should be 'office', 'parent'"),
        (
            '[{"from": "driver", "to": "office", "how": ["pigeon"], "when": ["always"]}]',
            "Input should be 'phone', 'text' or 'in person'",
        ),
        ('[{"from": "driver", "to": "office", "how": ["phone"], "when": ["sometimes"]}]', "Input should be 'always'"),
        ('[{"from": "driver", "to": "office", "how": ["phone"], "when": ["always"]}]', "pa to office must be allowed always"),
        ('[{"from": "parent", "to": "parent", "how": ["phone"], "when": ["always"]}]', "parent to parent must be exactly"),
        ('[{"from": "driver", "to": "school", "how": ["phone"], "when": ["if both opted in"]}]', "for parent to parent only"),
        (
            '[{"from": "school", "to": "parent", "how": ["phone"], "when": ["at handover"]}]',
            "for a driver or PA to a parent only",
        ),
        (
            '[{"from": "pa", "to": "parent", "how": ["phone"], "when": ["always"], "without_pa": true}]',
            "without_pa is for the driver",
        ),
        ('[{"from": "pa", "to": "office", "how": ["phone"], "when": ["always"], "who": "x"}]', "Extra inputs are not permitted"),
    ],
)
def test_an_invalid_table_is_refused_at_start_up_with_a_clear_message(monkeypatch, table, message):
    monkeypatch.setenv("CONTACT_RULES", table)
    with pytest.raises(ValidationError, match="contact_rules") as refused:
        Settings()
    assert message in str(refused.value)


def test_a_table_from_the_environment_replaces_the_defaults(monkeypatch):
    office = [{"from": r, "to": "office", "how": ["phone"], "when": ["always"]} for r in ("driver", "pa", "parent", "school")]
    twice = [*office, office[0]]
    monkeypatch.setenv("CONTACT_RULES", __import__("json").dumps(twice))
    with pytest.raises(ValidationError, match="given twice: driver to office"):
        Settings()
    monkeypatch.setenv("CONTACT_RULES", __import__("json").dumps(office))
    assert [(r.caller, r.to) for r in Settings().contact_rules] == [(r, "office") for r in ("driver", "pa", "parent", "school")]
    monkeypatch.setenv("TRANSPORT_OFFICE_PHONE", "not a number")
    with pytest.raises(ValidationError, match="'not a number' is not a phone number"):
        Settings()
    monkeypatch.setenv("TRANSPORT_OFFICE_PHONE", "01632 960000")
    assert Settings().transport_office_phone == OFFICE


def test_a_pas_run_sheet_has_the_office_the_schools_and_each_childs_parents(council):
    factory, settings = council
    with factory() as db:
        run = _monday_run(db, "pa")
        sheet = _sheet(db, settings, "pa", run)
        assert [(c.name, c.shown) for c in sheet.contacts.office] == [("Transport office", "01632 960000")]
        schools = {db.get(m.Child, c.id).school for c in run.children()}
        assert {c.phone for c in sheet.contacts.schools} == {s.phone for s in schools if s.phone}
        for child in run.children():
            held = db.get(m.Child, child.id).guardians
            shown = sheet.contacts.of_child(child.id)
            assert {c.phone for c in shown} == {g.phone for g in held}
            assert all(child.first_name in c.name and c.when == "at handover, or if the care note says" for c in shown)
            surnames = {g.last_name for g in held}
            assert not any(s in c.name for c in shown for s in surnames)  # first names only
        assert not sheet.contacts.crew  # PA to driver is not in the default table


def test_a_drivers_run_sheet_with_a_pa_on_board_has_no_parents_numbers(council):
    factory, settings = council
    with factory() as db:
        run = _monday_run(db, "driver")
        sheet = _sheet(db, settings, "driver", run)
        shown = {c.phone for c in sheet.contacts.all()}
        assert OFFICE in shown
        assert not shown & _parent_phones(db, run)
        assert not any(sheet.contacts.of_child(c.id) for c in run.children())
        # The same run with no PA: the driver is the only adult there, and has the parents' numbers.
        alone = contacts.for_run(db, settings, "driver", replace(run, assistant=None), MONDAY, MONDAY)
        assert {c.phone for cs in alone.parents.values() for c in cs} == _parent_phones(db, run)


def test_changing_the_rule_changes_what_the_run_sheet_shows(council):
    factory, settings = council
    with factory() as db:
        run = _monday_run(db, "driver")
        parents = _parent_phones(db, run)
        open_to_drivers = _with(
            settings, ContactRule(caller="driver", to="parent", how=("phone",), when=("on a care-note instruction",))
        )
        assert {c.phone for c in _sheet(db, open_to_drivers, "driver", run).contacts.all()} >= parents
        closed_to_pas = _with(settings, without=("pa", "parent"))
        pa_shown = {c.phone for c in _sheet(db, closed_to_pas, "pa", run).contacts.all()}
        assert not pa_shown & parents and OFFICE in pa_shown
        assert not _sheet(db, _with(settings, without=("pa", "school")), "pa", run).contacts.schools
        mates = _with(settings, ContactRule(caller="driver", to="pa", how=("phone",), when=("always",)))
        assert [c.phone for c in _sheet(db, mates, "driver", run).contacts.crew] == [run.assistant.phone]


def test_the_numbers_keep_to_their_days(council):
    """The office always; the families' numbers for today's and tomorrow's runs (briefed the
    evening before); the schools' on the day of travel only."""
    factory, settings = council
    with factory() as db:
        run = _monday_run(db, "pa")
        evening = _sheet(db, settings, "pa", run, today=SUNDAY).contacts
        assert evening.office and evening.parents and not evening.schools
        gone = _sheet(db, settings, "pa", run, today=MONDAY + dt.timedelta(days=1)).contacts
        assert gone.office and not gone.parents and not gone.schools
        ahead = _sheet(db, settings, "pa", run, today=MONDAY - dt.timedelta(days=7)).contacts
        assert ahead.office and not ahead.parents


def test_without_an_office_number_the_childrens_officers_answer(council):
    factory, settings = council
    with factory() as db:
        run = _monday_run(db, "driver")
        sheet = _sheet(db, settings.model_copy(update={"transport_office_phone": ""}), "driver", run)
        officers = {db.get(m.Child, c.id).officer for c in run.children()} - {None}
        assert officers and {c.phone for c in sheet.contacts.office} == {o.phone for o in officers}


def test_a_parent_sees_another_parents_number_only_when_both_opted_in(council):
    factory, settings = council
    with factory() as db:
        run = next(
            r
            for r in runs_on(db, MONDAY)
            if len({min(db.get(m.Child, c.id).guardians, key=lambda g: g.id).id for c in r.children()}) >= 2
        )
        one, two = (min(db.get(m.Child, c.id).guardians, key=lambda g: g.id) for c in run.children()[:2])
        assert one.id != two.id
        everyone = db.query(m.Guardian).all()
        for g in everyone:
            g.share_contact = False
        db.flush()

        def sees(viewer, other) -> bool:
            return other.phone in {c.phone for c in contacts.for_family(db, settings, viewer, MONDAY) if c.to == "parent"}

        office = contacts.for_family(db, settings, one, MONDAY)
        assert [c.phone for c in office] == [OFFICE]
        one.share_contact = True
        db.flush()
        assert not sees(one, two) and not sees(two, one)
        two.share_contact = True
        db.flush()
        assert sees(one, two) and sees(two, one)
        apart = {g for g in everyone if g.share_contact is False}
        strangers = [g for g in apart if not set(g.children) & {c for x in (one, two) for c in x.children}]
        for g in strangers:
            g.share_contact = True
        db.flush()
        shown = {c.phone for c in contacts.for_family(db, settings, one, MONDAY) if c.to == "parent"}
        on_the_vehicles = {
            g.phone
            for day in contacts._week_from(MONDAY)
            for r in runs_on(db, day)
            if {c.id for c in r.children()} & {c.id for c in one.children}
            for c in r.children()
            for g in db.get(m.Child, c.id).guardians
        }
        assert shown <= on_the_vehicles and two.phone in shown
        assert one.phone not in shown
        # Without the rule, nobody's number is shown, opted in or not.
        closed = _with(settings, without=("parent", "parent"))
        assert [c.to for c in contacts.for_family(db, closed, one, MONDAY)] == ["office"]
        db.rollback()


def test_an_absent_childs_parents_are_not_on_the_sheet(council):
    factory, settings = council
    with factory() as db:
        run = _monday_run(db, "pa")
        away = run.children()[0]
        marked = replace(run, stops=[replace(s, absent=s.child.id == away.id) for s in run.stops])
        sheet = contacts.for_run(db, settings, "pa", marked, MONDAY, MONDAY)
        assert not sheet.of_child(away.id)
        others = [c for c in run.children() if c.id != away.id]
        assert all(sheet.of_child(c.id) for c in others if db.get(m.Child, c.id).guardians)
