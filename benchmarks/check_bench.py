"""Accuracy and speed of the sentence check (issue 22): run with `.venv/bin/python benchmarks/check_bench.py`.

Accuracy: benchmarks/check_sentences.csv (sentence, figure, expected quantity, verdict, confusion).
Speed, as ratios against a floor measured in the same run (`python -c pass`): the start-up of
`repression-data check` on one sentence, and a file of 100 sentences through `check --file F --format jsonl`.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "repression_data.cli"]


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from repression_data.shipped.sentence_check import check

    rows = list(csv.DictReader((ROOT / "benchmarks" / "check_sentences.csv").open(encoding="utf-8")))
    right = {"quantity": 0, "verdict": 0, "confusion": 0, "all three": 0}
    check("warm-up 1 person")
    start = time.perf_counter()
    for r in rows:
        figures = check(r["sentence"])["figures"]
        i = int(r["figure"]) - 1
        f = figures[i] if i < len(figures) else {"quantity_id": "?", "verdict": "?", "confusion": {"kind": "?"}}
        q = (f["quantity_id"] or "") == r["quantity_id"]
        v = f["verdict"] == r["verdict"]
        c = ((f["confusion"] or {}).get("kind") or "") == r["confusion"]
        right["quantity"] += q
        right["verdict"] += v
        right["confusion"] += c
        right["all three"] += q and v and c
    per_sentence = (time.perf_counter() - start) / len(rows)
    sentences = [r["sentence"] for r in rows]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join((sentences * 2)[:100]) + "\n")
    floor = min(_time([sys.executable, "-c", "pass"]) for _ in range(3))
    one = min(_time([*CLI, "check", sentences[0]]) for _ in range(2))
    hundred = _time([*CLI, "check", "--file", fh.name, "--format", "jsonl"])
    print(f"benchmark: {len(rows)} figures in {len({r['sentence'] for r in rows})} sentences")
    for what, n in right.items():
        print(f"  {what}: {n}/{len(rows)} = {n / len(rows):.1%}")
    print(f"per sentence after start-up: {per_sentence * 1000:.1f} ms")
    print(f"floor (python -c pass): {floor:.3f} s; check one sentence: {one:.2f} s = {one / floor:.0f}x floor; "
          f"check --file of 100 sentences: {hundred:.2f} s = {hundred / floor:.0f}x floor")


if __name__ == "__main__":
    main()
