"""The web pages in a real browser: the app served by uvicorn on a free port (a SQLite file, and
PostgreSQL when TEST_DATABASE_URL is set), driven by Playwright in Debian's headless Chromium.

SCREENSHOTS=DIR saves a screenshot of each page the tests visit (never committed)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import select

from api.main import create_app
from tests.api.conftest import MONDAY
from tests.conftest import BACKENDS, planned_council
from transport import models as m
from transport.accounts import add_user
from transport.db import transaction
from transport.travel.local_valhalla import free_port

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Site:
    url: str
    factory: object
    tokens: dict[str, str]
    """'planner', 'school', 'parent', 'parent2', 'driver'"""
    ids: dict[str, int]
    """'school', 'parent', 'parent2', 'driver': their records' ids; 'child', 'child2': a child of each parent"""


def _accounts(session) -> tuple[dict[str, str], dict[str, int]]:
    """A parent whose child travels on Monday, that child's school, another family, a driver."""
    monday = session.scalars(select(m.PlanRun).where(m.PlanRun.weekday == "mon")).all()
    runs = session.scalars(select(m.PlanRun).where(m.PlanRun.weekday.in_(("mon", "tue")))).all()
    rides = {(s.child_id, r.weekday, r.session) for r in runs for s in r.stops}

    def both_ways(child: m.Child) -> bool:  # a plan may leave a child out of one session; tests need both, Mon and Tue
        return all((child.id, d, x) in rides for d in ("mon", "tue") for x in m.SESSIONS)

    placed = sorted({s.child for r in monday for s in r.stops}, key=lambda c: (not both_ways(c), c.id))
    families: list[tuple[m.Guardian, m.Child]] = []
    for child in placed:
        guardian = min(child.guardians, key=lambda g: g.id)
        if not any(set(guardian.children) & set(g.children) for g, _ in families):
            families.append((guardian, child))
        if len(families) == 2:
            break
    (parent, child), (parent2, child2) = families
    driver = next(r.driver for r in monday if r.driver and any(s.child.care_notes for s in r.stops))
    tokens = {
        "planner": add_user(session, "planner", "Pat Planner"),
        "school": add_user(session, "school", "School office", child.school.ref),
        "parent": add_user(session, "parent", f"{parent.first_name} {parent.last_name}", parent.ref),
        "parent2": add_user(session, "parent", f"{parent2.first_name} {parent2.last_name}", parent2.ref),
        "driver": add_user(session, "driver", driver.first_name, driver.ref),
    }
    ids = {
        "school": child.school_id,
        "parent": parent.id,
        "parent2": parent2.id,
        "driver": driver.id,
        "child": child.id,
        "child2": child2.id,
    }
    return tokens, ids


@pytest.fixture(scope="package", params=BACKENDS)
def site(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"web-{request.param}")
    engine, factory, settings, plan_id = planned_council(
        request.param, tmp, MONDAY - dt.timedelta(days=14), cookie_secret="test-secret"
    )
    with transaction(factory) as db:
        tokens, ids = _accounts(db)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, factory), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}", factory, tokens, ids)
    server.should_exit = server.force_exit = True  # open keep-alive connections are not waited for
    thread.join(10)
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, site):
    """Pages in fresh browsers (each its own cookies), on a phone-sized screen; nothing may be
    fetched from anywhere but the app (the map's tiles and scripts are refused, as offline)."""
    contexts = []

    def make(width: int = 390, height: int = 844):
        context = browser.new_context(
            viewport={"width": width, "height": height}, base_url=site.url, locale="en-GB", timezone_id="Europe/London"
        )
        context.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(page, site: Site, who: str) -> None:
    page.goto("/web/sign-in")
    page.get_by_label("Your sign-in key").fill(site.tokens[who])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/web/(?!sign-in)"))


def shot(page, name: str) -> None:
    """A screenshot of the page when SCREENSHOTS is set (a folder; kept out of the repository)."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
