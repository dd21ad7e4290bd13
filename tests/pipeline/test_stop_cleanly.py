"""Commands that stop cleanly (issue 25, item 4): a reproduce killed while the analysis scripts run leaves no
script running, and its next run (or the next build) puts the previous data/processed back before going on;
two builds of one folder at once both end well, the second waiting on the first and saying so; a staging
folder that a live run is writing is never removed by another run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from repression_data.files import STAGING_MARKER, release_staging, staging_folder
from repression_data.paths import CHECKOUT_PROCESSED_DIR
from repression_data.shipped.loader import verify_all

COMMAND = str(Path(sys.executable).parent / "repression-data")
SLOW = """import os, pathlib, time
pathlib.Path(os.environ["TEST_PIDFILE"]).write_text(str(os.getpid()))
time.sleep(120)
"""
QUICK = """import os, pathlib
pathlib.Path(os.environ["REPRESSION_DATA_ANALYSIS_OUTPUT"], "report.txt").write_text("done")
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_for(predicate, timeout: float = 150) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def checkout(raw_copy, texts_dir, tmp_path):
    """A small checkout: the raw data (one reading note changed, so the new build differs from the old),
    the shipped data/processed as the previous build, and an analysis folder with a slow script."""
    shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    header, rows = raw_copy.rows("claims/reiman-2016.csv")
    rows[0]["reading_note"] = (rows[0]["reading_note"] + " (edited by a test)").strip()
    raw_copy.write_rows("claims/reiman-2016.csv", header, rows)
    analysis = raw_copy.root / "analysis"
    analysis.mkdir()
    (analysis / "a_slow.py").write_text(SLOW)
    (analysis / "relations_report.py").write_text(QUICK)
    env = {**os.environ, "REPRESSION_DATA_SOURCES": str(texts_dir), "TEST_PIDFILE": str(tmp_path / "pid")}
    return raw_copy, env, tmp_path / "pid"


def run(raw_copy, env, command="reproduce", **kwargs):
    return subprocess.Popen([COMMAND, command, "--raw", str(raw_copy.raw), "--out", str(raw_copy.processed)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(raw_copy) -> list[str]:
    return sorted(p.name for p in raw_copy.processed.parent.iterdir() if p.name.startswith(".processed."))


def test_a_reproduce_killed_during_the_analysis_leaves_no_script_and_the_next_run_restores_then_finishes(checkout):
    raw_copy, env, pidfile = checkout
    before = tree(raw_copy.processed)
    process = run(raw_copy, env)
    assert wait_for(pidfile.exists), process.communicate()
    script = int(pidfile.read_text())
    assert leftovers(raw_copy) == [".processed.old"]  # the new tables are in, the old ones wait beside them
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert wait_for(lambda: not alive(script), 10), "the analysis script outlived reproduce"
    # The next command that writes data/processed first puts the previous one back.
    build = run(raw_copy, env, "build")
    out, err = build.communicate(timeout=300)
    assert build.returncode == 0, err
    assert "restored the previous" in err
    # And a full reproduce ends with complete data, no stray folder and no stray process.
    (raw_copy.root / "analysis" / "a_slow.py").write_text(QUICK.replace("report", "slow"))
    again = run(raw_copy, env)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert verify_all(raw_copy.processed) == []
    assert tree(raw_copy.processed) != before and leftovers(raw_copy) == []
    assert (raw_copy.root / "analysis" / "output" / "report.txt").read_text() == "done"


def test_a_reproduce_stopped_by_sigterm_ends_its_script_and_puts_the_previous_data_back_at_once(checkout):
    raw_copy, env, pidfile = checkout
    before = tree(raw_copy.processed)
    process = run(raw_copy, env)
    assert wait_for(pidfile.exists), process.communicate()
    script = int(pidfile.read_text())
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode != 0 and "Traceback" not in err, err
    assert not alive(script)
    assert tree(raw_copy.processed) == before and leftovers(raw_copy) == []
    assert not (raw_copy.root / "analysis" / "output").exists()


def test_two_builds_of_one_folder_at_once_both_end_well(raw_copy):
    shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    first, second = run(raw_copy, os.environ, "build"), run(raw_copy, os.environ, "build")
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert verify_all(raw_copy.processed) == [] and leftovers(raw_copy) == []


def test_a_second_build_waits_for_the_first_and_says_so(raw_copy, tmp_path):
    shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; from repression_data.files import exclusive\n"
                               f"with exclusive(Path({str(raw_copy.processed)!r})):\n    print('held', flush=True); time.sleep(4)"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    build = run(raw_copy, os.environ, "build")
    out, err = build.communicate(timeout=300)
    holder.wait()
    assert build.returncode == 0 and "waiting: another run is writing" in err, err


def test_a_staging_folder_in_use_is_not_removed_by_another_run_but_a_dead_runs_is(tmp_path):
    target = tmp_path / "processed"
    mine = staging_folder(target)
    (mine / "table.csv").write_text("x\n")
    other = staging_folder(target)  # another run starting meanwhile
    assert mine.is_dir() and (mine / STAGING_MARKER).is_file()
    release_staging(mine)  # as if the run that wrote it had died
    release_staging(other)
    third = staging_folder(target)
    assert not mine.exists() and not other.exists() and third.is_dir()
