"""Road engines' answers kept in the database by pairs of places.

Re-planning after an absence asks for the same pairs again; only pairs never asked before go to
the engine. The engine's own figures are kept (a session's traffic factor is applied later), filed
under the engine and profile that gave them. Places are matched to the metre (1e-5 degrees).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import delete, func, insert, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from transport import models as m
from transport.db import transaction
from transport.errors import NotFound
from transport.travel.engine import RoadEngine
from transport.travel.provider import Matrix, Point

CHUNK = 500
"""Places per IN (...) list: well inside SQLite's and PostgreSQL's limits on parameters."""


class CachedTravel:
    def __init__(self, engine: RoadEngine, factory: sessionmaker[Session]) -> None:
        self.engine = engine
        self.factory = factory
        self.hits = 0
        self.misses = 0
        """Pairs of distinct places found in the cache, and asked of the engine."""

    @property
    def hit_rate(self) -> float:
        asked = self.hits + self.misses
        return self.hits / asked if asked else 0.0

    def describe(self) -> str:
        return (
            f"{self.engine.describe()}; {self.hits:,} pairs of places from the cache, {self.misses:,} asked"
            f" ({self.hit_rate:.0%} from the cache)"
        )

    def matrix(self, points: Sequence[Point]) -> Matrix:
        n = len(points)
        durations = np.full((n, n), np.nan)
        distances = np.full((n, n), np.nan)
        np.fill_diagonal(durations, 0.0)
        np.fill_diagonal(distances, 0.0)
        with transaction(self.factory) as db:
            ids = _point_ids(db, points)
            index = {point_id: i for i, point_id in enumerate(ids)}
            for k in range(0, n, CHUNK):
                rows = db.execute(
                    select(m.TravelTime.from_point, m.TravelTime.to_point, m.TravelTime.seconds, m.TravelTime.metres).where(
                        m.TravelTime.engine == self.engine.key, m.TravelTime.from_point.in_(ids[k : k + CHUNK])
                    )
                )
                for a, b, s, d in rows:
                    j = index.get(b)
                    if j is not None:
                        durations[index[a], j], distances[index[a], j] = s, d
        unknown = np.isnan(durations)
        self.misses += int(unknown.sum())
        self.hits += n * (n - 1) - int(unknown.sum())
        if unknown.any():
            self._ask(points, ids, unknown, durations, distances)
        return Matrix(durations=durations, distances=distances)

    def _ask(self, points, ids, unknown, durations, distances) -> None:
        """Ask the engine for the rows and columns with unknown pairs, and keep the new answers."""
        rows = np.flatnonzero(unknown.any(axis=1))
        cols = np.flatnonzero(unknown[rows].any(axis=0))
        answer = self.engine.between([points[i] for i in rows], [points[j] for j in cols])
        a, b = np.nonzero(unknown[np.ix_(rows, cols)])  # only the pairs not known before
        i, j = rows[a], cols[b]
        durations[i, j], distances[i, j] = answer.durations[a, b], answer.distances[a, b]
        point = np.asarray(ids)
        new = [
            {"engine": self.engine.key, "from_point": f, "to_point": t, "seconds": sec, "metres": metres}
            for f, t, sec, metres in zip(point[i].tolist(), point[j].tolist(), durations[i, j].tolist(), distances[i, j].tolist())
        ]
        with transaction(self.factory) as db:
            db.execute(_insert_new(db, m.TravelTime), new)


def _point_ids(db: Session, points: Sequence[Point]) -> list[int]:
    keys = [(round(p.lat * 1e5), round(p.lon * 1e5)) for p in points]
    found: dict[tuple[int, int], int] = {}

    def look_up(wanted: list[tuple[int, int]]) -> None:
        for k in range(0, len(wanted), CHUNK):
            chunk = wanted[k : k + CHUNK]
            point = m.TravelPoint
            found.update(
                ((lat, lon), i)
                for i, lat, lon in db.execute(
                    select(point.id, point.lat_e5, point.lon_e5).where(tuple_(point.lat_e5, point.lon_e5).in_(chunk))
                )
            )

    look_up(keys)
    new = sorted({k for k in keys if k not in found})
    if new:
        db.execute(_insert_new(db, m.TravelPoint), [{"lat_e5": lat, "lon_e5": lon} for lat, lon in new])
        look_up(new)
    return [found[k] for k in keys]


def _insert_new(db: Session, model):
    """INSERT that leaves a row another planner wrote meanwhile as it is."""
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(model).on_conflict_do_nothing()
    return insert(model)


def kept(factory: sessionmaker[Session]) -> dict[str, int]:
    """Pairs of places kept, by engine and profile."""
    with factory() as db:
        rows = db.execute(select(m.TravelTime.engine, func.count()).group_by(m.TravelTime.engine).order_by(m.TravelTime.engine))
        return {engine: count for engine, count in rows}


def forget(factory: sessionmaker[Session], engine: str | None = None) -> dict[str, int]:
    """Empty the cache (after new map data), for one engine and profile or for all; the pairs
    forgotten, by engine. Nothing is lost that the engine cannot answer again."""
    before = kept(factory)
    if engine is not None and engine not in before:
        raise NotFound(f"the cache holds nothing from {engine!r}; it holds: {', '.join(before) or 'nothing'}")
    with transaction(factory) as db:
        query = delete(m.TravelTime)
        db.execute(query if engine is None else query.where(m.TravelTime.engine == engine))
        if engine is None:
            db.execute(delete(m.TravelPoint))
    return before if engine is None else {engine: before[engine]}
