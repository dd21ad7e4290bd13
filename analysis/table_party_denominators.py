"""The party memberships the printed shares imply, beside the memberships the texts print.

For every relation of kind ``whole_from_percent`` whose count is of party members (a number expelled
printed as a percent of the party), the membership it implies: the count's interval over the share's
interval (``rd.bounds``: the rounding each print allows). Beside them, every membership the texts print
(measure ``party_membership``), by date. Writes party_denominators.csv and .md.
"""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from kit.names import number, reading
from kit.relations import operands
from kit.tables import where, write


def implied(claims: pd.DataFrame) -> list[dict]:
    relations = rd.load("relations")
    rows = []
    for r in relations[relations["operation"] == "whole_from_percent"].itertuples(index=False):
        sides = operands(r)
        if len(sides) < 2 or len(sides[0]) != 1 or len(sides[1]) != 1:
            continue
        count, share = claims.loc[sides[0][0]], claims.loc[sides[1][0]]
        if count["category"] != "party_members" or share["unit"] != "percent":
            continue
        (c_lo, c_hi), (s_lo, s_hi) = rd.bounds(count), rd.bounds(share)
        low, high = 100 * c_lo / s_hi, 100 * c_hi / s_lo
        rows.append({"kind": "implied by a share", "period": rd.period_label(count["period_start"], count["period_end"]),
                     "date": count["period_end"], "membership": f"{number(round(low, -3))} to {number(round(high, -3))}",
                     "from": f"{reading(count)} {count['measure'].replace('_', ' ')} = {reading(share)}% of the party ({r.relation_id})",
                     "where": where(count.to_dict() | {"claim_id": count.name}), "claim_ids": f"{count.name};{share.name}"})
    return rows


def printed(claims: pd.DataFrame) -> list[dict]:
    chosen = claims[(claims["measure"] == "party_membership") & (claims["unit"] == "persons") & (claims["region"] == "USSR")]
    return [{"kind": "printed", "period": rd.period_label(c["period_start"], c["period_end"]) if not pd.isna(c["period_end"]) else "not given",
             "date": c["period_end"], "membership": reading(c), "from": f"\"{c['quote']}\"", "where": where(c.to_dict() | {"claim_id": i}), "claim_ids": i}
            for i, c in chosen.iterrows()]


def main() -> None:
    claims = rd.load("claims").set_index("claim_id")
    table = pd.DataFrame(implied(claims) + printed(claims)).sort_values(["date", "kind"], na_position="last").drop(columns="date")
    n = int((table["kind"] == "implied by a share").sum())
    opening = [f"{n} memberships implied by the shares the texts print (a count divided by its share, both with the rounding their prints allow, "
               "rounded to thousands), beside the memberships the texts print, by date. Where an implied membership and a printed one "
               "of the same date differ, the share was taken of another base (members and candidates, or the members passing through a "
               "campaign): the text does not always say which."]
    write("party_denominators", table, "Party membership: implied by the printed shares, and as printed", opening)


if __name__ == "__main__":
    main()
