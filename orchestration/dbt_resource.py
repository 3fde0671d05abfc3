"""dagster-dbt's resource, with dbt run from the run worker instead of a fresh `dbt` process.

A `dbt build` subprocess pays for a Python interpreter, dbt's imports and loading the
parse before it runs a single model: seconds, on every upload. The run worker has
already imported dbt (dagster-dbt opens an adapter handle in it), so with
`MI_DBT_INVOCATION=fork` (the default) the build runs through dbt's programmatic
`dbtRunner` in a fork of the run worker, and with `in_process` in a thread of it. dbt's
events are handed to dagster-dbt as the same JSON lines `dbt --log-format json` prints,
so the asset materialisations, the asset checks of dbt's tests and their metadata are
exactly those of a subprocess build. `MI_DBT_INVOCATION=subprocess` keeps dagster-dbt's
own `dbt` process.
"""

from __future__ import annotations

import ctypes
import gc
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO, Literal

from dagster import AssetExecutionContext, OpExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliInvocation, DbtCliResource
from dagster_dbt.asset_utils import (
    extract_runtime_selection_from_args,
    get_updated_cli_invocation_params_for_context,
)
from dagster_dbt.dagster_dbt_translator import validate_opt_translator
from dagster_dbt.dbt_manifest import validate_manifest
from packaging import version

DbtInvocation = Literal["fork", "in_process", "subprocess"]
_PARTIAL_PARSE_FILE = "partial_parse.msgpack"
_CONSOLE_LEVELS = frozenset({"info", "warn", "error"})


def _run_dbt(args: Sequence[str], events: BinaryIO) -> int:
    """Run dbt's programmatic runner, writing the events `dbt --log-format json` prints
    to `events` (closed at the end); returns the CLI's exit code."""
    from dbt.cli.main import dbtRunner
    from dbt_common.events.functions import msg_to_json

    def forward(event) -> None:
        # What `dbt --log-format json` prints at its default level: the debug events
        # (every SQL statement, connection, cache step) go only to the build's dbt.log.
        if event.info.level in _CONSOLE_LEVELS:
            events.write(msg_to_json(event).encode() + b"\n")
            events.flush()

    try:
        result = dbtRunner(callbacks=[forward]).invoke(list(args))
        # The CLI's exit codes: 1 when a node failed, 2 when dbt itself could not run.
        return 0 if result.success else (2 if result.exception else 1)
    finally:
        events.close()


class InProcessDbt:
    """What DbtCliInvocation reads of a `subprocess.Popen` (`args`, `stdout` as JSON lines,
    `wait`, `returncode`), for a `dbtRunner` invocation in a thread of this process."""

    def __init__(self, args: Sequence[str]) -> None:
        self.args = list(args)
        self.returncode: int | None = None
        read_end, write_end = os.pipe()
        self.stdout = os.fdopen(read_end, "rb")
        self._events = os.fdopen(write_end, "wb")
        self._thread = threading.Thread(target=self._invoke, name="dbt", daemon=True)
        self._thread.start()

    def _invoke(self) -> None:
        self.returncode = 2
        self.returncode = _run_dbt(self.args[1:], self._events)

    def wait(self, timeout: float | None = None) -> int:
        self._thread.join(timeout)
        return -1 if self.returncode is None else self.returncode

    def send_signal(self, _signal: int) -> None:
        """A run being terminated: dbtRunner cannot be interrupted, the worker's exit ends it."""


class ForkedDbt:
    """The same `dbtRunner` invocation in a fork of this process, as a `subprocess.Popen`.

    dbt's work is Python (rendering each node's SQL, its materialisation macros, its
    events), and so is Dagster's handling of each event in the run worker (a
    materialisation per model, a check evaluation per test, each written to the event
    log). In one process they share one interpreter lock and take turns; in two they run
    on two cores at once. A fork starts with the run worker's imports already done (no
    new interpreter, unlike `subprocess`), and a signal reaches dbt: SIGINT cancels the
    build as it would cancel a `dbt build` process.
    """

    def __init__(self, args: Sequence[str]) -> None:
        self.args = list(args)
        self.returncode: int | None = None
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run dbt, then leave without the parent's exit handlers
            exit_code = 2
            try:
                os.close(read_end)
                # The run worker's handlers (Dagster's interrupt capture) are not dbt's:
                # SIGINT raises KeyboardInterrupt in dbt, which cancels its queries.
                signal.signal(signal.SIGINT, signal.default_int_handler)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                _interrupt_when_parent_dies()
                exit_code = _run_dbt(self.args[1:], os.fdopen(write_end, "wb"))
                _release_dbt_locks()
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(exit_code)
        os.close(write_end)
        self.pid = pid
        self.stdout = os.fdopen(read_end, "rb")

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if timeout is None:
            if self.returncode is None:
                _, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
            return self.returncode
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.args, timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signal_number: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal_number)


_PR_SET_PDEATHSIG = 1  # prctl(2)


def _interrupt_when_parent_dies() -> None:
    """A run worker killed outright (run monitoring, an operator) takes its build with
    it: Linux sends the fork SIGINT, which cancels dbt's queries, as the thread died with
    the worker before."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGINT)


def _release_dbt_locks() -> None:
    """dbt's adapters hold `multiprocessing` locks, each a named semaphore that is removed
    when the lock is collected. The fork leaves with `os._exit` (no exit handlers), so
    they are dropped and collected first; else each build would leave its semaphores
    in /dev/shm for as long as the daemon's resource tracker lives."""
    from dbt.adapters.factory import reset_adapters

    reset_adapters()
    gc.collect()


