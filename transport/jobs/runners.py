"""Where planning jobs (and costing a plan's places) run: a thread of this process (the embedded default), or Dramatiq workers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from transport.budgets.costs import run_costing
from transport.jobs.plans import recover, run_plan
from transport.settings import Settings


class Runner(Protocol):
    def submit(self, plan_id: int) -> None: ...

    def submit_costing(self, plan_id: int, seconds: float | None = None) -> None: ...

    def close(self) -> None: ...


class InProcess:
    """One job at a time in a background thread (planning itself uses every core)."""

    def __init__(self, factory: sessionmaker[Session], settings: Settings) -> None:
        self.factory, self.settings = factory, settings
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planning")

    def submit(self, plan_id: int) -> None:
        self.pool.submit(run_plan, self.factory, self.settings, plan_id)

    def submit_costing(self, plan_id: int, seconds: float | None = None) -> None:
        """`seconds`: for each run re-solved (None: PLACE_COST_SECONDS)."""
        self.pool.submit(run_costing, self.factory, self.settings, plan_id, seconds)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


class Queued:
    """Jobs sent to Dramatiq workers over Redis or RabbitMQ (`JOB_BROKER_URL`)."""

    def submit(self, plan_id: int) -> None:
        # Importing the actor's module connects to the broker: only a council that uses one does.
        from transport.jobs.queue import plan_job

        plan_job.send(plan_id)

    def submit_costing(self, plan_id: int, seconds: float | None = None) -> None:
        from transport.jobs.queue import costing_job

        costing_job.send(plan_id, seconds)

    def close(self) -> None:
        pass


def start_runner(factory: sessionmaker[Session], settings: Settings) -> Runner:
    """The runner the settings ask for, with the jobs a restart interrupted dealt with first."""
    runner: Runner = Queued() if settings.job_broker_url else InProcess(factory, settings)
    for plan_id in recover(factory):
        runner.submit(plan_id)
    return runner
