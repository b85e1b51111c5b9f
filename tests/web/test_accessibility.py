"""Accessibility basics in the browser: axe-core's WCAG 2 A and AA rules (every form field has a
label, colour contrast at AA, ...) on each page, and the absence form used by keyboard alone."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from tests.api.conftest import MONDAY
from tests.web.conftest import shot, sign_in
from transport import models as m
from transport.db import transaction

AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _violations(page) -> list[str]:
    result = AXE.run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['html'][:120]})" for v in result.response["violations"]]


def _plan_id(site) -> int:
    with transaction(site.factory) as db:
        return db.scalar(select(m.Plan.id).where(m.Plan.status == "published").order_by(m.Plan.id))


@pytest.mark.parametrize(
    "who, path",
    [
        (None, "/web/sign-in"),
        ("parent", "/web/parent"),
        ("parent", "/web/parent/children/{child}?date={monday}"),
        ("school", "/web/schools/{school}?date={monday}"),
        ("planner", "/web/planner"),
        ("planner", "/web/planner/plans/{plan}"),
        ("planner", "/web/planner/today?date={monday}"),
        ("planner", "/web/planner/disruption"),
        ("planner", "/web/planner/plans/{plan}/costs"),
        ("planner", "/web/planner/offers"),
        ("driver", "/web/crew?date={monday}"),
        ("parent", "/web/parent/children/{child2}"),
        ("planner", "/web/users"),
    ],
)
def test_every_page_meets_wcag_aa(site, new_page, who, path):
    page = new_page()
    if who:
        sign_in(page, site, who)
    url = path.format(monday=MONDAY.isoformat(), plan=_plan_id(site), **site.ids)
    page.goto(url)
    assert page.title()
    assert _violations(page) == []
    fields = page.locator("input:not([type=hidden]), select, textarea")
    for i in range(fields.count()):  # every field has a label, checked by hand as well as by axe
        field = fields.nth(i)
        assert field.evaluate("f => f.labels.length > 0 || !!f.getAttribute('aria-label')"), field.evaluate("f => f.outerHTML")


def test_axe_finds_poor_contrast_when_there_is_some(site, new_page):
    """The contrast check can fail: grey on white below 4.5:1 is caught."""
    page = new_page()
    page.goto("/web/sign-in")
    # Set from script: the pages' CSP refuses an added <style> tag (only the site's stylesheet).
    page.evaluate("document.querySelectorAll('main p').forEach(p => p.style.setProperty('color', '#999999', 'important'))")
    assert any(v.startswith("color-contrast") for v in _violations(page))


def _date_order(page) -> str:
    """The order the focused date field takes its parts in (it follows the browser's own locale,
    not the page's): typed as a person would, then cleared by keyboard, segment by segment."""
    page.keyboard.type("01022030")
    order = {"2030-01-02": "%m%d%Y", "2030-02-01": "%d%m%Y"}[page.evaluate("document.activeElement.value")]
    for _ in range(3):
        page.keyboard.press("Backspace")
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    return order


def test_the_absence_form_works_by_keyboard_alone(site, new_page):
    page = new_page()
    sign_in(page, site, "parent")
    child = site.ids["child"]
    page.goto(f"/web/parent/children/{child}")
    day = MONDAY + dt.timedelta(days=2)

    def tab_to(selector: str) -> None:
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#absence-date")
    page.keyboard.type(day.strftime(_date_order(page)))
    assert page.input_value("#absence-date") == day.isoformat()
    tab_to("#when-both")
    page.keyboard.press("ArrowDown")  # radios move by arrow keys: "Morning only"
    assert page.evaluate("document.activeElement.id") == "when-am"
    tab_to("button[type=submit]:not(.link)")
    assert "Tell the driver" in page.evaluate("document.activeElement.textContent")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "We have told" in page.get_by_role("status").inner_text()
    shot(page, "parent-absence-by-keyboard")
    with transaction(site.factory) as db:
        absence = db.scalar(select(m.Absence).where(m.Absence.child_id == child, m.Absence.date == day))
    assert absence is not None and absence.session == "AM"  # "morning only" is kept as said
