"""The live day's benchmark: a published council served by `transport serve` (a process of its
own, on 127.0.0.1), every morning run of a school day started by its driver and sending the
vehicle's position every 30 s, as a county's phones would; how long each position takes to be
answered, and how soon the late texts it calls for reach the gateway.

The day is today (the last school day, at a weekend), and each phone's time is the clock's now
(at a weekend, the morning's own times: a phone's time not come yet is refused). The service
reckons expected times from its own clock, so a run measured after its morning is late, and each
of its parents who opted in is texted at its first position: the most texts a morning can call
for at once."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import delete, select, update

from transport import models as m
from transport.accounts import add_user
from transport.bench.ops import WAITING, Service, Timings, _utc, clocked, council_in, drain_outbox
from transport.clock import now, weekday_of
from transport.db import transaction

NEVER_SENT = ("failed", "opted_out")
"""A parent with no number, or who texted STOP: kept for the office, never handed to the gateway."""
EVERY = 30.0
"""Seconds between one phone's positions."""


@dataclass(frozen=True)
class Phone:
    run_id: int
    token: str
    start: dt.datetime
    """The run's leave time that day (the phone's clock starts there)."""
    lat: float
    lon: float


@dataclass
class LiveRun:
    runs: int
    positions: Timings
    quiet: Timings
    """The answers of positions that queued no text."""
    seconds: float
    late: Timings
    """Seconds from the position that called for each late text to its hand-over to the gateway."""
    late_unsent: int
    opted_in: int


def school_day(today: dt.date) -> dt.date:
    """Today, or at a weekend the Friday before (a bench council's plan is in force from this week's Monday)."""
    day = today
    while weekday_of(day) is None:
        day -= dt.timedelta(days=1)
    return day


def phones(factory, day: dt.date, share: float) -> tuple[list[Phone], int]:
    """A driver's token for every morning run of the day, and a share of its parents opted in."""
    with transaction(factory) as db:
        plan = db.scalar(select(m.Plan).where(m.Plan.status == "published").order_by(m.Plan.id.desc()).limit(1))
        if plan is None:
            raise RuntimeError("no published plan to serve")
        runs = db.scalars(
            select(m.PlanRun)
            .where(m.PlanRun.plan_id == plan.id, m.PlanRun.weekday == weekday_of(day), m.PlanRun.session == "AM")
            .where(m.PlanRun.driver_id.is_not(None))
            .order_by(m.PlanRun.id)
            .options(*m.run_whole())
        ).all()
        tokens: dict[int, str] = {}
        out = []
        for r in runs:
            assert r.driver is not None
            if r.driver.id not in tokens:
                tokens[r.driver.id] = add_user(db, "driver", f"bench driver {r.driver.ref}", r.driver.ref)
            first = r.stops[0]
            out.append(Phone(r.id, tokens[r.driver.id], dt.datetime.combine(day, r.leave_depot), first.lat, first.lon))
        guardians = sorted({g.id for r in runs for s in r.stops for g in s.child.guardians})
        chosen = guardians[:: max(1, round(1 / share))] if share > 0 else []
        db.execute(update(m.Guardian).values(live_texts=False))
        if chosen:
            db.execute(update(m.Guardian).where(m.Guardian.id.in_(chosen)).values(live_texts=True))
    return out, len(chosen)


