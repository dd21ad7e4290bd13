"""Wide tables: the printed tables of a text, rebuilt from its claims.

A layout file, data/raw/tables/<table>.csv, places claims in cells: one row
per cell with the row label, the column, the claim id and, for a cell with
no claim (lost in the OCR, or not printed), a note saying why. The wide
table has the row label, one value column per printed column, the claim id
behind each value (<column>_claim_id), and the notes of empty cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import Problem
from .rawfiles import read_raw_csv


@dataclass(frozen=True)
class WideTable:
    name: str
    title: str
    row_column: str  # name of the row-label column
    row_type: str  # "str" or "Int64"
    columns: tuple[str, ...]


WIDE_TABLES = (
    WideTable("party_verification_1935", "Table 1: party expulsions and police arrests, 1935 (Getty and Naumov)", "region", "str",
              ("files_sent", "expelled", "expelled_pct", "arrested", "arrested_pct_of_expelled", "arrested_pct_of_files_sent")),
    WideTable("expulsion_reasons_1935_36", "Table 2: reasons for expulsion, 1935-36, % of all expelled", "reason", "str",
              ("yezhov_1935_pct", "malenkov_1937_pct")),
    WideTable("oppositionist_expulsions_1935_37", "Table 3: expulsion of 'oppositionists', 1935-37", "campaign", "str",
              ("expelled", "expelled_pct_of_party", "oppositionists_expelled", "oppositionists_pct_of_expelled")),
    WideTable("cadre_verification_1935_37", "Table 4: verification and expulsion of party cadres, 1935-37", "post", "str",
              ("checked", "expelled", "expelled_pct")),
    WideTable("secret_police_arrests_1921_39", "Table 5: secret police arrests and sentences, 1921-39", "year", "Int64",
              ("arrests_total", "arrests_counterrevolutionary", "arrests_anti_soviet_agitation", "shot", "camps_and_prison", "exiled", "other")),
    WideTable("order_00447_limits", "Document 170: limits of Order No. 00447 by region, 30 July 1937", "region", "str",
              ("first_category", "second_category", "total")),
)
LAYOUT_COLUMNS = ["row", "column", "claim_id", "note"]


def build_wide_tables(raw_dir: Path, claims: pd.DataFrame, root: Path, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    values = claims.set_index("claim_id")["value"]
    tables = {}
    for spec in WIDE_TABLES:
        path = raw_dir / "tables" / f"{spec.name}.csv"
        layout = read_raw_csv(path, LAYOUT_COLUMNS, [], problems, root=root, raw_dir=raw_dir)
        if layout is None:
            continue
        tables[spec.name] = _assemble(spec, layout, values, problems)
    return tables


def _assemble(spec: WideTable, layout, values: pd.Series, problems: list[Problem]) -> pd.DataFrame:
    rows: dict[str, dict[str, object]] = {}
    seen: set[tuple[str, str]] = set()
    for cell, line in zip(layout.rows, layout.lines):
        where = f"line {line} ({cell['row']} / {cell['column']})"
        if cell["column"] not in spec.columns:
            problems.append(Problem(layout.file, where, "column", f"{cell['column']!r} is not a column of {spec.name}: {', '.join(spec.columns)}"))
            continue
        if (cell["row"], cell["column"]) in seen:
            problems.append(Problem(layout.file, where, "column", "this cell is placed twice"))
            continue
        seen.add((cell["row"], cell["column"]))
        row = rows.setdefault(cell["row"], {"notes": []})
        if cell["claim_id"]:
            if cell["claim_id"] not in values.index:
                problems.append(Problem(layout.file, where, "claim_id", f"{cell['claim_id']!r} is not a claim"))
                continue
            row[cell["column"]] = values[cell["claim_id"]]
            row[f"{cell['column']}_claim_id"] = cell["claim_id"]
            if pd.isna(values[cell["claim_id"]]):
                row["notes"].append(f"{cell['column']}: the print of {cell['claim_id']} cannot be read fully; see its value_low, value_high and reading_note")
        elif not cell["note"]:
            problems.append(Problem(layout.file, where, "note", "a cell with no claim needs a note saying why it is empty"))
        else:
            row["notes"].append(f"{cell['column']}: {cell['note']}")
    data = {spec.row_column: pd.Series(list(rows), dtype="str")}
    if spec.row_type == "Int64":
        data[spec.row_column] = data[spec.row_column].astype("Int64")
    for column in spec.columns:
        data[column] = pd.Series([r.get(column) for r in rows.values()], dtype="float64")
    for column in spec.columns:
        data[f"{column}_claim_id"] = pd.Series([r.get(f"{column}_claim_id") for r in rows.values()], dtype="str")
    data["notes"] = pd.Series(["; ".join(r["notes"]) or None for r in rows.values()], dtype="str")
    return pd.DataFrame(data)
