"""One SQLite writer at a time, the text dispatcher first.

The service's requests that write wait for their turn on the event loop (no worker thread is
held while waiting), first come, first served; the text dispatcher's thread joins the same queue
ahead of them. SQLite's own busy wait is no queue: a writer polling for the lock lost to a
stream of absences for 20 s; and behind a hundred absences waiting their turn, a dispatcher
taking turns like them still left crew texts half a minute late. Its writes are short (a claim,
a batch's outcomes), so going first costs the requests little.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

DISPATCHER, REQUEST = 0, 1
"""Places in the queue: lower goes first."""


class Turns:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.busy = False
        self.waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self.order = itertools.count()

    async def acquire(self, place: int = REQUEST) -> None:
        if not self.busy and not self.waiting:
            self.busy = True
            return
        turn: asyncio.Future[None] = self.loop.create_future()
        heapq.heappush(self.waiting, (place, next(self.order), turn))
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.release()  # handed the turn just as it was cancelled: pass it on
            raise

    def release(self) -> None:
        """Hand the turn to the first waiting (the writer stays busy), or free it."""
        while self.waiting:
            _, _, turn = heapq.heappop(self.waiting)
            if not turn.done():  # not given up while waiting
                turn.set_result(None)
                return
        self.busy = False

    @asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        await self.acquire(REQUEST)
        try:
            yield
        finally:
            self.release()

    @contextmanager
    def thread(self) -> Iterator[None]:
        """The dispatcher's turn, from a thread other than the event loop's."""
        asyncio.run_coroutine_threadsafe(self.acquire(DISPATCHER), self.loop).result()
        try:
            yield
        finally:
            self.loop.call_soon_threadsafe(self.release)
