"""`transport serve --workers N`: the socket the workers share answers without Nagle's delay."""

from __future__ import annotations

import asyncio
import socket

from api.server import APP, _Config
from tests.conftest import run_async
from transport.travel.local_valhalla import free_port


def _nodelay_of_a_connection(listener: socket.socket, port: int) -> int:
    async def accepted() -> int:
        loop = asyncio.get_running_loop()
        got: asyncio.Future[int] = loop.create_future()

        class Accepted(asyncio.Protocol):
            def connection_made(self, transport) -> None:  # type: ignore[override]
                sock = transport.get_extra_info("socket")
                got.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await loop.create_server(Accepted, sock=listener)  # as each worker does
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            return await asyncio.wait_for(got, 5)
        finally:
            writer.close()
            server.close()

    return run_async(accepted())


def test_the_workers_shared_socket_sends_each_answer_at_once():
    """Without TCP_NODELAY every answer after a connection's first waited ~43 ms for the
    client's delayed ACK (measured: /health p50 47.9 ms with two workers, 2.6 ms with this)."""
    port = free_port()
    listener = _Config(APP, host="127.0.0.1", port=port, workers=2).bind_socket()
    assert listener.proto == socket.IPPROTO_TCP
    assert _nodelay_of_a_connection(listener, port) == 1
