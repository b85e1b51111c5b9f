"""`transport serve`: the app under uvicorn, in one process or several."""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

APP = "api.main:app"


class _Config(uvicorn.Config):
    def bind_socket(self) -> socket.socket:
        """The socket several workers share, made as a TCP socket: uvicorn makes it with
        protocol 0, and asyncio then leaves Nagle's algorithm on for every connection accepted
        from it, so each answer after a connection's first waited for the client's delayed ACK
        (+43 ms a request here; uvicorn issue #3149)."""
        made = super().bind_socket()
        return socket.socket(made.family, made.type, socket.IPPROTO_TCP, fileno=made.detach())


def serve(host: str, port: int, workers: int = 1, log_level: str = "info") -> None:
    config = _Config(APP, host=host, port=port, workers=workers, log_level=log_level)
    if workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        server = uvicorn.Server(config)
        server.run()
        if not server.started:
            raise SystemExit(3)  # as uvicorn.run: the app failed to start
