"""The operations benchmark: a published council served by `transport serve` (a process of its
own, on 127.0.0.1), then the school manifest, a parent's child transport and a crew's run sheet
read one after another and by 8 clients at once, absences reported at a steady rate by different
parents (every one answered, every one stored), how soon each crew text reaches the gateway, how
fast the outbox drains, and the service's peak memory; and, if asked, the manifest's latency while
the council's next week is planned (in the service's processes, or on a Dramatiq worker)."""

from __future__ import annotations

import datetime as dt
import gc
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from transport import models as m
from transport.accounts import add_user
from transport.bench.samplegen import generate
from transport.clock import next_monday, next_school_day, weekday_of
from transport.db import make_engine, migrate, session_factory, transaction
from transport.imports import import_folder
from transport.planning.lifecycle import publish
from transport.planning.plan import Week
from transport.planning.week import plan_week
from transport.settings import Settings

CLIENTS = 8


@dataclass
class Timings:
    """Latencies (ms) of one kind of request, and how many were not a 2xx."""

    ms: list[float] = field(default_factory=list)
    errors: int = 0

    def pct(self, p: float) -> float:
        s = sorted(self.ms)
        return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


@dataclass
class Accounts:
    planner: str
    schools: list[tuple[str, int]]
    parents: list[tuple[str, int]]
    """token, child id (one child per parent, each travelling on the day's morning)"""
    crews: list[str]


def build_council(factory: sessionmaker[Session], settings: Settings, children: int, seconds: float, folder: Path) -> int:
    """The council's plan in force: the one published already, or a sample council of this size
    generated, imported, planned and published now."""
    with factory() as db:
        published = db.scalar(select(m.Plan.id).where(m.Plan.status == "published").limit(1))
    if published is not None:
        return published
    generate(folder, children=children)
    import_folder(factory, folder, settings)
    starts = next_monday(dt.date.today()) - dt.timedelta(days=7)  # in force today
    plan_id = plan_week(factory, settings, Week(starts, seconds=seconds))
    with transaction(factory) as db:
        publish(db, plan_id)
    return plan_id


def council_in(
    database_url: str, workdir: Path, children: int, seconds: float, say: Callable[[str], None]
) -> tuple[Engine, sessionmaker[Session], Settings]:
    """The database (migrated) with a published council of this size in it, made if it is not there."""
    workdir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(database_url)
    migrate(engine)
    factory = session_factory(engine)
    settings = Settings(database_url=database_url)
    say(f"council: {children} children (reused if one is published there already)")
    build_council(factory, settings, children, seconds, workdir / "council")
    return engine, factory, settings


def make_accounts(factory: sessionmaker[Session], day: dt.date, parents: int) -> Accounts:
    weekday = weekday_of(day)
    with transaction(factory) as db:
        plan = db.scalar(select(m.Plan).where(m.Plan.status == "published").order_by(m.Plan.id.desc()).limit(1))
        if plan is None:
            raise RuntimeError("no published plan to serve")
        schools = db.scalars(select(m.School).order_by(m.School.id)).all()
        riders = db.execute(
            select(m.PlanStop.child_id)
            .join(m.PlanRun, m.PlanStop.run_id == m.PlanRun.id)
            .where(m.PlanRun.plan_id == plan.id, m.PlanRun.weekday == weekday, m.PlanRun.session == "AM")
            .distinct()
            .order_by(m.PlanStop.child_id)
        ).scalars()
        chosen: list[tuple[str, int]] = []
        seen: set[int] = set()
        for child_id in riders:
            child = db.get(m.Child, child_id)
            guardian = next((g for g in child.guardians if g.id not in seen), None) if child else None
            if guardian is None:
                continue
            seen.add(guardian.id)
            chosen.append((add_user(db, "parent", f"bench parent {guardian.ref}", guardian.ref), child_id))
            if len(chosen) >= parents:
                break
        drivers = db.scalars(
            select(m.Driver.ref)
            .join(m.PlanRun, m.PlanRun.driver_id == m.Driver.id)
            .where(m.PlanRun.plan_id == plan.id, m.PlanRun.weekday == weekday)
            .distinct()
            .limit(200)
        ).all()
        return Accounts(
            planner=add_user(db, "planner", "bench planner"),
            schools=[(add_user(db, "school", f"bench {s.ref}", s.ref), s.id) for s in schools],
            parents=chosen,
            crews=[add_user(db, "driver", f"bench driver {ref}", ref) for ref in drivers],
        )


