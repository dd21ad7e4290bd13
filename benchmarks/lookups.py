"""The terminal's lookups against their floors: CPU of `repression-data show GN-0542` and `search shot in 1937-38`
as a ratio to `python -c pass` and to an `sqlite3` query of the shipped database (target: at most 5x `python -c pass`).

Run with `make bench-lookups`; writes its section of benchmarks/results.md. The contenders alternate, each in a
fresh process (the console script, as a reader runs it, with its bytecode cached), and the median CPU (user +
system of the child) is kept.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from results import machine  # noqa: E402

REPO = HERE.parent
DATABASE = REPO / "data" / "processed" / "repression-data.db"
RUNS = 21
TARGET = 5.0
START, END = "<!-- lookups: written by benchmarks/lookups.py -->", "<!-- /lookups -->"
SCRIPT = Path(sys.executable).parent / "repression-data"
QUERY = ("import sqlite3; c = sqlite3.connect('file:' + {db!r} + '?mode=ro', uri=True); "
         "c.execute(\"SELECT * FROM claims WHERE claim_id = 'GN-0542'\").fetchall()")

CONTENDERS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "sqlite3 query of one claim (floor)": [sys.executable, "-c", QUERY.format(db=str(DATABASE))],
    "repression-data show GN-0542": [str(SCRIPT), "show", "GN-0542"],
    "repression-data search shot in 1937-38": [str(SCRIPT), "search", "shot in 1937-38"],
}


def cpu(command: list[str], env: dict) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # bytecode cached, as after an install
    for command in CONTENDERS.values():  # warm: write the bytecode, read the files once
        cpu(command, env)
    times: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    for _ in range(RUNS):
        for name, command in CONTENDERS.items():
            times[name].append(cpu(command, env))
    median = {name: statistics.median(values) for name, values in times.items()}
    floor, query = median["python -c pass (floor)"], median["sqlite3 query of one claim (floor)"]
    load = os.getloadavg()[0]
    lines = [START, "## Lookups in the terminal (`show`, `search`)", "",
             f"Median CPU of {RUNS} alternating runs, each a fresh process; load average {load:.1f}; {machine()}.", "",
             "| command | CPU ms | / python -c pass | / sqlite3 query | target | met |", "|---|---|---|---|---|---|"]
    for name, value in median.items():
        ratio = value / floor
        target = f"<= {TARGET:g}" if name.startswith("repression-data") else ""
        met = ("yes" if ratio <= TARGET else "NO") if target else ""
        lines.append(f"| {name} | {value * 1000:.1f} | {ratio:.2f} | {value / query:.2f} | {target} | {met} |")
    lines.append(END)
    text = "\n".join(lines)
    path = HERE / "results.md"
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmark results\n"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    path.write_text(pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    print(text)
    return 0 if all(median[n] / floor <= TARGET for n in CONTENDERS if n.startswith("repression-data")) else 1


if __name__ == "__main__":
    sys.exit(main())
