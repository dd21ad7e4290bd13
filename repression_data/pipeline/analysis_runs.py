"""Run the analysis scripts of a checkout, each in a process of its own, paying the imports once.

``reproduce`` starts one runner (``python -m repression_data.pipeline.analysis_runs``) with the
scripts' environment (PYTHONHASHSEED=0, the Agg backend, the output folder). The runner imports the
libraries every script needs (pandas, pyarrow, matplotlib, the package) once, then forks one child
per script: each child starts from that same state, runs its script as ``python script.py`` would
(``__name__ == "__main__"``, the script's folder first on ``sys.path``), and ends; nothing one script
does reaches the next. The first script that fails stops the run; its name and exit status go back
to ``reproduce`` on a pipe. Where ``os.fork`` is missing or unsafe (anything but Linux), every script
runs in a fresh interpreter as before (``run_each``); the outputs are the same bytes either way.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Callable

# What the scripts import (matplotlib's backends included), imported once before the forks.
PRELOAD = ("numpy", "pandas", "pyarrow", "pyarrow.parquet", "matplotlib", "matplotlib.pyplot",
           "matplotlib.backends.backend_agg", "matplotlib.backends.backend_svg", "PIL.PngImagePlugin",
           "repression_data", "repression_data.shipped.loader", "repression_data.shipped.citation",
           "repression_data.engine.quantities", "repression_data.engine.relations")


def forking() -> bool:
    """Whether the scripts run as forks of one runner (Linux) rather than one interpreter each."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def die_with_parent() -> None:  # pragma: no cover - runs in the child
    """In a runner or a script's process: the kernel kills it if its parent dies, even by SIGKILL (Linux)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _start(command: list[str], cwd: Path, env: dict, started: Callable, **options):
    """Start ``command`` in a process group of its own (so that reproduce can end it and all it starts)."""
    import subprocess

    linux = sys.platform.startswith("linux")
    child = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True, preexec_fn=die_with_parent if linux else None, **options)
    started(child)
    child.wait()
    return child


def run_all(scripts: list[Path], cwd: Path, env: dict, started: Callable = lambda child: None) -> tuple[Path | None, int]:
    """Run ``scripts`` in order, stopping at the first that fails.

    ``started`` is given each process started (a ``subprocess.Popen``, the leader of its own process
    group) so that the caller can end it. Returns (None, 0) when all succeed, else (the script that
    failed, its exit status).
    """
    if not forking():
        return run_each(scripts, cwd, env, started)
    read_end, write_end = os.pipe()
    try:
        command = [sys.executable, "-m", "repression_data.pipeline.analysis_runs", str(write_end), *map(str, scripts)]
        result = _start(command, cwd, env, started, pass_fds=(write_end,))
    finally:
        os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as pipe:
        report = pipe.read().strip()
    if result.returncode == 0 and not report:
        return None, 0
    if report:
        name, _, status = report.rpartition("\t")
        return Path(name), int(status)
    return scripts[0], result.returncode or 1  # the runner itself failed before any script ran


def run_each(scripts: list[Path], cwd: Path, env: dict, started: Callable = lambda child: None) -> tuple[Path | None, int]:
    """Every script in a fresh interpreter (where forking is not available)."""
    for script in scripts:
        print(f"running analysis/{script.name}", flush=True)
        result = _start([sys.executable, str(script)], cwd, env, started)
        if result.returncode != 0:
            return script, result.returncode
    return None, 0


def _run_in_child(script: Path) -> int:
    """Run ``script`` as ``python script`` would; its exit status."""
    import runpy
    import traceback

    sys.argv = [str(script)]
    sys.path[0] = str(script.parent)
    try:
        runpy.run_path(str(script), run_name="__main__")
        return 0
    except SystemExit as exc:
        if exc.code is None:
            return 0
        if isinstance(exc.code, int):
            return exc.code
        print(exc.code, file=sys.stderr)
        return 1
    except BaseException:  # as the interpreter would: the traceback, then exit 1
        traceback.print_exc()
        return 1


def _prepare_once() -> None:
    """What many scripts ask the public face for, worked out once before the forks, so that every script
    inherits it: every table parsed, every relation judged, every quantity's figures
    side by side. The face keys each by the tables' checksums, so a script gets exactly what it would have
    computed itself. A failure here is left to the script that meets it, which reports it as its own."""
    import repression_data as rd

    try:
        for name in rd.tables():
            rd.load(name)
        rd.evaluate_relations()
        for quantity_id in rd.load("quantities")["quantity_id"]:
            rd.compare(quantity_id)
    except Exception:  # noqa: BLE001 - the script that needs it fails with its own message
        pass


def _runner(report_fd: int, scripts: list[Path]) -> int:
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    _prepare_once()
    with os.fdopen(report_fd, "w", encoding="utf-8") as report:
        for script in scripts:
            print(f"running analysis/{script.name}", flush=True)
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # the child: run the script, then leave without the parent's clean-up
                status = 1
                die_with_parent()  # the runner killed outright takes its script with it
                try:
                    status = _run_in_child(script)
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(status & 0xFF if status >= 0 else 1)
            _, wait_status = os.waitpid(pid, 0)
            status = os.waitstatus_to_exitcode(wait_status)
            if status != 0:
                report.write(f"{script}\t{status}\n")
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(_runner(int(sys.argv[1]), [Path(arg) for arg in sys.argv[2:]]))