class Service:
    """`transport serve`'s app under uvicorn in a process of its own, stopped when done."""

    def __init__(self, database_url: str, workdir: Path, workers: int = 1, rate: float = 0.0, broker: str | None = None) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = os.environ | {
            "DATABASE_URL": database_url,
            "SMS_LOG": str(workdir / "sms.log"),
            "SMS_DISPATCH_IN_SERVICE": "true",
            "SMS_RATE_PER_SECOND": str(rate),
            "COOKIE_SECRET": "bench",
        }
        self.worker: subprocess.Popen | None = None
        if broker:
            # Planning jobs go to a Dramatiq worker of their own, as a council with a broker runs them.
            env |= {"JOB_BROKER_URL": broker, "JOB_QUEUE": f"bench-{self.port}"}
            worker = [sys.executable, "-m", "dramatiq", "transport.jobs.queue", "--processes", "1", "--threads", "1"]
            self.worker = subprocess.Popen(worker, env=env, cwd=workdir)
        command = [sys.executable, "-m", "transport.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        command += ["--log-level", "warning", "--workers", str(workers)]
        self.process = subprocess.Popen(command, env=env, cwd=workdir)
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(600):
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("the service did not start")
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the service did not answer /health within 60 s")

    def peak_mb(self) -> float | None:
        """Peak resident memory of the service's processes (Linux), in MB."""
        pids = [self.process.pid]
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
            pids += [int(p) for p in children]
            kb = 0
            for pid in pids:
                line = next(x for x in Path(f"/proc/{pid}/status").read_text().splitlines() if x.startswith("VmHWM"))
                kb += int(line.split()[1])
            return kb / 1024
        except (OSError, StopIteration):
            return None

    def stop(self) -> None:
        for process in (self.process, self.worker):
            if process is None:
                continue
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def clocked() -> Iterator[None]:
    """While the bench times the service: no full collection of the bench's own objects (one
    stopped all 8 measuring threads at once for 80 to 130 ms, counted as the service's time)."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def timed_reads(url: str, requests: list[tuple[str, str]], clients: int) -> Timings:
    """GET each (path, token), by this many clients at once; latencies in ms. The clients are
    made before the clock starts: making one is some milliseconds of the bench's interpreter,
    which 8 made at the start of the clock charged to the service's first requests."""
    out, lock = Timings(), threading.Lock()
    made: queue.SimpleQueue[httpx.Client] = queue.SimpleQueue()
    every = [httpx.Client(base_url=url, timeout=60) for _ in range(clients)]
    for client in every:
        made.put(client)
    local = threading.local()

    def one(item: tuple[str, str]) -> None:
        client = getattr(local, "client", None) or made.get()
        local.client = client
        path, token = item
        started = time.perf_counter()
        try:
            ok = client.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 200
        except httpx.HTTPError:
            ok = False
        ms = (time.perf_counter() - started) * 1000
        with lock:
            out.ms.append(ms)
            out.errors += not ok

    try:
        with clocked(), ThreadPoolExecutor(clients) as pool:
            list(pool.map(one, requests))
    finally:
        for client in every:
            client.close()
    return out


@dataclass
class WhilePlanning:
    """Reads one after another while the council's next week is planned (status polled each second)."""

    reads: Timings
    plan_seconds: float
    status: str


def reads_while_planning(
    url: str, planner: str, requests: list[tuple[str, str]], starts_on: dt.date, seconds: float
) -> WhilePlanning:
    out = Timings()
    with httpx.Client(base_url=url, timeout=60, headers={"Authorization": f"Bearer {planner}"}) as office:
        answer = office.post("/plans", json={"starts_on": str(starts_on), "seconds": seconds})
        answer.raise_for_status()
        plan_id, began = answer.json()["id"], time.perf_counter()
        status, looked, i = "queued", 0.0, 0
        with httpx.Client(base_url=url, timeout=60) as reader:
            while status in ("queued", "running") and time.perf_counter() - began < 1800:
                path, token = requests[i % len(requests)]
                i += 1
                started = time.perf_counter()
                try:
                    ok = reader.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                if status == "running":  # reads before the job starts are not "while planning"
                    out.ms.append((time.perf_counter() - started) * 1000)
                    out.errors += not ok
                if time.perf_counter() - looked >= 1.0:
                    looked = time.perf_counter()
                    status = office.get(f"/plans/{plan_id}").json()["status"]
    return WhilePlanning(out, time.perf_counter() - began, status)


@dataclass
class AbsenceRun:
    sent: int
    created: int
    """Answered 201."""
    refused: int
    """Answered 4xx (a clear refusal)."""
    errors: int
    """Answered 5xx, or no answer at all."""
    seconds: float
    latency: Timings


def report_absences(url: str, parents: list[tuple[str, int]], day: dt.date, rate: float, seconds: float) -> AbsenceRun:
    """One absence each from different parents, started at a steady `rate` a second."""
    count = min(len(parents), int(rate * seconds))
    latency, lock = Timings(), threading.Lock()
    tally = {"created": 0, "refused": 0, "errors": 0}
    local = threading.local()
    start = time.perf_counter() + 0.5

    def one(i: int) -> None:
        client = getattr(local, "client", None) or httpx.Client(base_url=url, timeout=30)
        local.client = client
        time.sleep(max(0.0, start + i / rate - time.perf_counter()))
        token, child_id = parents[i]
        began = time.perf_counter()
        try:
            code = client.post(
                "/absences",
                headers={"Authorization": f"Bearer {token}"},
                json={"child_id": child_id, "date": str(day), "session": "AM", "pm_too": False},
            ).status_code
        except httpx.HTTPError:
            code = 0
        kind = "created" if code == 201 else "refused" if 400 <= code < 500 else "errors"
        with lock:
            tally[kind] += 1
            latency.ms.append((time.perf_counter() - began) * 1000)

    with clocked(), ThreadPoolExecutor(128) as pool:
        list(pool.map(one, range(count)))
    return AbsenceRun(count, tally["created"], tally["refused"], tally["errors"], time.perf_counter() - start, latency)


def crew_text_delays(factory: sessionmaker[Session], day: dt.date, child_ids: list[int], wait: float) -> tuple[Timings, int]:
    """Seconds from each absence's record to its crew texts' hand-over to the gateway (waiting up
    to `wait` s for the last), and how many crew texts were never handed over."""
    query = (
        select(m.Message.sent_at, m.Absence.created_at)
        .join(m.Absence, (m.Absence.child_id == m.Message.child_id) & (m.Absence.date == m.Message.about_date))
        .where(m.Message.template == "absence_crew", m.Message.about_date == day, m.Message.child_id.in_(child_ids))
    )
    deadline = time.monotonic() + wait
    while True:
        with factory() as db:
            rows = db.execute(query).all()
        unsent = sum(sent is None for sent, _ in rows)
        if not unsent or time.monotonic() > deadline:
            break
        time.sleep(1)
    out = Timings()
    for sent, made in rows:
        if sent is not None:
            out.ms.append((_utc(sent) - _utc(made)).total_seconds() * 1000)
    return out, unsent


def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


@dataclass
class Drain:
    """The publish's texts, sent by the service's dispatcher before anything else is measured."""

    sent: int
    seconds: float
    left: int
    """Still queued (or being sent) when the wait ended."""


WAITING = ("queued", "sending")


def drain_outbox(factory: sessionmaker[Session], most: float) -> Drain:
    """Wait, at most `most` seconds, until no text is waiting to be sent: a publish queues a
    county's notices (some 48,000), and the dispatcher sending them as fast as the gateway takes
    them (no SMS_RATE_PER_SECOND) would be measured with every read and absence after it."""

    def waiting() -> int:
        with factory() as db:
            return db.scalar(select(func.count(m.Message.id)).where(m.Message.status.in_(WAITING))) or 0

    began, first = time.perf_counter(), waiting()
    left = first
    while left and time.perf_counter() - began < most:
        time.sleep(0.5)
        left = waiting()
    return Drain(first - left, time.perf_counter() - began, left)


def drained_per_second(factory: sessionmaker[Session], since: dt.datetime) -> float:
    with factory() as db:
        sent = db.execute(
            select(func.count(m.Message.id), func.min(m.Message.sent_at), func.max(m.Message.sent_at)).where(
                m.Message.sent_at >= since
            )
        ).one()
    count, first, last = sent
    if not count or first is None or last is None or first == last:
        return 0.0
    return count / (_utc(last) - _utc(first)).total_seconds()


def run_ops(
    children: int,
    database_url: str,
    workdir: Path,
    seconds: float = 1.0,
    reads: int = 200,
    rate: float = 50.0,
    duration: float = 30.0,
    workers: int = 1,
    sms_rate: float = 0.0,
    say: Callable[[str], None] = print,
    while_planning: bool = False,
    broker: str | None = None,
) -> dict:
    engine, factory, settings = council_in(database_url, workdir, children, seconds, say)
    today = dt.date.today()
    day = today if weekday_of(today) else next_school_day(today)
    absent_on = next_school_day(today)
    accounts = make_accounts(factory, absent_on, int(rate * duration))
    say(f"{len(accounts.parents)} parents, {len(accounts.schools)} schools, {len(accounts.crews)} drivers; serving")
    service = Service(database_url, workdir, workers, sms_rate, broker)
    try:
        say("sending the texts the publish queued, before measuring")
        drain = drain_outbox(factory, most=600)
        parent_children = {}
        for token, child_id in accounts.parents:
            parent_children[token] = child_id
        kinds = {
            "school manifest": [(f"/schools/{sid}/manifest?date={day}", t) for t, sid in accounts.schools],
            "parent's child transport": [(f"/me/children/{cid}/transport?date={day}", t) for t, cid in accounts.parents],
            "crew's run sheet": [(f"/me/runs?date={day}", t) for t in accounts.crews],
        }
        results: dict = {"children": children, "database": engine.dialect.name, "workers": workers, "reads": {}}
        results["publish_drain"] = drain
        for kind, pool in kinds.items():
            requests = [pool[i % len(pool)] for i in range(reads)]
            for clients in (1, CLIENTS):
                say(f"reading: {kind}, {clients} client(s)")
                t = timed_reads(service.url, requests, clients)
                results["reads"][(kind, clients)] = t
        if while_planning:
            way = "on a Dramatiq worker" if broker else "in the service's own processes"
            say(f"reading school manifests while the next week is planned {way}")
            manifests = kinds["school manifest"]
            results["while_planning"] = reads_while_planning(
                service.url, accounts.planner, manifests, next_monday(today), seconds
            )
        say(f"absences: {rate:g} a second for {duration:g} s")
        since = dt.datetime.now(dt.UTC)
        absences = report_absences(service.url, accounts.parents, absent_on, rate, duration)
        child_ids = [cid for _, cid in accounts.parents[: absences.sent]]
        with factory() as db:
            stored = db.scalar(
                select(func.count(m.Absence.id)).where(
                    m.Absence.date == absent_on, m.Absence.child_id.in_(child_ids), m.Absence.cancelled_at.is_(None)
                )
            )
        crew, unsent = crew_text_delays(factory, absent_on, child_ids, wait=120)
        results |= {
            "absences": absences,
            "stored": stored,
            "lost": absences.created - (stored or 0),
            "crew": crew,
            "crew_unsent": unsent,
            "drain": drained_per_second(factory, since),
            "peak_mb": service.peak_mb(),
        }
        return results
    finally:
        service.stop()
        engine.dispose()
