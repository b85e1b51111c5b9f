"""Planning jobs on Dramatiq workers. Start a worker (as many as the machines allow) with:

    JOB_BROKER_URL=redis://127.0.0.1:6379/0 dramatiq transport.jobs.queue --processes 1 --threads 1

Importing this module sets Dramatiq's broker from `JOB_BROKER_URL` (redis:// or amqp://).
"""

from __future__ import annotations

import dramatiq

from transport.budgets.costs import run_costing
from transport.db import make_engine, session_factory
from transport.jobs.plans import run_plan
from transport.settings import get_settings


def broker_for(url: str) -> dramatiq.Broker:
    if url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(url=url)
    if url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=url)
    raise ValueError(f"JOB_BROKER_URL must start redis:// or amqp://, not {url!r}")


dramatiq.set_broker(broker_for(get_settings().job_broker_url or "redis://127.0.0.1:6379/0"))


@dramatiq.actor(queue_name=get_settings().job_queue, max_retries=0, time_limit=6 * 3600 * 1000)
def plan_job(plan_id: int) -> None:
    """A plan is made once: a failure is recorded on the plan for the planner, not retried."""
    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        run_plan(session_factory(engine), settings, plan_id)
    finally:
        engine.dispose()


@dramatiq.actor(queue_name=get_settings().job_queue, max_retries=0, time_limit=6 * 3600 * 1000)
def costing_job(plan_id: int, seconds: float | None = None) -> None:
    """What each child's place on a plan costs (transport/budgets/costs.py), once."""
    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        run_costing(session_factory(engine), settings, plan_id, seconds)
    finally:
        engine.dispose()
