"""The outbox on SQLite and PostgreSQL: sent once, retried with backoff, nothing lost or doubled
when a dispatcher dies, several dispatchers at once; same-day texts first, at the gateway's pace;
a dispatcher that meets a database error carries on."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from sqlalchemy import select, update

from transport import models as m
from transport.db import transaction
from transport.notify import outbox
from transport.notify.gateway import Outgoing, PermanentFailure, TemporaryFailure
from transport.notify.local_gateway import LocalGateway


def _queue(factory, n: int = 1, **kw) -> list[int]:
    with transaction(factory) as db:
        made = [
            outbox.queue(
                db, to=f"+4477009001{i:02d}", role="parent", ref=f"G{i}", template="t", body=f"Hello {i}", key=f"k{i}", **kw
            )
            for i in range(n)
        ]
        db.flush()
        return [x.id for x in made]


def _sent_lines(gateway: LocalGateway) -> list[dict]:
    return [json.loads(line) for line in gateway.path.read_text().splitlines()] if gateway.path.exists() else []


def _expire_leases(factory) -> None:
    with transaction(factory) as db:
        db.execute(update(m.Message).values(next_attempt_at=outbox.now() - dt.timedelta(seconds=1)))


def test_a_queued_message_is_sent_once(factory, tmp_path):
    gateway = LocalGateway(tmp_path / "sms.log")
    (mid,) = _queue(factory)
    with transaction(factory) as db:  # queueing the same key again adds nothing
        assert outbox.queue(db, to="+447700900100", role="parent", ref="G0", template="t", body="Hello 0", key="k0") is None
    assert outbox.run_once(factory, gateway) == 1
    assert outbox.run_once(factory, gateway) == 0
    assert [line["body"] for line in _sent_lines(gateway)] == ["Hello 0"]
    with factory() as db:
        message = db.get(m.Message, mid)
        assert (message.status, message.attempts, message.provider_id) == ("sent", 1, "local-k0")


def test_a_dispatcher_that_dies_after_claiming_loses_nothing(factory, tmp_path):
    gateway = LocalGateway(tmp_path / "sms.log")
    _queue(factory, 3)
    claimed = outbox.claim(factory)  # ...and the dispatcher dies here
    assert len(claimed) == 3
    assert outbox.run_once(factory, gateway) == 0  # another dispatcher leaves them while the lease runs
    _expire_leases(factory)
    assert outbox.run_once(factory, gateway) == 3
    assert sorted(line["body"] for line in _sent_lines(gateway)) == ["Hello 0", "Hello 1", "Hello 2"]


def test_a_dispatcher_that_dies_after_sending_sends_nothing_twice(factory, tmp_path):
    gateway = LocalGateway(tmp_path / "sms.log")
    (mid,) = _queue(factory)
    outbox.claim(factory)
    with factory() as db:
        message = db.get(m.Message, mid)
        gateway.send(Outgoing(message.recipient_phone, message.body, message.idempotency_key))  # sent, then it dies
    _expire_leases(factory)
    assert outbox.run_once(factory, gateway) == 1
    assert len(_sent_lines(gateway)) == 1
    with factory() as db:
        assert db.get(m.Message, mid).status == "sent"


class Flaky:
    def __init__(self, error: Exception, times: int) -> None:
        self.error, self.times, self.sent = error, times, []

    def send(self, message: Outgoing) -> str:
        if self.times > 0:
            self.times -= 1
            raise self.error
        self.sent.append(message.key)
        return f"id-{message.key}"

    def sent_before(self, message: Outgoing) -> str | None:
        return None


def test_a_temporary_failure_is_retried_later_and_a_permanent_one_is_marked(factory):
    (mid,) = _queue(factory)
    gateway = Flaky(TemporaryFailure("provider busy"), times=1)
    outbox.run_once(factory, gateway)
    with factory() as db:
        message = db.get(m.Message, mid)
        assert message.status == "queued" and message.last_error == "provider busy"
        wait = message.next_attempt_at.replace(tzinfo=message.next_attempt_at.tzinfo or dt.UTC) - outbox.now()
        assert dt.timedelta(seconds=20) < wait <= dt.timedelta(seconds=30)
    assert outbox.run_once(factory, gateway) == 0  # not yet due
    _expire_leases(factory)
    outbox.run_once(factory, gateway)
    assert gateway.sent == ["k0"]

    with transaction(factory) as db:
        outbox.queue(db, to="+447700900999", role="parent", ref="G9", template="t", body="x", key="stop")
    outbox.run_once(factory, Flaky(PermanentFailure("21610: the recipient replied STOP"), times=1))
    with factory() as db:
        failed = db.scalar(select(m.Message).where(m.Message.idempotency_key == "stop"))
        assert failed.status == "failed" and "21610" in failed.last_error


def test_a_parent_who_said_stop_is_not_texted_but_listed(factory, tmp_path):
    gateway = LocalGateway(tmp_path / "sms.log")
    (mid,) = _queue(factory, consent=False)
    assert outbox.run_once(factory, gateway) == 0
    with factory() as db:
        assert db.get(m.Message, mid).status == "opted_out"
    assert _sent_lines(gateway) == []


def test_several_dispatchers_at_once_send_each_message_once(factory, engine):
    """On SQLite as on PostgreSQL: each claim is a compare-and-set in a writer's transaction."""
    _queue(factory, 60)

    class Counting:
        def __init__(self):
            self.sent, self.lock = [], threading.Lock()

        def send(self, message):
            with self.lock:
                self.sent.append(message.key)
            return message.key

        def sent_before(self, message):
            return None

    gateway = Counting()
    threads = [threading.Thread(target=outbox.run_once, args=(factory, gateway)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(gateway.sent) == sorted(f"k{i}" for i in range(60))


@pytest.mark.parametrize("body", ["Hello " + "Maximilianoalexander " * 30, "Zoë " * 100, "x" * 1000])
def test_no_text_leaves_the_outbox_longer_than_two_segments(factory, tmp_path, body):
    """Whatever made it (a name as long as an import allows, a reason from elsewhere), a text
    goes in at most two segments, cut at a word."""
    from transport.notify.sms import segments

    gateway = LocalGateway(tmp_path / "sms.log")
    with transaction(factory) as db:
        outbox.queue(db, to="+447700900100", role="parent", ref="G0", template="t", body=body, key="long")
    outbox.run_once(factory, gateway)
    (sent,) = _sent_lines(gateway)
    assert segments(sent["body"]) <= 2 and sent["body"].endswith("...") and body.startswith(sent["body"][:-3])


def test_same_day_texts_go_before_plan_notices_queued_earlier(factory):
    routine = _queue(factory, 30)
    with transaction(factory) as db:
        urgent = outbox.queue(
            db,
            to="+447700900999",
            role="driver",
            ref="D1",
            template="absence_crew",
            body="No pickup",
            key="abs",
            priority=outbox.SAME_DAY,
        )
        db.flush()
        urgent_id = urgent.id
    first = [c.id for c in outbox.claim(factory, limit=5)]
    assert first[0] == urgent_id
    assert first[1:] == routine[:4]


def test_the_pace_holds_sends_to_the_rate_setting(factory, tmp_path):
    clock = [0.0]
    pace = outbox.Pace(4, clock=lambda: clock[0], sleep=lambda s: clock.__setitem__(0, clock[0] + s))
    assert pace.batch() == 4  # about a second's worth at a time: a same-day text waits little
    _queue(factory, 10)
    gateway = LocalGateway(tmp_path / "sms.log")
    assert outbox.run_once(factory, gateway, pace) == 10
    assert clock[0] == pytest.approx(9 / 4)  # 10 sends at 4 a second: the 10th at 2.25 s
    assert len(_sent_lines(gateway)) == 10
    assert outbox.Pace(0).batch() == outbox.BATCH


def test_the_dispatcher_survives_database_errors_and_sends_afterwards(factory, tmp_path, monkeypatch):
    from sqlalchemy.exc import OperationalError

    _queue(factory, 3)
    real, failures = outbox.claim, []

    def locked_twice(*args, **kw):
        if len(failures) < 2:
            failures.append(1)
            raise OperationalError("UPDATE messages", {}, Exception("database is locked"))
        return real(*args, **kw)

    monkeypatch.setattr(outbox, "claim", locked_twice)
    monkeypatch.setattr(outbox, "RETRY_SECONDS", (0.01,))
    gateway, stop, heart = LocalGateway(tmp_path / "sms.log"), threading.Event(), outbox.Heartbeat()
    heart.worker = threading.Thread(target=outbox.run, args=(factory, gateway, stop), kwargs={"poll": 0.05, "heart": heart})
    heart.worker.start()
    try:
        for _ in range(200):
            if len(_sent_lines(gateway)) == 3:
                break
            stop.wait(0.05)
        assert len(failures) == 2 and len(_sent_lines(gateway)) == 3
        assert heart.worker.is_alive() and heart.alive(within=5)
    finally:
        stop.set()
        heart.worker.join()
    assert not heart.alive(within=5)  # stopped: /health reports it


def test_a_same_day_text_rings_the_dispatcher_which_sends_it_at_once(factory, tmp_path):
    """The dispatcher looks every 60 s here; a same-day text committed meanwhile goes within seconds."""
    gateway, stop, heart = LocalGateway(tmp_path / "sms.log"), threading.Event(), outbox.Heartbeat()
    thread = threading.Thread(target=outbox.run, args=(factory, gateway, stop), kwargs={"poll": 60, "heart": heart})
    thread.start()
    try:
        stop.wait(0.3)  # it has looked, found nothing, and waits
        _queue(factory, 1, priority=outbox.ROUTINE)
        stop.wait(1.0)
        assert _sent_lines(gateway) == []  # a plan notice waits for the next look
        with transaction(factory) as db:
            outbox.queue(
                db, to="+447700900199", role="pa", ref="P1", template="t", body="Now", key="now", priority=outbox.SAME_DAY
            )
        for _ in range(100):
            if len(_sent_lines(gateway)) == 2:
                break
            stop.wait(0.05)
        assert sorted(line["body"] for line in _sent_lines(gateway)) == ["Hello 0", "Now"]
    finally:
        stop.set()
        outbox.doorbell.set()
        thread.join(timeout=5)
    assert not thread.is_alive()


def test_a_batch_of_texts_is_recorded_in_one_write(factory, engine, tmp_path):
    """Claim, send all, record all: on SQLite every write waits for the one writer's turn."""
    from sqlalchemy import event

    _queue(factory, 5)
    commits: list[int] = []

    def counted(_connection) -> None:
        commits.append(1)

    event.listen(engine, "commit", counted)
    try:
        assert outbox.run_once(factory, LocalGateway(tmp_path / "sms.log")) == 5
    finally:
        event.remove(engine, "commit", counted)
    assert len(commits) == 3  # the claim of five, their outcomes, and the claim that found none
    with factory() as db:
        assert {x.status for x in db.scalars(select(m.Message))} == {"sent"}


def test_a_dispatcher_with_half_the_time_rests_as_long_as_it_worked(factory, tmp_path):
    clock, rests = [0.0], []

    def sleep(seconds: float) -> None:
        rests.append(seconds)
        clock[0] += seconds

    class Slow(LocalGateway):
        def send(self, message):
            clock[0] += 0.01  # each send takes 10 ms of the clock
            return super().send(message)

    pace = outbox.Pace(0, share=0.5, clock=lambda: clock[0], sleep=sleep)
    _queue(factory, outbox.BATCH + 5)
    assert outbox.run_once(factory, Slow(tmp_path / "sms.log"), pace) == outbox.BATCH + 5
    assert rests == pytest.approx([outbox.BATCH * 0.01, 5 * 0.01])  # after each batch, as long as it took
    with pytest.raises(ValueError):
        outbox.Pace(0, share=0)
