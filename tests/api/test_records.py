"""Records of what reads showed, stored together: the records of requests waiting at one moment
go in one transaction, and a bad record fails its own request only."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from api.records import Recorder
from api.turns import Turns
from tests.conftest import run_async
from transport import models as m

AT = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)


def _commits(factory) -> list[int]:
    seen: list[int] = []
    event.listen(factory.kw["bind"], "commit", lambda _connection: seen.append(1))
    return seen


def test_requests_waiting_at_once_are_recorded_in_one_transaction(factory):
    commits = _commits(factory)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        turns = Turns(loop) if factory.kw["bind"].dialect.name == "sqlite" else None
        recorder = Recorder(factory, turns)
        await asyncio.gather(*(recorder.keep([m.FailedSignIn(source=f"crew {i}", at=AT)]) for i in range(8)))
        await recorder.keep([m.FailedSignIn(source="later", at=AT)])

    run_async(main())
    with factory() as db:
        assert db.scalar(select(func.count()).select_from(m.FailedSignIn)) == 9
    assert len(commits) == 2  # the eight together, then the one that came after


def test_a_bad_record_fails_its_own_request_and_the_others_are_stored(factory):
    outcomes: list[object] = []

    async def main() -> None:
        recorder = Recorder(factory, None)
        good = [[m.FailedSignIn(source=f"crew {i}", at=AT)] for i in range(3)]
        bad = [m.CareNoteRead(user_id=999, child_id=999, run_id=999, date=AT.date())]  # no such user, child or run
        keeps = [recorder.keep(good[0]), recorder.keep(bad), recorder.keep(good[1]), recorder.keep(good[2])]
        outcomes.extend(await asyncio.gather(*keeps, return_exceptions=True))

    run_async(main())
    assert [type(x) for x in outcomes] == [type(None), IntegrityError, type(None), type(None)]
    with factory() as db:
        assert sorted(db.scalars(select(m.FailedSignIn.source))) == ["crew 0", "crew 1", "crew 2"]
        assert db.scalar(select(func.count()).select_from(m.CareNoteRead)) == 0


def test_one_request_alone_is_recorded_at_once(factory):
    async def main() -> None:
        await Recorder(factory, None).keep([m.FailedSignIn(source="alone", at=AT)])

    run_async(main())
    with factory() as db:
        assert db.scalars(select(m.FailedSignIn.source)).all() == ["alone"]


def test_a_request_given_up_on_still_has_its_records_stored(factory):
    async def main() -> None:
        recorder = Recorder(factory, None)
        gone = asyncio.create_task(recorder.keep([m.FailedSignIn(source="gone", at=AT)]))
        await asyncio.sleep(0)  # it has handed over its records
        gone.cancel()  # the crew's phone lost its signal
        await recorder.keep([m.FailedSignIn(source="next", at=AT)])

    run_async(main())
    with factory() as db:
        assert sorted(db.scalars(select(m.FailedSignIn.source))) == ["gone", "next"]
