"""One mark per independent root (docs/chart-rubric.md, rule 2).

Figures that go back to one count are one witness: a repeat of the same reading by the same root, and a
text's rounding or restatement of a count it gives elsewhere (the ``restatements`` table, where the data
has one: ``claim_id`` restates the claims in ``restates``), are drawn once; the other prints are named in
the kept row's ``also`` column, for a note under the mark."""

from __future__ import annotations

import pandas as pd

import repression_data as rd

READING = ["value", "value_low", "value_high", "qualifier"]


def restated() -> dict[str, list[str]]:
    """claim id -> the claims it repeats or rounds, from the restatements table if the data has one (never a revision)."""
    if "restatements" not in rd.tables():
        return {}
    table = rd.load("restatements")
    column = "restates" if "restates" in table.columns else next((c for c in table.columns if c.startswith("restates")), None)
    if column is None:
        return {}
    kinds = table["kind"] if "kind" in table.columns else pd.Series("repeat", index=table.index)
    # Only a repeat or a rounding is the same count printed again; a revision (one producer adjusting another's count) is a
    # figure of its own and keeps its own mark.
    return {c: [x.strip() for x in str(r).split(";") if x.strip()] for c, r, k in zip(table["claim_id"], table[column], kinds)
            if isinstance(r, str) and k in ("repeat", "rounding")}


def where(claim_id: str) -> str:
    """'Getty and Naumov (1999), Appendix One (GN-0523)': the text, locator and id of one print."""
    from kit.names import text_names

    claim = rd.load("claims").set_index("claim_id").loc[claim_id]
    return f"{text_names()[claim['source_id']]}, {claim['locator']} ({claim_id})"


def one_mark_per_root(side: pd.DataFrame, root: str = "independent_producer") -> pd.DataFrame:
    """The rows of ``side`` (rd.compare's shape: claim_id, scope, a root column, value, value_low, value_high,
    qualifier), one per independent root and reading; a restatement of a claim kept in ``side`` is folded into
    it. Adds ``also``: '; '-joined 'citation (claim id)' of the prints folded into the row ('' if none)."""
    side = side.reset_index(drop=True)
    kept, also = [], {}
    present = set(side["claim_id"])
    restates = restated()
    for i, row in side.iterrows():
        target = next((r for r in restates.get(row["claim_id"], []) if r in present), None)
        if target is None:
            key = (row["scope"], row[root], *[("" if pd.isna(row[c]) else row[c]) for c in READING])
            first = next((j for j in kept if (side.at[j, "scope"], side.at[j, root], *[("" if pd.isna(side.at[j, c]) else side.at[j, c]) for c in READING]) == key), None)
        else:
            first = int(side.index[side["claim_id"] == target][0])
        if first is None:
            kept.append(i)
            also[i] = []
        else:
            also.setdefault(first, []).append(where(row["claim_id"]))
    out = side.loc[kept].copy()
    out["also"] = ["; ".join(also.get(i, [])) for i in kept]
    return out.reset_index(drop=True)
