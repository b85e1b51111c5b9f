"""The interface every travel-time source offers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from transport.errors import Unavailable


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True)
class Matrix:
    durations: np.ndarray
    """seconds, [from, to]"""
    distances: np.ndarray
    """metres, [from, to]"""


class TravelTimeProvider(Protocol):
    def matrix(self, points: Sequence[Point]) -> Matrix: ...


class TravelError(Unavailable):
    """A road engine is down, refused a request, or has no road between two places."""
