"""OpenAI path against the local fake server, with the real `openai` client (no network)."""

from __future__ import annotations

import time

import openai
import pytest

from mi_core.categorisation import (
    InMemoryCache,
    OfflineCategoriser,
    OpenAICategoriser,
    build_categoriser,
    load_taxonomy,
)
from mi_core.categorisation.llm import RateLimiter, price_for
from tests.fakes.openai_server import FakeOpenAIServer

MODEL = "gpt-4o-mini"


@pytest.fixture(scope="module")
def server():
    with FakeOpenAIServer() as fake:
        yield fake


@pytest.fixture(autouse=True)
def _clean(server):
    server.reset()
    yield


def make(server, *, cache=None, timeout=5.0, max_retries=2, threshold=None, **kwargs):
    client = openai.OpenAI(api_key="test", base_url=server.base_url, timeout=timeout, max_retries=0)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        time.sleep(seconds)

    categoriser = OpenAICategoriser(
        client,
        MODEL,
        cache=cache,
        llm_threshold=threshold,
        max_retries=max_retries,
        backoff_base=0.05,
        sleep=sleep,
        **kwargs,
    )
    return categoriser, sleeps


def distinct_titles(n: int, prefix: str = "item") -> list[str]:
    return [f"{prefix} widget number {i}" for i in range(n)]


def test_batches_1000_distinct_titles(server):
    categoriser, _ = make(server)
    results = categoriser.categorise(distinct_titles(1000))
    assert len(server.requests) <= 20
    assert all(len(r.titles) >= 50 for r in server.requests)
    assert sum(len(r.titles) for r in server.requests) == 1000
    assert all(r.source == "llm" for r in results)
    assert categoriser.usage.requests == len(server.requests)
    assert categoriser.usage.llm_titles == 1000


def test_request_uses_strict_schema_enumerating_taxonomy(server):
    categoriser, _ = make(server)
    categoriser.categorise(["Red dress"])
    body = server.requests[0].body
    assert body["model"] == MODEL
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    enum = fmt["json_schema"]["schema"]["properties"]["items"]["items"]["properties"]["category"]
    assert sorted(enum["enum"]) == sorted(load_taxonomy().labels())


def test_titles_are_normalised_and_deduplicated(server):
    categoriser, _ = make(server)
    titles = ["Red Dress NWT", "red dress", "RED DRESS size M", "Lego set", "lego SET!"]
    results = categoriser.categorise(titles)
    assert len(server.requests) == 1
    assert sorted(server.requests[0].titles) == ["lego set", "red dress"]
    assert [r.department for r in results] == ["Women"] * 3 + ["Toys & Collectibles"] * 2


def test_buyer_name_titles_are_never_sent(server):
    categoriser, _ = make(server)
    results = categoriser.categorise(["Bundle for Sarah", "Reserved for @kim", "red dress"])
    assert server.requests[0].titles == ["red dress"]
    assert results[0].department == "Uncategorised" and results[0].source == "offline"


def test_cache_second_pass_and_across_sellers(server):
    shared = InMemoryCache()
    seller_a, _ = make(server, cache=shared)
    seller_b, _ = make(server, cache=shared)
    titles = distinct_titles(120, "shared")
    first = seller_a.categorise(titles)
    sent = len(server.requests)
    assert sent >= 2
    again = seller_a.categorise(titles)
    other = seller_b.categorise(list(reversed(titles)))
    assert len(server.requests) == sent  # zero new requests
    assert all(r.source == "cache" for r in again + other)
    assert [r.department for r in again] == [r.department for r in first]
    assert seller_b.usage.cached_titles == 120 and seller_b.usage.requests == 0


def test_cache_is_keyed_by_model(server):
    shared = InMemoryCache()
    make(server, cache=shared)[0].categorise(["red dress"])
    client = openai.OpenAI(api_key="t", base_url=server.base_url, max_retries=0)
    OpenAICategoriser(client, "other-model", cache=shared, llm_threshold=None).categorise(
        ["red dress"]
    )
    assert len(server.requests) == 2


