"""OSRM's `table` service (http://project-osrm.org/docs/v5.24.0/api/#table-service)."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import numpy as np

from transport.travel.engine import RoadEngine, as_table
from transport.travel.provider import Point


class OSRM(RoadEngine):
    name = "OSRM engine"

    def __init__(self, url: str, profile: str = "", **options) -> None:
        super().__init__(url, profile or "driving", **options)

    def _request(self, sources: Sequence[Point], targets: Sequence[Point]) -> httpx.Response:
        places = [*sources, *targets]  # OSRM takes lon,lat
        coordinates = ";".join(f"{p.lon:.6f},{p.lat:.6f}" for p in places)
        return self.client.get(
            f"{self.url}/table/v1/{self.profile}/{coordinates}",
            params={
                "sources": ";".join(str(i) for i in range(len(sources))),
                "destinations": ";".join(str(len(sources) + j) for j in range(len(targets))),
                "annotations": "duration,distance",
            },
        )

    def _read(self, response: httpx.Response, n_sources: int, n_targets: int) -> tuple[np.ndarray, np.ndarray]:
        try:
            body = response.json()
        except ValueError:
            raise self.refused(response, response.text[:200]) from None
        if response.status_code != 200 or body.get("code") != "Ok":
            raise self.refused(response, f"{body.get('code')}: {body.get('message', '')}")
        return as_table(body["durations"]), as_table(body["distances"])