_RUNNERS = {"fork": ForkedDbt, "in_process": InProcessDbt}


class MercariDbtResource(DbtCliResource):
    """DbtCliResource; `invocation` says whether dbt runs in a process of its own."""

    invocation: DbtInvocation = "fork"

    @cached_property
    def _cli_version(self) -> version.Version:
        # dagster-dbt asks `dbt --version` in a subprocess (seconds) once per run; in
        # process, the dbt that runs is this environment's dbt-core, whose version is
        # importable. `subprocess` stays dagster-dbt's own path, unchanged.
        if self.invocation == "subprocess":
            return DbtCliResource._cli_version.func(self)
        from dbt.version import __version__

        return version.parse(__version__)

    def cli(
        self,
        args: Sequence[str],
        *,
        raise_on_error: bool = True,
        manifest: Any = None,
        dagster_dbt_translator: DagsterDbtTranslator | None = None,
        context: OpExecutionContext | AssetExecutionContext | None = None,
        target_path: Path | None = None,
    ) -> DbtCliInvocation:
        if self.invocation == "subprocess":
            return super().cli(
                args,
                raise_on_error=raise_on_error,
                manifest=manifest,
                dagster_dbt_translator=dagster_dbt_translator,
                context=context,
                target_path=target_path,
            )
        return self._cli_in_process(
            args,
            raise_on_error=raise_on_error,
            manifest=manifest,
            dagster_dbt_translator=dagster_dbt_translator,
            context=context,
            target_path=target_path,
        )

    def _cli_in_process(
        self,
        args: Sequence[str],
        *,
        raise_on_error: bool,
        manifest: Any,
        dagster_dbt_translator: DagsterDbtTranslator | None,
        context: OpExecutionContext | AssetExecutionContext | None,
        target_path: Path | None,
    ) -> DbtCliInvocation:
        """DbtCliResource.cli's selection and target handling, with the command's settings
        as flags (not environment variables, which would outlive the build in this process)."""
        translator = validate_opt_translator(dagster_dbt_translator) or DagsterDbtTranslator()
        cleaned_args, runtime_selects, runtime_excludes = extract_runtime_selection_from_args(args)
        params = get_updated_cli_invocation_params_for_context(
            context=context,
            manifest=validate_manifest(manifest) if manifest else {},
            dagster_dbt_translator=translator,
            runtime_selects=runtime_selects,
            runtime_excludes=runtime_excludes,
        )
        project_dir = Path(
            params.dbt_project.project_dir if params.dbt_project else self.project_dir
        )
        target_path = target_path or self._get_unique_target_path(context=context)
        if not target_path.is_absolute():
            target_path = project_dir / target_path
        _reuse_partial_parse(project_dir, target_path)
        flags = _command_flags(
            project_dir=project_dir,
            profiles_dir=self.profiles_dir,
            target_path=target_path,
            indirect_selection=params.indirect_selection,
        )
        profile_args = [*(["--profile", self.profile] if self.profile else [])]
        profile_args += ["--target", self.target] if self.target else []
        command, *command_args = cleaned_args
        full_args = [
            self.dbt_executable,
            *self.global_config_flags,
            # dbt's events reach dagster-dbt through the callback, which re-emits them to
            # the compute log: dbt's own console output would print each one twice.
            "--log-level",
            "none",
            # (which would also silence the file log: the build's dbt.log keeps everything)
            "--log-level-file",
            "debug",
            "--log-path",
            os.fspath(target_path),
            "--no-send-anonymous-usage-stats",
            command,
            *command_args,
            *flags,
            *profile_args,
            *params.selection_args,
        ]
        return DbtCliInvocation(
            process=_RUNNERS[self.invocation](full_args),  # type: ignore[arg-type]
            manifest=params.manifest,
            dagster_dbt_translator=params.dagster_dbt_translator,
            project_dir=project_dir,
            target_path=target_path,
            raise_on_error=raise_on_error,
            context=context,
            adapter=None,
            cli_version=self._cli_version,
            project=params.dbt_project,
        )


def _command_flags(
    *,
    project_dir: Path,
    profiles_dir: str | None,
    target_path: Path,
    indirect_selection: str | None,
) -> list[str]:
    flags = ["--project-dir", os.fspath(project_dir), "--target-path", os.fspath(target_path)]
    if profiles_dir:
        flags += ["--profiles-dir", profiles_dir]
    if indirect_selection:
        flags += ["--indirect-selection", indirect_selection]
    return flags


def _reuse_partial_parse(project_dir: Path, target_path: Path) -> None:
    """As dagster-dbt does for its subprocess: the prepared parse is copied into the build's
    target directory, so dbt reads it instead of parsing the project again."""
    prepared = Path(os.environ.get("DBT_TARGET_PATH", "target"))
    if not prepared.is_absolute():
        prepared = project_dir / prepared
    source, destination = prepared / _PARTIAL_PARSE_FILE, target_path / _PARTIAL_PARSE_FILE
    if source.exists() and not destination.exists():
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, destination)
