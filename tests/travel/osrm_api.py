"""A local server speaking OSRM's documented `table` API, answering from the real Valhalla engine.

OSRM's programs do not install from the package registries this machine reaches, so the OSRM
client is tested against its API at the network edge; the numbers come from a real road engine.
"""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.edge import JSONHandler, serving


@contextmanager
def osrm_speaking(valhalla_url: str, max_table_size: int = 100):
    seen: list[str] = []

    class Handler(JSONHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            url = urlsplit(self.path)
            seen.append(url.path)
            _, service, version, profile, coordinates = url.path.split("/", 4)
            assert (service, version, profile) == ("table", "v1", "driving")
            places = [tuple(map(float, c.split(","))) for c in coordinates.split(";")]
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if len(places) > max_table_size:
                return self.reply(400, {"code": "TooBig", "message": "Too many table coordinates"})
            sources = [int(i) for i in query["sources"].split(";")]
            targets = [int(i) for i in query["destinations"].split(";")]
            asked = httpx.post(
                f"{valhalla_url}/sources_to_targets",
                json={
                    "sources": [{"lon": places[i][0], "lat": places[i][1]} for i in sources],
                    "targets": [{"lon": places[i][0], "lat": places[i][1]} for i in targets],
                    "costing": "auto",
                },
            ).json()["sources_to_targets"]
            self.reply(
                200,
                {
                    "code": "Ok",
                    "durations": [[c["time"] for c in row] for row in asked],
                    "distances": [[None if c["distance"] is None else c["distance"] * 1000 for c in row] for row in asked],
                },
            )

    with serving(Handler) as url:
        yield url, seen