def drive(
    url: str, day: dt.date, runs: list[Phone], seconds: float, clock: Callable[[], dt.datetime]
) -> tuple[Timings, Timings, dict[int, list[dt.datetime]], float]:
    """Start every run, then each phone sends a position every EVERY s (phones spread evenly over
    the interval) for `seconds`. Returns the answers' latencies (all, and those of positions that
    queued no text), the UTC times each run's positions were sent, and the seconds it took."""
    out, quiet, lock = Timings(), Timings(), threading.Lock()
    sent_at: dict[int, list[dt.datetime]] = {}
    local = threading.local()

    def client() -> httpx.Client:
        c = getattr(local, "client", None) or httpx.Client(base_url=url, timeout=60)
        local.client = c
        return c

    def post(path: str, token: str, body: dict) -> int | None:
        """Texts the report queued; None: not answered 200."""
        try:
            answer = client().post(path, headers={"Authorization": f"Bearer {token}"}, json=body)
        except httpx.HTTPError:
            return None
        return answer.json()["told"] if answer.status_code == 200 else None

    with ThreadPoolExecutor(16) as pool:
        started = list(
            pool.map(lambda p: post(f"/runs/{p.run_id}/start", p.token, {"date": str(day), "at": _at(p, 0, clock)}), runs)
        )
    if None in started:
        raise RuntimeError(f"{started.count(None)} of {len(runs)} runs would not start")
    rounds = max(1, int(seconds / EVERY))
    sends = [(k, i) for k in range(rounds) for i in range(len(runs))]
    begin = time.perf_counter() + 0.5

    def one(item: tuple[int, int]) -> None:
        k, i = item
        p = runs[i]
        time.sleep(max(0.0, begin + k * EVERY + i * EVERY / len(runs) - time.perf_counter()))
        body = {"date": str(day), "positions": [{"lat": p.lat + 0.001 * k, "lon": p.lon, "at": _at(p, k, clock)}]}
        sent = dt.datetime.now(dt.UTC)
        began = time.perf_counter()
        told = post(f"/runs/{p.run_id}/positions", p.token, body)
        ms = (time.perf_counter() - began) * 1000
        with lock:
            out.ms.append(ms)
            out.errors += told is None
            if told == 0:
                quiet.ms.append(ms)
            sent_at.setdefault(p.run_id, []).append(sent)

    with clocked(), ThreadPoolExecutor(64) as pool:
        list(pool.map(one, sends))
    return out, quiet, sent_at, time.perf_counter() - begin


def _at(phone: Phone, k: int, clock: Callable[[], dt.datetime]) -> str:
    """The phone's time of its k-th report: now, or on a day gone the morning's own time."""
    now = clock()
    return (now if now.date() == phone.start.date() else phone.start + dt.timedelta(seconds=k * EVERY)).isoformat()


def late_text_delays(factory, day: dt.date, sent_at: dict[int, list[dt.datetime]], wait: float) -> tuple[Timings, int]:
    """Seconds from the position that called for each late text (the run's last sent before the
    text was queued) to the text's hand-over to the gateway."""
    query = select(m.Message.sent_at, m.Message.created_at, m.Message.idempotency_key, m.Message.status).where(
        m.Message.template == "running_late", m.Message.about_date == day, m.Message.status.not_in(NEVER_SENT)
    )
    deadline = time.monotonic() + wait
    while True:
        with factory() as db:
            rows = db.execute(query).all()
        unsent = sum(status in WAITING for *_, status in rows)
        if not unsent or time.monotonic() > deadline:
            break
        time.sleep(1)
    out = Timings()
    for sent, made, key, _ in rows:
        run_id = int(key.split(":")[1])  # late:{run}:{date}:{child}:{step}:{guardian}
        cause = [t for t in sent_at.get(run_id, []) if t <= _utc(made)]
        if sent is not None and cause:
            out.ms.append((_utc(sent) - cause[-1]).total_seconds() * 1000)
    return out, unsent


def run_live(
    children: int,
    database_url: str,
    workdir: Path,
    seconds: float = 1.0,
    duration: float = 60.0,
    share: float = 0.5,
    say: Callable[[str], None] = print,
) -> dict:
    engine, factory, settings = council_in(database_url, workdir, children, seconds, say)
    day = school_day(now(settings).date())
    runs, opted = phones(factory, day, share)
    with transaction(factory) as db:  # a run again: started afresh
        ids = [p.run_id for p in runs]
        for table in (m.Position, m.StopEvent, m.RunDay):
            db.execute(delete(table).where(table.date == day, table.run_id.in_(ids)))
        db.execute(delete(m.Message).where(m.Message.about_date == day, m.Message.template == "running_late"))
    say(f"{len(runs)} morning runs on {day}, {opted} parents opted in; serving")
    service = Service(database_url, workdir)
    try:
        say("sending the texts waiting in the outbox, before measuring")
        drain_outbox(factory, most=600)
        say(f"every run started; a position from each every {EVERY:g} s for {duration:g} s")
        positions, quiet, sent_at, took = drive(service.url, day, runs, duration, lambda: now(settings))
        late, unsent = late_text_delays(factory, day, sent_at, wait=120)
        return {
            "database": engine.dialect.name,
            "result": LiveRun(len(runs), positions, quiet, took, late, unsent, opted),
            "peak_mb": service.peak_mb(),
        }
    finally:
        service.stop()
        engine.dispose()
