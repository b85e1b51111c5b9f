"""One SQLite writer at a time, in the order they asked.

The service's requests that write wait for their turn on the event loop (no worker thread is
held while waiting), and the text dispatcher's thread joins the same queue. SQLite's own busy
wait is no queue: a writer polling for the lock can lose to a stream of others for many seconds,
which is how crew texts once waited 20 s behind a burst of absences.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager


class Turns:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.lock = asyncio.Lock()  # wakes its waiters first come, first served

    @asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        async with self.lock:
            yield

    @contextmanager
    def thread(self) -> Iterator[None]:
        """From a thread other than the event loop's."""
        asyncio.run_coroutine_threadsafe(self.lock.acquire(), self.loop).result()
        try:
            yield
        finally:
            self.loop.call_soon_threadsafe(self.lock.release)