def test_429_retry_after_is_honoured(server):
    categoriser, sleeps = make(server)
    server.script("429:1")
    results = categoriser.categorise(["red dress"])
    assert results[0].source == "llm"
    assert len(server.requests) == 2
    assert sleeps == [1.0]
    assert server.requests[1].at - server.requests[0].at >= 1.0
    assert categoriser.usage.retries == 1 and categoriser.usage.requests == 2


def test_500_is_retried_with_backoff(server):
    categoriser, sleeps = make(server)
    server.script("500", "500")
    results = categoriser.categorise(["red dress"])
    assert results[0].source == "llm"
    assert len(server.requests) == 3 and len(sleeps) == 2
    assert 0 < sleeps[0] <= 0.05 and 0 < sleeps[1] <= 0.1


def test_timeout_is_retried_then_succeeds(server):
    categoriser, _ = make(server, timeout=0.5)
    server.script("delay:1.5")
    assert categoriser.categorise(["red dress"])[0].source == "llm"
    assert len(server.requests) == 2


def test_timeout_every_attempt_falls_back_to_offline(server):
    categoriser, _ = make(server, timeout=0.5, max_retries=1)
    server.script("delay:1.5", "delay:1.5")
    result = categoriser.categorise(["Womens floral maxi dress"])[0]
    assert (result.source, result.department) == ("offline", "Women")
    assert result.reason.startswith("llm fallback: timeout")
    assert categoriser.usage.fallback_titles == 1


def test_malformed_json_falls_back_and_is_not_cached(server):
    cache = InMemoryCache()
    categoriser, _ = make(server, cache=cache)
    server.script("malformed")
    results = categoriser.categorise(["Lego set", "red dress"])
    assert all(
        r.source == "offline" and r.reason == "llm fallback: malformed JSON" for r in results
    )
    assert results[0].department == OfflineCategoriser().categorise(["Lego set"])[0].department
    assert len(cache) == 0


def test_missing_and_out_of_taxonomy_items_fall_back_individually(server):
    categoriser, _ = make(server)
    server.script("missing", "out_of_taxonomy")
    first = categoriser.categorise(["lego set", "red dress", "blue widget"])
    second = categoriser.categorise(["lego set 2", "red dress 2", "blue widget 2"])
    assert [r.source for r in first] == ["llm", "llm", "offline"]
    assert first[2].reason == "llm fallback: missing from answer"
    assert [r.source for r in second] == ["offline", "llm", "llm"]
    assert second[0].reason == "llm fallback: out-of-taxonomy answer"
    assert categoriser.usage.fallback_titles == 2


def test_hybrid_sends_only_unsure_titles(server):
    categoriser, _ = make(server, threshold=0.8)
    offline = OfflineCategoriser()
    titles = ["Urban Decay Naked eyeshadow palette", "Womens floral maxi dress", "blue widget"]
    expected_sent = [
        t for t, r in zip(titles, offline.categorise(titles), strict=True) if r.confidence < 0.8
    ]
    categoriser.categorise(titles)
    assert sum(len(r.titles) for r in server.requests) == len(expected_sent)


def test_usage_and_cost_accounting(server):
    categoriser, _ = make(server)
    categoriser.categorise(distinct_titles(150, "cost"))
    usage = categoriser.usage
    assert usage.requests == 2
    assert usage.prompt_tokens == sum(40 + 12 * len(r.titles) for r in server.requests)
    assert usage.completion_tokens == 15 * 150
    prompt_price, completion_price = price_for(MODEL)
    expected = (
        usage.prompt_tokens * prompt_price + usage.completion_tokens * completion_price
    ) / 1e6
    assert usage.estimated_cost_usd == pytest.approx(expected)
    assert usage.estimated_cost_usd > 0


def test_rate_limiter_spaces_requests():
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(120, clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        limiter.acquire()
    assert waits == [0.5, 0.5]


def test_factory_builds_llm_categoriser(server):
    categoriser = build_categoriser(
        openai_api_key="k",
        openai_base_url=server.base_url,
        openai_model=MODEL,
        cache=InMemoryCache(),
        llm_threshold=None,
        requests_per_minute=None,
    )
    assert categoriser.categorise(["red dress"])[0].source == "llm"
