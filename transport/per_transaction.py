"""A value kept for the transaction under way: made again in the next (a session's `info`
outlives its transactions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")


def per_transaction(db: Session, name: str, make: Callable[[], T]) -> T:
    """The value kept in `db.info` under `name` for this transaction, made by `make` if none is."""
    seen = db.info.get(name)
    if seen is None or seen[0] is not db.get_transaction():
        seen = db.info[name] = (db.get_transaction(), make())
    return seen[1]
