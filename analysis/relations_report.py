"""Every relation the texts state, recomputed and judged: relations.csv and relations.md.

Run after the theme scripts: it reads the per-theme results they wrote
(analysis/output/relations/<theme>.csv) and gathers them by text.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

import repression_data as rd
from kit.findings import contradictions, opening, regional_texts

# Where outputs go; the tests point this elsewhere to compare two runs.
OUTPUT = Path(os.environ.get("REPRESSION_DATA_ANALYSIS_OUTPUT") or Path(__file__).resolve().parent / "output")
COLUMNS = ["relation_id", "source_id", "theme", "locator", "description", "operation", "check_class", "stated_value", "stated_qualifier",
           "stated_low", "stated_high", "computed_value", "computed_low", "computed_high", "verdict", "gap", "tolerance",
           "tolerance_basis", "reason", "readings", "measures", "claim_ids", "word", "passages", "slip_kind", "acknowledged", "explanation"]
CLASS_ORDER = ["recomputed", "repeated_print", "order", "weak"]
CLASS_TITLES = {
    "recomputed": "Stated totals, shares, differences and ratios, recomputed",
    "repeated_print": "Figures printed twice",
    "order": "Statements of order and trend: less or more than, lowest since, steadily, majority, roughly comparable",
    "weak": "Weak checks: a part is not larger than its whole, or lies within bounds",
}
VERDICT_ORDER = ["contradiction", "inconsistent", "consistent_for_some_readings", "consistent", "not_computable"]
FAILING = ["contradiction", "inconsistent"]


def gather() -> pd.DataFrame:
    parts = [pd.read_csv(path) for path in sorted((OUTPUT / "relations").glob("*.csv"))]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(parts, ignore_index=True)[COLUMNS].sort_values("relation_id").reset_index(drop=True)


def fmt(value) -> str:
    if pd.isna(value):
        return ""
    if abs(value) == float("inf"):
        return "no bound"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def cell(text) -> str:
    return "" if pd.isna(text) else str(text).replace("|", "/").replace("\n", " ")


def side(value, low, high) -> str:
    """A stated or computed side: the value, and its interval when it is not a point."""
    if pd.isna(low) and pd.isna(high):
        return fmt(value)
    if low == high:
        return fmt(low)
    interval = f"{fmt(low)}-{fmt(high)}"
    return f"{fmt(value)} ({interval})" if not pd.isna(value) else interval


def _acknowledged(text) -> str:
    """Whether the text notices the discrepancy, in words: 'no', 'no: why', or 'yes: its words'."""
    words = "" if pd.isna(text) else str(text).strip()
    if words.lower() in ("", "no"):
        return "The text does not notice it."
    if words.lower().startswith("no:"):
        return f"The text does not notice it: {cell(words[3:].strip())}."
    if words.lower().startswith("yes:"):
        words = words[4:].strip()
    return f"Acknowledged: {cell(words)}."


def findings(results: pd.DataFrame) -> list[str]:
    """The few findings that matter, first: the texts' contradictions, then the slips by who slipped, then what the rounding rule changed."""
    kinds = rd.load("slip_kinds").set_index("term")
    failing = results[results["verdict"].isin(FAILING)]
    lines = ["## Findings", ""]
    contradictions = failing[failing["verdict"] == "contradiction"]
    lines += ["### The texts' contradictions: two passages or documents that give figures which do not agree", "",
              "Each is a relation across passages (two figures for one thing, a share in one place and its counts in another,",
              "an order stated in one place and the table it reads in another) that holds for no reading; the text gives",
              "both and does not reconcile them unless it says so below.", ""]
    if contradictions.empty:
        lines.append("None.")
    for r in contradictions.itertuples(index=False):
        who = kinds.at[r.slip_kind, "label"] if r.slip_kind in kinds.index else cell(r.slip_kind)
        lines.append(f"- **{r.relation_id}** ({r.source_id}, {cell(r.locator)}; {who.lower()}): {cell(r.description)}. "
                     f"{cell(r.reason)}. {_acknowledged(r.acknowledged)}")
    lines += ["", "### Who slipped: every relation the figures do not bear out, by kind", "",
              "| kind | what it means | relations |", "|---|---|---|"]
    for term in kinds.index:
        ids = failing.loc[failing["slip_kind"] == term, "relation_id"]
        lines.append(f"| {kinds.at[term, 'label']} | {cell(kinds.at[term, 'description'])} | {', '.join(ids) if len(ids) else 'none'} |")
    for term in kinds.index:
        group = failing[failing["slip_kind"] == term]
        if group.empty:
            continue
        lines += ["", f"#### {kinds.at[term, 'label']}", ""]
        for r in group.itertuples(index=False):
            gap = "" if pd.isna(r.gap) else f"; gap {fmt(r.gap)}"
            line = f"- {r.relation_id} ({r.source_id}, {cell(r.locator)}; {r.verdict}): {cell(r.description)}. {cell(r.reason)}{gap}."
            if not pd.isna(r.explanation):
                line += f" **Explained:** {cell(r.explanation)}"
            lines.append(f"{line} {_acknowledged(r.acknowledged)}")
    changes = rd.rounding_rule_changes()
    lines += ["", "### Verdicts the rule of round figures in prose changes", "",
              "A round figure in prose ('some 3,500', 'about 3.5 percent') stands for every value that rounds to it at the",
              "coarsest step among 10^k and 5 x 10^k that divides it ('some 3,500' is 7 x 500: 3,250-3,750). The former rule,",
              "half the place of the last non-zero digit (3,450-3,550), gave these verdicts:", ""]
    if changes.empty:
        lines.append("None.")
    for r in changes.itertuples(index=False):
        lines.append(f"- {r.relation_id}: {r.former_verdict.replace('_', ' ')} under the former rule ({cell(r.former_reason)}), "
                     f"{r.verdict.replace('_', ' ')} now. {cell(r.description)}.")
    return lines


