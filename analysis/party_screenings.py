"""Party screenings, 1935-37 (Tables 1-4 of Getty and Naumov).

Checks the relations of the theme and draws:
- the 1935 verification funnel by region (files sent, expelled, arrested);
- reasons for expulsion, as two producers give them (Table 2);
- oppositionists' share of expulsions across the 1935-37 campaigns;
- expulsion rate by post (Table 4).
"""

from __future__ import annotations

import numpy as np

import repression_data as rd
from kit.charts import COLOURS, finish, plt, thousands, write_relations
from kit.names import span

THEME = "party_screenings"


def claim_ids(table, columns) -> list[str]:
    ids = []
    for column in columns:
        ids += [c for c in table[f"{column}_claim_id"] if isinstance(c, str)]
    return ids


def producer_of(claim_ids) -> str:
    """The name of the producer of a column's claims (from the producers table), wrapped for a legend."""
    import textwrap

    claims = rd.load("claims").set_index("claim_id").loc[[c for c in claim_ids if isinstance(c, str)]]
    producers = rd.load("producers").set_index("producer_id")
    names = [producers.at[p, "name"] if isinstance(p, str) else a for p, a in zip(claims["producer_id"], claims["attributed_to"])]
    return textwrap.fill("; ".join(dict.fromkeys(n for n in names if isinstance(n, str))), 45)


def verification_funnel() -> None:
    t = rd.load("party_verification_1935")
    steps = [("files_sent", "NKVD files sent to party organizations"), ("expelled", "Expelled by the party"), ("arrested", "Arrested by the NKVD")]
    x = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    fig.subplots_adjust(bottom=0.2)
    for i, (column, label) in enumerate(steps):
        bars = ax.bar(x + (i - 1) * 0.27, t[column], 0.27, color=COLOURS[i], label=label)
        for bar, value in zip(bars, t[column]):
            ax.text(bar.get_x() + bar.get_width() / 2, value, f"{value:,.0f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, t["region"])
    ax.set_ylim(0, t[[c for c, _ in steps]].max().max() * 1.12)  # room for the labels above the bars
    ax.set_ylabel("Persons")
    thousands(ax)
    ax.set_title(f"The party verification: from NKVD file to arrest, by region, {span(claim_ids(t, [c for c, _ in steps]))}")
    ax.legend(frameon=False)
    finish(fig, ax, "verification_funnel_1935", claim_ids(t, ["files_sent", "expelled", "arrested"]))


def expulsion_reasons() -> None:
    t = rd.load("expulsion_reasons_1935_36").iloc[::-1]
    y = np.arange(len(t))
    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    fig.subplots_adjust(bottom=0.2, left=0.3)
    ax.barh(y + 0.2, t["yezhov_1935_pct"].fillna(0), 0.4, color=COLOURS[0], label=producer_of(t["yezhov_1935_pct_claim_id"]))
    ax.barh(y - 0.2, t["malenkov_1937_pct"], 0.4, color=COLOURS[1], label=producer_of(t["malenkov_1937_pct_claim_id"]))
    for yi, v in zip(y, t["yezhov_1935_pct"]):
        ax.text((0 if np.isnan(v) else v) + 0.5, yi + 0.2, "not given" if np.isnan(v) else f"{v:.1f}", va="center", fontsize=8)
    for yi, v in zip(y, t["malenkov_1937_pct"]):
        ax.text(v + 0.5, yi - 0.2, f"{v:.1f}", va="center", fontsize=8)
    ax.set_yticks(y, t["reason"])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Percent of all expelled")
    ax.set_title(f"Reasons for expulsion from the party, {span(claim_ids(t, ['yezhov_1935_pct', 'malenkov_1937_pct']))}")
    ax.legend(frameon=False, loc="upper right")
    finish(fig, ax, "expulsion_reasons", claim_ids(t, ["yezhov_1935_pct", "malenkov_1937_pct"]))


def oppositionist_share() -> None:
    t = rd.load("oppositionist_expulsions_1935_37")
    fig, ax = plt.subplots(figsize=(8, 5))
    fig.subplots_adjust(bottom=0.2)
    bars = ax.bar(t["campaign"], t["oppositionists_pct_of_expelled"], color=COLOURS[3])
    for bar, pct, n, total in zip(bars, t["oppositionists_pct_of_expelled"], t["oppositionists_expelled"], t["expelled"]):
        ax.text(bar.get_x() + bar.get_width() / 2, pct + 1, f"{pct:.1f}%\n({n:,.0f} of {total:,.0f})", ha="center", fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_ylabel("Trotskyists/Zinovievists, % of those expelled")
    ax.set_title(f"Oppositionists' share of expulsions, by campaign, {span(claim_ids(t, ['oppositionists_pct_of_expelled']))}")
    finish(fig, ax, "oppositionist_share_of_expulsions", claim_ids(t, ["oppositionists_pct_of_expelled", "oppositionists_expelled", "expelled"]))


def expulsion_rate_by_post() -> None:
    t = rd.load("cadre_verification_1935_37")
    fig, ax = plt.subplots(figsize=(8, 5))
    fig.subplots_adjust(bottom=0.2, left=0.28)
    y = np.arange(len(t))[::-1]
    colours = [COLOURS[4] if post == "Totals" else COLOURS[5] for post in t["post"]]
    ax.barh(y, t["expelled_pct"], color=colours)
    for yi, pct, n, checked in zip(y, t["expelled_pct"], t["expelled"], t["checked"]):
        ax.text(pct + 0.1, yi, f"{pct:.1f}% ({n:,.0f} of {checked:,.0f})", va="center", fontsize=8)
    ax.set_yticks(y, t["post"])
    ax.set_xlim(0, 12)
    ax.set_xlabel("Expelled, % of those checked by the CC")
    ax.set_title(f"Expulsion rate by party post, {span(claim_ids(t, ['expelled_pct']))}")
    finish(fig, ax, "expulsion_rate_by_post", claim_ids(t, ["expelled_pct", "expelled", "checked"]))


def main() -> None:
    write_relations(THEME)
    verification_funnel()
    expulsion_reasons()
    oppositionist_share()
    expulsion_rate_by_post()


if __name__ == "__main__":
    main()
