"""How many figures each text gives, by what they count.

Writes analysis/output/claims_by_source_and_measure.csv: one row per source
and measure, with the number of claims and how many of them are exact,
approximate or vague. Reads the data only through the package's API.
"""

from __future__ import annotations

import os
from pathlib import Path

import repression_data as rd

OUTPUT = Path(os.environ.get("REPRESSION_DATA_ANALYSIS_OUTPUT") or Path(__file__).resolve().parent / "output") / "claims_by_source_and_measure.csv"


def overview():
    claims = rd.load("claims")
    kind = claims["qualifier"].map(lambda q: "exact" if q == "exact" else ("vague" if q == "vague" else "qualified"))
    table = (
        claims.assign(kind=kind)
        .pivot_table(index=["source_id", "measure"], columns="kind", values="claim_id", aggfunc="count", fill_value=0)
        .reindex(columns=["exact", "qualified", "vague"], fill_value=0)
    )
    table.insert(0, "claims", table.sum(axis=1))
    return table.reset_index().sort_values(["source_id", "claims", "measure"], ascending=[True, False, True])


def main() -> None:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    table = overview()
    table.to_csv(OUTPUT, index=False, lineterminator="\n")
    print(f"wrote {OUTPUT.name}: {len(table)} rows")


if __name__ == "__main__":
    main()
