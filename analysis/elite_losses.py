"""Losses of the elite and of the party, 1937-38.

Checks the relations of the theme and draws:
- elite losses as shares of their bodies (CC members, congress delegates,
  marshals, army commanders) and the Stalin lists by sentence;
- party members repressed or expelled in 1937-38, by source.
"""

from __future__ import annotations

import textwrap

import numpy as np

import repression_data as rd
from kit.charts import COLOURS, finish, plt, thousands, write_relations

THEME = "elite_losses"

# (claim of the part, claim of the whole): the shares the texts give as "x out of y"; the words come from the claims.
SHARES = [("RM-0045", "RM-0046"), ("RM-0048", "RM-0047"), ("HR-0012", "HR-0013"), ("HR-0014", "HR-0015")]
# The Stalin lists of 1938 (Reiman): names, and sentences by kind.
LISTS_TOTAL = "RM-0036"
LISTS_SENTENCES = ["RM-0037", "RM-0038", "RM-0040"]  # the words are the claims' quotes

# Party members repressed or expelled in 1937 and 1938, by source: the claims for 1937 and for 1938 (labels from their producer and measure).
PARTY_BY_SOURCE = [("RM-0051", "RM-0052"), ("RM-0065", "RM-0066")]
LATER_SOURCES = "RM-0054"


def text_name(source_id: str) -> str:
    source = rd.load("sources").set_index("source_id").loc[source_id]
    return source["authors"].split(",")[0] if isinstance(source["authors"], str) else "web page"


def producer_name(claim) -> str:
    producers = rd.load("producers").set_index("producer_id")
    return producers.at[claim["producer_id"], "name"] if isinstance(claim["producer_id"], str) else f"{text_name(claim['source_id'])}'s own figure"


def elite_shares() -> None:
    claims = rd.load("claims").set_index("claim_id")
    labels, shares, ids = [], [], []
    categories = rd.load("categories").set_index("term")
    measures = rd.load("measures").set_index("term")
    for part, whole in SHARES:
        p, w = claims.at[part, "value"], claims.at[whole, "value"]
        label = f"{categories.at[claims.at[part, 'category'], 'label']}: {measures.at[claims.at[part, 'measure'], 'label'].lower()} ({text_name(claims.at[part, 'source_id'])})"
        labels.append(f"{label}\n{p:,.0f} of {w:,.0f}")
        shares.append(100 * p / w)
        ids += [part, whole]
    list_ids = [LISTS_TOTAL] + LISTS_SENTENCES
    names = claims.at[LISTS_TOTAL, "value"]
    for claim_id in LISTS_SENTENCES:
        c = claims.loc[claim_id]
        label = textwrap.fill(f"{measures.at[c['measure'], 'label']} ({text_name(c['source_id'])}, {c['locator']}): \"{c['quote']}\"", 60)
        labels.append(f"{label}\n{c['value']:,.0f} of {names:,.0f} {measures.at[claims.at[LISTS_TOTAL, 'measure'], 'label'].lower()}")
        shares.append(100 * c["value"] / names)
    ids += list_ids
    y = np.arange(len(labels))[::-1]
    fig, ax = plt.subplots(figsize=(10, 6.6))
    fig.subplots_adjust(bottom=0.16, left=0.45, right=0.97)
    ax.barh(y, shares, color=[COLOURS[3]] * len(SHARES) + [COLOURS[4]] * (len(labels) - len(SHARES)))
    for yi, s in zip(y, shares):
        ax.text(s + 1, yi, f"{s:.0f}%" if s >= 1 else f"{s:.1f}%", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Percent of the body or of the names on the lists\n(computed from the printed counts)", fontsize=9)
    ax.set_title("Elite losses as shares, 1937-38")
    finish(fig, ax, "elite_losses_shares", ids)


def party_by_source() -> None:
    claims = rd.load("claims").set_index("claim_id")
    fig, ax = plt.subplots(figsize=(8.5, 6.4))
    fig.subplots_adjust(bottom=0.33, top=0.9)
    x = np.arange(2)
    ids, highest = [], 0.0
    measures = rd.load("measures").set_index("term")
    for i, (y1937, y1938) in enumerate(PARTY_BY_SOURCE):
        c = claims.loc[y1937]
        label = textwrap.fill(f"{producer_name(c)}: {measures.at[c['measure'], 'label'].lower()}", 50)
        values = [claims.at[y1937, "value"], claims.at[y1938, "value"]]
        bars = ax.bar(x + (i - 0.5) * 0.38, values, 0.38, color=COLOURS[i], label=label)
        for bar, v in zip(bars, values):
            ax.text(bar.get_x() + bar.get_width() / 2, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=8)
        ids += [y1937, y1938]
        highest = max(highest, *values)
    ax.set_ylim(0, highest * 1.35)
    later = claims.loc[LATER_SOURCES]
    qualifier = {"more_than": "more than ", "approx": "about ", "at_least": "at least "}.get(later["qualifier"], "")
    ax.text(0.02, 0.97, textwrap.fill(f"{later['period_start'].year}-{str(later['period_end'].year)[2:]} together, {qualifier}{later['value']:,.0f} "
                                      f"({measures.at[later['measure'], 'label'].lower()}; {text_name(later['source_id'])}, {later['locator']}: \"{later['quote']}\"); "
                                      f"producer: {producer_name(later)}", 110),
            transform=ax.transAxes, ha="left", va="top", fontsize=7.5, color="#333333")
    ids.append(LATER_SOURCES)
    ax.set_xticks(x, [str(claims.at[PARTY_BY_SOURCE[0][0], "period_start"].year), str(claims.at[PARTY_BY_SOURCE[0][1], "period_start"].year)])
    ax.set_ylabel("Party members")
    thousands(ax)
    ax.set_title("Party members repressed or expelled, 1937 and 1938, by source")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.1), fontsize=8)
    finish(fig, ax, "party_members_by_source", ids)


def main() -> None:
    write_relations(THEME)
    elite_shares()
    party_by_source()


if __name__ == "__main__":
    main()
