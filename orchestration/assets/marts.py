"""dbt marts, built by dagster-dbt once per run, after every upload of its batch is loaded.
In a process_upload run the last step also marks the batch's uploads completed (the
run-status sensors are only the safety net for runs that die).

Marts are incremental by tenant: the loader queues the seller in
raw.mart_refresh_queue, and a build recomputes only the queued scope
(mi_core.refresh_queue). Builds are serialised by an advisory lock so that one build
claims, builds and clears a consistent set of queued sellers; a build that fails leaves
its claims for the next.
"""

import uuid
from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetsDefinition
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from mi_core import upload_status
from mi_core.costs import normalise_claimed_titles
from mi_core.dbt_invocations import new_invocation_dir, prune_invocations
from mi_core.marts_state import needs_full_refresh, record_build
from mi_core.models import UploadStage
from mi_core.pipeline import UPLOAD_TAG
from mi_core.refresh_queue import claim_refresh_queue, clear_claimed, mart_build_lock
from mi_core.settings import get_settings
from orchestration.assets import ASSET_OWNERS, bind_run_context
from orchestration.dbt_project import dbt_vars, manifest_models_fingerprint
from orchestration.partitions import seller_partitions
from orchestration.resources import WarehouseResource

MARTS_GROUP = "marts"
# dbt seeds load reference tables written by Python (the fee rules of
# mi_core.sales_report.fees): they are ingested with every upload, like its rows, so that
# the process_upload job (the ingestion group and everything downstream) builds them
# before the marts that read them.
SEEDS_GROUP = "ingestion"


class MartsTranslator(DagsterDbtTranslator):
    """Every dbt model in one named group, so jobs and the UI can select them; the seeds
    with the ingestion assets."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props.get("resource_type") == "seed":
            return SEEDS_GROUP
        return MARTS_GROUP

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        return [*(super().get_owners(dbt_resource_props) or []), *ASSET_OWNERS]


def build_mart_assets(project: DbtProject) -> AssetsDefinition:
    """The dbt models as assets; the manifest must have been prepared (prepare_manifest)."""

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        partitions_def=seller_partitions,
        name="mercari_marts",
        dagster_dbt_translator=MartsTranslator(),
    )
    def mercari_marts(
        context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ):
        bind_run_context(context)
        engine = warehouse.engine()
        batch: list[uuid.UUID] = []
        if context.run.tags.get(UPLOAD_TAG):  # not in refresh_marts runs
            batch = [u.upload_id for u in upload_status.batch_of_run(engine, context.run.run_id)]
            if not batch:
                # Every upload of the seller was processed by an earlier run.
                context.log.info("No upload in this run's batch: the marts are left as they are.")
                return
            upload_status.set_stage_of_all(engine, batch, UploadStage.BUILDING_DASHBOARDS)
        with mart_build_lock(engine):
            claimed = claim_refresh_queue(engine)
            context.log.info(f"Refreshing marts for {claimed} queued upload(s).")
            # Title costs match normalised titles, and normalising is Python: the claimed
            # sellers' new titles are normalised before dbt reads them.
            normalised = normalise_claimed_titles(engine)
            context.log.info(f"Normalised {normalised} new title(s) for title costs.")
            # The thresholds the marts apply (e.g. low confidence) come from the settings.
            # dbt's unit tests check the models' SQL, not the data: they run in the test
            # suite (tests/dbt_project/test_dbt_project.py), not in every upload's build.
            args = ["build", "--exclude-resource-type", "unit_test", "--vars", dbt_vars()]
            fingerprint = manifest_models_fingerprint()
            full_refresh = needs_full_refresh(engine, fingerprint)
            if full_refresh:
                # First build, or the models changed with a deploy: every seller's rows
                # are rebuilt by the new SQL (once; later builds are incremental).
                context.log.info("The dbt models changed: rebuilding every mart in full.")
                args.append("--full-refresh")
            settings = get_settings()
            target = new_invocation_dir(settings, context.run.run_id)
            try:
                yield from dbt.cli(args, context=context, target_path=target).stream()
                if full_refresh:
                    record_build(engine, fingerprint)
                clear_claimed(engine)
            finally:
                prune_invocations(settings)
        if batch:
            # Done now, not at the next sensor tick: the seller's dashboard is ready.
            upload_status.mark_all_completed(engine, batch)

    return mercari_marts
