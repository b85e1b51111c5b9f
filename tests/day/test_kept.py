"""The day's runs kept between reads: built once, built again when old in a thread of its own
while every reader reads the old day, and forgotten on a write."""

from __future__ import annotations

import threading
import time

from tests.conftest import until
from transport.day.today import Kept


def _builder(label: str, started: threading.Event | None = None, release: threading.Event | None = None):
    calls: list[str] = []

    def build():
        calls.append(label)
        if started is not None:
            started.set()
        if release is not None:
            assert release.wait(10)
        return []

    return build, calls


def test_a_day_is_built_once_and_read_from_then_on():
    kept = Kept()
    build, calls = _builder("first")
    for _ in range(3):
        assert kept.day(("db", 1), build).runs == []
    assert calls == ["first"]


def test_an_old_day_is_rebuilt_in_a_thread_while_every_reader_reads_the_old_one():
    kept = Kept()
    first, _ = _builder("first")
    kept.day("day", first)
    old = kept.days["day"]
    old.made -= Kept.SECONDS + 1  # a minute old
    started, release = threading.Event(), threading.Event()
    slow, calls = _builder("again", started, release)
    began = time.monotonic()
    assert kept.day("day", slow) is old  # the reader who finds it old does not wait either
    assert started.wait(10)
    other, others = _builder("other")
    assert kept.day("day", other) is old and others == []  # one rebuild at a time
    assert time.monotonic() - began < 5
    release.set()
    assert until(lambda: kept.days["day"] is not old)
    assert calls == ["again"] and kept.days["day"].made > old.made


def test_a_day_forgotten_by_a_write_while_rebuilding_is_not_put_back():
    kept = Kept()
    first, _ = _builder("first")
    kept.day("day", first)
    kept.days["day"].made -= Kept.SECONDS + 1
    started, release = threading.Event(), threading.Event()
    slow, _ = _builder("again", started, release)
    kept.day("day", slow)
    assert started.wait(10)
    kept.clear()  # a write of a record the runs show, while the old day was being rebuilt
    release.set()
    assert until(lambda: not kept.refreshing)
    assert "day" not in kept.days  # the next reader builds it afresh, after the write


def test_the_days_kept_ahead_are_read_without_being_built(tmp_path, monkeypatch):
    import datetime as dt

    from tests.conftest import planned_council
    from transport import models as m
    from transport.day import today
    from transport.day.today import KEPT, keep_days, runs_on
    from transport.db import transaction

    monday = dt.date(2026, 9, 7)
    engine, factory, _, _ = planned_council("sqlite", tmp_path, monday)
    try:
        KEPT.clear()
        keep_days(factory, [monday])
        assert [key[2] for key in KEPT.days] == [monday]  # (database, records version, date, ...)
        (key,) = KEPT.days
        old = KEPT.days[key]
        old.made -= KEPT.SECONDS + 1
        with factory() as db:  # a minute on: read as it is, and read afresh from the database beside
            assert [r.id for r in runs_on(db, monday, kept=True)] == [r.id for r in old.runs]
        assert until(lambda: KEPT.days[key] is not old)
        assert [r.id for r in KEPT.days[key].runs] == [r.id for r in old.runs]

        def build_again(*_):
            raise AssertionError("the kept day was built again")

        monkeypatch.setattr(today, "_as_planned_and_changed", build_again)
        with factory() as db:
            assert runs_on(db, monday, kept=True)
        keep_days(factory, [monday + dt.timedelta(days=1)])  # a failure to keep a day is logged, not raised
        monkeypatch.undo()

        # A name changed by another process: the day it kept is read again, as the version moved.
        elsewhere = dict(KEPT.days)
        with transaction(factory) as db:
            child = db.get_one(m.Child, next(iter(KEPT.days.values())).runs[0].stops[0].child.id)
            child.first_name, child_id = "Renamed", child.id
        KEPT.days.update(elsewhere)  # what that other process still keeps
        with factory() as db:
            names = {s.child.first_name for r in runs_on(db, monday, kept=True) for s in r.stops if s.child.id == child_id}
        assert names == {"Renamed"}
    finally:
        KEPT.clear()
        engine.dispose()
