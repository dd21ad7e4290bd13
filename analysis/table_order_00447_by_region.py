"""Order No. 00447 by region: limits, increases of the limits, and outcomes, as the texts give them.

One row per region of the order's table of limits (the table ``order_00447_limits``), and per region that
only an increase names; the limits by category from the table, the increases from the claims whose measure
is a limit increase, each with its date; then the whole country: the limits and outcomes of the quantities
of the order's targets (``rd.compare``: plans and outcomes kept apart). The texts give outcomes only for the
whole country, never by region: the table says so. Writes order_00447_by_region.csv and .md.
"""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from kit.names import reading
from kit.tables import write


def increases(claims: pd.DataFrame, measures: pd.Series) -> pd.DataFrame:
    rows = claims[claims["measure"].str.startswith("quota_increase")]
    return rows.assign(text=[f"{measures[r['measure']]}: {reading(r)} ({rd.period_label(r['period_start'], r['period_end'])}; {r['locator']})" for _, r in rows.iterrows()])


def by_region() -> tuple[pd.DataFrame, dict]:
    claims = rd.load("claims")
    measures = rd.load("measures").set_index("term")["label"]
    limits = rd.load("order_00447_limits")
    ids = claims.set_index("claim_id")
    region_of = {}  # the claims' region name -> the table's region name
    for row in limits.itertuples(index=False):
        for c in (row.first_category_claim_id, row.second_category_claim_id, row.total_claim_id):
            if isinstance(c, str):
                region_of[ids.at[c, "region"]] = row.region
    more = increases(claims[claims["region"] != "USSR"], measures)
    def row_region(region: str) -> str:  # the table's name for a claim's region: as the limits' claims name it, or the one name it starts like
        if region in region_of:
            return region_of[region]
        like = [t for t in limits["region"] if t == region or t[:4].lower() == region[:4].lower()]
        return like[0] if len(like) == 1 else region

    more = more.assign(row_region=more["region"].map(row_region))
    rows = []
    for region in list(limits["region"]) + [r for r in dict.fromkeys(more["row_region"]) if r not in set(limits["region"])]:
        limit = limits[limits["region"] == region]
        inc = more[more["row_region"] == region]
        cell = lambda col: "" if limit.empty or pd.isna(limit.iloc[0][col]) else f"{limit.iloc[0][col]:,.0f}"  # noqa: E731
        limit_ids = [] if limit.empty else [c for c in limit.iloc[0][["first_category_claim_id", "second_category_claim_id", "total_claim_id"]] if isinstance(c, str)]
        note = "" if limit.empty or not isinstance(limit.iloc[0]["notes"], str) else limit.iloc[0]["notes"].split(";")[0]
        rows.append({"region": region, "limit_first_category": cell("first_category"), "limit_second_category": cell("second_category"), "limit_total": cell("total"),
                     "increases": "; ".join(dict.fromkeys(inc["text"])), "outcomes": "not given by region", "note": note, "claim_ids": ";".join(limit_ids + list(inc["claim_id"]))})
    table = pd.DataFrame(rows)
    counts = {"regions": len(limits), "with_limits": int(limits["total"].notna().sum()), "with_increases": int((table["increases"] != "").sum())}
    return table, counts


def whole_country() -> dict:
    quantities, measures = rd.load("quantities"), rd.load("measures").set_index("term")["label"]
    chosen = quantities[quantities["comparison"] == "plan_and_outcome"]
    plans, outcomes, ids = [], [], []
    for q in chosen.itertuples(index=False):
        side = rd.compare(q.quantity_id)
        for _, r in side[side["scope"].isin(["plan", "same", "plan_presented_as_outcome"])].iterrows():
            text = f"{reading(r)} ({measures[r['measure']].lower()}; {r['producer']}; {r['claim_id']})"
            (plans if r["scope"] != "same" else outcomes).append(text)
            ids.append(r["claim_id"])
    return {"region": "USSR (the whole country)", "limit_total": "; ".join(dict.fromkeys(plans)), "outcomes": "; ".join(dict.fromkeys(outcomes)),
            "note": "plans and outcomes of the order's quantities (rd.compare)", "claim_ids": ";".join(dict.fromkeys(ids))}


def main() -> None:
    table, counts = by_region()
    lost = table.loc[table["claim_ids"] == "", "region"]
    table = table[table["claim_ids"] != ""]  # every row rests on a claim: the regions whose numbers the OCR lost are named in the opening
    table = pd.concat([table, pd.DataFrame([whole_country()])], ignore_index=True).fillna("")
    opening = [f"The order's table of limits names {counts['regions']} regions; the texts give limits for {counts['with_limits']} of them "
               f"(the OCR lost the rest), increases of the limits for {counts['with_increases']} regions, and outcomes for none: "
               "the outcomes (people arrested, shot) exist only for the whole country, in the last row, beside the plans they exceed or fall short of. "
               "Limits are plans, not outcomes."
               + (f" The order's table also names {len(lost)} regions whose numbers the OCR lost and that no increase names: {', '.join(lost)}." if len(lost) else "")]
    write("order_00447_by_region", table, "Order No. 00447 by region: limits, increases, outcomes", opening)


if __name__ == "__main__":
    main()
