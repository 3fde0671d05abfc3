"""`mi serve`'s processes: their logs stay bounded (each process's output goes through a
rotating file under MI_DATA_DIR/logs, however much it prints, and its last lines are
kept), and stopping the stack leaves nothing of them running."""

from __future__ import annotations

import os
import sys
import time

import psutil

from mi_cli.stack import Stack

LINES = 5_000
# A process that prints ~300 KB, more than the cap below many times over.
PRINTER = (
    "import sys\n"
    f"for n in range({LINES}):\n"
    "    print(f'line {n:05d} ' + 'x' * 50)\n"
    "sys.stdout.flush()\n"
    "print('last words: stopping', file=sys.stderr)\n"
)


def test_a_process_log_rotates_at_its_cap_and_keeps_its_last_lines(settings, tmp_path):
    capped = settings.model_copy(
        update={"data_dir": tmp_path, "log_file_max_mb": 0.05, "log_file_backups": 2}
    )
    stack = Stack(capped)

    stack.start("printer", [sys.executable, "-c", PRINTER])
    stack.processes["printer"].wait(60)
    stack.stop()

    logs = sorted((tmp_path / "logs").iterdir())
    assert [path.name for path in logs] == ["printer.log", "printer.log.1", "printer.log.2"]
    cap = 0.05 * 1024 * 1024
    assert all(path.stat().st_size <= cap for path in logs)
    current = (tmp_path / "logs" / "printer.log").read_text().splitlines()
    # Stdout and stderr, in order, whole lines: the newest at the end of the current file.
    assert current[-2] == f"line {LINES - 1:05d} " + "x" * 50
    assert current[-1] == "last words: stopping"
    newest_backup = (tmp_path / "logs" / "printer.log.1").read_text().splitlines()
    assert int(newest_backup[-1].split()[1]) + 1 == int(current[0].split()[1])


# A parent that starts a child in a session of its own (as the Dagster daemon starts its
# code server), prints the child's pid and waits.
SPAWNER = (
    "import subprocess, sys, time\n"
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'],"
    " start_new_session=True)\n"
    "print(child.pid, flush=True)\n"
    "time.sleep(600)\n"
)


def test_stopping_the_stack_ends_the_children_of_its_processes(settings, tmp_path):
    stack = Stack(settings.model_copy(update={"data_dir": tmp_path}))
    stack.start("spawner", [sys.executable, "-c", SPAWNER])
    log = tmp_path / "logs" / "spawner.log"
    deadline = time.monotonic() + 30
    while not (log.exists() and log.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.2)
    child = psutil.Process(int(log.read_text().split()[0]))
    assert child.is_running()
    assert os.getpgid(child.pid) != os.getpgid(stack.processes["spawner"].pid)

    stack.stop()

    assert stack.processes["spawner"].poll() is not None
    child.wait(timeout=5)  # raises if it is still running
    assert not child.is_running()
