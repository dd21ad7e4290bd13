"""The mass operations of 1937-38: Order No. 00447 and its limits, and the sizes of the operations.

Checks the relations of the theme and draws:
- Order 00447 limits by region and category (the rows the OCR kept).

The limits against the outcomes, the national operations and the executions
of 1937-38 by producer are drawn from the quantities by comparisons.py.
"""

from __future__ import annotations

import textwrap

import numpy as np

import repression_data as rd
from kit.charts import COLOURS, finish, plt, thousands, write_relations

THEME = "mass_operations"


def limits_by_region() -> None:
    t = rd.load("order_00447_limits").dropna(subset=["total"]).sort_values("total")
    claims = rd.load("claims").set_index("claim_id")
    measures = rd.load("measures").set_index("term")
    producers = rd.load("producers").set_index("producer_id")
    first, second = claims.loc[t["first_category_claim_id"].iloc[0]], claims.loc[t["second_category_claim_id"].iloc[0]]

    def legend(measure: str) -> str:  # the vocabulary's label and the first sentence of its description
        return f"{measures.at[measure, 'label']}: {measures.at[measure, 'description'].split('. ')[0].rstrip('.')}"

    y = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(9.5, 5.6))
    fig.subplots_adjust(bottom=0.2, left=0.2, right=0.97, top=0.86)
    ax.barh(y, t["first_category"], color=COLOURS[3], hatch="//", edgecolor="white", label=textwrap.fill(legend(first["measure"]), 60))
    ax.barh(y, t["second_category"], left=t["first_category"], color=COLOURS[0], hatch="//", edgecolor="white", label=textwrap.fill(legend(second["measure"]), 60))
    for yi, total in zip(y, t["total"]):
        ax.text(total + 100, yi, f"{total:,.0f}", va="center", fontsize=8)
    ax.set_yticks(y, t["region"])
    ax.set_xlim(0, t["total"].max() * 1.1)
    ax.set_xlabel("Persons (limits, hatched: a plan, not an outcome; the outcomes exist for the whole country only)")
    thousands(ax, "x")
    producer = producers.at[first["producer_id"], "name"] if isinstance(first["producer_id"], str) else first["attributed_to"]
    ax.set_title(textwrap.fill(f"Limits by republic: {producer}", 80), fontsize=10.5)
    ax.legend(frameon=False, loc="lower right", fontsize=8)
    lost = int(rd.load("order_00447_limits")["total"].isna().sum())
    ax.text(0.99, 0.33, f"The OCR kept these {len(t)} rows;\nthe numbers of {lost} other regions are lost.", transform=ax.transAxes, ha="right", fontsize=8, color="#444444")
    ids = [c for col in ("first_category", "second_category", "total") for c in t[f"{col}_claim_id"]]
    finish(fig, ax, "order_00447_limits", ids)


def main() -> None:
    write_relations(THEME)
    limits_by_region()


if __name__ == "__main__":
    main()
