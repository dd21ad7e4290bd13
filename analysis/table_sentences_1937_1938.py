"""Sentences by type, year against year: shot, camps and prisons, exile, other (and death sentences apart).

The claims of the whole country, for all persons, whose period is one calendar year and whose measure is a
sentence type (the measures vocabulary's terms below); the years are those for which the texts give two or
more types. An undecided print is its range of candidate readings (value_low to value_high); a figure that
several texts print is given once, with each claim named. A row whose yearly figures a sum relation joins to a
total that the texts print as another sentence measure says so in its label (what the texts call the column);
a measure with no yearly figure names its figures for the years together. Writes sentences_1937_1938.csv and .md.
"""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from kit.names import reading
from kit.relations import operands
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


def summed_as_another_measure(ids: set[str], claims: pd.DataFrame, measures: pd.Series) -> str:
    """' (the yearly figures' sum is printed also as death sentences: 681,692 (GN-0335, R-GN-101))' for every consistent sum
    relation whose parts are claims of the row and whose stated total is a claim of another sentence measure."""
    relations, verdicts = rd.load("relations"), rd.evaluate_relations().set_index("relation_id")["verdict"]
    by_id = claims.set_index("claim_id")
    said = []
    for r in relations[relations["operation"] == "sum"].itertuples(index=False):
        parts = {c for side in operands(r) for c in side}
        result = r.result
        if not (parts and parts <= ids and isinstance(result, str) and result in by_id.index):
            continue
        own = set(by_id.loc[list(parts), "measure"])
        if by_id.at[result, "measure"] in TYPES and by_id.at[result, "measure"] not in own and verdicts.get(r.relation_id) == "consistent":
            said.append(f"{measures[by_id.at[result, 'measure']].lower()}: {reading(by_id.loc[result].to_dict())} ({result}, {r.relation_id})")
    return f" (the yearly figures' sum is printed also as {'; '.join(said)})" if said else ""


def together(measure: str, claims: pd.DataFrame, years: list[int]) -> list[str]:
    """The figures of a measure that cover several of the table's years together."""
    c = claims[(claims["measure"] == measure) & (claims["category"] == "all_persons") & (claims["region"] == "USSR") & (claims["unit"] == "persons")]
    c = c[c["period_start"].dt.year.isin(years) & c["period_end"].dt.year.isin(years) & (c["period_start"].dt.year < c["period_end"].dt.year)]
    return [f"{reading(r)} for {rd.period_label(r['period_start'], r['period_end'])} ({r['claim_id']})" for _, r in c.iterrows()]


def main() -> None:
    claims = rd.load("claims")
    measures = rd.load("measures").set_index("term")["label"]
    c = yearly(claims)
    years = sorted(c["year"].unique())
    rows = []
    for measure in TYPES:
        mine = c[c["measure"] == measure]
        row = {"sentence": measures[measure] + summed_as_another_measure(set(mine["claim_id"]), claims, measures)}
        for year in years:
            cell = mine[mine["year"] == year].groupby("read", sort=False)["claim_id"].apply(list)
            row[str(year)] = "; ".join(f"{read} ({', '.join(ids)})" for read, ids in cell.items()) or "not given"
        row["claim_ids"] = ";".join(mine["claim_id"])
        if row["claim_ids"]:
            rows.append(row)
    table = pd.DataFrame(rows)
    missing = []
    for m in TYPES:
        if m not in set(c["measure"]):
            both = together(m, claims, years)
            missing.append(measures[m].lower() + (f" (for the years together: {'; '.join(both)})" if both else " (none at all)"))
    opening = [f"Sentences by type for the years {', '.join(map(str, years))}, the whole country (the years for which the texts give two or more types). "
               "Executions (people shot) and death sentences are different measures; where the data joins a row's yearly figures to a total "
               "that the texts print as the other measure, the row's label says so. 'Not given': the texts print no figure of that type "
               "for that year (the yearly table's sentence columns survive in the OCR for its last year only)."
               + (f" No yearly figure for: {', '.join(missing)}." if missing else "")]
    write("sentences_1937_1938", table, "Sentences by type, year against year", opening)


if __name__ == "__main__":
    main()
