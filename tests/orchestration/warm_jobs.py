"""Two small jobs the run launcher's tests launch in warm run workers."""

import json
import os
import time
from pathlib import Path

from dagster import Config, OpExecutionContext, in_process_executor, job, op

from tests.orchestration import warm_marker


class ReportConfig(Config):
    report_path: str


class WaitConfig(Config):
    seconds: float = 120.0


@op
def report_process(config: ReportConfig) -> None:
    """Where the run ran, and where the marker module had been imported."""
    Path(config.report_path).write_text(
        json.dumps({"ran_in": os.getpid(), "marker_imported_in": warm_marker.IMPORTED_IN_PID})
    )


@op
def wait_a_while(context: OpExecutionContext, config: WaitConfig) -> None:
    deadline = time.monotonic() + config.seconds
    while time.monotonic() < deadline:
        time.sleep(0.2)
    context.log.info("waited")


# In the run worker itself, as the product's jobs run (in_process_executor).
@job(executor_def=in_process_executor)
def report_process_job():
    report_process()


@job(executor_def=in_process_executor)
def wait_job():
    wait_a_while()
