"""Persistent categorisation cache shared by every seller.

Keys cover the normalised title, the taxonomy version and the model, so a taxonomy
bump or a model change re-categorises instead of trusting stale answers. Only
normalised titles of real items are stored (bundle/reserved titles, which carry buyer
names, never reach the LLM path and so never reach this table).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Engine

from mi_core.models import categorisation_cache


@dataclass(frozen=True)
class CacheEntry:
    cache_key: str
    normalised_title: str
    taxonomy_version: str
    model: str
    department: str
    subcategory: str
    confidence: float


def cache_key(normalised_title: str, taxonomy_version: str, model: str) -> str:
    """Stable, fixed-length key (titles can be long; the parts stay in their own columns)."""
    raw = "\x1f".join((taxonomy_version, model, normalised_title))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class CategorisationCache(Protocol):
    def get_many(self, keys: Iterable[str]) -> dict[str, CacheEntry]: ...

    def put_many(self, entries: Iterable[CacheEntry]) -> None: ...


class InMemoryCache:
    """Process-local cache; first write wins, like the database's ON CONFLICT DO NOTHING."""

    def __init__(self) -> None:
        self._entries: dict[str, CacheEntry] = {}

    def get_many(self, keys: Iterable[str]) -> dict[str, CacheEntry]:
        return {k: self._entries[k] for k in keys if k in self._entries}

    def put_many(self, entries: Iterable[CacheEntry]) -> None:
        for entry in entries:
            self._entries.setdefault(entry.cache_key, entry)

    def __len__(self) -> int:
        return len(self._entries)


class PostgresCache:
    """`categorisation_cache` table through SQLAlchemy Core (schema owned by Alembic)."""

    CHUNK = 1000  # keeps IN lists and VALUES lists at a sane size

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get_many(self, keys: Iterable[str]) -> dict[str, CacheEntry]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, CacheEntry] = {}
        with self._engine.connect() as conn:
            for start in range(0, len(wanted), self.CHUNK):
                chunk = wanted[start : start + self.CHUNK]
                query = sa.select(*_entry_columns()).where(
                    categorisation_cache.c.cache_key.in_(chunk)
                )
                for row in conn.execute(query).mappings():
                    found[row["cache_key"]] = _entry_from_row(row)
        return found

    def put_many(self, entries: Iterable[CacheEntry]) -> None:
        rows = [entry.__dict__.copy() for entry in entries]
        if not rows:
            return
        with self._engine.begin() as conn:
            for start in range(0, len(rows), self.CHUNK):
                statement = pg_insert(categorisation_cache).values(rows[start : start + self.CHUNK])
                conn.execute(statement.on_conflict_do_nothing(index_elements=["cache_key"]))


def _entry_columns() -> list[sa.Column]:
    return [c for c in categorisation_cache.c if c.name != "created_at"]


def _entry_from_row(row: Mapping[str, object]) -> CacheEntry:
    return CacheEntry(**{c.name: row[c.name] for c in _entry_columns()})  # type: ignore[arg-type]
