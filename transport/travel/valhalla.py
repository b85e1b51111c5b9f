"""Valhalla's `sources_to_targets` matrix service (https://valhalla.github.io/valhalla/api/matrix/api-reference/)."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import numpy as np

from transport.travel.engine import RoadEngine, as_table
from transport.travel.provider import Point

KM = 1000.0


class Valhalla(RoadEngine):
    name = "Valhalla engine"

    def __init__(self, url: str, profile: str = "", **options) -> None:
        super().__init__(url, profile or "auto", **options)

    def _request(self, sources: Sequence[Point], targets: Sequence[Point]) -> httpx.Response:
        # With fewer targets than sources Valhalla searches backwards from the targets, and on the
        # test network that search came back up to 20% longer than the route (3.5.1): padding
        # the targets with some of the sources keeps it searching forwards. The extra columns are dropped.
        targets = [*targets, *sources[: max(0, len(sources) - len(targets))]]
        return self.client.post(
            f"{self.url}/sources_to_targets",
            json={
                "sources": [{"lat": p.lat, "lon": p.lon} for p in sources],
                "targets": [{"lat": p.lat, "lon": p.lon} for p in targets],
                "costing": self.profile,
                "units": "kilometers",
                "verbose": False,  # two plain tables, a tenth of the size (older engines ignore it)
            },
        )

    def _read(self, response: httpx.Response, n_sources: int, n_targets: int) -> tuple[np.ndarray, np.ndarray]:
        try:
            body = response.json()
        except ValueError:
            raise self.refused(response, response.text[:200]) from None
        if response.status_code != 200 or "sources_to_targets" not in body:
            raise self.refused(response, f"{body.get('error_code', '')} {body.get('error', '')}".strip())
        table = body["sources_to_targets"]
        if isinstance(table, dict):
            return as_table(table["durations"])[:, :n_targets], as_table(table["distances"])[:, :n_targets] * KM
        seconds = np.full((n_sources, n_targets), np.nan)
        metres = np.full((n_sources, n_targets), np.nan)
        for row in table:
            for cell in row:
                if cell["to_index"] < n_targets and cell.get("time") is not None and cell.get("distance") is not None:
                    seconds[cell["from_index"], cell["to_index"]] = cell["time"]
                    metres[cell["from_index"], cell["to_index"]] = cell["distance"] * KM
        return seconds, metres
