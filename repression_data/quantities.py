"""Put the sources side by side: which claims measure the same quantity, and do they agree?

A quantity is a measure of a category in a region over a period. The
quantities worth comparing are listed by hand in data/raw/quantities.csv.
A claim belongs to a quantity

- by rule, when its measure, category, region and period are the quantity's
  (executions and death sentences are different measures: no rule joins them);
- by hand (data/raw/quantity_members.csv), with a reason: ``same`` where the
  rule cannot see it (a period the text leaves out, a synonym), ``excluded``
  where the rule would join what is not the same, or ``different_scope`` for a
  figure shown beside the quantity because readers confuse it with it (a death
  sentence beside an execution, one year beside two), saying how it differs.

Agreement of the ``same`` figures: identical; within rounding (each within the
rounding of the others); ranges overlap (the intervals their qualifiers
allow intersect); conflict. A quantity whose only other figures are of a
different scope is classed ``different scope``.
"""

from __future__ import annotations

import math

import pandas as pd

from . import dtypes
from .errors import Problem
from .relations import tolerance

KEY = ["measure", "category", "region", "period_start", "period_end"]
SCOPES = ["same", "different_scope", "excluded"]


def interval(claim) -> tuple[float, float]:
    """The values a claim allows, given its qualifier."""
    v, q = claim.value, claim.qualifier
    if q == "range" or (pd.isna(v) and (not pd.isna(claim.value_low) or not pd.isna(claim.value_high))):
        return (0.0 if pd.isna(claim.value_low) else claim.value_low, math.inf if pd.isna(claim.value_high) else claim.value_high)
    if q in ("more_than", "at_least"):
        return (v, math.inf)
    if q in ("less_than", "at_most"):
        return (0.0, v)
    t = tolerance(v, q, claim.value_printed)
    return (v - t, v + t)


def agreement(same: pd.DataFrame, different: pd.DataFrame) -> str:
    if same.empty:
        return "different scope"
    values = same["value"]
    if len(same) == 1 or (same["qualifier"].eq("exact").all() and values.notna().all() and values.nunique() == 1):
        if len(same) == 1 or same["source_id"].nunique() + same["attributed_to"].fillna("").nunique() <= 1:
            return "different scope" if not different.empty else "identical"
        return "identical"
    intervals = [interval(c) for c in same.itertuples(index=False)]
    low, high = max(i[0] for i in intervals), min(i[1] for i in intervals)
    if low > high:
        return "conflict"
    points = same["qualifier"].isin(["exact", "approx"]) & same["value"].notna()
    return "within rounding" if points.all() else "ranges overlap"


