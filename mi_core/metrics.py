"""Prometheus metrics of the product, for the portal's /metrics (no web framework here).

Two kinds, so the figures are right however many processes serve the portal:
- counters of what a process does itself (emails sent and failed), kept by
  prometheus-client; with several uvicorn workers `PROMETHEUS_MULTIPROC_DIR` makes every
  worker write its values to files that /metrics adds up (multiprocess mode);
- figures read from PostgreSQL at scrape time (`DatabaseCollector`): uploads by status,
  pending uploads, stage durations, categorisation requests, cache hits and cost, webhook
  events. The database is shared by every process, Dagster's included.

Labels are bounded sets (statuses, stages, event types, results); never a seller id, an
email, a file name or a title.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import Counter
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, text

from mi_core.models import UploadStatus

EMAILS = Counter(
    "mi_emails",
    "Emails handed to the SMTP server (result=sent) or refused by it (result=failed).",
    ["result"],
)

# Seconds: a stage takes from well under a second (a small report) to minutes (dbt, a
# large report through OpenAI).
STAGE_BUCKETS = (0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800)


def webhook_result(outcome: str) -> str:
    """A stored webhook outcome (a line of free text) as a bounded label."""
    if outcome == "received":
        return "unprocessed"
    if outcome.startswith("ignored"):
        return "ignored"
    return "applied"


class DatabaseCollector(Collector):
    """Operations figures read from the database each time Prometheus scrapes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator:
        with self.engine.connect() as conn:
            yield from self._uploads(conn)
            yield self._stage_durations(conn)
            yield from self._categorisation(conn)
            yield self._webhooks(conn)

    def _uploads(self, conn) -> Iterator:
        by_status = GaugeMetricFamily("mi_uploads", "Uploads by status.", labels=["status"])
        counts = dict(
            conn.execute(text("select status, count(*) from uploads group by status")).all()
        )
        for status in UploadStatus:
            by_status.add_metric([status.value], counts.get(status.value, 0))
        yield by_status
        pending, oldest = conn.execute(
            text(
                "select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)"
                " from uploads where status = 'pending'"
            )
        ).one()
        yield GaugeMetricFamily("mi_uploads_pending", "Uploads waiting for a run.", pending)
        yield GaugeMetricFamily(
            "mi_uploads_pending_oldest_seconds",
            "Age of the oldest pending upload (0 when none).",
            float(oldest),
        )

    def _stage_durations(self, conn) -> HistogramMetricFamily:
        family = HistogramMetricFamily(
            "mi_upload_stage_duration_seconds",
            "How long each processing stage of an upload took.",
            labels=["stage"],
        )
        bounds = ", ".join(
            f"count(*) filter (where seconds <= {bound}) as le_{i}"
            for i, bound in enumerate(STAGE_BUCKETS)
        )
        rows = conn.execute(
            text(
                f"select stage, count(*) as n, sum(seconds) as total, {bounds}"
                " from upload_stage_durations group by stage order by stage"
            )
        ).mappings()
        for row in rows:
            buckets = [(str(b), row[f"le_{i}"]) for i, b in enumerate(STAGE_BUCKETS)]
            buckets.append(("+Inf", row["n"]))
            family.add_metric([row["stage"]], buckets, float(row["total"]))
        return family

    def _categorisation(self, conn) -> Iterator:
        row = conn.execute(
            text(
                "select coalesce(sum(requests), 0) as requests,"
                " coalesce(sum(cached_titles), 0) as cached,"
                " coalesce(sum(llm_titles), 0) as llm,"
                " coalesce(sum(fallback_titles), 0) as fallback,"
                " coalesce(sum(prompt_tokens), 0) as prompt,"
                " coalesce(sum(completion_tokens), 0) as completion,"
                " coalesce(sum(estimated_cost_usd), 0) as cost"
                " from categorisation_usage"
            )
        ).one()
        yield CounterMetricFamily(
            "mi_categorisation_requests", "Requests sent to the LLM.", row.requests
        )
        yield CounterMetricFamily(
            "mi_categorisation_cache_hits", "Titles answered from the shared cache.", row.cached
        )
        titles = CounterMetricFamily(
            "mi_categorisation_llm_titles",
            "Titles the LLM path handled, by where the answer came from.",
            labels=["source"],
        )
        for source, value in (("cache", row.cached), ("llm", row.llm), ("fallback", row.fallback)):
            titles.add_metric([source], value)
        yield titles
        tokens = CounterMetricFamily("mi_categorisation_tokens", "LLM tokens.", labels=["kind"])
        tokens.add_metric(["prompt"], row.prompt)
        tokens.add_metric(["completion"], row.completion)
        yield tokens
        yield CounterMetricFamily(
            "mi_categorisation_cost_usd", "Estimated LLM cost in US dollars.", float(row.cost)
        )

    def _webhooks(self, conn) -> CounterMetricFamily:
        family = CounterMetricFamily(
            "mi_webhook_events",
            "Stripe webhook events by type and result.",
            labels=["type", "result"],
        )
        counts: dict[tuple[str, str], int] = {}
        for event_type, outcome, n in conn.execute(
            text("select type, outcome, count(*) from stripe_events group by type, outcome")
        ):
            key = (event_type, webhook_result(outcome))
            counts[key] = counts.get(key, 0) + n
        for labels, value in sorted(counts.items()):
            family.add_metric(list(labels), value)
        return family
