"""Operations: an answer is sent only after its write is committed; a repeated absence does
nothing twice; a date far off is refused; /health says when the texts have stopped."""

from __future__ import annotations

import datetime as dt
import threading

from fastapi.testclient import TestClient
from sqlalchemy import event, func, select

from tests.api.conftest import MONDAY
from tests.conftest import run_async
from transport import models as m
from transport.notify import outbox

THURSDAY = MONDAY + dt.timedelta(days=17)  # a day no other test reports absences for


def _counts(council, child_id: int) -> tuple[int, int]:
    with council.factory() as db:
        absences = db.scalar(select(func.count(m.Absence.id)).where(m.Absence.child_id == child_id))
        texts = db.scalar(select(func.count(m.Message.id)).where(m.Message.child_id == child_id))
    return absences, texts


def test_a_commit_that_fails_is_an_error_answer_not_a_201(council):
    child = council.get("parent", "/me/children").json()[0]
    before = _counts(council, child["id"])

    def refuse(db):
        raise RuntimeError("the disk is full")

    event.listen(council.factory, "before_commit", refuse)
    try:
        client = TestClient(council.client.app, raise_server_exceptions=False)
        answer = client.post(
            "/absences",
            headers=council.auth("parent"),
            json={"child_id": child["id"], "date": str(THURSDAY), "session": "both"},
        )
    finally:
        event.remove(council.factory, "before_commit", refuse)
    assert answer.status_code >= 500
    assert _counts(council, child["id"]) == before  # nothing stored, nobody texted


def test_a_repeated_absence_makes_no_second_row_and_no_second_texts(council):
    child = council.get("parent", "/me/children").json()[1 if len(council.get("parent", "/me/children").json()) > 1 else 0]
    day = THURSDAY + dt.timedelta(days=7)
    body = {"child_id": child["id"], "date": str(day), "session": "both"}
    first = council.post("parent", "/absences", json=body)
    assert first.status_code == 201, first.text
    after_first = _counts(council, child["id"])
    again = council.post("parent", "/absences", json=body)
    assert again.status_code == 201, again.text
    assert [a["id"] for a in again.json()] == [a["id"] for a in first.json()]
    assert _counts(council, child["id"]) == after_first
    # A morning-only report on that day is covered by the whole day's too.
    morning = council.post("parent", "/absences", json=body | {"session": "AM", "pm_too": False})
    assert [a["id"] for a in morning.json()] == [a["id"] for a in first.json()]
    assert _counts(council, child["id"]) == after_first
    # Once cancelled, a new report is a new absence.
    assert council.delete("parent", f"/absences/{first.json()[0]['id']}").status_code == 204
    anew = council.post("parent", "/absences", json=body)
    assert anew.status_code == 201 and anew.json()[0]["id"] != first.json()[0]["id"]


def test_a_date_outside_the_coming_year_is_refused_with_422(council):
    child = council.get("parent", "/me/children").json()[0]
    before = _counts(council, child["id"])
    far = dt.date.today() + dt.timedelta(days=400)
    for body in (
        {"child_id": child["id"], "date": "9999-12-31", "session": "AM"},
        {"child_id": child["id"], "date": str(far), "session": "both"},
        {"child_id": child["id"], "date": str(THURSDAY), "session": "both", "end_date": "9999-12-31"},
    ):
        answer = council.post("parent", "/absences", json=body)
        assert answer.status_code == 422, answer.text
        assert answer.json()["detail"]
    assert _counts(council, child["id"]) == before


def test_health_says_when_the_text_dispatcher_is_not_running(council):
    app = council.client.app
    assert council.client.get("/health").status_code == 200
    stop = threading.Event()
    stop.set()
    heart = outbox.Heartbeat()
    heart.worker = threading.Thread(target=outbox.run, args=(council.factory, None, stop))
    heart.worker.start()
    heart.worker.join()  # the dispatcher has ended
    app.state.dispatcher = heart
    try:
        answer = council.client.get("/health")
        assert answer.status_code == 503
        assert answer.json()["dispatcher"] == "not running"
    finally:
        app.state.dispatcher = None


def test_more_requests_at_once_than_connections_all_answer(council, monkeypatch):
    """A request takes its connection in one worker thread and runs in another: with 60 requests
    at once on a pool of 3, unbounded, every thread waited for a connection held by a request
    waiting for a thread. A bound on the requests holding one keeps them all moving."""
    import asyncio

    import httpx

    from api import deps
    from api.main import create_app
    from transport.db import make_engine, session_factory

    monkeypatch.setattr(deps, "DB_AT_ONCE", 2)
    url = council.factory.kw["bind"].url.render_as_string(hide_password=False)
    engine = make_engine(url, pool_size=3, max_overflow=0, pool_timeout=5)
    app = create_app(council.settings, session_factory(engine))

    async def many() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            answers = await asyncio.gather(*(client.get("/me/children", headers=council.auth("parent")) for _ in range(60)))
        return [a.status_code for a in answers]

    try:
        assert run_async(asyncio.wait_for(many(), timeout=60)) == [200] * 60
    finally:
        engine.dispose()
