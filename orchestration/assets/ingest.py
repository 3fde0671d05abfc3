"""Ingestion of a run's batch: stored files → validated rows → rows loaded into PostgreSQL.

A run processes every upload of its seller that is pending when it starts (claimed by
`sales_report_file` in one transaction, upload order), and those registered while it
ingests them (`ingest_late_arrivals`): each is validated and loaded in turn (a bad file
fails that upload alone), then the seller is clustered and the marts built once for the
whole batch.

Asset bodies stay thin: parsing and validation live in `mi_core.sales_report`,
loading in `mi_core.loading`; both are tested without Dagster.

No asset hands a value to the next through Dagster's IO manager: everything a later step
needs is in the database (the upload records, raw.sales_report_rows, quarantined_rows),
found from the uploads the run claimed (`uploads.dagster_run_id`), so Dagster's storage
never holds a copy of a report. Each file is parsed once: `ingest_sales_report`
validates and loads in one step and materialises both `validated_sales` (with its
checks) and `loaded_sales`.
"""

import uuid
from dataclasses import dataclass

import pandas as pd
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetSpec,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset,
)
from sqlalchemy import Engine, select

from mi_core import upload_status
from mi_core.loading import LoadResult, load_report
from mi_core.models import Upload, UploadStage
from mi_core.pipeline import PARENT_RUN_TAG, UPLOADS_TAG
from mi_core.sales_report import ParsedReport, ReportError, parse_report
from mi_core.upload_status import BatchUpload
from orchestration.assets import ASSET_OWNERS, TRANSIENT_RETRIES, bind_run_context, timed
from orchestration.partitions import TENANT_TAG, UPLOAD_TAG, seller_partitions
from orchestration.resources import UploadStorageResource, WarehouseResource

# Above this share of quarantined rows the upload is probably not a sales report
# edited by hand but a broken export: the check fails loudly instead of warning.
QUARANTINE_ERROR_SHARE = 0.5
QUARANTINE_WARN_SHARE = 0.01

VALIDATED_SALES = AssetKey("validated_sales")
LOADED_SALES = AssetKey("loaded_sales")


def upload_id_of(context: AssetExecutionContext) -> uuid.UUID:
    """The upload that triggered the run (its run tag); the run may cover more."""
    tag = context.run.tags.get(UPLOAD_TAG)
    if not tag:
        raise Failure(
            f"Runs of these assets process uploads: tag the run with {UPLOAD_TAG}=<upload id>.",
            allow_retries=False,
        )
    return uuid.UUID(tag)


def check_trigger(context: AssetExecutionContext, engine: Engine) -> None:
    """The triggering upload must exist and belong to the run's partition."""
    upload_id = upload_id_of(context)
    with engine.connect() as conn:
        seller_id = conn.execute(
            select(Upload.seller_id).where(Upload.id == upload_id)
        ).scalar_one_or_none()
    if seller_id is None:
        raise Failure(
            f"Upload {upload_id} does not exist (deleted before processing?).",
            allow_retries=False,
        )
    if str(seller_id) != context.partition_key:
        raise Failure(
            f"Upload {upload_id} belongs to another seller than this partition.",
            allow_retries=False,
        )


def batch_of(context: AssetExecutionContext, engine: Engine) -> list[BatchUpload]:
    """The uploads this run claimed and still processes, in upload order."""
    return upload_status.batch_of_run(engine, context.run.run_id)


def upload_ids_text(upload_ids: list[uuid.UUID]) -> str:
    return ",".join(str(upload_id) for upload_id in upload_ids)


def tag_covered_uploads(context: AssetExecutionContext, batch: list[BatchUpload]) -> None:
    """Operators see in the run's tags which uploads it covered."""
    context.instance.add_run_tags(
        context.run.run_id, {UPLOADS_TAG: upload_ids_text([b.upload_id for b in batch])}
    )


@asset(
    partitions_def=seller_partitions,
    group_name="ingestion",
    description=(
        "The seller's uploaded Mercari sales reports, as stored: every upload of the seller"
        " pending when the run starts, claimed by the run in upload order (run tag"
        f" {UPLOADS_TAG})."
    ),
    owners=ASSET_OWNERS,
    retry_policy=TRANSIENT_RETRIES,
)
def sales_report_file(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    upload_storage: UploadStorageResource,
) -> MaterializeResult:
    bind_run_context(context)
    engine = warehouse.engine()
    check_trigger(context, engine)
    claimed = upload_status.claim_batch(
        engine,
        uuid.UUID(context.partition_key),
        context.run.run_id,
        parent_run_id=context.run.tags.get(PARENT_RUN_TAG),
    )
    claimed_now = batch_of(context, engine)  # with what a retry of this step claimed before
    if claimed_now:
        tag_covered_uploads(context, claimed_now)
    else:
        context.log.info("Every upload of the seller was claimed by an earlier run: nothing to do.")
    context.log.info(f"Claimed {len(claimed)} pending upload(s) of the seller.")
    missing = fail_missing_files(engine, upload_storage, claimed_now)
    batch = batch_of(context, engine)
    if missing and not batch:
        raise Failure(missing[0], allow_retries=False)
    return MaterializeResult(
        metadata={
            "upload_id": context.run.tags.get(UPLOAD_TAG, ""),
            "uploads": len(batch),
            "upload_ids": MetadataValue.json([str(b.upload_id) for b in batch]),
            "bytes": sum(b.size_bytes for b in batch),
            "sha256": MetadataValue.json({str(b.upload_id): b.sha256 for b in batch}),
        },
    )