def build_quantities(claims: pd.DataFrame, quantities: pd.DataFrame, members: pd.DataFrame, origins, problems: list[Problem]) -> tuple[pd.DataFrame, pd.Series]:
    """The quantities table and each claim's quantity_id (null where nothing else measures the same)."""
    known_quantities = set(quantities["quantity_id"])
    member_known = members["claim_id"].isin(claims["claim_id"])
    for i, m in enumerate(members.itertuples(index=False)):
        if not member_known.iloc[i]:
            problems.append(Problem(origins[i].file, origins[i].record, "claim_id", f"{m.claim_id!r} is not a claim"))
        if m.quantity_id not in known_quantities:
            problems.append(Problem(origins[i].file, origins[i].record, "quantity_id", f"{m.quantity_id!r} is not in data/raw/quantities.csv"))
    if problems:
        return pd.DataFrame(), dtypes.text([])
    # The rule, as one join on the key (null periods match null periods).
    persons = claims.loc[claims["unit"] == "persons", ["claim_id", *KEY]]
    by_rule = persons.merge(quantities[["quantity_id", *KEY]], on=KEY, how="inner").groupby("quantity_id")["claim_id"].apply(list).to_dict()
    involved = set(members["claim_id"]) | {c for ids in by_rule.values() for c in ids}
    by_id = claims[claims["claim_id"].isin(involved)].set_index("claim_id", drop=False)
    quantity_of: dict[str, str] = {}
    rows = []
    for quantity in quantities.itertuples(index=False):
        listed = members[members["quantity_id"] == quantity.quantity_id]
        same_ids = list(by_rule.get(quantity.quantity_id, []))
        same_ids = [c for c in same_ids if c not in set(listed.loc[listed["scope"] != "same", "claim_id"])]
        same_ids += [c for c in listed.loc[listed["scope"] == "same", "claim_id"] if c not in same_ids]
        different_ids = list(listed.loc[listed["scope"] == "different_scope", "claim_id"])
        same, different = by_id.loc[same_ids], by_id.loc[different_ids]
        for claim_id in same_ids:
            if claim_id in quantity_of:
                problems.append(Problem("data/raw/quantity_members.csv", f"claim {claim_id}", "quantity_id", f"belongs to both {quantity_of[claim_id]} and {quantity.quantity_id}"))
            quantity_of[claim_id] = quantity.quantity_id
        values = same["value"].dropna()
        producers = same["attributed_to"].fillna(same["source_id"])
        rows.append({
            "quantity_id": quantity.quantity_id, "label": quantity.label,
            **{column: getattr(quantity, column) for column in KEY},
            "n_claims": len(same), "n_texts": same["source_id"].nunique(), "n_producers": producers.nunique(),
            "n_different_scope": len(different),
            "min": values.min() if len(values) else math.nan, "max": values.max() if len(values) else math.nan,
            "spread": values.max() / values.min() if len(values) and values.min() > 0 else math.nan,
            "agreement": agreement(same, different),
            "scope_note": "; ".join(f"{c}: {r}" for c, r in zip(listed.loc[listed["scope"] == "different_scope", "claim_id"], listed.loc[listed["scope"] == "different_scope", "reason"])) or None,
            "note": quantity.note,
        })
    table = pd.DataFrame(rows)
    for column in ("min", "max"):  # figures of persons: whole numbers, as nullable integers
        fractional = table[column].notna() & (table[column] % 1 != 0)
        for quantity_id, value in zip(table.loc[fractional, "quantity_id"], table.loc[fractional, column]):
            problems.append(Problem("data/raw/quantities.csv", f"quantity {quantity_id}", column, f"{value} is not a whole number of persons"))
        table[column] = table[column].where(~fractional).round().astype("Int64")
    for column in ("label", "measure", "category", "region", "agreement", "scope_note", "note"):
        table[column] = dtypes.text(table[column])
    return table, dtypes.text(claims["claim_id"].map(quantity_of).reset_index(drop=True))


def compare(quantity_id: str, claims: pd.DataFrame, sources: pd.DataFrame, quantities: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """The claims of one quantity side by side, with their citations."""
    if quantity_id not in set(quantities["quantity_id"]):
        raise KeyError(f"unknown quantity {quantity_id!r}; the quantities are: {', '.join(sorted(quantities['quantity_id']))}")
    same = claims[claims["quantity_id"] == quantity_id].assign(scope="same", scope_reason=None)
    listed = members[(members["quantity_id"] == quantity_id) & (members["scope"] == "different_scope")]
    different = claims.merge(listed[["claim_id", "reason"]], on="claim_id").rename(columns={"reason": "scope_reason"}).assign(scope="different_scope")
    side = pd.concat([same, different], ignore_index=True)
    cite = sources.set_index("source_id")
    side["citation"] = [
        f"{cite.at[s, 'authors'] if isinstance(cite.at[s, 'authors'], str) else 'Anonymous'} ({cite.at[s, 'year'] if not pd.isna(cite.at[s, 'year']) else 'n.d.'}), "
        f"{cite.at[s, 'title']}, {loc}" + (f", p. {int(p)}" if not pd.isna(p) else "")
        for s, loc, p in zip(side["source_id"], side["locator"], side["page"])
    ]
    columns = ["scope", "claim_id", "value_printed", "value", "value_low", "value_high", "qualifier", "measure", "category",
               "period_start", "period_end", "attributed_to", "citation", "quote", "scope_reason"]
    return side[columns].sort_values(["scope", "value"], ascending=[False, True]).reset_index(drop=True)
