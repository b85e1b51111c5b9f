"""The SQLite writers' queue: one writer at a time, requests first come first served, the text
dispatcher's thread ahead of them, and a request that gives up waiting loses nobody their turn."""

from __future__ import annotations

import asyncio
import threading

from api.turns import Turns
from tests.conftest import run_async


def test_the_dispatcher_thread_writes_before_requests_that_asked_before_it():
    order: list[str] = []

    async def main() -> None:
        turns = Turns(asyncio.get_running_loop())
        await turns.acquire()  # a request is writing

        async def request(name: str) -> None:
            async with turns.request():
                order.append(name)
                await asyncio.sleep(0.01)

        waiting = [asyncio.create_task(request(f"request {i}")) for i in range(3)]
        await asyncio.sleep(0.05)

        def dispatcher() -> None:
            with turns.thread():
                order.append("dispatcher")

        thread = threading.Thread(target=dispatcher)
        thread.start()
        await asyncio.sleep(0.2)  # the dispatcher has asked for its turn, after the three
        turns.release()
        await asyncio.gather(*waiting)
        await asyncio.to_thread(thread.join)

    run_async(main())
    assert order == ["dispatcher", "request 0", "request 1", "request 2"]


def test_a_request_that_gives_up_waiting_passes_no_turn_over_and_holds_nobody_up():
    order: list[str] = []

    async def main() -> None:
        turns = Turns(asyncio.get_running_loop())
        await turns.acquire()

        async def request(name: str) -> None:
            async with turns.request():
                order.append(name)

        gone = asyncio.create_task(request("gone"))
        later = asyncio.create_task(request("later"))
        await asyncio.sleep(0.01)
        gone.cancel()  # the client went away while waiting
        await asyncio.sleep(0.01)
        turns.release()
        await asyncio.wait_for(later, timeout=2)
        assert not turns.busy and not turns.waiting

    run_async(main())
    assert order == ["later"]
