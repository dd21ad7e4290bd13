"""What rests on each print that is undecided or reconstructed (reading_basis other than as_printed).

For every claim whose value is not simply the print (``undecided``: no single value, see the readings
table; ``confirmed`` or ``ocr_habit``: a garbled print read by the text's arithmetic, a repetition, or a
substitution the OCR makes elsewhere), the relations, quantities and charts that use it, so a reader can
see what would move if the reading were wrong. The charts are those whose claims (written beside the
charts by kit.charts.finish, in chart_claims/) name it: this script runs after the chart scripts.
Writes reading_dependencies.csv and .md.
"""

from __future__ import annotations

import pandas as pd

import repression_data as rd
from kit.charts import OUTPUT
from kit.tables import where, write


def charts_of() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted((OUTPUT / "chart_claims").glob("*.txt")):
        for claim_id in path.read_text(encoding="utf-8").split():
            out.setdefault(claim_id, []).append(path.stem)
    return out


def main() -> None:
    claims = rd.load("claims")
    chosen = claims[claims["reading_basis"] != "as_printed"].sort_values("claim_id")
    evaluated = rd.evaluate_relations()
    relations_of: dict[str, list[str]] = {}
    for r in evaluated.itertuples(index=False):
        for c in str(r.claim_ids).split(";"):
            relations_of.setdefault(c, []).append(f"{r.relation_id} ({r.verdict.replace('_', ' ')})")
    quantities_of: dict[str, list[str]] = {}
    for q in rd.load("quantities")["quantity_id"]:
        side = rd.compare(q)
        for c in side.loc[side["scope"] != "excluded", "claim_id"]:
            quantities_of.setdefault(c, []).append(q)
    charts = charts_of()
    readings = rd.load("readings")
    rows = []
    for _, c in chosen.iterrows():
        candidates = readings.loc[readings["claim_id"] == c["claim_id"]]
        rows.append({"claim": c["claim_id"], "printed": c["value_printed"], "basis": c["reading_basis"].replace("_", " "),
                     "read_as": "; ".join(f"{v:,.10g}" for v in candidates["value"]) if c["reading_basis"] == "undecided" and len(candidates) else f"{c['value']:,.10g}" if not pd.isna(c["value"]) else "",
                     "where": where(c), "relations": "; ".join(relations_of.get(c["claim_id"], [])), "quantities": "; ".join(quantities_of.get(c["claim_id"], [])),
                     "charts": "; ".join(charts.get(c["claim_id"], [])), "claim_ids": c["claim_id"]})
    table = pd.DataFrame(rows)
    used = table[(table["relations"] != "") | (table["quantities"] != "") | (table["charts"] != "")]
    opening = [f"{len(table)} prints are not read simply as printed ({', '.join(f'{n} {b}' for b, n in table['basis'].value_counts().sort_index().items())}); "
               f"{len(used)} of them carry a relation, a quantity or a chart. An undecided print is tried with each candidate reading wherever it is used."]
    write("reading_dependencies", table, "What rests on the undecided and reconstructed prints", opening)


if __name__ == "__main__":
    main()
