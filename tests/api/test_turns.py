"""The SQLite writers' queue: requests and the dispatcher's thread take turns in the order they asked."""

from __future__ import annotations

import asyncio
import threading

from api.turns import Turns


def test_the_dispatcher_thread_writes_before_requests_that_asked_after_it():
    order: list[str] = []

    async def main() -> None:
        turns = Turns(asyncio.get_running_loop())
        await turns.lock.acquire()  # a request is writing

        def dispatcher() -> None:
            with turns.thread():
                order.append("dispatcher")

        thread = threading.Thread(target=dispatcher)
        thread.start()
        await asyncio.sleep(0.2)  # the dispatcher has asked for its turn

        async def request(name: str) -> None:
            async with turns.request():
                order.append(name)
                await asyncio.sleep(0.01)

        later = [asyncio.create_task(request(f"request {i}")) for i in range(3)]
        await asyncio.sleep(0.05)
        turns.lock.release()
        await asyncio.gather(*later)
        await asyncio.to_thread(thread.join)

    asyncio.run(main())
    assert order == ["dispatcher", "request 0", "request 1", "request 2"]
