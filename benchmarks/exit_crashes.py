"""Count abnormal exits of fresh processes that read our Parquet (apache/arrow#34314).

Old pyarrow versions can abort the interpreter at exit after reading Parquet
("terminate called without an active exception", exit -6/134). This starts N
fresh processes, one after another (to keep CPU use modest), with the given
Python, and counts the ones that did not exit 0.

    python benchmarks/exit_crashes.py --python .venv-oldest/bin/python --mode load -n 200

Modes: ``load`` runs ``import repression_data as rd; rd.load('claims')``;
``pandas`` runs ``pandas.read_parquet`` on claims.parquet with pandas' defaults.
Prints one line: python, pyarrow version, mode, runs, abnormal exits, exit codes.
"""
from __future__ import annotations

import argparse
import collections
import subprocess
import sys
from pathlib import Path

PARQUET = Path(__file__).resolve().parent.parent / "data" / "processed" / "claims.parquet"
CODE = {
    "load": "import repression_data as rd; rd.load('claims')",
    "pandas": f"import pandas as pd; pd.read_parquet({str(PARQUET)!r})",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the interpreter of the venv to test")
    parser.add_argument("--mode", choices=sorted(CODE), default="load")
    parser.add_argument("-n", type=int, default=200, help="number of processes (default 200)")
    parser.add_argument("--code", help="run this Python code instead of a mode's (to try a mitigation)")
    args = parser.parse_args(argv)
    version = subprocess.run([args.python, "-c", "import pyarrow; print(pyarrow.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    code = args.code or CODE[args.mode]
    codes: collections.Counter = collections.Counter()
    messages: collections.Counter = collections.Counter()
    for _ in range(args.n):
        done = subprocess.run([args.python, "-c", code], capture_output=True, text=True)
        codes[done.returncode] += 1
        if done.returncode != 0:
            messages[(done.stderr.strip().splitlines() or [""])[-1][:120]] += 1
    bad = args.n - codes[0]
    print(f"{args.python}\tpyarrow {version}\t{'code' if args.code else args.mode}\truns {args.n}\tabnormal {bad}\t"
          f"exit codes {dict(sorted(codes.items()))}\t{dict(messages)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
