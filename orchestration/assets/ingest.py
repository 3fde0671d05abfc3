"""Per-upload ingestion: stored file → validated rows → rows loaded into PostgreSQL.

Asset bodies stay thin: parsing and validation live in `mi_core.sales_report`,
loading in `mi_core.loading`; both are tested without Dagster.
"""

import uuid
from dataclasses import dataclass

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    Failure,
    MaterializeResult,
    MetadataValue,
    Output,
    asset,
)
from sqlalchemy import select

from mi_core import upload_status
from mi_core.loading import load_report
from mi_core.models import Upload, UploadStage
from mi_core.sales_report import ParsedReport, ReportError, parse_report
from orchestration.partitions import TENANT_TAG, UPLOAD_TAG, seller_partitions
from orchestration.resources import UploadStorageResource, WarehouseResource

# Above this share of quarantined rows the upload is probably not a sales report
# edited by hand but a broken export: the check fails loudly instead of warning.
QUARANTINE_ERROR_SHARE = 0.5
QUARANTINE_WARN_SHARE = 0.01


@dataclass(frozen=True)
class StoredReport:
    upload_id: uuid.UUID
    tenant_id: uuid.UUID
    filename: str
    path: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class ValidatedReport:
    upload_id: uuid.UUID
    tenant_id: uuid.UUID
    report: ParsedReport


def upload_id_of(context: AssetExecutionContext) -> uuid.UUID:
    tag = context.run.tags.get(UPLOAD_TAG)
    if not tag:
        raise Failure(
            f"Runs of these assets process one upload: tag the run with {UPLOAD_TAG}=<upload id>."
        )
    return uuid.UUID(tag)


@asset(
    partitions_def=seller_partitions,
    group_name="ingestion",
    description="The seller's uploaded Mercari sales report, as stored.",
)
def sales_report_file(
    context: AssetExecutionContext,
    warehouse: WarehouseResource,
    upload_storage: UploadStorageResource,
) -> Output[StoredReport]:
    upload_id = upload_id_of(context)
    engine = warehouse.engine()
    with engine.connect() as conn:
        upload = conn.execute(select(Upload).where(Upload.id == upload_id)).one_or_none()
    if upload is None:
        raise Failure(f"Upload {upload_id} does not exist (deleted before processing?).")
    if str(upload.seller_id) != context.partition_key:
        raise Failure(f"Upload {upload_id} belongs to another seller than this partition.")
    upload_status.mark_processing(engine, upload_id, context.run.run_id)
    path = upload_storage.path_of(upload.stored_path)
    if not path.exists():
        message = f"{upload.filename}: the stored file is missing; please upload it again."
        upload_status.mark_failed(engine, upload_id, message)
        raise Failure(message)
    stored = StoredReport(
        upload_id=upload_id,
        tenant_id=upload.seller_id,
        filename=upload.filename,
        path=str(path),
        size_bytes=upload.size_bytes,
        sha256=upload.sha256,
    )
    return Output(
        stored,
        metadata={
            "upload_id": str(upload_id),
            "bytes": upload.size_bytes,
            "sha256": upload.sha256,
        },
    )


@asset(
    partitions_def=seller_partitions,
    group_name="ingestion",
    description="Report rows parsed and validated (pandera schema); bad rows quarantined.",
    check_specs=[
        AssetCheckSpec(
            "totals_reconcile",
            asset="validated_sales",
            description=("Every money column sums to the file's Totals row, to the cent."),
        ),
        AssetCheckSpec(
            "quarantine_share",
            asset="validated_sales",
            description=("Share of rows quarantined by validation."),
        ),
    ],
)
def validated_sales(
    context: AssetExecutionContext, warehouse: WarehouseResource, sales_report_file: StoredReport
):
    try:
        report = parse_report(sales_report_file.path, source_name=sales_report_file.filename)
    except ReportError as err:
        upload_status.mark_failed(warehouse.engine(), sales_report_file.upload_id, str(err))
        raise Failure(str(err)) from err
    yield Output(
        ValidatedReport(sales_report_file.upload_id, sales_report_file.tenant_id, report),
        metadata={
            "upload_id": str(sales_report_file.upload_id),
            "rows": report.data_row_count,
            "completed": report.completed,
            "cancelled": report.cancelled,
            "quarantined_rows": report.quarantined_row_count,
        },
    )
    yield reconciliation_check(report)
    yield quarantine_check(report)


def reconciliation_check(report: ParsedReport) -> AssetCheckResult:
    return AssetCheckResult(
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
        check_name="quarantine_share",
        passed=share <= QUARANTINE_WARN_SHARE,
        severity=severity,
        metadata={"share": share, "quarantined_rows": report.quarantined_row_count},
    )


@asset(
    partitions_def=seller_partitions,
    group_name="ingestion",
    description=(
        "Validated rows in raw.sales_report_rows; a re-run replaces exactly this upload's rows."
    ),
)
def loaded_sales(
    context: AssetExecutionContext, warehouse: WarehouseResource, validated_sales: ValidatedReport
) -> MaterializeResult:
    engine = warehouse.engine()
    upload_status.set_stage(engine, validated_sales.upload_id, UploadStage.LOADING)
    result = load_report(
        engine, validated_sales.upload_id, validated_sales.tenant_id, validated_sales.report
    )
    return MaterializeResult(
        metadata={
            "upload_id": str(validated_sales.upload_id),
            "tenant": context.run.tags.get(TENANT_TAG, ""),
            "rows_loaded": result.rows_loaded,
            "rows_quarantined": result.rows_quarantined,
            # Over the plan's monthly allowance: processed after an upgrade or next month.
            "rows_waiting": result.rows_waiting,
        }
    )
