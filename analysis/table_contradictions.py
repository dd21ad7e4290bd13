"""Every conflict and contradiction in the data, within one text and between texts, with both quotes.

Rows: every relation whose verdict is inconsistent or a contradiction (rd.evaluate_relations), and every
quantity whose agreement is a conflict (rd.compare: the lowest and the highest figure of its own scope).
Whether the text acknowledges it, and what kind of slip it is, are read from the data's columns where the
data has them (any column naming 'acknowledged', any naming 'slip' or 'kind' of a verdict); nothing is typed.
Writes analysis/output/contradictions.csv and contradictions.md.
"""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from kit.names import reading, text_names
from kit.tables import where, write

CONFLICTING = ("inconsistent", "contradiction")  # verdicts and agreement classes that say two figures cannot both hold


def column_like(table: pd.DataFrame, *words: str) -> str | None:
    return next((c for c in table.columns if any(w in c for w in words)), None)


def quoted(claims: pd.DataFrame, ids: list[str]) -> str:
    return " | ".join(f"\"{claims.at[c, 'quote']}\" ({where(claims.loc[c].to_dict() | {'claim_id': c})})" for c in ids)


def from_relations(claims: pd.DataFrame) -> list[dict]:
    evaluated = rd.evaluate_relations()
    relations = rd.load("relations").set_index("relation_id")
    acknowledged, kind = column_like(evaluated, "acknowledged"), column_like(evaluated, "slip")
    rows = []
    for r in evaluated[evaluated["verdict"].str.contains("|".join(CONFLICTING), na=False)].itertuples(index=False):
        ids = [c for c in str(r.claim_ids).split(";") if c in claims.index]
        stated = relations.at[r.relation_id, "result"] if relations.at[r.relation_id, "result"] in claims.index else None
        others = [c for c in ids if c != stated]
        sources = {claims.at[c, "source_id"] for c in ids}
        rows.append({"what": "relation", "id": r.relation_id, "verdict": r.verdict.replace("_", " "),
                     "between": "within one text" if len(sources) == 1 else "between texts: " + "; ".join(sorted(text_names()[s] for s in sources)),
                     "acknowledged": getattr(r, acknowledged) if acknowledged else "", "kind": getattr(r, kind) if kind else "",
                     "description": r.description, "gap": "" if pd.isna(r.gap) else f"{r.gap:,.4g}",
                     "quote_a": quoted(claims, [stated] if stated else ids[:1]), "quote_b": quoted(claims, others if stated else ids[1:]),
                     "claim_ids": ";".join(ids)})
    return rows


def from_quantities(claims: pd.DataFrame) -> list[dict]:
    quantities = rd.load("quantities")
    acknowledged, kind = column_like(quantities, "acknowledged"), column_like(quantities, "slip")
    rows = []
    for q in quantities[quantities["agreement"].isin(["conflict", *CONFLICTING])].itertuples(index=False):
        side = rd.compare(q.quantity_id)
        side = side[side["scope"] == "same"].assign(_at=lambda d: d["value"].fillna(d["value_low"])).sort_values("_at")
        low, high = side.iloc[0], side.iloc[-1]
        sources = set(claims.loc[side["claim_id"], "source_id"])
        rows.append({"what": "quantity", "id": q.quantity_id, "verdict": q.agreement.replace("_", " "),
                     "between": "within one text" if len(sources) == 1 else "between texts: " + "; ".join(sorted(text_names()[s] for s in sources)),
                     "acknowledged": getattr(q, acknowledged) if acknowledged else "", "kind": getattr(q, kind) if kind else "",
                     "description": f"{q.label}: {reading(low)} ({low['producer']}) against {reading(high)} ({high['producer']}). {q.note if isinstance(q.note, str) else ''}".strip(),
                     "gap": "", "quote_a": quoted(claims, [low["claim_id"]]), "quote_b": quoted(claims, [high["claim_id"]]),
                     "claim_ids": ";".join(side["claim_id"])})
    return rows


def main() -> None:
    claims = rd.load("claims").set_index("claim_id")
    table = pd.DataFrame(from_relations(claims) + from_quantities(claims))
    counts = table.groupby(["what", "between"]).size() if len(table) else pd.Series(dtype=int)
    within = int(counts[[i for i in counts.index if i[1] == "within one text"]].sum()) if len(table) else 0
    opening = [f"{len(table)} conflicts and contradictions: {int((table['what'] == 'relation').sum())} relations whose figures cannot all hold "
               f"(the text's arithmetic, or two passages), {int((table['what'] == 'quantity').sum())} quantities whose independent figures disagree; "
               f"{within} within one text, {len(table) - within} between texts. Quote A is the stated figure (or the lowest), quote B what it is set against."]
    write("contradictions", table, "Conflicts and contradictions, with both quotes", opening,
          ["what", "id", "verdict", "between", "acknowledged", "kind", "description", "gap", "quote_a", "quote_b"])


if __name__ == "__main__":
    main()
