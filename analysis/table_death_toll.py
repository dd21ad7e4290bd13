"""The death toll as the texts give it: every figure for executions, death sentences and deaths in custody.

One row per independent root and figure (a repeat of the same reading by texts that pass it on is one row,
the texts that pass it on listed with their locators): measure, category, region, period, the figure as
read, producer, producer kind, date produced, root, and the chain of relations that computes it from other
printed counts (Appendix One's totals from the yearly archival counts, where the data joins them).
Writes analysis/output/death_toll.csv and death_toll.md. Which measures count deaths comes from the measures
vocabulary's terms; nothing else is chosen here.
"""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from kit.names import reading
from kit.relations import operands
from kit.tables import producer_name, root_of, where, write

MEASURES = ["executions", "death_sentences", "deaths_in_custody"]  # vocabulary terms: what counts a death or a sentence to death


def chains(claim_ids: set[str], evaluated: pd.DataFrame) -> dict[str, list[str]]:
    """claim id -> 'R-..: sum of GN-.., GN-.. (consistent)' for every relation whose stated result is the claim."""
    relations = rd.load("relations").set_index("relation_id")
    verdicts = evaluated.set_index("relation_id")["verdict"]
    out: dict[str, list[str]] = {}
    for relation_id, r in relations.iterrows():
        if r["result"] in claim_ids:
            parts = " ; ".join(", ".join(side) for side in operands(r) if side)
            out.setdefault(r["result"], []).append(f"{relation_id}: {r['operation'].replace('_', ' ')} of {parts} ({verdicts.get(relation_id, '').replace('_', ' ')})")
    return out


def plans_worded_as_outcomes() -> dict[str, str]:
    """claim id -> 'plan presented as outcome: <reason>' for every claim a quantity judges to be a plan (a limit), whatever
    the text's word: a plan never stands in an outcome row."""
    members = rd.load("quantity_members")
    plans = members[members["scope"].isin(["plan", "plan_presented_as_outcome"])]
    return {c: f"{s.replace('_', ' ')} ({q}): {r}" for c, s, q, r in zip(plans["claim_id"], plans["scope"], plans["quantity_id"], plans["reason"])}


def death_toll() -> pd.DataFrame:
    claims = rd.load("claims")
    claims = claims[claims["measure"].isin(MEASURES) & (claims["unit"] == "persons")].copy()
    producers = rd.load("producers").set_index("producer_id")
    kinds = rd.load("producer_kinds").set_index("term")["label"]
    measures, categories = rd.load("measures").set_index("term")["label"], rd.load("categories").set_index("term")["label"]
    claims["root"] = [root_of(p) or f"text:{s}" for p, s in zip(claims["producer_id"], claims["source_id"])]
    claims["read"] = [reading(r) for _, r in claims.iterrows()]
    by = ["measure", "category", "region", "period_start", "period_end", "root", "read"]
    chain = chains(set(claims["claim_id"]), rd.evaluate_relations())
    plans = plans_worded_as_outcomes()
    claims["figure_kind"] = ["plan" if c in plans else "outcome" for c in claims["claim_id"]]
    by = ["figure_kind", *by]
    rows = []
    for _, group in claims.sort_values(["figure_kind", "measure", "period_start", "claim_id"], ascending=True).groupby(by, sort=False, dropna=False):
        first = group.iloc[0]
        producer = first["producer_id"]
        rows.append({
            "measure": measures[first["measure"]] if first["figure_kind"] == "outcome" else f"Plan (a limit), worded by the text as {measures[first['measure']].lower()}",
            "figure_kind": first["figure_kind"], "plan_note": " | ".join(plans[c] for c in group["claim_id"] if c in plans), "category": categories[first["category"]], "region": first["region"],
            "period": rd.period_label(first["period_start"], first["period_end"]) if not pd.isna(first["period_start"]) or not pd.isna(first["period_end"]) else "not given",
            "figure": first["read"], "producer": producer_name(producer, first["source_id"]),
            "producer_kind": kinds.get(producers.at[producer, "kind"], "") if isinstance(producer, str) else "the text's own figure",
            "date_produced": producers.at[producer, "date"] if isinstance(producer, str) and not pd.isna(producers.at[producer, "date"]) else "",
            "root": producer_name(first["root"], first["source_id"]) if not first["root"].startswith("text:") else producer_name(None, first["source_id"]),
            "passed_on_by": "; ".join(f"{where(c)} ({c['claim_id']})" for _, c in group.iterrows()),
            "computed_from": " | ".join(x for c in group["claim_id"] for x in chain.get(c, [])),
            "claim_ids": ";".join(group["claim_id"]),
        })
    return pd.DataFrame(rows)


def main() -> None:
    table = death_toll()
    computed = int((table["computed_from"] != "").sum())
    roots = table["root"].nunique()
    plans = table[table["figure_kind"] == "plan"]
    opening = [f"Every figure the texts give for {', '.join(rd.load('measures').set_index('term').loc[MEASURES, 'label'].str.lower())}: "
               f"{len(table) - len(plans)} figures from {roots} independent roots. A figure printed by several texts is one row, the texts listed in "
               "'passed on by'. 'Computed from' gives the relations that rebuild a total from other printed counts, with their verdicts "
               f"({computed} rows). Executions and death sentences are different measures: compare within a measure only."
               + (f" The last {len(plans)} row(s) are plans (limits fixed before anyone was counted) that a text words as "
                  "an outcome; a quantity of the data shows it ('plan note'): they are no part of the toll." if len(plans) else "")]
    write("death_toll", table, "The death toll, as the texts give it", opening,
          ["measure", "category", "period", "figure", "producer", "producer_kind", "date_produced", "passed_on_by", "computed_from", "plan_note"])


if __name__ == "__main__":
    main()