def markdown(results: pd.DataFrame) -> str:
    sources = rd.load("sources").set_index("source_id")
    lines = ["# Relations between the texts' figures, recomputed", "",
             *opening(contradictions(results), regional_texts()),
             "Each relation a text states or implies between its own figures, recomputed from the claims with interval",
             "arithmetic: every printed figure stands for the values its print allows (a count in digits is exact, a share",
             "is rounded to its last printed digit, a round figure in prose to the coarsest step among 10^k and 5 x 10^k",
             "that divides it, an integer in words is exact, a fraction in words stands for the values nearer to it than to",
             "another simple fraction, 'almost' and 'more than' are one-sided, a range is its bounds); a vague word of",
             "order ('majority', 'nearly half', 'roughly comparable') stands for the interval the order_words table gives it,",
             "with its reason. The column 'tolerance used and why' gives, for every verdict, the interval of the stated side",
             "and of each operand with its reason.", "",
             "- consistent: the computed and stated intervals share a value (or the stated order holds) for every reading of the prints;",
             "- consistent for some readings: only for some readings of an undecided print (see the claims' readings);",
             "- contradiction: for no reading, and the two sides stand in different passages or documents of the text;",
             "- inconsistent: for no reading, within one passage (gap = computed - stated);",
             "- not computable: a figure is vague without bounds, not printed, or from a passage the text does not link;",
             "  or the text implies a result it does not print (the reason gives the value the operands imply).", "",
             "Every contradiction and inconsistency says who slipped: the author's arithmetic, a producer's slip the text",
             "relays (noticed or not), a print or OCR defect, a disagreement between producers (no slip), or a discrepancy",
             "the data explain (shown with its explanation).", "",
             "Four classes are counted apart: stated results recomputed (a total, share, difference or ratio the text",
             "prints), figures printed twice, statements of order and trend, and weak checks (a part is not larger than its",
             "whole, or a share lies within bounds the text sets), which say far less.",
             "Generated by `repression-data reproduce`.", "",
             "| class | " + " | ".join(v.replace("_", " ") for v in VERDICT_ORDER) + " | all |",
             "|---|" + "---|" * (len(VERDICT_ORDER) + 1)]
    for check in CLASS_ORDER:
        group = results[results["check_class"] == check]
        counts = group["verdict"].value_counts()
        lines.append(f"| {CLASS_TITLES[check]} | " + " | ".join(str(int(counts.get(v, 0))) for v in VERDICT_ORDER) + f" | {len(group)} |")
    lines += [""] + findings(results)
    for source_id, by_source in results.groupby("source_id", sort=True):
        source = sources.loc[source_id]
        lines += ["", f"## {source['title']} ({source_id})"]
        for check in CLASS_ORDER:
            group = by_source[by_source["check_class"] == check]
            if group.empty:
                continue
            lines += ["", f"### {CLASS_TITLES[check]}", "",
                      "| id | where | relation | stated | computed | verdict | gap | tolerance used and why |", "|---|---|---|---|---|---|---|---|"]
            for r in group.itertuples(index=False):
                verdict = r.verdict.replace("_", " ")
                if r.verdict in ("not_computable", "consistent_for_some_readings") and not pd.isna(r.reason):
                    verdict = f"{verdict}: {cell(r.reason)}"
                elif r.check_class == "order" and not pd.isna(r.reason):
                    verdict = f"{verdict}: {cell(r.reason)}"
                if not pd.isna(r.slip_kind):
                    verdict = f"{verdict} (who slipped: {r.slip_kind.replace('_', ' ')})"
                basis = cell(r.tolerance_basis)
                if not pd.isna(r.measures):
                    basis = f"{basis} **Measures:** {cell(r.measures)}." if basis else f"**Measures:** {cell(r.measures)}."
                if not pd.isna(r.readings):
                    basis = f"{basis} Readings: {cell(r.readings)}."
                lines.append(f"| {r.relation_id} | {cell(r.locator)} | {cell(r.description)} | {side(r.stated_value, r.stated_low, r.stated_high)} "
                             f"| {side(r.computed_value, r.computed_low, r.computed_high)} | {verdict} | {fmt(r.gap)} | {basis} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    results = gather()
    results.to_csv(OUTPUT / "relations.csv", index=False, lineterminator="\n")
    (OUTPUT / "relations.md").write_text(markdown(results), encoding="utf-8")
    counts = results.groupby(["check_class", "verdict"]).size().to_dict()
    print(f"wrote analysis/output/relations.csv and relations.md: {len(results)} relations {counts}")


if __name__ == "__main__":
    main()
