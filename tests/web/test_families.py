"""A parent's pages and the school's manifest, in the browser: an absence reported on the web
reaches the school's manifest and the outbox; another family's child is not found."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from api.pages.web import long_day
from tests.api.conftest import MONDAY
from tests.web.conftest import shot, sign_in
from transport import models as m
from transport.db import transaction

SECONDS = re.compile(r"\b\d\d:\d\d:\d\d\b")


def _child(site, key: str = "child") -> m.Child:
    with transaction(site.factory) as db:
        return db.get(m.Child, site.ids[key])


def test_a_parent_reports_an_absence_and_the_school_manifest_shows_it(site, new_page):
    child = _child(site)
    parent = new_page()
    sign_in(parent, site, "parent")
    assert parent.url.endswith("/web/parent")
    shot(parent, "parent-home")
    parent.get_by_role("link", name=f"{child.first_name}'s transport on other days").click()
    parent.get_by_label("Show the day").fill(MONDAY.isoformat())
    parent.get_by_role("button", name="Show").click()
    morning = parent.get_by_role("region", name="Morning")
    assert "Picked up from home" in morning.inner_text()
    assert not SECONDS.search(parent.inner_text("main"))  # 07:51, never 07:51:00
    shot(parent, "parent-child")

    parent.get_by_label("Day away", exact=True).fill(MONDAY.isoformat())
    parent.get_by_label("Morning and afternoon").check()
    parent.get_by_role("button", name="Tell the driver and school").click()
    assert "We have told" in parent.get_by_role("status").inner_text()
    assert parent.get_by_role("button", name=f"Cancel: {child.first_name} will travel on {long_day(MONDAY)}").count() == 1

    with transaction(site.factory) as db:
        absence = db.scalar(select(m.Absence).where(m.Absence.child_id == child.id, m.Absence.date == MONDAY))
        assert absence.session == "both" and absence.channel == "web" and absence.cancelled_at is None
        told = {
            x.recipient_role
            for x in db.scalars(select(m.Message).where(m.Message.child_id == child.id, m.Message.about_date == MONDAY))
        }
    assert {"school", "parent", "driver"} <= told  # the outbox, as the API writes it

    parent.goto("/web/parent")  # the confirmation text is listed among the parent's texts
    assert f"Thank you. {child.first_name} is marked absent" in parent.locator(".texts").inner_text()

    school = new_page(1280, 900)
    sign_in(school, site, "school")
    school.goto(f"/web/schools/{site.ids['school']}?date={MONDAY.isoformat()}")
    row = school.get_by_role("row", name=re.compile(f"{child.first_name} {child.last_name}")).first
    assert "Absent" in row.inner_text()
    assert school.get_by_role("heading", name="Arriving in the morning").count() == 1
    assert not SECONDS.search(school.inner_text("main"))
    shot(school, "school-manifest")
    school.emulate_media(media="print")  # printable: the page's controls are left off the paper
    assert not school.get_by_role("button", name="Print this manifest").is_visible()
    assert not school.get_by_label("Show the day").is_visible()
    assert row.is_visible()


def test_a_parent_cannot_open_another_familys_child_or_another_roles_page(site, new_page):
    other = _child(site, "child2")
    page = new_page()
    sign_in(page, site, "parent")
    answer = page.goto(f"/web/parent/children/{other.id}")
    assert answer.status == 404
    assert "There is no child among yours" in page.inner_text("main")
    assert other.first_name not in page.content()
    assert page.goto("/web/parent/children/999999").status == 404
    assert page.goto(f"/web/schools/{site.ids['school']}").status == 403
    assert page.goto("/web/planner").status == 403
    assert page.goto("/web/crew").status == 403
    shot(page, "not-yours")
    with transaction(site.factory) as db:  # another family's absence cannot be cancelled
        theirs = m.Absence(child_id=other.id, date=MONDAY, session="PM", channel="web", reported_by="them")
        db.add(theirs)
    page.goto(f"/web/parent/children/{site.ids['child']}")
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    refused = page.request.post(f"/web/parent/absences/{theirs.id}/cancel", form={"csrf": csrf})
    assert refused.status == 404
    with transaction(site.factory) as db:
        assert db.get(m.Absence, theirs.id).cancelled_at is None


def test_not_signed_in_goes_to_sign_in_and_back(site, new_page):
    page = new_page()
    page.goto(f"/web/parent/children/{site.ids['child']}")
    assert "/web/sign-in?next=" in page.url
    page.get_by_label("Your sign-in key").fill("not a key")
    page.get_by_role("button", name="Sign in").click()
    assert "That key is not right" in page.get_by_role("alert").inner_text()
    shot(page, "sign-in-refused")
    page.get_by_label("Your sign-in key").fill(site.tokens["parent"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/web/parent/children/{site.ids['child']}")
    page.get_by_role("button", name="Sign out").click()
    assert page.goto("/web/parent").url.endswith("/web/sign-in?next=/web/parent")


def test_a_post_without_the_form_token_is_refused(site, new_page):
    page = new_page()
    sign_in(page, site, "parent")
    child = site.ids["child"]
    form = {"date": (MONDAY + dt.timedelta(days=1)).isoformat(), "when": "PM"}
    assert page.request.post(f"/web/parent/children/{child}/absences", form=form).status == 403
    assert page.request.post(f"/web/parent/children/{child}/absences", form={**form, "csrf": "forged"}).status == 403
    with transaction(site.factory) as db:
        assert db.scalar(select(m.Absence).where(m.Absence.child_id == child, m.Absence.session == "PM")) is None
    page.goto(f"/web/parent/children/{child}")
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    accepted = page.request.post(f"/web/parent/children/{child}/absences", form={**form, "csrf": csrf}, max_redirects=0)
    assert accepted.status == 303
