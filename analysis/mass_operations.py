"""The mass operations of 1937-38: Order No. 00447 and its limits, and the sizes of the operations.

Checks the relations of the theme and draws:
- Order 00447 limits by region and category (the rows the OCR kept);
- the sizes of the mass operations of 1937-38 as each text gives them.
"""

from __future__ import annotations

import numpy as np

import repression_data as rd
from chartkit import COLOURS, finish, plt, thousands, write_relations

THEME = "mass_operations"

# The figures each text gives for the size of an operation, grouped by operation.
# (claim ids only: the values, words and producers come from the claims table)
OPERATION_SIZES = {
    "Order No. 00447 (kulak operation)": ["RM-0011", "RM-0012", "RM-0013", "RM-0014", "RM-0016"],
    "National operations": ["RM-0018", "RM-0019", "RM-0020"],
    "All executions and death sentences, 1937-38": ["GN-0542", "GN-0335", "GN-0008", "RM-0030", "HR-0011"],
    "All arrests, 1937-38": ["GN-0515", "GN-0541"],
}


def short_producer(attributed_to) -> str:
    """The producer's name without its citation details."""
    if not isinstance(attributed_to, str):
        return "the text's own figure"
    for cut in (" (", ", via", ", vol", ", p."):
        attributed_to = attributed_to.split(cut)[0]
    return attributed_to[:60]


def limits_by_region() -> None:
    t = rd.load("order_00447_limits").dropna(subset=["total"]).sort_values("total")
    y = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    fig.subplots_adjust(bottom=0.22, left=0.22)
    ax.barh(y, t["first_category"], color=COLOURS[3], label="First category (to be shot)")
    ax.barh(y, t["second_category"], left=t["first_category"], color=COLOURS[0], label="Second category (8-10 years of camp or prison)")
    for yi, total in zip(y, t["total"]):
        ax.text(total + 100, yi, f"{total:,.0f}", va="center", fontsize=8)
    ax.set_yticks(y, t["region"])
    ax.set_xlabel("Persons (limits set by the order: a plan, not an outcome)")
    thousands(ax, "x")
    ax.set_title("Order No. 00447 limits by republic, 30 July 1937 (Document 170)")
    ax.legend(frameon=False, loc="lower right")
    lost = int(rd.load("order_00447_limits")["total"].isna().sum())
    ax.text(0.99, 0.3, f"The OCR kept these {len(t)} rows;\nthe numbers of {lost} other regions are lost.", transform=ax.transAxes, ha="right", fontsize=8, color="#444444")
    ids = [c for col in ("first_category", "second_category", "total") for c in t[f"{col}_claim_id"]]
    finish(fig, ax, "order_00447_limits", ids)


def operation_sizes() -> None:
    claims = rd.load("claims").set_index("claim_id")
    sources = rd.load("sources").set_index("source_id")
    fig, ax = plt.subplots(figsize=(10, 7.5))
    fig.subplots_adjust(bottom=0.14, left=0.04, right=0.98, top=0.9)
    y, labels, ticks = 0, [], []
    measure_colour = {"executions": COLOURS[3], "death_sentences": COLOURS[4], "arrests": COLOURS[0], "repressed": COLOURS[2]}
    for group, ids in OPERATION_SIZES.items():
        ax.text(0, y + 0.3, group, fontsize=10, fontweight="bold")
        y -= 1
        for claim_id in ids:
            c = claims.loc[claim_id]
            value = c["value"] if not np.isnan(c["value"]) else c["value_low"]
            ax.barh(y, value, color=measure_colour.get(c["measure"], COLOURS[7]), height=0.7)
            if not np.isnan(c["value_high"]):
                ax.plot([c["value_low"], c["value_high"]], [y, y], color="black", lw=2)
            who = short_producer(c["attributed_to"])
            if c["period_start"] != c["period_start"]:  # NaT: the text gives no period
                who += "; no period given"
            text_short = sources.loc[c["source_id"], "authors"]
            text_short = text_short.split(",")[0] if isinstance(text_short, str) else "web page"
            qualifier = {"approx": "about ", "more_than": "more than ", "at_least": "at least "}.get(c["qualifier"], "")
            ax.text(max(value, c["value_high"] if not np.isnan(c["value_high"]) else 0) + 15000, y,
                    f"{c['measure'].replace('_', ' ')}: {qualifier}{c['value_printed']} ({text_short}; {who})", va="center", fontsize=7.5)
            y -= 1
        y -= 0.5
    ax.set_yticks([])
    ax.set_xlim(0, 2_700_000)
    thousands(ax, "x")
    ax.set_xlabel("Persons")
    ax.set_title("How big were the mass operations of 1937-38? Each figure as a text gives it", pad=28)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in measure_colour.values()]
    ax.legend(handles, [m.replace("_", " ") for m in measure_colour], frameon=False, loc="center right", bbox_to_anchor=(1.0, 0.6), fontsize=8)
    ids = [i for group in OPERATION_SIZES.values() for i in group]
    finish(fig, ax, "mass_operation_sizes", ids, width=150)


def main() -> None:
    write_relations(THEME)
    limits_by_region()
    operation_sizes()


if __name__ == "__main__":
    main()
