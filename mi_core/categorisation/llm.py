"""OpenAI (or any OpenAI-compatible server) categoriser, hybrid with the offline one.

Flow per call: offline answer for every title → titles the offline categoriser is sure
about (or that are bundle/reserved listings, which carry buyer names) stop there → the
rest are normalised, de-duplicated, looked up in the shared cache → misses go to the
model in batches whose JSON schema enumerates the taxonomy. Anything the model gets
wrong (bad JSON, missing or out-of-taxonomy items, failed requests) keeps the offline
answer, marked as a fallback. Titles are never logged.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .cache import CacheEntry, CategorisationCache, cache_key
from .normalise import normalise_titles
from .offline import OfflineCategoriser, is_bundle_or_reserved
from .taxonomy import UNCATEGORISED, Taxonomy, load_taxonomy
from .types import Categorisation

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)

# USD per million (prompt, completion) tokens; longest matching prefix wins so dated
# snapshots ("gpt-4o-mini-2024-07-18") price like their family. Unknown models cost 0
# and are reported as unpriced.
PRICES_PER_MILLION: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-5-mini": (0.25, 2.00),
}
# The model picks a word, not a number: self-reported numbers are not calibrated either,
# but three levels are at least stable. Values are conservative priors until measured.
LLM_CONFIDENCE = {"high": 0.9, "medium": 0.7, "low": 0.45}
SYSTEM_PROMPT = (
    "You categorise Mercari US marketplace listings. For every listing title, pick the one "
    "category from the allowed list that best describes the item being sold, and say how "
    "sure you are (high, medium, low). The noun naming the item decides (a Minnie Mouse "
    "tumbler is drinkware, an Eiffel Tower print is artwork, a luggage tag is travel "
    "gear): brands, characters, places, patterns and holidays only break ties, and words "
    "such as 'for women' pick a gender department only for items that have one. Answer "
    "every id exactly once. Titles are lower-cased and have sizes and condition words "
    "removed."
)


@dataclass
class UsageReport:
    """Counts are of distinct normalised titles, except requests (HTTP attempts)."""

    model: str = ""
    requests: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    offline_titles: int = 0  # confident offline answers never sent
    cached_titles: int = 0
    llm_titles: int = 0
    fallback_titles: int = 0
    priced: bool = True

    @property
    def estimated_cost_usd(self) -> float:
        price = price_for(self.model)
        if price is None:
            return 0.0
        return (self.prompt_tokens * price[0] + self.completion_tokens * price[1]) / 1_000_000


def price_for(model: str) -> tuple[float, float] | None:
    matches = [p for p in PRICES_PER_MILLION if model.startswith(p)]
    return PRICES_PER_MILLION[max(matches, key=len)] if matches else None


class RateLimiter:
    """Spaces request starts at least 60/rpm seconds apart (simple and predictable)."""

    def __init__(
        self,
        requests_per_minute: float | None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._interval = 60.0 / requests_per_minute if requests_per_minute else 0.0
        self._clock, self._sleep = clock, sleep
        self._next = 0.0

    def acquire(self) -> None:
        now = self._clock()
        if now < self._next:
            self._sleep(self._next - now)
            now = self._next
        self._next = now + self._interval


def response_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    item = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "category": {"type": "string", "enum": taxonomy.labels()},
            "confidence": {"type": "string", "enum": list(LLM_CONFIDENCE)},
        },
        "required": ["id", "category", "confidence"],
        "additionalProperties": False,
    }
    return {
        "name": "listing_categories",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"items": {"type": "array", "items": item}},
            "required": ["items"],
            "additionalProperties": False,
        },
    }


class _RequestFailed(Exception):
    """All attempts for one batch failed; the message is a short, title-free reason."""


class OpenAICategoriser:
    def __init__(
        self,
        client: openai.OpenAI,
        model: str,
        *,
        cache: CategorisationCache | None = None,
        offline: OfflineCategoriser | None = None,
        batch_size: int = 100,
        llm_threshold: float | None = 0.8,
        max_retries: int = 4,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        rate_limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client, self.model, self.cache = client, model, cache
        self.offline = offline or OfflineCategoriser()
        self.batch_size, self.llm_threshold = batch_size, llm_threshold
        self.max_retries, self.backoff_base, self.backoff_cap = (
            max_retries,
            backoff_base,
            backoff_cap,
        )
        self.rate_limiter = rate_limiter or RateLimiter(None)
        self.sleep = sleep
        self.taxonomy = load_taxonomy()
        self.usage = UsageReport(model=model, priced=price_for(model) is not None)
        self._schema = response_schema(self.taxonomy)

    # -- public ---------------------------------------------------------------------------
    def categorise(
        self, titles: Sequence[str], normalised: Sequence[str] | None = None
    ) -> list[Categorisation]:
        keys = list(normalised) if normalised is not None else normalise_titles(titles)
        offline = self.offline.categorise(titles, keys)
        routed = [self._needs_llm(t, r) for t, r in zip(titles, offline, strict=True)]
        unique = list(dict.fromkeys(k for k, go in zip(keys, routed, strict=True) if go))
        self.usage.offline_titles += len(set(keys) - set(unique))
        answers = self._from_cache(unique)
        answers.update(self._from_llm([k for k in unique if k not in answers]))
        return [answers[k] if go else r for k, go, r in zip(keys, routed, offline, strict=True)]

    # -- routing --------------------------------------------------------------------------
    def _needs_llm(self, title: str, offline: Categorisation) -> bool:
        if offline.department == UNCATEGORISED or is_bundle_or_reserved(title):
            return False  # never send (or cache) titles that carry buyer names
        return self.llm_threshold is None or offline.confidence < self.llm_threshold

    def _key(self, normalised: str) -> str:
        return cache_key(normalised, self.taxonomy.version, self.model)

    def _from_cache(self, normalised: list[str]) -> dict[str, Categorisation]:
        if self.cache is None or not normalised:
            return {}
        by_key = {self._key(n): n for n in normalised}
        hits = self.cache.get_many(list(by_key))
        found = {
            by_key[k]: Categorisation(e.department, e.subcategory, e.confidence, "cache")
            for k, e in hits.items()
            if self.taxonomy.is_valid(e.department, e.subcategory)
        }
        self.usage.cached_titles += len(found)
        return found

    def _from_llm(self, normalised: list[str]) -> dict[str, Categorisation]:
        answers: dict[str, Categorisation] = {}
        for start in range(0, len(normalised), self.batch_size):
            answers.update(self._batch(normalised[start : start + self.batch_size]))
        self._remember(answers)
        return answers

    def _remember(self, answers: dict[str, Categorisation]) -> None:
        fresh = [
            CacheEntry(
                self._key(n),
                n,
                self.taxonomy.version,
                self.model,
                r.department,
                r.subcategory,
                r.confidence,
            )
            for n, r in answers.items()
            if r.source == "llm"
        ]
        if self.cache is not None and fresh:
            self.cache.put_many(fresh)

    # -- one batch --------------------------------------------------------------------------
    def _batch(self, normalised: list[str]) -> dict[str, Categorisation]:
        try:
            content = self._request(normalised)
            parsed, reasons = self._parse(content, len(normalised))
        except _RequestFailed as failure:
            parsed, reasons = {}, dict.fromkeys(range(len(normalised)), str(failure))
        result = {normalised[i]: c for i, c in parsed.items()}
        for i, reason in reasons.items():
            result[normalised[i]] = self._fallback(normalised[i], reason)
        self.usage.llm_titles += len(parsed)
        self.usage.fallback_titles += len(reasons)
        return result

    def _fallback(self, normalised: str, reason: str) -> Categorisation:
        return replace(self.offline.categorise_key(normalised), reason=f"llm fallback: {reason}")

    def _messages(self, normalised: list[str]) -> list[dict[str, str]]:
        payload = {"titles": [{"id": i, "title": t} for i, t in enumerate(normalised)]}
        return [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": json.dumps(payload, ensure_ascii=False)},
        ]

    def _request(self, normalised: list[str]) -> str | None:
        # Imported where used: a run worker or portal without an API key never loads the
        # SDK (0.4 s of every run's start-up).
        import openai

        last_error = "request failed"
        for attempt in range(self.max_retries + 1):
            if attempt:
                self.usage.retries += 1
            self.rate_limiter.acquire()
            self.usage.requests += 1
            try:
                response = self.client.chat.completions.create(
                    model=self.model,
                    messages=self._messages(normalised),  # type: ignore[arg-type]
                    response_format={"type": "json_schema", "json_schema": self._schema},  # type: ignore[typeddict-item]
                    temperature=0,
                )
            except openai.APIStatusError as error:
                if error.status_code != 429 and error.status_code < 500:
                    raise _RequestFailed(f"HTTP {error.status_code}") from None
                last_error = f"HTTP {error.status_code}"
                delay = self._retry_after(error.response) or self._backoff(attempt)
            except openai.APITimeoutError:
                last_error, delay = "timeout", self._backoff(attempt)
            except openai.APIConnectionError:
                last_error, delay = "connection error", self._backoff(attempt)
            else:
                self._account(response)
                return response.choices[0].message.content if response.choices else None
            if attempt < self.max_retries:
                log.info("LLM request failed (%s); retrying in %.1fs", last_error, delay)
                self.sleep(delay)
        raise _RequestFailed(f"{last_error} after {self.max_retries + 1} attempts")

    def _account(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage.prompt_tokens += usage.prompt_tokens or 0
            self.usage.completion_tokens += usage.completion_tokens or 0

    def _backoff(self, attempt: int) -> float:
        # Full jitter keeps many workers from retrying in lock-step.
        ceiling = min(self.backoff_cap, self.backoff_base * 2**attempt)
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _retry_after(self, response: Any) -> float | None:
        headers = getattr(response, "headers", None) or {}
        if (ms := headers.get("retry-after-ms")) is not None:
            return _clamp(
                _to_float(ms) / 1000 if _to_float(ms) is not None else None, self.backoff_cap
            )
        value = headers.get("retry-after")
        if value is None:
            return None
        seconds = _to_float(value)
        if seconds is None:
            try:
                seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError):
                return None
        return _clamp(seconds, self.backoff_cap)

    # -- parsing --------------------------------------------------------------------------
    def _parse(
        self, content: str | None, n: int
    ) -> tuple[dict[int, Categorisation], dict[int, str]]:
        try:
            items = json.loads(content or "")["items"]
            if not isinstance(items, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return {}, dict.fromkeys(range(n), "malformed JSON")
        parsed: dict[int, Categorisation] = {}
        reasons: dict[int, str] = {}
        for item in items:
            self._parse_item(item, n, parsed, reasons)
        for i in range(n):
            if i not in parsed and i not in reasons:
                reasons[i] = "missing from answer"
        return parsed, reasons

    def _parse_item(
        self, item: Any, n: int, parsed: dict[int, Categorisation], reasons: dict[int, str]
    ) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            return
        i = item["id"]
        if not 0 <= i < n or i in parsed:
            return
        pair = self.taxonomy.parse_label(str(item.get("category", "")))
        if pair is None:
            reasons[i] = "out-of-taxonomy answer"
            return
        confidence = LLM_CONFIDENCE.get(str(item.get("confidence")), LLM_CONFIDENCE["low"])
        reasons.pop(i, None)
        parsed[i] = Categorisation(pair[0], pair[1], confidence, "llm")


def _to_float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _clamp(seconds: float | None, cap: float) -> float | None:
    return None if seconds is None else max(0.0, min(seconds, cap))
