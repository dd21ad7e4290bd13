"""The few findings the reports open with, read from the data (never typed): the texts' contradictions,
the archival counts against the estimates, plans against outcomes, and what the regional texts contribute.
Each function returns Markdown lines; the reports put them first, then their lists (``opening``)."""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from kit.names import reading, text_names

CONFLICTING = ("inconsistent", "contradiction")


def contradictions(evaluated: pd.DataFrame, limit: int = 4) -> list[str]:
    """The relations whose figures cannot all hold, stated results first (weak checks and repeats after)."""
    bad = evaluated[evaluated["verdict"].str.contains("|".join(CONFLICTING), na=False)]
    order = {"recomputed": 0, "repeated_print": 1, "weak": 2}
    bad = bad.assign(_o=bad["check_class"].map(order).fillna(3)).sort_values(["_o", "relation_id"]) if "check_class" in bad else bad
    lines = [f"- **{len(bad)} relations between a text's figures hold for no reading** (full list: contradictions.csv, and below)" + (":" if len(bad) else ".")]
    lines += [f"  - {r.relation_id} ({r.locator}): {str(r.description).rstrip('.')}." for r in bad.head(limit).itertuples(index=False)]
    if len(bad) > limit:
        lines.append(f"  - and {len(bad) - limit} more.")
    return lines


COUNTING = ("archival_statistical_report", "commission", "official_publication", "archival_document")  # producer kinds that count


def counts_against_estimates() -> list[str]:
    """Each conflicting quantity: the counts (archival or official producers; of another scope but the same measure and
    category if none is of its own) against the estimates (historians, popular, unnamed, a text's own)."""
    quantities = rd.load("quantities")
    kinds = rd.load("producer_kinds").set_index("term")["label"]
    lines = []
    for q in quantities[quantities["agreement"].isin(["conflict", *CONFLICTING])].itertuples(index=False):
        every = rd.compare(q.quantity_id)
        side = every[every["scope"] == "same"]
        counted = side[side["producer_kind"].isin(COUNTING)]
        scope = ""
        if counted.empty:
            counted = every[(every["scope"] == "different_scope") & every["producer_kind"].isin(COUNTING) & (every["measure"] == q.measure)
                            & (every["category"] == q.category)].drop_duplicates("value")
            scope = " (of another scope: " + "; ".join(dict.fromkeys(counted["scope_reason"].dropna())) + ")" if len(counted) else ""
        estimates = side[~side.index.isin(counted.index)]
        if counted.empty or estimates.empty:
            continue
        count = "; ".join(f"{reading(r)} ({r['producer']})" for _, r in counted.iterrows())
        others = "; ".join(f"{reading(r)} ({kinds[r['producer_kind']].lower() + ': ' if isinstance(r['producer_kind'], str) and r['producer_kind'] in kinds else ''}{r['producer']})"
                           for _, r in estimates.iterrows())
        lines.append(f"- **{q.label}**: the count, {count}{scope}, against {others}.")
    return lines


def plans_against_outcomes() -> list[str]:
    quantities = rd.load("quantities")
    plans = quantities[(quantities["comparison"] == "plan_and_outcome") & quantities["ratio_low"].notna()]
    return [f"- **{q.label}**: the outcome is {q.ratio_low:.1f}" + (f" to {q.ratio_high:.1f}" if abs(q.ratio_high - q.ratio_low) >= 0.05 else "")
            + " times the plan." for q in plans.itertuples(index=False)]


def regional_texts() -> list[str]:
    """The texts none of whose claims is of the whole country: what they give, and why nothing is computed from them."""
    sources, claims = rd.load("sources"), rd.load("claims")
    relations, names = rd.load("relations"), text_names()
    lines = []
    for s in sources.itertuples(index=False):
        own = claims[claims["source_id"] == s.source_id]
        if (own["region"] == "USSR").any() or not isinstance(s.authors, str):
            continue
        used = relations["operands"].fillna("").str.contains("|".join(own["claim_id"])).sum() if len(own) else 0
        what = ("; ".join(f"'{c.value_printed}' ({c.region})" for c in own.itertuples(index=False)) or "no figure")
        lines.append(f"{names[s.source_id]}, {s.title}: {what}; {used} relations and no quantity rest on it. {s.note}")
    if not lines:
        return []
    return ["- **The regional texts** give one region each, from an abstract; nothing is computed from them, because a single "
            "vague or absent figure for one region can be neither recomputed nor set beside a count of the whole country:"] + [f"  - {line}" for line in lines]


def opening(*parts: list[str]) -> list[str]:
    """'## What matters first' and the findings given, for the top of a report ([] when there are none)."""
    lines = [line for part in parts for line in part]
    return ["## What matters first", "", *lines, ""] if lines else []
