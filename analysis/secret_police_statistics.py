"""Secret police statistics (the book's table of arrests by year, and Appendix One's shares by period).

Checks the relations of the theme and draws:
- arrests by year, counterrevolutionary against other, on a year axis, the periods Appendix One compares
  shaded (the periods of its stated shares);
- Appendix One's shares by period, as stated, with the engine's recomputation from the yearly table.
Which shares are Appendix One's comes from the relations: the theme's percentages whose base is the yearly
table's arrest totals (or a stated sum of them); nothing is typed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import repression_data as rd
from kit.charts import COLOURS, finish, plt, thousands, write_relations
from kit.relations import operands, sums

THEME = "secret_police_statistics"
TABLE = "secret_police_arrests_1921_39"


def bounds(table, column: str) -> tuple[pd.Series, pd.Series]:
    """Each cell's value, or for an undecided print (empty value) the bounds of its candidate readings."""
    claims = rd.load("claims").set_index("claim_id")
    low, high = table[column].astype(float), table[column].astype(float)
    for year, claim_id in table[f"{column}_claim_id"].items():
        if pd.isna(low[year]) and isinstance(claim_id, str):
            low[year], high[year] = claims.at[claim_id, "value_low"], claims.at[claim_id, "value_high"]
    return low, high


def stated_shares(evaluated: pd.DataFrame) -> pd.DataFrame:
    """The theme's percentages whose base is the yearly table's cells or a stated sum of them, with the result claim."""
    table = rd.load(TABLE)
    cells = set(table[[c for c in table.columns if c.endswith("_claim_id")]].stack())
    base = cells | {s.total for s in sums(THEME).itertuples() if set(s.parts) <= cells}
    relations = rd.load("relations").set_index("relation_id")
    chosen = [r for r in evaluated[evaluated["operation"] == "percent"].itertuples(index=False)
              if len(sides := operands(relations.loc[r.relation_id])) == 2 and sides[1] and set(sides[1]) <= base]
    claims = rd.load("claims").set_index("claim_id")
    rows = pd.DataFrame(chosen)
    rows["result"] = [relations.at[r, "result"] for r in rows["relation_id"]]
    return rows.join(claims[["measure", "category", "period_start", "period_end", "value"]], on="result").sort_values(["period_start", "measure"])


def arrests_by_year(shares: pd.DataFrame) -> None:
    table = rd.load(TABLE).set_index("year")
    table = table[table["arrests_total_claim_id"].notna()]
    political = table["arrests_counterrevolutionary"].astype(float)
    total_low, total_high = bounds(table, "arrests_total")
    fig, ax = plt.subplots(figsize=(9, 5.4))
    fig.subplots_adjust(bottom=0.2, top=0.88)
    periods = shares.drop_duplicates(["period_start", "period_end"])
    for i, p in enumerate(periods.itertuples(index=False)):  # the periods Appendix One compares, as its claims date them
        ax.axvspan(max(p.period_start.year, table.index.min()) - 0.5, min(p.period_end.year, table.index.max()) + 0.5, color="#e8e8e8" if i % 2 else "#d4d4d4", zorder=0)
        ax.text((max(p.period_start.year, table.index.min()) + min(p.period_end.year, table.index.max())) / 2, total_high.max() * 1.3, rd.period_label(p.period_start, p.period_end), ha="center", fontsize=8)
    ax.bar(table.index, political, color=COLOURS[0], label='For "counterrevolutionary" crimes')
    ax.bar(table.index, total_low - political, bottom=political, color=COLOURS[1], label="For other crimes (total minus counterrevolutionary)")
    undecided = total_high > total_low
    if undecided.any():
        ax.bar(table.index[undecided], (total_high - total_low)[undecided], bottom=total_low[undecided], color="white",
               edgecolor=COLOURS[1], hatch="////", label="Total undecided: its candidate readings span the hatched range")
    ax.set_title(f"Secret police (GPU, OGPU, NKVD) arrests by year, {rd.period_label(pd.Timestamp(year=table.index.min(), month=1, day=1), pd.Timestamp(year=table.index.max(), month=12, day=31))}"
                 f"\nshaded: the periods {shares['locator'].iloc[0]} compares", fontsize=10.5)
    ax.set_ylabel("Persons arrested")
    ax.set_xticks(table.index, [str(y) for y in table.index], rotation=90)
    ax.set_ylim(0, total_high.max() * 1.36)
    thousands(ax)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, 0.93), fontsize=8)
    finish(fig, ax, "secret_police_arrests_by_year", list(table["arrests_total_claim_id"]) + list(table["arrests_counterrevolutionary_claim_id"]) + list(shares["result"]))


def period_comparison(shares: pd.DataFrame) -> None:
    measures, categories = rd.load("measures").set_index("term"), rd.load("categories").set_index("term")
    periods = list(dict.fromkeys(zip(shares["period_start"], shares["period_end"])))
    series = list(dict.fromkeys(zip(shares["measure"], shares["category"])))
    x, width = np.arange(len(periods)), 0.8 / len(series)
    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    fig.subplots_adjust(bottom=0.2)
    for i, (measure, category) in enumerate(series):
        rows = shares[(shares["measure"] == measure) & (shares["category"] == category)].set_index(["period_start", "period_end"]).reindex(periods)
        at = x + (i - (len(series) - 1) / 2) * width
        ax.bar(at, rows["value"], width, color=COLOURS[[0, 2, 3, 4][i % 4]], label=f"{measures.at[measure, 'label']} ({categories.at[category, 'label'].lower()}), % as stated")
        for xi, v in zip(at, rows["value"]):
            ax.text(xi, v - 8, f"{v:.0f}%", ha="center", fontsize=9, color="white")
        done = rows["computed_low"].notna()
        ax.vlines(at[done], rows["computed_low"][done] - 0.6, rows["computed_high"][done] + 0.6, color="black", lw=3, zorder=3,
                  label="Recomputed from the yearly table (the span an undecided print allows)" if i == 0 else None)
    ax.set_xticks(x, [rd.period_label(s, e) for s, e in periods])
    ax.set_ylim(0, 100)
    ax.set_ylabel("Percent")
    ax.set_title(f"Political arrests and convictions by period, as {shares['locator'].iloc[0]} states them")
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    ax.text(0.99, -0.13, "No black mark: the text's base is a figure it does not print (not computable).", transform=ax.transAxes, ha="right", fontsize=7.5, color="#444444")
    finish(fig, ax, "appendix_one_period_comparison", list(shares["result"]))


def main() -> None:
    evaluated = write_relations(THEME)
    shares = stated_shares(evaluated)
    arrests_by_year(shares)
    period_comparison(shares)


if __name__ == "__main__":
    main()
