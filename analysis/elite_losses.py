"""Losses of the elite and of the party.

Checks the relations of the theme and draws, choosing the figures from the relations (nothing typed):
- the theme's "x out of y" relations whose whole is the size of a body (Central Committee, congress
  delegates, marshals, army commanders...), as shares, each repeat drawn once; and the stated totals of
  names on lists, with the share of each sentence in them;
- the theme's stated totals of party members by year, one panel per total (one measure, one producer each),
  the years on a date axis and the stated total beside them.
"""

from __future__ import annotations

import textwrap

import numpy as np

import repression_data as rd
from kit.charts import COLOURS, finish, plt, thousands, write_relations
from kit.names import producer_of, reading, text_names
from kit.relations import pairs, sums

THEME = "elite_losses"


def elite_shares() -> None:
    claims = rd.load("claims").set_index("claim_id")
    measures, categories, texts = rd.load("measures").set_index("term"), rd.load("categories").set_index("term"), text_names()
    labels, shares, colours, ids = [], [], [], []
    for _, part, whole, other in pairs(THEME, "body_membership"):
        p, w = claims.loc[part], claims.loc[whole]
        if p["measure"] == w["measure"]:  # "25 are left" of a body is not a loss
            continue
        again = f"; printed again: {', '.join(sorted(set(other)))}" if other else ""
        labels.append(textwrap.fill(f"{categories.at[w['category'], 'label']}: {measures.at[p['measure'], 'label'].lower()} "
                                    f"({producer_of(p)}; {texts[p['source_id']]}, {p['locator']}{again})", 70) + f"\n{reading(p)} of {reading(w)}")
        shares.append(100 * p["value"] / w["value"])
        colours.append(COLOURS[3])
        ids += [part, whole, *other]
    names_totals = sums(THEME)
    names_totals = names_totals[names_totals["total"].map(lambda c: claims.at[c, "measure"]) == "names_on_lists"]
    for _, total in names_totals.iterrows():
        t = claims.loc[total["total"]]
        for part in total["parts"]:
            c = claims.loc[part]
            labels.append(textwrap.fill(f"{measures.at[c['measure'], 'label']} ({texts[c['source_id']]}, {c['locator']}): \"{c['quote']}\"", 70)
                          + f"\n{reading(c)} of {reading(t)} {measures.at[t['measure'], 'label'].lower()}")
            shares.append(100 * c["value"] / t["value"])
            colours.append(COLOURS[4])
        ids += [total["total"], *total["parts"]]
    lines = [label.count("\n") + 1 for label in labels]
    height = 1.9 + 0.16 * sum(lines) + 0.12 * len(labels)
    y = -np.cumsum([0] + [0.5 * (a + b) + 0.75 for a, b in zip(lines, lines[1:])])
    fig, ax = plt.subplots(figsize=(10.5, height))
    fig.subplots_adjust(bottom=1.1 / height, left=0.52, right=0.97, top=1 - 0.55 / height)
    ax.barh(y, shares, color=colours, height=1.6)
    for yi, s in zip(y, shares):
        ax.text(s + 1, yi, f"{s:.0f}%" if s >= 1 else f"{s:.1f}%", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=7.5)
    ax.set_ylim(y[-1] - 1.5, 1.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Percent, computed from the printed counts", fontsize=8.5)
    handles = [plt.Rectangle((0, 0), 1, 1, color=COLOURS[3]), plt.Rectangle((0, 0), 1, 1, color=COLOURS[4])]
    ax.legend(handles, ["share of the body", "share of the names on the lists"], frameon=False, fontsize=8, loc="lower right")
    ax.set_title("Elite losses as shares of their bodies, and the sentences on the lists", fontsize=10.5, loc="right")
    finish(fig, ax, "elite_losses_shares", ids)


def party_by_year() -> None:
    claims = rd.load("claims").set_index("claim_id")
    measures, texts = rd.load("measures").set_index("term"), text_names()
    totals = sums(THEME)
    totals = totals[totals["parts"].map(lambda ps: all(claims.at[p, "category"] == "party_members" for p in ps))]
    fig, axes = plt.subplots(1, len(totals), figsize=(4.6 * len(totals) + 0.6, 6), sharey=True, squeeze=False)
    fig.subplots_adjust(bottom=0.3, top=0.8, wspace=0.25)
    ids, top = [], max(claims.loc[[p for ps in totals["parts"] for p in ps], "value"].max(), claims.loc[list(totals["total"]), "value"].max())
    for i, (ax, (_, total)) in enumerate(zip(axes[0], totals.iterrows())):
        parts, t = claims.loc[total["parts"]], claims.loc[total["total"]]
        years = [rd.period_label(s, e) for s, e in zip(parts["period_start"], parts["period_end"])]
        bars = ax.bar(years, parts["value"], color=COLOURS[i], width=0.6)
        for bar, v in zip(bars, parts["value"]):
            ax.text(bar.get_x() + bar.get_width() / 2, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=8)
        ax.set_title(textwrap.fill(f"{measures.at[parts['measure'].iloc[0], 'label']}: {producer_of(parts.iloc[0])}", 42), fontsize=9)
        stated = f"The text's total, {rd.period_label(t['period_start'], t['period_end'])}: {reading(t)} ({measures.at[t['measure'], 'label'].lower()}; {texts[t['source_id']]}, {t['locator']}: \"{t['quote']}\"; producer: {producer_of(t)})"
        ax.text(0, -0.14, textwrap.fill(stated, 60), transform=ax.transAxes, ha="left", va="top", fontsize=7.5, color="#333333")
        thousands(ax)
        ids += [*total["parts"], total["total"]]
    axes[0][0].set_ylabel("Party members")
    axes[0][0].set_ylim(0, top * 1.15)
    fig.suptitle("Party members by year, as each producer counts them: each panel one measure", fontsize=10.5, x=0.02, ha="left")
    finish(fig, axes[0][0], "party_members_by_year", ids)


def main() -> None:
    write_relations(THEME)
    elite_shares()
    party_by_year()


if __name__ == "__main__":
    main()
