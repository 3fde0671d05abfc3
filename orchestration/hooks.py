"""Hooks on the pipeline's jobs: a failed step is reported to Sentry (when `SENTRY_DSN` is
set), from the run's own process, scrubbed by mi_core.error_reporting."""

import sentry_sdk
from dagster import Failure, HookContext, failure_hook

from mi_core.error_reporting import init_error_reporting
from mi_core.pipeline import TENANT_TAG, UPLOAD_TAG
from mi_core.settings import get_settings


@failure_hook(name="report_failure_to_sentry")
def report_failure_to_sentry(context: HookContext) -> None:
    error = context.op_exception
    # A seller's bad file is a permanent, expected failure the seller is told about.
    if error is None or (isinstance(error, Failure) and not error.allow_retries):
        return
    settings = get_settings()
    if not settings.sentry_dsn:
        return
    if sentry_sdk.get_client().dsn != settings.sentry_dsn:
        init_error_reporting(
            settings.sentry_dsn, "dagster-run", settings.environment, log_events=False
        )
    with sentry_sdk.new_scope() as scope:
        scope.set_tag("dagster.run_id", context.run_id)
        scope.set_tag("dagster.job", context.job_name)
        scope.set_tag("dagster.step", context.step_key)
        run = context.instance.get_run_by_id(context.run_id)
        tags = run.tags if run is not None else {}
        for tag in (TENANT_TAG, UPLOAD_TAG):
            if tag in tags:
                scope.set_tag(tag, tags[tag])
        sentry_sdk.capture_exception(error)
    # The run process may end right after the step: send before it does.
    sentry_sdk.flush(timeout=5)