def fail_missing_files(
    engine: Engine, upload_storage: UploadStorageResource, batch: list[BatchUpload]
) -> list[str]:
    """A stored file that is gone fails its upload (the others go on); the reasons."""
    reasons = []
    for stored in batch:
        if not upload_storage.exists(stored.stored_path):
            reason = f"{stored.filename}: the stored file is missing; please upload it again."
            upload_status.mark_failed(engine, stored.upload_id, reason)
            reasons.append(reason)
    return reasons


@dataclass(frozen=True)
class IngestedUpload:
    """What validating and loading one upload of the batch gave (or why it failed)."""

    upload_id: uuid.UUID
    report: ParsedReport | None = None
    loaded: LoadResult | None = None
    error: str | None = None
    validation_seconds: float = 0.0
    loading_seconds: float = 0.0

    def summary(self) -> dict:
        if self.report is None:
            return {"upload_id": str(self.upload_id), "failed": self.error}
        report, loaded = self.report, self.loaded
        return {
            "upload_id": str(self.upload_id),
            "rows": report.data_row_count,
            "completed": report.completed,
            "cancelled": report.cancelled,
            "quarantined": report.quarantined_row_count,
            "reconciled": report.reconciled,
            "fee_check_differing": report.fee_check().differing,
            "rows_loaded": loaded.rows_loaded if loaded else 0,
            "rows_waiting": loaded.rows_waiting if loaded else 0,
        }


def ingest_one(
    engine: Engine, upload_storage: UploadStorageResource, stored: BatchUpload
) -> IngestedUpload:
    """Validate and load one upload; a bad file fails this upload only (with its reason)."""
    with timed() as validation:
        try:
            with upload_storage.local_copy(stored.stored_path) as path:
                report = parse_report(path, source_name=stored.filename)
        except ReportError as err:
            # A bad file stays bad: the seller reads the reason; the batch goes on.
            upload_status.mark_failed(engine, stored.upload_id, str(err))
            return IngestedUpload(stored.upload_id, error=str(err))
    upload_status.set_stage(engine, stored.upload_id, UploadStage.LOADING)
    with timed() as loading:
        loaded = load_report(engine, stored.upload_id, stored.seller_id, report)
    return IngestedUpload(
        stored.upload_id,
        report=report,
        loaded=loaded,
        validation_seconds=validation["seconds"],
        loading_seconds=loading["seconds"],
    )


# Rounds of late arrivals a run takes in (bounded: a seller who keeps uploading still gets
# a dashboard; what arrives after the last round waits for their next run).
LATE_ARRIVAL_ROUNDS = 5


def ingest_late_arrivals(
    context: AssetExecutionContext, engine: Engine, upload_storage: UploadStorageResource
) -> list[IngestedUpload]:
    """Uploads of the seller registered while the batch was being ingested join the run.

    A seller sending 20 files takes ~5 s to register them, and the run has claimed its
    batch ~2 s after the first: without this the rest waited for the seller's next run,
    which starts only when this one has built the marts (a run of a seller at a time).
    They are newer than the batch, so upload order is kept.
    """
    outcomes: list[IngestedUpload] = []
    for _ in range(LATE_ARRIVAL_ROUNDS):
        claimed = set(
            upload_status.claim_batch(engine, uuid.UUID(context.partition_key), context.run.run_id)
        )
        if not claimed:
            break
        context.log.info(f"Claimed {len(claimed)} upload(s) registered during ingestion.")
        late = [b for b in batch_of(context, engine) if b.upload_id in claimed]
        if fail_missing_files(engine, upload_storage, late):  # those failed leave the batch
            late = [b for b in batch_of(context, engine) if b.upload_id in claimed]
        outcomes += [ingest_one(engine, upload_storage, stored) for stored in late]
    if outcomes:
        tag_covered_uploads(context, batch_of(context, engine))
    return outcomes


def uploads_table(summaries: list[dict], columns: list[str]) -> MetadataValue:
    """One line per upload of the batch, for the Dagster UI."""
    frame = pd.DataFrame(summaries).reindex(columns=["upload_id", *columns, "failed"])
    return MetadataValue.md(frame.fillna("").to_markdown(index=False))


