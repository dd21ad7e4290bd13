"""Sentences by type, year against year: shot, camps and prisons, exile, other (and death sentences apart).

The claims of the whole country, for all persons, whose period is one calendar year and whose measure is a
sentence type (the measures vocabulary's terms below); the years are those for which the texts give two or
more types. An undecided print is its range of candidate readings (value_low to value_high); a figure that
several texts print is given once, with each claim named. Writes sentences_1937_1938.csv and .md.
"""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from kit.names import reading
from kit.tables import write

TYPES = ["executions", "sentences_camp", "sentences_exile", "sentences_other", "death_sentences"]  # vocabulary terms, in the table's order


def yearly(claims: pd.DataFrame) -> pd.DataFrame:
    c = claims[claims["measure"].isin(TYPES) & (claims["category"] == "all_persons") & (claims["region"] == "USSR") & (claims["unit"] == "persons")]
    start, end = c["period_start"], c["period_end"]
    one_year = (start.dt.year == end.dt.year) & (start.dt.month == 1) & (start.dt.day == 1) & (end.dt.month == 12) & (end.dt.day == 31)
    c = c[one_year].assign(year=start[one_year].dt.year.astype(int))
    c = c.assign(read=[reading(r) + (" (undecided print)" if r["reading_basis"] == "undecided" else "") for _, r in c.iterrows()])
    kinds = c.groupby("year")["measure"].nunique()
    return c[c["year"].isin(kinds[kinds >= 2].index)]


def main() -> None:
    claims = rd.load("claims")
    measures = rd.load("measures").set_index("term")["label"]
    c = yearly(claims)
    years = sorted(c["year"].unique())
    rows = []
    for measure in TYPES:
        mine = c[c["measure"] == measure]
        row = {"sentence": measures[measure]}
        for year in years:
            cell = mine[mine["year"] == year].groupby("read", sort=False)["claim_id"].apply(list)
            row[str(year)] = "; ".join(f"{read} ({', '.join(ids)})" for read, ids in cell.items()) or "not given"
        row["claim_ids"] = ";".join(mine["claim_id"])
        if row["claim_ids"]:
            rows.append(row)
    table = pd.DataFrame(rows)
    missing = [f"{measures[m].lower()}" for m in TYPES if m not in set(c["measure"])]
    opening = [f"Sentences by type for the years {', '.join(map(str, years))}, the whole country (the years for which the texts give two or more types). "
               "Executions are people shot; death sentences are a different measure, given apart. 'Not given': the texts print no figure of that type "
               "for that year (the yearly table's sentence columns survive in the OCR for its last year only)."
               + (f" No figure at all for: {', '.join(missing)}." if missing else "")]
    write("sentences_1937_1938", table, "Sentences by type, year against year", opening)


if __name__ == "__main__":
    main()
