"""``reproduce``: build, validate (the quotes included), then run every analysis script of the checkout;
all or nothing. The new tables go in for the scripts to read; the old ones wait beside them and come
back if a script fails; analysis/output is replaced only when every script succeeds."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from repression_data._version import __version__
from repression_data.checks.evidence import check_evidence
from repression_data.errors import RawDataError
from repression_data.files import drop_retired, exclusive, put_back, recover_interrupted, replace_folder, staging_folder
from repression_data.pipeline import versions
from repression_data.pipeline.analysis_runs import run_all
from repression_data.pipeline.documents import generated_documents, is_checkout_processed, write_generated_docs
from repression_data.pipeline.tables import build_tables
from repression_data.publish.guard import BUILD, check_output_folder, protected_folders
from repression_data.publish.write import write_tables

# Scripts that read what the others wrote run last, in this order: the reading dependencies read every chart's
# claims (chart_claims/), the relations report every theme's relations (relations/<theme>.csv).
ANALYSIS_LAST = ("table_reading_dependencies.py", "relations_report.py")


def _stop(child) -> None:
    """End an analysis script and everything it started (its own process group)."""
    import subprocess

    if child is None or child.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        try:
            child.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Stopped(SystemExit):
    """reproduce was asked to stop (SIGTERM, SIGHUP): it undoes what it had begun, then exits."""


def _raise_stopped(signum, frame):
    raise Stopped(128 + signum)


def reproduce(raw: Path, out: Path) -> int:
    """Build, validate (the quotes included), then run every analysis script (the report last); all or nothing.

    One run at a time per output folder: a second waits on the first (and says so). A run stopped by
    SIGTERM, SIGHUP or Ctrl-C ends its running script (its process group) and puts the previous
    data/processed back; a run killed outright takes its script with it (the kernel ends it), and the
    next run of any command that writes data/processed puts the previous folder back first.
    """
    handlers = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            try:
                handlers[sig] = signal.signal(sig, _raise_stopped)
            except ValueError:  # not the main thread: the caller handles its signals
                pass
    try:
        return _reproduce(raw, out)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def _reproduce(raw: Path, out: Path) -> int:
    checkout = raw.parent.parent
    drift = versions.version_drift(checkout / "constraints.txt")
    if drift:
        print("warning: the installed versions differ from constraints.txt, so the Parquet files and charts may differ "
              "byte for byte from the shipped ones (the figures do not): " + "; ".join(drift), file=sys.stderr)
    analysis = checkout / "analysis"
    if not analysis.is_dir():
        print(f"reproduce runs in a checkout of the repository: {checkout} has no analysis/ folder", file=sys.stderr)
        return 2

    # Everything is validated, the quotes included, before anything is swapped in.
    out = check_output_folder(out, BUILD, protected_folders(raw))
    with exclusive(out):
        recover_interrupted(out)
        return _build_and_run(raw, out, checkout, analysis)


def _build_and_run(raw: Path, out: Path, checkout: Path, analysis: Path) -> int:
    import shutil

    fingerprints: dict = {}  # the ids' fingerprints, made once by the build's check and written to the id list
    tables = build_tables(raw, previous=out, bindings=fingerprints)
    print(f"raw files valid: {len(tables['claims'])} claims from {len(tables['sources'])} sources")
    problems = check_evidence(tables)
    if problems:
        print(f"nothing was written: {out} and analysis/output are as they were", file=sys.stderr)
        raise RawDataError(problems)

    output = Path(os.environ.get("REPRESSION_DATA_ANALYSIS_OUTPUT") or analysis / "output")
    staging = staging_folder(output)  # the scripts write here; it replaces output only if all succeed
    new = staging_folder(out)
    try:
        write_tables(tables, new, __version__, generated_documents(tables, __version__, fingerprints))
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # The new tables go in for the analysis to read; the old ones wait beside them until it has succeeded.
    replace_folder(new, out, keep_retired=True)
    print(f"built {out}")
    scripts = sorted(p for p in analysis.glob("*.py") if p.name not in ANALYSIS_LAST)
    scripts += [analysis / name for name in ANALYSIS_LAST if (analysis / name).exists()]
    env = {**os.environ, "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "REPRESSION_DATA_ANALYSIS_OUTPUT": str(staging)}
    if (checkout / "repression_data").is_dir():  # the scripts read this checkout's tables, not those of an installed copy
        env["PYTHONPATH"] = os.pathsep.join([str(checkout), *filter(None, [os.environ.get("PYTHONPATH")])])
    running = []  # the runner of the scripts (its process group holds every script it starts)
    try:
        sys.stdout.flush()
        failed, status = run_all(scripts, analysis, env, started=running.append)  # the imports paid once; each script its own process
        if failed is not None:
            shutil.rmtree(staging, ignore_errors=True)
            put_back(out)
            print(f"analysis/{failed.name} failed (exit {status}); {out} and {output} left as they were", file=sys.stderr)
            return 1
        replace_folder(staging, output)
    except BaseException:
        _stop(running[-1] if running else None)
        shutil.rmtree(staging, ignore_errors=True)
        put_back(out)
        print(f"stopped: {out} and {output} left as they were", file=sys.stderr, flush=True)
        raise
    drop_retired(out)
    if is_checkout_processed(out, raw):
        write_generated_docs(tables, checkout)
    return 0
