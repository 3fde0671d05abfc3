"""Pick the categoriser for the configuration, and the CSV contract of `mi categorize`."""

from __future__ import annotations

import csv
from pathlib import Path

from .cache import CategorisationCache
from .llm import OpenAICategoriser, RateLimiter
from .offline import OfflineCategoriser
from .types import Categoriser

OUTPUT_COLUMNS = ("department", "subcategory", "confidence", "source")


def build_categoriser(
    *,
    openai_api_key: str | None,
    openai_base_url: str | None = None,
    openai_model: str = "gpt-4o-mini",
    cache: CategorisationCache | None = None,
    batch_size: int = 100,
    llm_threshold: float | None = 0.8,
    requests_per_minute: float | None = 60.0,
    timeout_seconds: float = 60.0,
    max_retries: int = 4,
) -> Categoriser:
    """Offline without a key; otherwise hybrid offline + OpenAI(-compatible) model.

    `llm_threshold`: titles whose offline confidence is at least this never reach the
    model (None sends every title). Retries are ours (the client's are disabled) so that
    Retry-After is honoured and every attempt is counted.
    """
    offline = OfflineCategoriser()
    if not openai_api_key:
        return offline
    import openai  # only with a key: the SDK costs 0.4 s to import

    client = openai.OpenAI(
        api_key=openai_api_key, base_url=openai_base_url, timeout=timeout_seconds, max_retries=0
    )
    return OpenAICategoriser(
        client,
        openai_model,
        cache=cache,
        offline=offline,
        batch_size=batch_size,
        llm_threshold=llm_threshold,
        max_retries=max_retries,
        rate_limiter=RateLimiter(requests_per_minute),
    )


def categorise_csv(
    input_path: str | Path, output_path: str | Path, categoriser: Categoriser
) -> int:
    """Copy INPUT to OUTPUT adding the category columns; returns the number of rows.

    Read as text (no type inference) so every original column survives byte-for-byte.
    """
    input_path, output_path = Path(input_path), Path(output_path)
    with input_path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        if "title" not in fields:
            raise ValueError(
                f"{input_path}: no `title` column (found: {', '.join(fields) or 'none'})"
            )
        rows = list(reader)
    results = categoriser.categorise([row["title"] or "" for row in rows])
    with output_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=[*fields, *OUTPUT_COLUMNS], extrasaction="ignore"
        )
        writer.writeheader()
        for row, result in zip(rows, results, strict=True):
            writer.writerow(
                {
                    **row,
                    "department": result.department,
                    "subcategory": result.subcategory,
                    "confidence": f"{result.confidence:.4f}",
                    "source": result.source,
                }
            )
    return len(rows)
