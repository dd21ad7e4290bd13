"""Synthetic claim sets for the scaling benchmark: valid under the schema, any size.

A copy of data/raw plus one extra source, 'synthetic-benchmark', whose claims
file holds n generated claims. Deterministic for a given n (seeded).
"""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

from repression_data.paths import RAW_DIR
from repression_data.read.rawspec import CLAIMS

SOURCE = "synthetic-benchmark"
PREFIX = "SYN"
MEASURES = ["arrests", "executions", "expulsions", "convictions", "camp_population"]
CATEGORIES = ["all_persons", "party_members", "former_kulaks", "army_officers"]
REGIONS = ["USSR", "Ukraine", "Leningrad region", "Moscow region"]


def make_raw(folder: Path, n: int, seed: int = 1937) -> Path:
    """Write a raw folder with the real data and n synthetic claims; return it."""
    raw = folder / "data" / "raw"
    shutil.copytree(RAW_DIR, raw)
    with (raw / "sources.csv").open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow([
            SOURCE, PREFIX, "Benchmark, B.", "2026", "Synthetic claims for the benchmark", "", "", "", "", "", "", "",
            "article_abstract", "synthetic.txt", "0" * 64, str(n + 10), "Generated; not a real text."])
    rng = random.Random(seed)
    with (raw / "claims" / f"{SOURCE}.csv").open("w", newline="", encoding="utf-8") as handle:
        # Columns not filled here (producer_id, ...) are written empty.
        writer = csv.DictWriter(handle, fieldnames=CLAIMS.names, restval="", lineterminator="\n")
        writer.writeheader()
        names = ["claim_id", "page", "line", "locator", "quote", "value_printed", "value", "value_low", "value_high",
                 "qualifier", "unit", "measure", "category", "region", "region_printed", "period_start", "period_end",
                 "attributed_to", "derived", "reading_note", "reading_basis", "reading_evidence"]
        for i in range(1, n + 1):
            value = rng.randint(1, 2_000_000)
            printed = f"{value:,}"
            year = rng.randint(1921, 1939)
            writer.writerow(dict(zip(names, [
                f"{PREFIX}-{i:07d}", "", i, f"synthetic {i}", f"in {year} some {printed} people were counted", printed, value, "", "",
                "exact", "persons", rng.choice(MEASURES), rng.choice(CATEGORIES), rng.choice(REGIONS), "",
                f"{year}-02", f"{year}-03", "", "false", "", "as_printed", "",  # two months: no quantity of the real data has such a period
            ])))
    return raw
