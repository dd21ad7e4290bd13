"""The years of the terror on one date axis: the dated decisions, campaigns and operations in the data, and
the secret police's yearly arrests.

Decisions: the producers of kind ``decree`` that some claim names, at their date. Campaigns and operations:
the quantities of expulsions from the party and those that set a plan beside its outcome, over their
periods. The yearly series: the arrests of the secret police's yearly table. The span runs from the year of
the first dated decision to the last year of the yearly table. Writes timeline.csv, timeline.md and a chart.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates
import pandas as pd

import repression_data as rd
from kit.charts import COLOURS, finish, plt, thousands
from kit.tables import write

TABLE = "secret_police_arrests_1921_39"


def events(claims: pd.DataFrame) -> pd.DataFrame:
    producers = rd.load("producers")
    decrees = producers[(producers["kind"] == "decree") & producers["producer_id"].isin(claims["producer_id"])]
    rows = [{"start": pd.Timestamp(p.date), "end": pd.Timestamp(p.date), "kind": "decision, order or decree", "what": p.name, "figure": "",
             "claim_ids": ";".join(sorted(claims.loc[claims["producer_id"] == p.producer_id, "claim_id"]))} for p in decrees.itertuples(index=False)]
    quantities = rd.load("quantities")
    chosen = quantities[((quantities["measure"] == "expulsions") & (quantities["category"] == "party_members")) | (quantities["comparison"] == "plan_and_outcome")]
    for q in chosen.dropna(subset=["period_end"]).itertuples(index=False):
        side = rd.compare(q.quantity_id)
        side = side[side["scope"].isin(["same", "plan"])]
        low, high = side["value"].fillna(side["value_low"]).min(), side["value"].fillna(side["value_high"]).max()
        rows.append({"start": q.period_start if not pd.isna(q.period_start) else q.period_end, "end": q.period_end, "kind": "campaign or operation", "what": q.label,
                     "figure": "" if pd.isna(low) else f"{low:,.0f}" if low == high else f"{low:,.0f} to {high:,.0f} (the texts' figures)", "claim_ids": ";".join(side["claim_id"])})
    return pd.DataFrame(rows)


def main() -> None:
    claims = rd.load("claims")
    happened = events(claims)
    yearly = rd.load(TABLE).dropna(subset=["arrests_total"])
    first, last = happened.loc[happened["kind"] == "decision, order or decree", "start"].min().year, int(rd.load(TABLE)["year"].max())
    yearly = yearly[(yearly["year"] >= first) & (yearly["year"] <= last)]
    series = pd.DataFrame({"start": pd.to_datetime(yearly["year"].astype(str) + "-01-01"), "end": pd.to_datetime(yearly["year"].astype(str) + "-12-31"),
                           "kind": "yearly count", "what": "Arrests by the secret police (its yearly table)", "figure": [f"{v:,.0f}" for v in yearly["arrests_total"]],
                           "claim_ids": list(yearly["arrests_total_claim_id"])})
    table = pd.concat([happened[(happened["end"].dt.year >= first) & (happened["start"].dt.year <= last)], series], ignore_index=True)
    table = table.sort_values(["start", "kind", "what"]).reset_index(drop=True)
    table.insert(0, "period", [rd.period_label(s, e) for s, e in zip(table["start"], table["end"])])
    out = table.drop(columns=["start", "end"])
    write("timeline", out, "Timeline: decisions, campaigns and yearly arrests on one date axis",
          [f"{rd.period_label(pd.Timestamp(year=first, month=1, day=1), pd.Timestamp(year=last, month=12, day=31))}: {len(out)} dated entries. A decision's date is its producer's; "
           "a campaign's or operation's period is its quantity's; the yearly count is the secret police's own."])
    chart(table[table["kind"] != "yearly count"].reset_index(drop=True), yearly)


def chart(happened: pd.DataFrame, yearly: pd.DataFrame) -> None:
    height = 4.2 + 0.24 * len(happened)
    fig, (top, ax) = plt.subplots(2, 1, figsize=(10.5, height), sharex=True, gridspec_kw={"height_ratios": [2.2, 0.24 * len(happened)]})
    fig.subplots_adjust(left=0.11, right=0.97, top=1 - 0.55 / height, bottom=1.5 / height, hspace=0.08)
    mid = pd.to_datetime(yearly["year"].astype(str) + "-07-01")
    top.bar(mid, yearly["arrests_total"], width=300, color=COLOURS[5])
    top.set_ylabel("Arrests by the\nsecret police", fontsize=8)
    thousands(top)
    for i, e in happened.iterrows():
        colour = COLOURS[3] if e["kind"] == "decision, order or decree" else COLOURS[0]
        if e["start"] == e["end"]:
            ax.plot(e["start"], -i, "D", color=colour, markersize=5)
        else:
            ax.plot([e["start"], e["end"]], [-i, -i], color=colour, lw=5, solid_capstyle="butt")
        late = e["start"] > happened["start"].min() + (happened["end"].max() - happened["start"].min()) / 2  # the later half: label on the left
        ax.text(e["start"] - pd.Timedelta(days=25) if late else e["end"] + pd.Timedelta(days=25), -i, textwrap.shorten(e["what"], 58),
                va="center", ha="right" if late else "left", fontsize=6.8)
    ax.set_ylim(-len(happened) + 0.3, 0.7)
    ax.set_yticks([])
    ax.xaxis.set_major_locator(matplotlib.dates.YearLocator())
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y"))
    ax.spines["left"].set_visible(False)
    ax.set_xlim(pd.Timestamp(year=int(yearly["year"].min()), month=1, day=1), pd.Timestamp(year=int(yearly["year"].max()) + 1, month=6, day=30))
    handles = [plt.Line2D([], [], marker="D", ls="", color=COLOURS[3]), plt.Line2D([], [], lw=5, color=COLOURS[0])]
    ax.legend(handles, ["decision, order or decree (its date)", "campaign or operation (its period)"], frameon=False, fontsize=7.5, loc="lower left")
    fig.suptitle("Decisions, campaigns and the secret police's yearly arrests on one date axis", fontsize=10.5, x=0.03, ha="left")
    finish(fig, ax, "timeline", [c for ids in happened["claim_ids"] for c in ids.split(";") if c] + list(yearly["arrests_total_claim_id"]), width=170)


if __name__ == "__main__":
    main()
