"""Measured speed: import and load, build, reproduce, and growth to a million claims.

Run with `make bench`; writes benchmarks/results.md. Every comparison is taken
side by side in one run: the contenders alternate, each in a fresh process,
and the median is kept.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from results import SECTION_END, SECTION_START, machine, write_section  # noqa: E402

REPO = HERE.parent
PARQUET = REPO / "data" / "processed" / "claims.parquet"
PACKAGE = REPO / "data" / "processed" / "datapackage.json"
RUNS = 15
SIZES = [1_000, 10_000, 100_000, 1_000_000]
TARGETS = {"load_vs_pandas": 1.1, "frictionless_vs_load": 5.0, "growth_1e6_over_1e5": 11.0, "build_1e6_seconds": 60.0, "build_1e6_peak_mb": 2048.0}

LOADERS = {
    "pandas.read_parquet (floor)": f"import pandas as pd; pd.read_parquet({str(PARQUET)!r})",
    "import repression_data; rd.load('claims')": "import repression_data as rd; rd.load('claims')",
    "import repression_data; rd.load('claims', verify=False)": "import repression_data as rd; rd.load('claims', verify=False)",
    "frictionless (peer)": f"from frictionless import Package; Package({str(PACKAGE)!r}).get_resource('claims').to_pandas()",
}


def seconds(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=REPO)
    return time.perf_counter() - start


def loading() -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in LOADERS}
    for _ in range(RUNS):  # alternate, so that the machine's load falls on all alike
        for name, code in LOADERS.items():
            times[name].append(seconds([sys.executable, "-c", code]))
    return {name: statistics.median(values) for name, values in times.items()}


WARM_CHILD = """
import json, statistics, time
import pandas as pd
import repression_data as rd
from frictionless import Package
times = {{"pandas": [], "ours": [], "ours_unverified": [], "frictionless": []}}
for _ in range({runs}):
    for name, load in (("pandas", lambda: pd.read_parquet({parquet!r})), ("ours", lambda: rd.load("claims")),
                       ("ours_unverified", lambda: rd.load("claims", verify=False)),
                       ("frictionless", lambda: Package({package!r}).get_resource("claims").to_pandas())):
        start = time.perf_counter(); load(); times[name].append(time.perf_counter() - start)
