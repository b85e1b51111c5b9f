"""Asking a road engine over HTTP for a matrix, block by block, with timeouts and retries.

A county's matrix is far bigger than one request may be (OSRM and Valhalla both cap it), so the
sources and targets are cut into blocks and the blocks asked for a few at a time. A block that
fails for a reason that may pass (no answer, a timeout, a 5xx) is asked again after a pause;
one that the engine refuses (a 4xx) or that has no road between two places fails the matrix,
naming the engine, what it said, and the places.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np

from transport.travel.provider import Matrix, Point, TravelError


class RoadEngine(ABC):
    name = "road engine"

    def __init__(
        self,
        url: str,
        profile: str,
        block: int = 50,
        at_once: int = 2,
        timeout: float = 30.0,
        retries: int = 3,
        pause: float = 1.0,
    ) -> None:
        if not url:
            raise TravelError(f"no URL for the {self.name}: set TRAVEL_ENGINE_URL")
        self.url = url.rstrip("/")
        self.profile = profile
        self.block = max(1, block)
        self.at_once = max(1, at_once)
        self.retries = max(1, retries)
        self.pause = pause
        self.client = httpx.Client(timeout=timeout)
        self.requests = 0

    @property
    def key(self) -> str:
        """What a cached answer is filed under: the same engine and profile give the same times."""
        return f"{self.name}:{self.profile}"

    def describe(self) -> str:
        return f"{self.name} at {self.url} ({self.profile})"

    def matrix(self, points: Sequence[Point]) -> Matrix:
        return self.between(points, points)

    def between(self, sources: Sequence[Point], targets: Sequence[Point]) -> Matrix:
        """Durations and distances from every source to every target."""
        durations = np.zeros((len(sources), len(targets)))
        distances = np.zeros((len(sources), len(targets)))
        blocks = [(i, j) for i in range(0, len(sources), self.block) for j in range(0, len(targets), self.block)]

        def fill(corner: tuple[int, int]) -> None:
            i, j = corner
            src, dst = sources[i : i + self.block], targets[j : j + self.block]
            d, m = self._ask(src, dst)
            missing = np.argwhere(np.isnan(d) | np.isnan(m))
            if len(missing):
                a, b = missing[0]
                raise TravelError(
                    f"the {self.name} has no road from {src[a].lat:.5f},{src[a].lon:.5f} to {dst[b].lat:.5f},{dst[b].lon:.5f}"
                    f" ({len(missing)} such pairs in one block): is that place on the engine's map of the county?"
                )
            durations[i : i + len(src), j : j + len(dst)] = d
            distances[i : i + len(src), j : j + len(dst)] = m

        with ThreadPoolExecutor(self.at_once) as pool:
            list(pool.map(fill, blocks))
        return Matrix(durations=durations, distances=distances)

    def _ask(self, sources: Sequence[Point], targets: Sequence[Point]) -> tuple[np.ndarray, np.ndarray]:
        for attempt in range(1, self.retries + 1):
            try:
                self.requests += 1
                response = self._request(sources, targets)
            except httpx.HTTPError as error:
                why = f"did not answer ({type(error).__name__}: {error or 'no detail'})"
            else:
                if response.status_code < 500:
                    return self._read(response, len(sources), len(targets))
                why = f"answered {response.status_code}: {response.text[:200]}"
            if attempt < self.retries:
                time.sleep(self.pause * 2 ** (attempt - 1))
        raise TravelError(f"the {self.name} at {self.url} {why}, {self.retries} times: is it running?")

    @abstractmethod
    def _request(self, sources: Sequence[Point], targets: Sequence[Point]) -> httpx.Response: ...

    @abstractmethod
    def _read(self, response: httpx.Response, n_sources: int, n_targets: int) -> tuple[np.ndarray, np.ndarray]:
        """Seconds and metres from the engine's answer, NaN where it has no road."""

    def refused(self, response: httpx.Response, message: str) -> TravelError:
        return TravelError(f"the {self.name} at {self.url} refused a matrix request ({response.status_code}): {message}")


def as_table(rows: list[list[float | None]]) -> np.ndarray:
    """An engine's table as floats, NaN where it has no road (null)."""
    return np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
