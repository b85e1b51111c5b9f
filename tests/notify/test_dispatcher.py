"""The service's dispatcher: a thread on SQLite, a process of its own on PostgreSQL woken by
NOTIFY; either sends a same-day text within seconds while it looks only once a minute."""

from __future__ import annotations

import json
import time
from multiprocessing.process import BaseProcess

import pytest

from tests.conftest import until
from transport.db import transaction
from transport.notify import outbox
from transport.notify.dispatcher import Dispatcher, Listening
from transport.settings import Settings


def _queue(factory, key: str, priority: int = outbox.SAME_DAY) -> None:
    with transaction(factory) as db:
        outbox.queue(
            db, to="+447700900111", role="driver", ref="D1", template="t", body=f"text {key}", key=key, priority=priority
        )


def _sent(log) -> list[str]:
    return [json.loads(line)["body"] for line in log.read_text().splitlines()] if log.exists() else []


def test_the_services_dispatcher_sends_a_same_day_text_at_once(engine, factory, tmp_path):
    log = tmp_path / "sms.log"
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False), sms_log=str(log))
    dispatcher = Dispatcher(factory, settings, poll=60)
    born = time.monotonic()
    dispatcher.start()
    try:
        assert isinstance(dispatcher.worker, BaseProcess) == (engine.dialect.name == "postgresql")
        assert until(lambda: dispatcher.heart.beat > born, 30), "the dispatcher never looked at the outbox"
        time.sleep(0.3)  # it has looked, found nothing, and waits for a minute or a bell
        _queue(factory, "notice", priority=outbox.ROUTINE)
        time.sleep(1.0)
        assert _sent(log) == []  # a plan notice waits for the next look
        _queue(factory, "absence")
        assert until(lambda: len(_sent(log)) == 2, 5), _sent(log)
        assert sorted(_sent(log)) == ["text absence", "text notice"]
        assert dispatcher.heart.alive(within=60)
    finally:
        dispatcher.stop()
    assert not dispatcher.worker.is_alive()
    assert not dispatcher.heart.alive(within=60)


def test_a_text_rolled_back_rings_no_dispatcher(engine, factory):
    if engine.dialect.name != "postgresql":
        pytest.skip("NOTIFY is PostgreSQL's")
    bell = Listening(engine.url.render_as_string(hide_password=False))
    try:
        with pytest.raises(RuntimeError), transaction(factory) as db:
            outbox.queue(
                db, to="+447700900111", role="pa", ref="P1", template="t", body="x", key="gone", priority=outbox.SAME_DAY
            )
            raise RuntimeError("the absence failed")
        assert not bell.wait(0.5)
        _queue(factory, "kept")
        assert bell.wait(5)
        bell.clear()
        assert not bell.wait(0.2)
    finally:
        bell.close()


def test_a_dispatcher_asked_to_stop_stops_between_batches_however_long_the_outbox(engine, factory, tmp_path):
    """Behind a publish's thousands of notices it used to drain them all before it looked at `stop`."""
    from sqlalchemy import func, select

    from transport import models as m

    with transaction(factory) as db:
        for i in range(1000):  # 10 s at the pace below
            outbox.queue(db, to="+447700900111", role="parent", ref=f"G{i}", template="t", body=f"notice {i}", key=f"n{i}")
    log = tmp_path / "sms.log"
    settings = Settings(database_url=engine.url.render_as_string(hide_password=False), sms_log=str(log), sms_rate_per_second=100)
    dispatcher = Dispatcher(factory, settings).start()
    assert until(lambda: len(_sent(log)) > 0, 30), "the dispatcher never sent"
    began = time.monotonic()
    dispatcher.stop()
    assert time.monotonic() - began < 5
    assert not dispatcher.worker.is_alive()
    with factory() as db:
        assert db.scalar(select(func.count()).where(m.Message.status == "queued")) > 0  # it stopped part way
