"""reproduce ends an analysis script and everything the script started (README, "Commands stop cleanly";
fault 23 of the second mutation audit, /work/checkreports/audit2): `_stop` signals the script's whole process
group, not only its leader. A real process group is started here: a leader that starts a grandchild and waits."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from repression_data.pipeline.reproduce import _stop

LEADER = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
print(child.pid, flush=True)
child.wait()
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped by its parent) counts as ended
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_stop_ends_the_script_and_the_process_it_started():
    leader = subprocess.Popen([sys.executable, "-c", LEADER], stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        grandchild = int(leader.stdout.readline())
        assert _alive(grandchild)
        _stop(leader)
        assert leader.poll() is not None
        deadline = time.monotonic() + 10
        while _alive(grandchild) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(grandchild), "the process the script started outlived it"
    finally:
        for pid in (leader.pid,):
            try:
                os.killpg(pid, 9)
            except ProcessLookupError:
                pass
        leader.stdout.close()
        leader.wait()


def test_stop_of_a_finished_or_missing_script_does_nothing():
    done = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    done.wait()
    _stop(done)
    _stop(None)
