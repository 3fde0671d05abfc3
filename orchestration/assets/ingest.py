"""Per-upload ingestion: stored file → validated rows → rows loaded into PostgreSQL.

Asset bodies stay thin: parsing and validation live in `mi_core.sales_report`,
loading in `mi_core.loading`; both are tested without Dagster.

No asset hands a value to the next through Dagster's IO manager: everything a later step
needs is in the database (the upload record, raw.sales_report_rows, quarantined_rows),
found from the run's upload tag, so Dagster's storage never holds a copy of a report. The
file is parsed once: `ingest_sales_report` validates and loads in one step and
materialises both `validated_sales` (with its checks) and `loaded_sales`.
"""

import uuid
from dataclasses import dataclass

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
from mi_core.loading import load_report
from mi_core.models import Upload, UploadStage
from mi_core.sales_report import ParsedReport, ReportError, parse_report
from orchestration.assets import ASSET_OWNERS, TRANSIENT_RETRIES, bind_run_context, timed
from orchestration.partitions import TENANT_TAG, UPLOAD_TAG, seller_partitions
from orchestration.resources import UploadStorageResource, WarehouseResource

# Above this share of quarantined rows the upload is probably not a sales report
# edited by hand but a broken export: the check fails loudly instead of warning.
QUARANTINE_ERROR_SHARE = 0.5
QUARANTINE_WARN_SHARE = 0.01

VALIDATED_SALES = AssetKey("validated_sales")
LOADED_SALES = AssetKey("loaded_sales")


@dataclass(frozen=True)
class StoredReport:
    upload_id: uuid.UUID
    tenant_id: uuid.UUID
    filename: str
    stored_path: str
    size_bytes: int
    sha256: str


def upload_id_of(context: AssetExecutionContext) -> uuid.UUID:
    tag = context.run.tags.get(UPLOAD_TAG)
    if not tag:
        raise Failure(
            f"Runs of these assets process one upload: tag the run with {UPLOAD_TAG}=<upload id>.",
            allow_retries=False,
        )
    return uuid.UUID(tag)


def upload_of(context: AssetExecutionContext, engine: Engine):
    """The run's upload record; fails if it is gone or belongs to another partition."""
    upload_id = upload_id_of(context)
    with engine.connect() as conn:
        upload = conn.execute(select(Upload).where(Upload.id == upload_id)).one_or_none()
    if upload is None:
        raise Failure(
            f"Upload {upload_id} does not exist (deleted before processing?).",
            allow_retries=False,
        )
    if str(upload.seller_id) != context.partition_key:
        raise Failure(
            f"Upload {upload_id} belongs to another seller than this partition.",
            allow_retries=False,
        )
    return upload


def stored_report(
    context: AssetExecutionContext, engine: Engine, upload_storage: UploadStorageResource
) -> StoredReport:
    """The run's upload and its stored file; a missing file fails the upload too."""
    upload = upload_of(context, engine)
    if not upload_storage.exists(upload.stored_path):
        message = f"{upload.filename}: the stored file is missing; please upload it again."
        upload_status.mark_failed(engine, upload.id, message)
        raise Failure(message, allow_retries=False)
    return StoredReport(
        upload_id=upload.id,
        tenant_id=upload.seller_id,
        filename=upload.filename,
        stored_path=upload.stored_path,
        size_bytes=upload.size_bytes,
        sha256=upload.sha256,
    )


@asset(
    partitions_def=seller_partitions,
    group_name="ingestion",
    description="The seller's uploaded Mercari sales report, as stored.",
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
    upload = upload_of(context, engine)
    upload_status.mark_processing(engine, upload.id, context.run.run_id)
    stored = stored_report(context, engine, upload_storage)
    return MaterializeResult(
        metadata={
            "upload_id": str(stored.upload_id),
            "bytes": stored.size_bytes,
            "sha256": stored.sha256,
        },
    )


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
            ),
            owners=ASSET_OWNERS,
        ),
        AssetSpec(
            LOADED_SALES,
            group_name="ingestion",
            deps=[VALIDATED_SALES],
            description=(
                "Validated rows in raw.sales_report_rows; a re-run replaces exactly this"
                " upload's rows."
            ),
            owners=ASSET_OWNERS,
        ),
    ],
    check_specs=[
        AssetCheckSpec(
            "totals_reconcile",
            asset=VALIDATED_SALES,
            description=("Every money column sums to the file's Totals row, to the cent."),
        ),
        AssetCheckSpec(
            "quarantine_share",
            asset=VALIDATED_SALES,
            description=("Share of rows quarantined by validation."),
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
    stored = stored_report(context, engine, upload_storage)
    with timed() as validation:
        try:
            with upload_storage.local_copy(stored.stored_path) as path:
                report = parse_report(path, source_name=stored.filename)
        except ReportError as err:
            # A bad file stays bad: no retry, the seller reads the reason.
            upload_status.mark_failed(engine, stored.upload_id, str(err))
            raise Failure(str(err), allow_retries=False) from err
        fees = report.fee_check()
    yield MaterializeResult(
        asset_key=VALIDATED_SALES,
        metadata={
            "upload_id": str(stored.upload_id),
            "rows": report.data_row_count,
            "completed": report.completed,
            "cancelled": report.cancelled,
            "quarantined_rows": report.quarantined_row_count,
            "reconciled": report.reconciled,
            "fee_check_differing": fees.differing,
            "duration_seconds": validation["seconds"],
        },
        check_results=[reconciliation_check(report), quarantine_check(report)],
    )
    upload_status.set_stage(engine, stored.upload_id, UploadStage.LOADING)
    with timed() as loading:
        result = load_report(engine, stored.upload_id, stored.tenant_id, report)
    yield MaterializeResult(
        asset_key=LOADED_SALES,
        metadata={
            "upload_id": str(stored.upload_id),
            "tenant": context.run.tags.get(TENANT_TAG, ""),
            "rows_loaded": result.rows_loaded,
            "rows_quarantined": result.rows_quarantined,
            # Over the plan's monthly allowance: processed after an upgrade or next month.
            "rows_waiting": result.rows_waiting,
            "duration_seconds": loading["seconds"],
        },
    )


def reconciliation_check(report: ParsedReport) -> AssetCheckResult:
    return AssetCheckResult(
        asset_key=VALIDATED_SALES,
        check_name="totals_reconcile",
        passed=report.reconciled,
        severity=AssetCheckSeverity.WARN,
        metadata={
            "has_totals_row": report.file_totals is not None,
            "differences": MetadataValue.json(report.differences),
        },
    )


def quarantine_check(report: ParsedReport) -> AssetCheckResult:
    share = report.quarantined_row_count / report.data_row_count if report.data_row_count else 0.0
    severity = (
        AssetCheckSeverity.ERROR if share > QUARANTINE_ERROR_SHARE else AssetCheckSeverity.WARN
    )
    return AssetCheckResult(
        asset_key=VALIDATED_SALES,
        check_name="quarantine_share",
        passed=share <= QUARANTINE_WARN_SHARE,
        severity=severity,
        metadata={"share": share, "quarantined_rows": report.quarantined_row_count},
    )


# The ingestion assets, in the order the definitions list them.
ingestion_assets = [sales_report_file, ingest_sales_report]
