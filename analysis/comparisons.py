"""Charts the texts discuss, drawn from the quantities and the claims: every figure as a bar, labelled with its reading and producer.

- limits against outcomes (each plan_and_outcome quantity, by category: Order 00447);
- the national operations (the quantities of the category national_minorities, with the figures beside them);
- camp population (stocks and changes, as the texts give them);
- expulsions from the party by campaign (the expulsion quantities, and the shares of the membership the texts give).

Which figures go together comes from data/raw/quantities.csv and
data/raw/quantity_members.csv (through rd.compare), or from the claims'
measure, category and region; every label (reading, producer, text,
locator, period, scope) from the data. A bar never runs past a bound the
figure gives: a range is a floating bar between its bounds, "more than" ends
in an arrow, a vague phrase with one bound is an arrow from it.
"""

from __future__ import annotations

import textwrap

import repression_data as rd
from kit.names import producer_names, text_names
from kit.rows import described, draw_rows, side


def limits_against_outcomes() -> None:
    quantities = rd.load("quantities")
    categories = rd.load("categories").set_index("term")
    plans = quantities[quantities["comparison"] == "plan_and_outcome"]
    for category, group in plans.groupby("category"):
        groups = []
        for q in group.itertuples(index=False):
            ratio = f"{q.ratio_low:.1f}" if abs(q.ratio_high - q.ratio_low) < 0.05 else f"{q.ratio_low:.1f} to {q.ratio_high:.1f}"
            groups.append((f"{q.label}\noutcome {ratio} times the plan", side(q.quantity_id)))
        notes = " ".join(dict.fromkeys(q.note for q in group.itertuples(index=False) if isinstance(q.note, str)))
        draw_rows(groups, f"limits_against_outcomes_{category}", f"{categories.at[category, 'label']}: limits against outcomes",
                  notes, colour_by="scope")


def national_operations() -> None:
    quantities = rd.load("quantities")
    categories = rd.load("categories").set_index("term")
    chosen = quantities[quantities["category"] == "national_minorities"]
    groups = [(q.label, side(q.quantity_id)) for q in chosen.itertuples(index=False)]
    draw_rows(groups, "national_operations", f"{categories.at['national_minorities', 'label']}: the national operations",
              " ".join([categories.at["national_minorities", "description"], *[q.note for q in chosen.itertuples(index=False) if isinstance(q.note, str)]]), grey_other=False)


def camp_population(texts, producers) -> None:
    claims = rd.load("claims")
    measures = rd.load("measures").set_index("term")
    terms = ["camp_population", "camp_population_change"]
    chosen = claims[claims["measure"].isin(terms) & (claims["unit"] == "persons") & (claims["region"] == "USSR")]
    chosen = chosen.sort_values(["period_end", "claim_id"], na_position="last")
    categories = rd.load("categories").set_index("term")
    # Like with like: one group per measure and category, stocks apart from changes, each in date order; a figure that a
    # quantity marks as of another scope (data/raw/quantity_members.csv) is a group of its own, headed by the reason.
    members = rd.load("quantity_members")
    other = members[members["scope"] == "different_scope"].drop_duplicates("claim_id").set_index("claim_id")["reason"]
    chosen = chosen.assign(scope_of=chosen["claim_id"].map(other).fillna(""))
    groups = [("\n".join(textwrap.wrap(f"{measures.at[t, 'label']}: {categories.at[c, 'label'].lower()}" + (f" (another scope: {scope})" if scope else ""), 95)),
               described(list(rows["claim_id"]), producers, texts))
              for t in terms for (c, scope), rows in chosen[chosen["measure"] == t].groupby(["category", "scope_of"], sort=True)]
    draw_rows(groups, "camp_population", "Camp population as the texts give it, by what each figure counts",
              " ".join(measures.at[t, "description"] for t in terms if t in measures.index)
              + " Figures of a different scope (another category, or another scope a quantity notes) are in different groups: compare within a group only.", colour_by="measure")


def expulsions_by_campaign(texts, producers) -> None:
    quantities = rd.load("quantities")
    claims = rd.load("claims")
    chosen = quantities[(quantities["measure"] == "expulsions") & (quantities["category"] == "party_members") & (quantities["region"] == "USSR")]
    chosen = chosen.sort_values(["period_end", "period_start"])
    groups = [(q.label, side(q.quantity_id, ("same",))) for q in chosen.itertuples(index=False)]
    draw_rows(groups, "expulsions_by_campaign", "Party members expelled, by campaign",
              "Each campaign's figures as the texts give them; a series is one campaign's running total counted at different dates.")
    shares = claims[(claims["measure"] == "expulsions") & (claims["category"] == "party_members") & (claims["region"] == "USSR") & (claims["unit"] == "percent")]
    shares = shares.dropna(subset=["value"]).sort_values(["period_end", "claim_id"])
    rows = described(list(shares["claim_id"]), producers, texts)
    draw_rows([("Expelled, percent of the party's members", rows)], "expulsions_by_campaign_share", "Party members expelled, by campaign: share of the membership",
              "The shares the texts print (the earliest campaign is given only as a share).", unit="Percent of members")


def main() -> None:
    texts, producers = text_names(), producer_names()
    limits_against_outcomes()
    national_operations()
    camp_population(texts, producers)
    expulsions_by_campaign(texts, producers)
    print("comparisons: limits against outcomes, national operations, camp population, expulsions by campaign")


if __name__ == "__main__":
    main()
