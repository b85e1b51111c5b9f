"""The day's runs kept between reads: built once, built again when old by one reader while the
others read the old day, and forgotten on a write."""

from __future__ import annotations

import threading
import time

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


def test_an_old_day_is_rebuilt_by_one_reader_while_the_others_read_the_old_one():
    kept = Kept()
    first, _ = _builder("first")
    kept.day("day", first)
    old = kept.days["day"]
    old.made -= Kept.SECONDS + 1  # a minute old
    started, release = threading.Event(), threading.Event()
    slow, calls = _builder("again", started, release)
    rebuilding = threading.Thread(target=kept.day, args=("day", slow))
    rebuilding.start()
    try:
        assert started.wait(10)
        again, others = _builder("other")
        began = time.monotonic()
        kept.day("day", again)  # answered from the old day, without waiting
        assert time.monotonic() - began < 1 and others == []
        assert kept.days["day"] is old
    finally:
        release.set()
        rebuilding.join(10)
    assert calls == ["again"]
    assert kept.days["day"] is not old and kept.days["day"].made > old.made


def test_a_day_forgotten_by_a_write_while_rebuilding_is_not_put_back():
    kept = Kept()
    first, _ = _builder("first")
    kept.day("day", first)
    kept.days["day"].made -= Kept.SECONDS + 1
    started, release = threading.Event(), threading.Event()
    slow, _ = _builder("again", started, release)
    rebuilding = threading.Thread(target=kept.day, args=("day", slow))
    rebuilding.start()
    assert started.wait(10)
    kept.clear()  # a write of a record the runs show, while the old day was being rebuilt
    release.set()
    rebuilding.join(10)
    assert "day" not in kept.days  # the next reader builds it afresh, after the write


def test_the_days_kept_ahead_are_read_without_being_built(tmp_path, monkeypatch):
    import datetime as dt

    from tests.conftest import planned_council
    from transport.day import today
    from transport.day.today import KEPT, keep_days, runs_on

    monday = dt.date(2026, 9, 7)
    engine, factory, _, _ = planned_council("sqlite", tmp_path, monday)
    try:
        KEPT.clear()
        keep_days(factory, [monday])
        assert [key[1] for key in KEPT.days] == [monday]

        def build_again(*_):
            raise AssertionError("the kept day was built again")

        monkeypatch.setattr(today, "_as_planned_and_changed", build_again)
        with factory() as db:
            assert runs_on(db, monday, kept=True)
        keep_days(factory, [monday + dt.timedelta(days=1)])  # a failure to keep a day is logged, not raised
    finally:
        KEPT.clear()
        engine.dispose()
