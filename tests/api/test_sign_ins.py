"""Signing in: a signed-out cookie opens nothing, even a copy of it; guessing keys and tokens is
locked out after a few tries, across every process of the service."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from api import throttle
from api.main import create_app
from api.problems import MEDIA_TYPE
from transport import models as m
from transport.accounts import add_user
from transport.db import transaction
from transport.settings import Settings


@pytest.fixture
def setup(factory):
    settings = Settings(
        database_url=str(factory.kw["bind"].url),
        sms_dispatch_in_service=False,
        cookie_secret="test-secret",
        sign_in_attempts=3,
        sign_in_lockout_minutes=15,
    )
    with transaction(factory) as db:
        token = add_user(db, "planner", "Pat Planner")
    return settings, factory, token


def _form_token(client: TestClient) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/web/sign-in").text).group(1)


def _sign_in(client: TestClient, key: str):
    return client.post("/web/sign-in", data={"key": key, "csrf": _form_token(client)}, follow_redirects=False)


def test_a_signed_out_cookie_opens_nothing_even_copied(setup):
    settings, factory, token = setup
    app = create_app(settings, factory)
    with TestClient(app) as browser, TestClient(app) as thief:
        assert _sign_in(browser, token).status_code == 303
        copied = browser.cookies["transport_session"]
        assert browser.get("/web/planner", follow_redirects=False).status_code == 200
        thief.cookies.set("transport_session", copied)
        assert thief.get("/web/planner", follow_redirects=False).status_code == 200  # a copy works while signed in...
        page = browser.get("/web/planner").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        assert browser.post("/web/sign-out", data={"csrf": csrf}, follow_redirects=False).status_code == 303
        with factory() as db:
            assert db.scalar(select(func.count()).select_from(m.SignIn)) == 0
        # ...and not after "Sign out": the old cookie, replayed, is sent to sign in.
        thief.cookies.set("transport_session", copied)
        answer = thief.get("/web/planner", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/web/sign-in")


def test_a_sign_in_ends_after_seven_days_on_the_server_too(setup):
    settings, factory, token = setup
    with TestClient(create_app(settings, factory)) as browser:
        _sign_in(browser, token)
        assert browser.get("/web/planner", follow_redirects=False).status_code == 200
        with transaction(factory) as db:
            db.execute(update(m.SignIn).values(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=7, minutes=1)))
        assert browser.get("/web/planner", follow_redirects=False).status_code == 303


def test_guessing_tokens_is_locked_out_in_every_process(setup, monkeypatch):
    settings, factory, token = setup
    right = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings, factory)) as one, TestClient(create_app(settings, factory)) as other:
        assert one.get("/me").status_code == 401  # no token at all is no guess: not counted
        for guess in range(3):
            assert one.get("/me", headers={"Authorization": f"Bearer guess-{guess}"}).status_code == 401
        locked = one.get("/me", headers=right)  # even the right token, while locked: a guesser learns nothing
        assert locked.status_code == 429 and locked.headers["content-type"] == MEDIA_TYPE
        assert 0 < int(locked.headers["retry-after"]) <= 15 * 60 and "try again in 15 minutes" in locked.json()["detail"]
        # Counted in the database: another process of the service refuses too, on pages as in the API.
        assert other.get("/me", headers=right).status_code == 429
        page = _sign_in(other, token)
        assert page.status_code == 429 and "Wait 15 minutes" in page.text and page.headers["retry-after"]
        with factory() as db:
            assert db.scalar(select(func.count()).select_from(m.FailedSignIn)) == 3
        # Once the tries are older than the lockout, the right token works again.
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
        monkeypatch.setattr(throttle, "_now", lambda: later)
        assert one.get("/me", headers=right).status_code == 200
        assert other.get("/me", headers={"Authorization": "Bearer guess-3"}).status_code == 401
        assert one.get("/me", headers=right).status_code == 200  # one new wrong try locks nobody out


def test_wrong_sign_in_keys_are_locked_out(setup):
    settings, factory, token = setup
    with TestClient(create_app(settings, factory)) as browser:
        for guess in range(3):
            assert _sign_in(browser, f"guess-{guess}").status_code == 401
        refused = _sign_in(browser, token)
        assert refused.status_code == 429 and "Wait 15 minutes" in refused.text
        assert browser.get("/web/planner", follow_redirects=False).status_code == 303  # not signed in
