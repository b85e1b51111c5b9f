"""Valhalla on this machine: build its routing tiles from an OpenStreetMap extract, then serve them.

PyPI's Valhalla package (pyvalhalla-weekly) carries Valhalla's own programs, so a council, the
tests and the benchmark can run the real engine with no other installation: `valhalla_build_tiles`
turns a county's .osm.pbf into tiles, `valhalla_service` answers the HTTP API on a port.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from pathlib import Path

import httpx

from transport.travel.provider import TravelError


def programs() -> Path:
    try:
        import valhalla
    except ImportError:
        raise TravelError("Valhalla is not installed: pip install pyvalhalla-weekly (or the project's [engines] extra)") from None
    return Path(valhalla.__file__).parent / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalValhalla:
    """`with LocalValhalla(pbf, folder) as engine:` builds tiles (once per folder) and serves them at engine.url."""

    def __init__(self, pbf: Path, folder: Path, port: int = 0, threads: int = 2, max_pairs: int = 250_000) -> None:
        self.pbf = Path(pbf).resolve()
        self.folder = Path(folder).resolve()
        self.port = port or free_port()
        self.threads = threads
        self.max_pairs = max_pairs
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> Path:
        from valhalla import get_config

        tiles = self.folder / "tiles"
        tiles.mkdir(parents=True, exist_ok=True)
        config = get_config(tile_extract="", tile_dir=tiles)
        service = config["httpd"]["service"]
        service["listen"] = f"tcp://127.0.0.1:{self.port}"
        # Each service its own sockets: two engines on one machine must not share /tmp/loki and the rest.
        sockets = f"ipc://{self.folder.resolve()}"
        service["loopback"], service["interrupt"] = f"{sockets}/loopback", f"{sockets}/interrupt"
        for worker in ("loki", "thor", "odin", "meili"):
            config[worker]["service"]["proxy"] = f"{sockets}/{worker}"
        # Matrices of a county's size: a council's own engine needs no public server's caps.
        for costing in ("auto", "taxi", "bus"):
            config["service_limits"][costing]["max_matrix_location_pairs"] = self.max_pairs
        config["mjolnir"]["concurrency"] = self.threads
        # Exact one-to-many searches: CostMatrix's answers can differ by which places share a
        # request, so blocks of one matrix (and the cache) would disagree with whole requests.
        config["thor"]["source_to_target_algorithm"] = "timedistancematrix"
        path = self.folder / "valhalla.json"
        path.write_text(json.dumps(config, indent=1))
        return path

    def build(self) -> None:
        config = self.config()
        if any((self.folder / "tiles").rglob("*.gph")):
            return
        log = self.folder / "build.log"
        with log.open("w") as out:
            # In the engine's folder: the builder writes its reports (duplicateways.txt) where it runs.
            done = subprocess.run(
                [str(programs() / "valhalla_build_tiles"), "-c", str(config), str(self.pbf)],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.folder,
            )
        if done.returncode != 0 or not any((self.folder / "tiles").rglob("*.gph")):
            raise TravelError(f"valhalla_build_tiles could not build tiles from {self.pbf}: see {log}")

    def start(self, wait: float = 30.0) -> None:
        self.build()
        log = (self.folder / "service.log").open("w")
        self.process = subprocess.Popen(
            [str(programs() / "valhalla_service"), str(self.folder / "valhalla.json"), str(self.threads)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise TravelError(f"valhalla_service stopped at once: see {self.folder / 'service.log'}")
            try:
                if httpx.get(f"{self.url}/status", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise TravelError(f"valhalla_service did not answer at {self.url} within {wait:.0f} s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None

    def __enter__(self) -> LocalValhalla:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
