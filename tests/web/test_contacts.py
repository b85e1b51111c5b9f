"""Who may contact whom in a real browser: the rule's page for every role, and the run sheet
showing exactly the numbers the rule allows, a care note beside the number it refers to."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from tests.api.conftest import MONDAY
from tests.web.conftest import shot, sign_in
from tests.web.test_accessibility import _violations
from transport import models as m
from transport.accounts import add_user
from transport.day.contacts import for_people
from transport.day.today import runs_on
from transport.db import transaction


@pytest.fixture
def briefing_day(site, monkeypatch):
    """The council's today is the plan's Monday on the crew's and the contacts pages; the care
    notes read on it are forgotten after (the other tests count Monday's reads from none)."""
    import api.pages.contacts
    import api.pages.crews

    monkeypatch.setattr(api.pages.crews, "today", lambda request: MONDAY)
    monkeypatch.setattr(api.pages.contacts, "today", lambda request: MONDAY)
    yield
    with transaction(site.factory) as db:
        db.execute(delete(m.CareNoteRead).where(m.CareNoteRead.date == MONDAY))


def _pa_with_notes(site) -> dict:
    """A PA on a Monday run with a child whose care notes they must read, signed in as a new account."""
    with transaction(site.factory) as db:
        run = next(r for r in runs_on(db, MONDAY) if r.assistant and any(c.care_notes for c in r.children()))
        child = next(c for c in run.children() if c.care_notes)
        if "pa" not in site.tokens:
            site.tokens["pa"] = add_user(db, "pa", run.assistant.first_name, run.assistant.ref)
        guardians = db.get(m.Child, child.id).guardians
        return dict(
            run=run.id,
            driver=run.driver.ref if run.driver else None,
            child=child.first_name,
            notes=child.care_notes,
            parents=[for_people(g.phone) for g in guardians],
            all_parents={for_people(g.phone) for c in run.children() for g in db.get(m.Child, c.id).guardians},
        )


@pytest.mark.parametrize("who", ["planner", "school", "parent", "driver", "pa"])
def test_every_role_reads_who_may_contact_whom(site, new_page, briefing_day, who):
    if who == "pa":
        _pa_with_notes(site)
    page = new_page()
    sign_in(page, site, who)
    page.get_by_role("link", name="Who to contact").click()
    page.wait_for_url("**/web/contacts")
    shot(page, f"contacts-{who}")
    text = page.inner_text("main")
    assert "Who to contact, and when" in text
    rows = page.locator("table.rules tbody tr")
    assert rows.count() == 13
    assert "The passenger assistant (PA)" in text and "when the child's care note says to" in text
    numbers = page.locator("section[aria-labelledby=office] li.contact a")
    assert numbers.count() >= 1
    for k in range(numbers.count()):
        shown = numbers.nth(k).inner_text()
        assert shown.startswith("0") and " " in shown and "+44" not in shown  # 01632 960001, not +441632960001
        assert numbers.nth(k).get_attribute("href").startswith("tel:+44")
    assert _violations(page) == []


def test_a_pas_run_sheet_has_the_parents_numbers_beside_the_care_notes(site, new_page, briefing_day):
    expected = _pa_with_notes(site)
    page = new_page()
    sign_in(page, site, "pa")
    page.goto(f"/web/crew?date={MONDAY.isoformat()}")
    shot(page, "crew-contacts-pa")
    run = page.locator(f"section[aria-labelledby=run-{expected['run']}]")
    office = run.locator("ul.contacts li.office")
    assert office.count() >= 1 and "transport officer" in office.first.inner_text()
    # The care note and the number it refers to sit in one block, on the child's stop.
    block = run.locator(".call", has_text=expected["notes"]).first
    inside = block.inner_text()
    assert all(p in inside for p in expected["parents"]) and "if the care note says" in inside
    assert expected["child"] in inside
    assert _violations(page) == []


def test_a_drivers_run_sheet_with_a_pa_has_the_office_but_no_parents(site, new_page, briefing_day):
    expected = _pa_with_notes(site)
    with transaction(site.factory) as db:
        driver = db.scalar(select(m.Driver).where(m.Driver.ref == expected["driver"])) if expected["driver"] else None
        assert driver is not None, "the PA's run has a driver"
        site.tokens["driver-with-pa"] = add_user(db, "driver", driver.first_name, driver.ref)
    page = new_page()
    sign_in(page, site, "driver-with-pa")
    page.goto(f"/web/crew?date={MONDAY.isoformat()}")
    run = page.locator(f"section[aria-labelledby=run-{expected['run']}]")
    text = run.inner_text()
    assert run.locator("ul.contacts li.office").count() >= 1
    assert expected["notes"] in text  # the driver still reads the care notes
    assert not any(p in text for p in expected["all_parents"])
    assert run.locator(".contact.parent").count() == 0
