"""Run workers forked from a warm process instead of started cold (issue 16).

Dagster's default launcher asks the code server to start each run, and the code server
starts every run worker with multiprocessing's `spawn`: a new interpreter that imports
Dagster, dagster-dbt, dbt, pandas and scikit-learn again before the first step, ~6 s of
a 2,500-row upload's run on 2 cores (README, "Where the time of one upload goes").

This launcher keeps a multiprocessing *forkserver* beside the daemon that has imported
those modules once (`preload_modules`, nothing more: no settings read, no connection
opened, no thread started, so a fork of it is safe). Each run is a fresh fork of it, so
every run still has a process of its own (its memory returned when it ends, a crash
confined to it) and runs exactly what `dagster api execute_run` runs: the run's own
code origin, Dagster's run execution, its events in the instance's storage. Operators see
the same runs, steps and logs in the Dagster UI; the run's tags name the process
(`mi/run_worker_pid`), which is how run monitoring checks it. A run is cancelled through
the run storage: the worker reads that its run is CANCELING and interrupts itself.

Should the forkserver fail to start a run, the launcher falls back to the default one
(the code server's cold start), and says so in the run's event log.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from dagster import DagsterInstance, DagsterRun, DagsterRunStatus, Field, Noneable
from dagster._core.launcher import (
    CheckRunHealthResult,
    DefaultRunLauncher,
    LaunchRunContext,
    WorkerStatus,
)
from dagster._serdes import ConfigurableClassData, deserialize_value, serialize_value

log = logging.getLogger(__name__)

PID_TAG = "mi/run_worker_pid"
HOST_TAG = "mi/run_worker_host"

# What a run worker imports before its first step, measured (python -X importtime):
# the definitions bring dagster-dbt and dbt's adapter (~3.3 s), pandas, pandera and
# scikit-learn. Importing is all the forkserver does with them.
DEFAULT_PRELOAD = (
    "orchestration.definitions",
    "dbt.adapters.postgres",
    "dbt.cli.main",
    "sklearn.feature_extraction.text",
)

# In the command line of the forkserver and of every fork of it.
FORKSERVER_COMMAND_LINE = "multiprocessing.forkserver"


def execute_run_in_warm_process(run_id: str, serialized_instance_ref: str) -> None:
    """The run worker's body, in the fork: what `dagster api execute_run` does once its
    arguments are read (its own interrupt handling, the run's code origin, the events
    written to the instance)."""
    from dagster._cli.api import _execute_run_command_body
    from dagster._utils.interrupts import capture_interrupts, setup_interrupt_handlers

    # The forkserver may have inherited an ignored SIGINT (a daemon started in the
    # background): a run worker must be interruptible, as the code server's are.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    setup_interrupt_handlers()
    with capture_interrupts():
        instance_ref = deserialize_value(serialized_instance_ref)
        with DagsterInstance.from_ref(instance_ref) as instance:
            ended = threading.Event()
            watcher = threading.Thread(
                target=interrupt_when_canceling,
                args=(instance, run_id, ended),
                name="cancel-watcher",
                daemon=True,
            )
            watcher.start()
            try:
                _execute_run_command_body(
                    run_id, instance, write_stream_fn=lambda _event: None,
                    set_exit_code_on_failure=False,
                )  # fmt: skip
            finally:
                ended.set()
                watcher.join(CANCEL_POLL_SECONDS * 2)


# How often a run worker reads whether its run is being cancelled (one indexed read).
CANCEL_POLL_SECONDS = 2.0


def interrupt_when_canceling(instance: DagsterInstance, run_id: str, ended: threading.Event):
    """Interrupt this run worker once its run is CANCELING: a cancellation asked where the
    process cannot be signalled (the Dagster UI's webserver on another host, as in the
    compose stack) ends the run as an interrupt from its launcher would."""
    while not ended.wait(CANCEL_POLL_SECONDS):
        try:
            run = instance.get_run_by_id(run_id)
        except Exception:  # the storage is unreachable for a moment: ask again next time
            log.warning("could not read the status of run %s", run_id, exc_info=True)
            continue
        if run is not None and run.status == DagsterRunStatus.CANCELING:
            os.kill(os.getpid(), signal.SIGINT)
            return


class WarmProcessRunLauncher(DefaultRunLauncher):
    """Launches each run in a fork of a process that has imported the run worker's code."""

    def __init__(
        self,
        inst_data: ConfigurableClassData | None = None,
        preload_modules: Sequence[str] | None = None,
    ):
        super().__init__(inst_data=inst_data)
        self._preload_modules = list(preload_modules or DEFAULT_PRELOAD)
        self._context: Any = None
        self._context_lock = threading.Lock()
        self._processes: dict[str, multiprocessing.process.BaseProcess] = {}

    @classmethod
    def config_type(cls) -> Mapping[str, Any]:
        return {
            "preload_modules": Field(
                Noneable([str]),
                is_required=False,
                description="Modules the forkserver imports once (default: the run worker's).",
            )
        }

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData, config_value: Mapping[str, Any]):
        return cls(inst_data=inst_data, preload_modules=config_value.get("preload_modules"))

    def _forkserver(self):
        """The forkserver context, started on first use: only the process that launches
        runs (the daemon) pays for the imports, once, and later runs find it warm."""
        with self._context_lock:
            if self._context is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(self._preload_modules)
                self._context = context
            return self._context

    def launch_run(self, context: LaunchRunContext) -> None:
        run = context.dagster_run
        self._forget_finished()
        try:
            process = self._forkserver().Process(
                target=execute_run_in_warm_process,
                args=(run.run_id, serialize_value(self._instance.get_ref())),
                name=f"dagster-run-{run.run_id}",
            )
            process.start()
        except Exception as error:  # the forkserver could not start: start it cold
            log.exception("warm run worker failed to start for run %s", run.run_id)
            self._instance.report_engine_event(
                f"Warm run worker failed to start ({error!r}); starting the run through"
                " the code server instead.",
                run,
                cls=self.__class__,
            )
            super().launch_run(context)
            return
        self._processes[run.run_id] = process
        self._instance.add_run_tags(
            run.run_id, {PID_TAG: str(process.pid), HOST_TAG: socket.gethostname()}
        )

    def _forget_finished(self) -> None:
        for run_id, process in list(self._processes.items()):
            if not process.is_alive():
                del self._processes[run_id]

    def terminate(self, run_id: str) -> bool:
        run = self._instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            return False
        if PID_TAG not in run.tags:
            return super().terminate(run_id)  # started through the code server
        self._instance.report_run_canceling(run)
        if _on_this_host(run) and not _is_warm_worker(int(run.tags[PID_TAG])):
            # Nothing is left to record the run's end: cancelled now, rather than left
            # CANCELING until run monitoring's cancel timeout.
            self._instance.report_run_canceled(
                run, message="The run worker had already ended: the run is cancelled."
            )
            return False
        # The worker reads CANCELING and interrupts itself, as the code server interrupts
        # its run workers, wherever this is called from (the webserver may run on
        # another host than the daemon's run workers).
        return True

    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def check_run_worker_health(self, run: DagsterRun) -> CheckRunHealthResult:
        # Run monitoring fails a run on any answer but RUNNING or SUCCESS. A run started
        # through the code server (the fallback), or by a daemon on another host, is not
        # this process's to judge: left alone, as the default launcher leaves every run.
        if PID_TAG not in run.tags:
            return CheckRunHealthResult(WorkerStatus.RUNNING, "started by the code server")
        if not _on_this_host(run):
            return CheckRunHealthResult(WorkerStatus.RUNNING, "run worker on another host")
        process = self._processes.get(run.run_id)
        if process is not None and not process.is_alive():
            self._processes.pop(run.run_id, None)
            return CheckRunHealthResult(
                WorkerStatus.FAILED, f"run worker exited with code {process.exitcode}"
            )
        if not _is_warm_worker(int(run.tags[PID_TAG])):
            return CheckRunHealthResult(WorkerStatus.FAILED, "run worker process is gone")
        return CheckRunHealthResult(WorkerStatus.RUNNING)

    def join(self, timeout: float = 30) -> None:
        for process in list(self._processes.values()):
            process.join(timeout)
        self._processes.clear()


def _on_this_host(run: DagsterRun) -> bool:
    return run.tags.get(HOST_TAG) == socket.gethostname()


def _is_warm_worker(pid: int) -> bool:
    """Whether pid is alive and a fork of our forkserver (a reused pid is not)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return FORKSERVER_COMMAND_LINE.encode() in cmdline.read()
    except OSError:
        return False
