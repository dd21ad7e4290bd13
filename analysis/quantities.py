"""One quantity, every figure for it: the sources side by side, by independent producer.

For each quantity that two or more independent producers give (the roots of
``derived_from`` in the producers table), a chart of every figure (dot for a
number, diamond for an approximate one, bar for a range or a vague phrase's
bounds, arrow for "more than"; plans beside outcomes; one mark per
independent root; figures of another scope listed under the chart, not
drawn; kit/quantity_chart.py), and a report,
analysis/output/quantities.md. The report opens with the findings: the
counts against the estimates, the plans against their outcomes, and the
texts' contradictions, revisions and participants' claims (each with whether
the text acknowledges it, in its words), and a line on the regional texts;
then the agreement class of every quantity, a line on every conflict, and
the quantities that one producer alone gives (listed, not charted).

Every word on a chart comes from the data: the quantity's label and note,
each claim's reading, producer, text and locator, the reason a scope
differs. Prints that differ from their reading (OCR misreadings, numbers in
words) are given in a line above the source line, never as labels.
"""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from kit.charts import OUTPUT
from kit.findings import regional_texts
from kit.names import CLASS_WORDS, SCOPE_WORDS, producer_names, reading, root_name, text_names
from kit.quantity_chart import chart


def charted(quantities: pd.DataFrame) -> pd.DataFrame:
    """The quantities two or more independent producers give."""
    return quantities[quantities["n_producers"] >= 2]