@multi_asset(
    name="ingest_sales_report",
    partitions_def=seller_partitions,
    specs=[
        AssetSpec(
            VALIDATED_SALES,
            group_name="ingestion",
            deps=[sales_report_file],
            description=(
                "Report rows parsed and validated (pandera schema); bad rows quarantined."
                " Each upload of the run's batch in upload order; a bad file fails that"
                " upload alone."
            ),
            owners=ASSET_OWNERS,
        ),
        AssetSpec(
            LOADED_SALES,
            group_name="ingestion",
            deps=[VALIDATED_SALES],
            description=(
                "Validated rows in raw.sales_report_rows; a re-run replaces exactly each"
                " upload's rows."
            ),
            owners=ASSET_OWNERS,
        ),
    ],
    check_specs=[
        AssetCheckSpec(
            "totals_reconcile",
            asset=VALIDATED_SALES,
            description=(
                "Every money column sums to the file's Totals row, to the cent (every upload"
                " of the batch)."
            ),
        ),
        AssetCheckSpec(
            "quarantine_share",
            asset=VALIDATED_SALES,
            description=("Share of rows quarantined by validation (the batch's worst upload)."),
        ),
    ],
    retry_policy=TRANSIENT_RETRIES,
)
def ingest_sales_report(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    upload_storage: UploadStorageResource,
):
    bind_run_context(context)
    engine = warehouse.engine()
    batch = batch_of(context, engine)
    outcomes = [ingest_one(engine, upload_storage, stored) for stored in batch]
    outcomes += ingest_late_arrivals(context, engine, upload_storage)
    good = [o for o in outcomes if o.report is not None]
    if outcomes and not good:
        # Nothing of the batch could be read: the run fails with the (first) reason, and
        # the marts stay as they were.
        raise Failure(outcomes[0].error, allow_retries=False)
    summaries = [o.summary() for o in outcomes]
    reports = [o.report for o in good]
    yield MaterializeResult(
        asset_key=VALIDATED_SALES,
        metadata={
            "upload_id": context.run.tags.get(UPLOAD_TAG, ""),
            "uploads": len(outcomes),
            "uploads_failed": len(outcomes) - len(good),
            "rows": sum(r.data_row_count for r in reports),
            "completed": sum(r.completed for r in reports),
            "cancelled": sum(r.cancelled for r in reports),
            "quarantined_rows": sum(r.quarantined_row_count for r in reports),
            "reconciled": all(r.reconciled for r in reports),
            "fee_check_differing": sum(s.get("fee_check_differing", 0) for s in summaries),
            "per_upload": uploads_table(summaries, ["rows", "quarantined", "reconciled"]),
            "per_upload_json": MetadataValue.json(summaries),
            "duration_seconds": round(sum(o.validation_seconds for o in outcomes), 3),
        },
        check_results=[reconciliation_check(good), quarantine_check(good)],
    )
    yield MaterializeResult(
        asset_key=LOADED_SALES,
        metadata={
            "upload_id": context.run.tags.get(UPLOAD_TAG, ""),
            "tenant": context.run.tags.get(TENANT_TAG, ""),
            "uploads": len(good),
            "rows_loaded": sum(o.loaded.rows_loaded for o in good),
            "rows_quarantined": sum(o.loaded.rows_quarantined for o in good),
            # Over the plan's monthly allowance: processed after an upgrade or next month.
            "rows_waiting": sum(o.loaded.rows_waiting for o in good),
            "per_upload": uploads_table(summaries, ["rows_loaded", "rows_waiting"]),
            "duration_seconds": round(sum(o.loading_seconds for o in good), 3),
        },
    )


def reconciliation_check(good: list[IngestedUpload]) -> AssetCheckResult:
    return AssetCheckResult(
        asset_key=VALIDATED_SALES,
        check_name="totals_reconcile",
        passed=all(o.report.reconciled for o in good),
        severity=AssetCheckSeverity.WARN,
        metadata={
            "has_totals_row": all(o.report.file_totals is not None for o in good),
            "differences": MetadataValue.json(
                {str(o.upload_id): o.report.differences for o in good if not o.report.reconciled}
            ),
        },
    )


def quarantine_share(report: ParsedReport) -> float:
    if not report.data_row_count:
        return 0.0
    return report.quarantined_row_count / report.data_row_count


def quarantine_check(good: list[IngestedUpload]) -> AssetCheckResult:
    share = max((quarantine_share(o.report) for o in good), default=0.0)
    severity = (
        AssetCheckSeverity.ERROR if share > QUARANTINE_ERROR_SHARE else AssetCheckSeverity.WARN
    )
    return AssetCheckResult(
        asset_key=VALIDATED_SALES,
        check_name="quarantine_share",
        passed=share <= QUARANTINE_WARN_SHARE,
        severity=severity,
        metadata={
            "share": share,
            "quarantined_rows": sum(o.report.quarantined_row_count for o in good),
        },
    )


# The ingestion assets, in the order the definitions list them.
ingestion_assets = [sales_report_file, ingest_sales_report]
