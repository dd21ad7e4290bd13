"""Secret police statistics (Table 5 and Appendix One of Getty and Naumov).

Checks the relations of the theme and draws:
- arrests by year 1921-38, counterrevolutionary against other, 1937-38 marked;
- Appendix One's comparison of periods: political share of arrests and conviction rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import repression_data as rd
from kit.charts import COLOURS, finish, plt, thousands, write_relations

THEME = "secret_police_statistics"
# Appendix One's stated shares, by period: (political share of arrests, share convicted).
PERIOD_CLAIMS = {"1921-29": ("GN-0521", "GN-0522"), "1930-36": ("GN-0519", "GN-0520"), "1937-38": ("GN-0516", "GN-0518")}
PERIOD_YEARS = {"1921-29": (1921, 1929), "1930-36": (1930, 1936), "1937-38": (1937, 1938)}


def bounds(table, column: str) -> tuple[pd.Series, pd.Series]:
    """Each cell's value, or for an undecided print (empty value) the bounds of its candidate readings."""
    claims = rd.load("claims").set_index("claim_id")
    ids = table[f"{column}_claim_id"]
    low = table[column].copy()
    high = table[column].copy()
    for year, claim_id in ids.items():
        if pd.isna(low[year]) and isinstance(claim_id, str):
            low[year], high[year] = claims.at[claim_id, "value_low"], claims.at[claim_id, "value_high"]
    return low, high


def arrests_by_year() -> None:
    table = rd.load("secret_police_arrests_1921_39").set_index("year").loc[1921:1938]
    political = table["arrests_counterrevolutionary"]
    total_low, total_high = bounds(table, "arrests_total")
    other = total_low - political
    fig, ax = plt.subplots(figsize=(9, 5.2))
    fig.subplots_adjust(bottom=0.2)
    ax.axvspan(1936.5, 1938.5, color="#dddddd", zorder=0)
    ax.text(1937.5, (total_high.max()) * 1.02, "1937-38", ha="center", fontsize=9)
    ax.bar(table.index, political, color=COLOURS[0], label='For "counterrevolutionary" crimes')
    ax.bar(table.index, other, bottom=political, color=COLOURS[1], label="For other crimes (total minus counterrevolutionary)")
    undecided = total_high > total_low
    if undecided.any():
        ax.bar(table.index[undecided], (total_high - total_low)[undecided], bottom=total_low[undecided], color="white",
               edgecolor=COLOURS[1], hatch="////", label="Total undecided: its candidate readings span the hatched range")
    ax.set_title("Secret police (GPU, OGPU, NKVD) arrests by year, 1921-1938")
    ax.set_ylabel("Persons arrested")
    ax.set_xticks(table.index, [str(y) for y in table.index], rotation=90)
    ax.set_ylim(0, total_high.max() * 1.1)
    thousands(ax)
    ax.legend(frameon=False, loc="upper left")
    ids = list(table["arrests_total_claim_id"]) + list(table["arrests_counterrevolutionary_claim_id"])
    finish(fig, ax, "secret_police_arrests_by_year", ids)


def period_comparison() -> None:
    claims = rd.load("claims").set_index("claim_id")
    table = rd.load("secret_police_arrests_1921_39").set_index("year")
    labels = list(PERIOD_CLAIMS)
    political = [claims.at[p, "value"] for p, _ in PERIOD_CLAIMS.values()]
    convicted = [claims.at[c, "value"] for _, c in PERIOD_CLAIMS.values()]
    total_low, total_high = bounds(table, "arrests_total")
    computed_low, computed_high = [], []
    for start, end in PERIOD_YEARS.values():
        political_sum = table.loc[start:end, "arrests_counterrevolutionary"].sum()
        computed_low.append(100 * political_sum / total_high.loc[start:end].sum())
        computed_high.append(100 * political_sum / total_low.loc[start:end].sum())
    computed = [(a + b) / 2 for a, b in zip(computed_low, computed_high)]
    x = np.arange(len(labels))
    fig, ax = plt.subplots(figsize=(8, 5))
    fig.subplots_adjust(bottom=0.2)
    ax.bar(x - 0.2, political, 0.4, color=COLOURS[0], label="Arrested for political reasons (% of arrests, as stated)")
    ax.bar(x + 0.2, convicted, 0.4, color=COLOURS[2], label="Convicted (% of those arrested, as stated)")
    ax.scatter(x - 0.2, computed, color="black", marker="D", zorder=3,
               label="Political share recomputed from Table 5 (a bar marks the range an undecided print allows)")
    ax.vlines(x - 0.2, computed_low, computed_high, color="black", zorder=3)
    for xi, v in zip(x, political):  # inside the bar, clear of the recomputed marker at its top
        ax.text(xi - 0.2, v - 8, f"{v:.0f}%", ha="center", fontsize=9, color="white")
    for xi, v in zip(x, convicted):
        ax.text(xi + 0.2, v - 8, f"{v:.0f}%", ha="center", fontsize=9, color="white")
    ax.set_xticks(x, [f"{claims.at[p, 'period_start'].year}-{str(claims.at[p, 'period_end'].year)[2:]}" for p, _ in PERIOD_CLAIMS.values()])
    ax.set_ylim(0, 100)
    ax.set_ylabel("Percent")
    ax.set_title("Political arrests and convictions by period (Appendix One)")
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    ids = [i for pair in PERIOD_CLAIMS.values() for i in pair]
    finish(fig, ax, "appendix_one_period_comparison", ids)


def main() -> None:
    write_relations(THEME)
    arrests_by_year()
    period_comparison()


if __name__ == "__main__":
    main()