print(json.dumps({{k: statistics.median(v) for k, v in times.items()}}))
"""


def warm_loading() -> dict[str, float]:
    """Loads in one session, after the imports: the cost of loading itself."""
    code = WARM_CHILD.format(runs=RUNS, parquet=str(PARQUET), package=str(PACKAGE))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def build_and_reproduce() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        build = statistics.median(seconds([sys.executable, "-m", "repression_data.cli", "build", "--out", f"{tmp}/processed"]) for _ in range(3))
        env = {**os.environ, "REPRESSION_DATA_ANALYSIS_OUTPUT": f"{tmp}/output"}
        reproduce = seconds([sys.executable, "-m", "repression_data.cli", "reproduce", "--out", f"{tmp}/processed2"], env=env)
    return {"build": build, "reproduce": reproduce}


SCALE_CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {here!r})
from synthetic import make_raw
from repression_data.pipeline.tables import build
n = int(sys.argv[1])
tmp = Path(tempfile.mkdtemp())
raw = make_raw(tmp, n)
start = time.perf_counter()
build(raw, tmp / "data" / "processed", "bench", spreadsheets=False)  # parse, validate, Parquet and CSV; the .xlsx files are timed with the shipped data
elapsed = time.perf_counter() - start
print(json.dumps({{"n": n, "seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def scaling() -> list[dict]:
    rows = []
    for n in SIZES:
        out = subprocess.run([sys.executable, "-c", SCALE_CHILD.format(here=str(HERE)), str(n)], check=True, capture_output=True, text=True, cwd=REPO)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"  {n:>9,} claims: {rows[-1]['seconds']:.1f} s, peak {rows[-1]['peak_mb']:.0f} MB", flush=True)
    return rows


def main() -> int:
    print("loading (alternating, fresh processes)...", flush=True)
    load = loading()
    warm = warm_loading()
    print("build and reproduce...", flush=True)
    runs = build_and_reproduce()
    print("scaling...", flush=True)
    scale = scaling()
    floor, ours, peer = load["pandas.read_parquet (floor)"], load["import repression_data; rd.load('claims')"], load["frictionless (peer)"]
    by_n = {row["n"]: row for row in scale}
    ratios = {
        "load_vs_pandas": ours / floor,
        "frictionless_vs_load": warm["frictionless"] / warm["ours"],
        "growth_1e6_over_1e5": by_n[1_000_000]["seconds"] / by_n[100_000]["seconds"],
        "build_1e6_seconds": by_n[1_000_000]["seconds"],
        "build_1e6_peak_mb": by_n[1_000_000]["peak_mb"],
    }
    ok = {k: (v <= TARGETS[k] if k != "frictionless_vs_load" else v >= TARGETS[k]) for k, v in ratios.items()}
    lines = ["# Benchmark results", "", f"Machine: {machine()}.", "", "Generated by `make bench` (benchmarks/bench.py); medians of alternating runs in fresh processes.", "",
             "## Import and load of the claims table", "", "| how | median seconds |", "|---|---|"]
    lines += [f"| {name}, in a fresh process | {value:.3f} |" for name, value in load.items()]
    lines += [f"| {name}, in a running session (after imports) | {warm[key]:.4f} |" for name, key in
              (("pandas.read_parquet", "pandas"), ("rd.load('claims')", "ours"), ("rd.load('claims', verify=False)", "ours_unverified"),
               ("frictionless Package(...).to_pandas()", "frictionless"))]
    unverified = load["import repression_data; rd.load('claims', verify=False)"]
    lines += ["", "### What verified loading costs", "",
              "`rd.load(name)` reads the file once, checks its sha256 against the manifest, and parses the bytes already read; "
              "`verify=False` skips the check.", "",
              f"- in a fresh process: verified {ours:.3f} s, unverified {unverified:.3f} s ({100 * (ours / unverified - 1):+.1f}%)",
              f"- in a running session: verified {1000 * warm['ours']:.2f} ms, unverified {1000 * warm['ours_unverified']:.2f} ms "
              f"({1000 * (warm['ours'] - warm['ours_unverified']):+.2f} ms for the sha256 of the file)"]
    lines += ["", "The floor comparison (target 1.1) is the whole cost a notebook pays: a fresh process that imports and loads. "
              "The peer comparison (target 5) is the cost of the load itself in a running session: in a fresh process the "
              f"imports dominate both (there frictionless takes {peer / ours:.1f} times as long as we do)."]
    lines += ["", "## Targets", "", "| measure | value | target | met |", "|---|---|---|---|",
              f"| import + load / pandas floor | {ratios['load_vs_pandas']:.2f} | <= 1.1 | {'yes' if ok['load_vs_pandas'] else 'NO'} |",
              f"| frictionless load / ours (in a session) | {ratios['frictionless_vs_load']:.1f} | >= 5 | {'yes' if ok['frictionless_vs_load'] else 'NO'} |",
              f"| build time at 10^6 / at 10^5 | {ratios['growth_1e6_over_1e5']:.2f} | <= 11 | {'yes' if ok['growth_1e6_over_1e5'] else 'NO'} |",
              f"| build of 10^6 claims, seconds | {ratios['build_1e6_seconds']:.1f} | <= 60 | {'yes' if ok['build_1e6_seconds'] else 'NO'} |",
              f"| build of 10^6 claims, peak memory (MB) | {ratios['build_1e6_peak_mb']:.0f} | <= 2048 | {'yes' if ok['build_1e6_peak_mb'] else 'NO'} |",
              "", "## The shipped data", "", f"- `repression-data build`: {runs['build']:.1f} s (median of 3, whole command)",
              f"- `repression-data reproduce` (build, validate, every analysis script): {runs['reproduce']:.1f} s", "",
              "## Growth: building synthetic claim sets (plus the shipped data)", "", "| claims | seconds | microseconds per claim | peak memory (MB) |", "|---|---|---|---|"]
    lines += [f"| {r['n']:,} | {r['seconds']:.2f} | {1e6 * r['seconds'] / r['n']:.1f} | {r['peak_mb']:.0f} |" for r in scale]
    # keep the serving section that `make load-test` wrote
    previous = (HERE / "results.md").read_text(encoding="utf-8") if (HERE / "results.md").is_file() else ""
    (HERE / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    kept = re.search(re.escape(SECTION_START) + ".*?" + re.escape(SECTION_END), previous, re.S)
    if kept:
        write_section(kept.group(0))
    print("\n".join(lines))
    return 0 if all(ok.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
