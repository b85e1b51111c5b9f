"""Planning jobs on Dramatiq workers, over a real Redis and a real RabbitMQ (skipped if not running)."""

from __future__ import annotations

import datetime as dt
import importlib
import socket
import time
import uuid

import dramatiq
import pytest

from tests.api.conftest import MONDAY
from transport import models as m
from transport.db import transaction
from transport.jobs.runners import Queued
from transport.planning.lifecycle import request_plan
from transport.settings import get_settings

BROKERS = {"redis": ("redis://127.0.0.1:6379/15", 6379), "rabbitmq": ("amqp://guest:guest@127.0.0.1:5672/", 5672)}


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.parametrize("broker", list(BROKERS))
def test_a_planning_job_runs_on_a_worker(council, broker, monkeypatch):
    url, port = BROKERS[broker]
    if not _answers(port):
        pytest.skip(f"{broker} is not running on 127.0.0.1:{port}")
    monkeypatch.setenv("JOB_BROKER_URL", url)
    monkeypatch.setenv("DATABASE_URL", council.settings.database_url)
    monkeypatch.setenv("SOLVE_SECONDS", "0.2")
    name = f"planning-test-{uuid.uuid4().hex[:8]}"  # its own queue: other users of the broker never take its jobs
    monkeypatch.setenv("JOB_QUEUE", name)
    get_settings.cache_clear()
    try:
        queue = importlib.reload(importlib.import_module("transport.jobs.queue"))
        broker_ = dramatiq.get_broker()
        broker_.flush_all()
        week = MONDAY + dt.timedelta(days=49 if broker == "redis" else 56)
        with transaction(council.factory) as db:
            plan_id = request_plan(db, week, 0.2, None, True, "test").id
        Queued().submit(plan_id)
        worker = dramatiq.Worker(broker_, worker_threads=1)
        worker.start()
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                with council.factory() as db:
                    plan = db.get(m.Plan, plan_id)
                if plan.status not in ("queued", "running"):
                    break
                time.sleep(0.5)
        finally:
            worker.stop()
            broker_.flush_all()
            if broker == "rabbitmq":
                for queue_name in (name, f"{name}.DQ", f"{name}.XQ"):
                    broker_.channel.queue_delete(queue_name)
            broker_.close()
        assert plan.status == "draft", (plan.status, plan.error)
        assert plan.summary["journeys_placed"] > 0
        assert queue.plan_job.queue_name == name
    finally:
        get_settings.cache_clear()
