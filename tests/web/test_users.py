"""The planners' page of accounts, in the browser: an account added (its key shown once),
disabled (its key opens nothing, on the pages or the API), enabled, given a new key (the old one
then opens nothing); a POST without the form token refused; other roles kept out."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import delete, select

from tests.web.conftest import shot, sign_in
from transport import models as m
from transport.db import transaction

NAME = "Casey Temporary"


@pytest.fixture
def cleanup(site):
    yield
    with transaction(site.factory) as db:
        ids = select(m.User.id).where(m.User.name == NAME)
        db.execute(delete(m.SignIn).where(m.SignIn.user_id.in_(ids)))
        db.execute(delete(m.User).where(m.User.name == NAME))


def _row(page):
    return page.get_by_role("row").filter(has_text=NAME)


def _api(site, key: str) -> int:
    return httpx.get(f"{site.url}/messages", headers={"Authorization": f"Bearer {key}"}).status_code


def test_a_planner_adds_disables_enables_and_reissues_an_account(site, new_page, cleanup):
    page = new_page(1280, 900)
    sign_in(page, site, "planner")
    page.get_by_role("link", name="Users").click()
    page.wait_for_url("**/web/users")
    page.get_by_label("Role").select_option("planner")
    page.get_by_label("Name").fill(NAME)
    page.get_by_role("button", name="Add the account").click()
    key = page.locator("#new-key").inner_text()
    assert _api(site, key) == 200
    row = _row(page)
    assert "planner" in row.inner_text() and "never" in row.inner_text() and "active" in row.inner_text()
    shot(page, "users")

    row.get_by_role("button", name=f"Disable {NAME}").click()
    assert "is disabled" in page.get_by_role("status").inner_text()
    assert "disabled" in _row(page).inner_text()
    assert _api(site, key) == 401
    other = new_page()
    other.goto("/web/sign-in")
    other.get_by_label("Your sign-in key").fill(key)
    other.get_by_role("button", name="Sign in").click()
    assert "That key is not right" in other.get_by_role("alert").inner_text()

    _row(page).get_by_role("button", name=f"Enable {NAME}").click()
    assert "enabled again" in page.get_by_role("status").inner_text()
    assert _api(site, key) == 200

    _row(page).get_by_role("button", name=f"New key for {NAME}").click()
    new = page.locator("#new-key").inner_text()
    assert new != key and _api(site, key) == 401 and _api(site, new) == 200


def test_the_users_page_is_for_planners_only_and_its_forms_need_the_token(site, new_page):
    page = new_page()
    sign_in(page, site, "parent")
    assert page.goto("/web/users").status == 403
    with transaction(site.factory) as db:
        planner_id = db.scalar(select(m.User.id).where(m.User.name == "Pat Planner"))
    planner = new_page()
    sign_in(planner, site, "planner")
    answer = planner.request.post(f"/web/users/{planner_id}/reissue", form={"csrf": "forged"})
    assert answer.status == 403
    refused = planner.request.post(f"/web/users/{planner_id}/disable", form={"csrf": _csrf(planner)})
    assert refused.status == 422 and "your own account" in refused.text()


def _csrf(page) -> str:
    page.goto("/web/users")
    return page.locator("input[name=csrf]").first.get_attribute("value")