def md(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _figures(quantity_id: str, texts: dict[str, str], names: dict[str, str], scope: str = "same") -> str:
    side = rd.compare(quantity_id)
    side = side[side["scope"] == scope]
    return "; ".join(f"{reading(r)} ({md(r['producer'])}" + (f", {md(r['restates'])}" if isinstance(r["restates"], str) else "") + f", {r['claim_id']})"
                     + (f": {md(r['scope_reason'])}" if scope == "different_scope" and isinstance(r["scope_reason"], str) else "")
                     for _, r in side.iterrows())


def findings(quantities: pd.DataFrame, texts: dict[str, str], names: dict[str, str]) -> list[str]:
    """The findings that matter, first: counts against estimates, plans against outcomes, the texts' contradictions."""
    kinds = dict(zip(rd.load("producers")["producer_id"], rd.load("producers")["kind"])) if "producers" in rd.tables() else {}
    counts = {p for p, k in kinds.items() if k == "archival_statistical_report"}
    by_class = quantities["agreement"].value_counts()
    lines = ["## What the comparison finds", "",
             ("No quantity is corroborated. " if not by_class.get("corroborated", 0) else "") + "Of " + f"{len(quantities)} quantities: " + ", ".join(f"{by_class.get(k, 0)} {k.replace('_', ' ')}" for k in CLASS_WORDS if by_class.get(k, 0)) + ". "
             "Agreement is judged by the weight of the evidence: only figures of two independent producers that are informative (a count, or an estimate "
             "whose ends lie within a factor of 1.5) can corroborate each other.", "",
             "### The counts against the estimates", ""]
    estimates = {p for p, k in kinds.items() if k in ("historians_estimate", "popular_estimate", "unnamed_source")}
    for q in quantities[quantities["agreement"].isin(["not_contradicted", "conflict", "corroborated"])].itertuples(index=False):
        side = rd.compare(q.quantity_id)
        same_roots = set(side.loc[side["scope"] == "same", "independent_producer"])
        beside_roots = set(side.loc[side["scope"] == "different_scope", "independent_producer"])
        if same_roots & counts:  # the count among the figures
            lines.append(f"- **{md(q.label)}** (`{q.quantity_id}`), {q.agreement.replace('_', ' ')} ({q.n_informative} independent informative): "
                         f"{_figures(q.quantity_id, texts, names)}.")
        elif same_roots & estimates and beside_roots & counts:  # estimates, with the count of a narrower scope beside them
            lines.append(f"- **{md(q.label)}** (`{q.quantity_id}`), {q.agreement.replace('_', ' ')} among the estimates: {_figures(q.quantity_id, texts, names)}. "
                         f"Beside them, of another scope: {_figures(q.quantity_id, texts, names, 'different_scope')}.")
    lines += ["", "### Plans against outcomes", ""]
    for q in quantities[quantities["agreement"] == "plan_and_outcome"].itertuples(index=False):
        times = f"{q.ratio_low:.1f}" + (f" to {q.ratio_high:.1f}" if abs(q.ratio_high - q.ratio_low) >= 0.05 else "")
        plans = "; ".join(x for x in (_figures(q.quantity_id, texts, names, "plan"), _figures(q.quantity_id, texts, names, "plan_presented_as_outcome")) if x)
        lines.append(f"- **{md(q.label)}** (`{q.quantity_id}`): outcome {times} times the plan. Plan: {plans}. Outcome: {_figures(q.quantity_id, texts, names)}.")
    lines += ["", "### The texts' contradictions, revisions and participants' claims", ""]
    for q in quantities[quantities["agreement"].isin(["conflict", "revision", "claim_against_count"])].itertuples(index=False):
        inside = " Inside one text." if q.n_texts == 1 else ""
        said = ""
        if q.agreement in ("conflict", "revision"):
            said = f" Acknowledged by the text: {md(q.acknowledgement)}." if q.acknowledged == "yes" else " The texts do not remark on it."
        adjustment = f" Adjustment: {md(q.adjustment).rstrip('.')}." if isinstance(q.adjustment, str) else ""
        closed = f" Judged by the parts the text gives, not the bound: {md(q.closed_by)}." if isinstance(q.closed_by, str) else ""
        lines.append(f"- **{md(q.label)}** (`{q.quantity_id}`), {q.agreement.replace('_', ' ')}:{inside} {_figures(q.quantity_id, texts, names)}.{said}{closed}{adjustment}")
    regional = regional_texts()
    return lines + ([""] + regional if regional else []) + [""]


def report(quantities: pd.DataFrame, texts: dict[str, str], names: dict[str, str]) -> str:
    chosen = set(charted(quantities)["quantity_id"])
    lines = ["# Quantities: every figure for the same thing, side by side", ""]
    lines += findings(quantities, texts, names)
    lines += ["## How the figures are compared", "",
              "A quantity is a measure of a category in a region over a period (data/raw/quantities.csv). Claims join it by rule",
              "(same measure, category, region and period) or by hand with a reason (data/raw/quantity_members.csv).",
              "A figure's producer is the body or person that first counted or estimated it; producers that only pass on another's",
              "figure are not independent of it, and a figure that repeats or rounds a count given elsewhere (data/raw/restatements.csv)",
              "roots to that count, so `producers` counts the independent roots. Agreement classes:", ""]
    lines += [f"- **{k.replace('_', ' ')}**: {v}." for k, v in CLASS_WORDS.items()]
    lines += ["", "Rounded figures are compared with the rounding their print shows ('800,000' allows 750,000 to 850,000).",
              "A quantity is charted (`analysis/output/charts/quantity_<id>.png`) only when two or more independent producers give it.",
              "Generated by `repression-data reproduce`.", "",
              "| quantity | comparison | figures | texts | independent producers | informative | min | max | agreement | chart |", "|---|---|---|---|---|---|---|---|---|---|"]
    for q in quantities.itertuples(index=False):
        extra = f" (+{q.n_plan} plan)" if q.n_plan else ""
        extra += f" (+{q.n_different_scope} of another scope)" if q.n_different_scope else ""
        agreement = q.agreement.replace("_", " ")
        if q.agreement == "plan_and_outcome" and not pd.isna(q.ratio_low):
            agreement += f", outcome/plan {q.ratio_low:.1f}" + (f"-{q.ratio_high:.1f}" if abs(q.ratio_high - q.ratio_low) >= 0.05 else "")
        low = "" if pd.isna(q.min) else f"{q.min:,.0f}"
        high = "" if pd.isna(q.max) else f"{q.max:,.0f}"
        lines.append(f"| {md(q.label)} (`{q.quantity_id}`) | {q.comparison.replace('_', ' ')} | {q.n_claims}{extra} | {q.n_texts} | {q.n_producers} | {q.n_informative} | {low} | {high} | {agreement} | "
                     + ("yes" if q.quantity_id in chosen else "no") + " |")
    conflicts = quantities[quantities["agreement"] == "conflict"]
    lines += ["", "## The conflicts, and why", ""]
    lines += [f"- **{md(q.label)}** (`{q.quantity_id}`): {md(q.note)}" + (f" Acknowledged: {md(q.acknowledgement)}." if q.acknowledged == "yes" else " Not acknowledged by the text.")
              for q in conflicts.itertuples(index=False)] or ["None."]
    alone = quantities[~quantities["quantity_id"].isin(chosen)]
    lines += ["", "## Given by one independent producer only (not charted)", ""]
    for q in alone.itertuples(index=False):
        producers = "; ".join(root_name(r, names, texts) for r in (q.producers if isinstance(q.producers, str) else "").split("; ") if r)
        lines.append(f"- {md(q.label)} (`{q.quantity_id}`): {q.agreement.replace('_', ' ')}; {md(producers) or 'no figure of the same scope'}")
    for q in quantities.itertuples(index=False):
        side = rd.compare(q.quantity_id)
        side = side[side["scope"] != "excluded"]
        lines += ["", f"## {md(q.label)}", "", f"`{q.quantity_id}`: {q.agreement.replace('_', ' ')}." + (f" {md(q.note)}" if isinstance(q.note, str) else ""), "",
                  "| reading | as printed | producer | independent producer | restates | kind | where | scope |", "|---|---|---|---|---|---|---|---|"]
        for _, row in side.iterrows():
            scope = SCOPE_WORDS.get(row["scope"], row["scope"]) or "same"
            if row["scope"] != "same":
                scope += f": {row['scope_reason']}"
            kind = row["figure_kind"] if isinstance(row["figure_kind"], str) else ""
            lines.append(f"| {reading(row)} | {md(row['value_printed'])} | {md(row['producer'])} | {md(root_name(row['independent_producer'], names, texts))} | "
                         f"{md(row['restates']) if isinstance(row['restates'], str) else ''} | {kind} | "
                         f"{md(row['citation'])} ({row['claim_id']}) | {md(scope)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    quantities = rd.load("quantities")
    texts, names = text_names(), producer_names()
    chosen = charted(quantities)
    for _, quantity in chosen.iterrows():
        chart(quantity, texts, names)
    (OUTPUT / "quantities.md").write_text(report(quantities, texts, names), encoding="utf-8")
    print(f"quantities: {len(quantities)} ({len(chosen)} given by two or more independent producers, charted); wrote quantities.md")


if __name__ == "__main__":
    main()
