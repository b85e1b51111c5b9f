"""Records of what a read showed (who read which care notes), stored before the answer is sent.

The records of the requests waiting at one moment are written together, in one short writer's
transaction (on SQLite in one writer's turn): at 8 a.m., with many crews opening their run
sheets at once, a transaction each was a quarter of what a run sheet cost. A batch that fails is
written again request by request, so one request's bad record fails that request alone.
"""

from __future__ import annotations

import asyncio
from contextlib import nullcontext

from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from api.turns import Turns
from transport.db import transaction

Waiting = tuple[list[object], asyncio.Future[None]]


class Recorder:
    def __init__(self, factory: sessionmaker[Session], turns: Turns | None) -> None:
        self.factory = factory
        self.turns = turns
        self.waiting: list[Waiting] = []
        self.writer: asyncio.Task[None] | None = None

    async def keep(self, records: list[object]) -> None:
        """Wait until these records are committed (an error if they could not be)."""
        stored: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append((records, stored))  # written even if the request is given up on now
        if self.writer is None:
            self.writer = asyncio.create_task(self._write_all())
        await stored

    async def _write_all(self) -> None:
        try:
            while self.waiting:
                batch, self.waiting = self.waiting, []
                async with self.turns.request() if self.turns is not None else nullcontext():
                    await self._write(batch)
        finally:
            self.writer = None

    async def _write(self, batch: list[Waiting]) -> None:
        try:
            await run_in_threadpool(_store, self.factory, [r for records, _ in batch for r in records])
        except Exception as error:
            if len(batch) == 1:
                _settle(batch[0][1], error)
                return
            for one in batch:
                await self._write([one])
            return
        for _, stored in batch:
            _settle(stored, None)


def _store(factory: sessionmaker[Session], records: list[object]) -> None:
    with transaction(factory) as db:
        db.add_all(records)


def _settle(stored: asyncio.Future[None], error: BaseException | None) -> None:
    if stored.done():
        return
    if error is None:
        stored.set_result(None)
    else:
        stored.set_exception(error)
