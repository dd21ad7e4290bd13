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

from repression_data import dtypes
from repression_data.errors import Problem
from repression_data.read.rawfiles import read_raw_csv


@dataclass(frozen=True)
class WideTable:
    name: str
    title: str
    row_column: str  # name of the row-label column
    row_type: str  # "str" or "Int64"
    columns: tuple[str, ...]

    def is_count(self, column: str) -> bool:
        """A column of counts (persons, files): whole numbers, nullable Int64.
        A column whose name holds '_pct' is a percentage, read as printed (float)."""
        return "_pct" not in column


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


# A reading note that justifies a cell printed out of its row's order must say so in these words, then give the evidence.
OUT_OF_PRINT_ORDER = "out of print order"


def build_wide_tables(raw_dir: Path, claims: pd.DataFrame, root: Path, problems: list[Problem]) -> dict[str, pd.DataFrame]:
    by_id = claims.set_index("claim_id")
    values = by_id["value"]
    tables = {}
    for spec in WIDE_TABLES:
        path = raw_dir / "tables" / f"{spec.name}.csv"
        layout = read_raw_csv(path, LAYOUT_COLUMNS, [], problems, root=root, raw_dir=raw_dir)
        if layout is None:
            continue
        tables[spec.name] = _assemble(spec, layout, values, problems, by_id["qualifier"])
        problems += check_print_order(spec, layout, by_id)
    return tables


def check_print_order(spec: WideTable, layout, claims_by_id: pd.DataFrame) -> list[Problem]:
    """Within each column, the cells' printed lines follow the order of the table's rows.

    The OCR prints a table one column after another, so a column's cells
    appear in the text in the order of its rows. A cell whose claim is
    printed on an earlier line than the cell of an earlier row breaks that
    order; it is allowed only where the reading note of one of the two
    claims says 'out of print order' and gives the evidence. Rows are in the
    order of their first appearance in the layout file.
    """
    problems = []
    row_order: dict[str, int] = {}
    for cell in layout.rows:
        row_order.setdefault(cell["row"], len(row_order))
    by_column: dict[str, list[tuple[int, str, int]]] = {}
    for cell, line in zip(layout.rows, layout.lines):
        claim_id = cell["claim_id"]
        if claim_id and claim_id in claims_by_id.index and cell["column"] in spec.columns:
            by_column.setdefault(cell["column"], []).append((row_order[cell["row"]], claim_id, line))
    for column, cells in by_column.items():
        cells.sort()
        latest: tuple[int, str] | None = None  # (printed line, claim id) of the latest-printed cell so far
        for _, claim_id, layout_line in cells:
            printed = int(claims_by_id.at[claim_id, "line"])
            if latest is not None and printed < latest[0]:
                notes = " ".join(str(claims_by_id.at[c, "reading_note"]) for c in (claim_id, latest[1]))
                if OUT_OF_PRINT_ORDER not in notes.lower():
                    problems.append(Problem(layout.file, f"line {layout_line} ({column})", "claim_id",
                                            f"{claim_id} is printed on line {printed}, before {latest[1]} (line {latest[0]}) of an earlier row: "
                                            f"a column's cells follow the order of its rows unless a reading note says '{OUT_OF_PRINT_ORDER}' and gives the evidence"))
            if latest is None or printed >= latest[0]:
                latest = (printed, claim_id)
    return problems


def _assemble(spec: WideTable, layout, values: pd.Series, problems: list[Problem], qualifiers: pd.Series | None = None) -> pd.DataFrame:
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
            value = values[cell["claim_id"]]
            if spec.is_count(cell["column"]) and pd.notna(value) and not float(value).is_integer():
                problems.append(Problem(layout.file, where, "claim_id", f"{cell['claim_id']} reads {value}, not a whole number, but {cell['column']} is a column of counts"))
                continue
            row[cell["column"]] = value
            row[f"{cell['column']}_claim_id"] = cell["claim_id"]
            if qualifiers is not None and qualifiers[cell["claim_id"]] == "no_figure":
                row["notes"].append(f"{cell['column']}: printed 0, read as a dash: no figure given (see {cell['claim_id']})")
            elif pd.isna(values[cell["claim_id"]]):
                row["notes"].append(f"{cell['column']}: the print of {cell['claim_id']} is undecided; its candidate readings are in the readings table "
                                    "and between its value_low and value_high (see its reading_note)")
        elif not cell["note"]:
            problems.append(Problem(layout.file, where, "note", "a cell with no claim needs a note saying why it is empty"))
        else:
            row["notes"].append(f"{cell['column']}: {cell['note']}")
    data = {spec.row_column: dtypes.text(list(rows))}
    if spec.row_type == "Int64":
        data[spec.row_column] = data[spec.row_column].astype("Int64")
    for column in spec.columns:
        numbers = pd.Series([r.get(column) for r in rows.values()], dtype="float64")
        data[column] = numbers.astype("Int64") if spec.is_count(column) else numbers
    for column in spec.columns:
        data[f"{column}_claim_id"] = dtypes.text([r.get(f"{column}_claim_id") for r in rows.values()])
    data["notes"] = dtypes.text(["; ".join(r["notes"]) or None for r in rows.values()])
    return pd.DataFrame(data)
