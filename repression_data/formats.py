"""The shipped files' rules: their names, the CSV dialect, the formula rule, and how a table
becomes CSV text and a Parquet (Arrow) table. Read by the raw-file reader (the formula rule) and by
every writer; it writes nothing itself."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

MANIFEST = "manifest.json"
DATAPACKAGE = "datapackage.json"
CODEBOOK = "codebook.md"

# The shipped CSV files: what datapackage.json says of every one (Frictionless CSV dialect).
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True}
CSV_DIALECT_TEXT = ("UTF-8 without a byte-order mark, comma-separated, one header row, lines ending in a line feed, "
                    "a cell quoted with double quotes when it holds a comma, a quote or a line break (a quote inside doubled); "
                    "an empty cell is a missing value; dates as YYYY-MM-DD; booleans as true and false; "
                    "whole numbers without a decimal point. A text cell holds exactly the value of the Parquet file.")
# Text a spreadsheet would run as a formula: the build refuses it, rather than rewriting it in the CSV.
FORMULA_RULE = ("a text cell must not begin with '=' or '@', nor with '+' or '-' followed by a letter or '(' "
                "(a spreadsheet would run it as a formula)")
FORMULA_LIKE = re.compile(r"^(?:[=@]|[+-](?:[^\W\d_]|\())")


def formula_like(value) -> bool:
    """True for text a spreadsheet would run as a formula (see FORMULA_RULE); '+.552' is not."""
    return isinstance(value, str) and FORMULA_LIKE.match(value) is not None


def _number(value: float) -> str:
    """A float as the CSV writes it: 200271 (not 200271.0), 936.75, 0.552."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def csv_text(df: pd.DataFrame) -> str:
    """The CSV the package ships: every text cell as it is in the table (nothing prefixed or
    rewritten), dates as YYYY-MM-DD, booleans as true/false, whole numbers without '.0'."""
    return csv_ready(df).to_csv(**CSV_OPTIONS)


# pandas' to_csv options for the shipped CSV (csv_text; the writer streams a file with the same).
CSV_OPTIONS = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d", "float_format": _number}


def csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its booleans as the words true/false; the other columns are shared, not copied."""
    out = df.copy(deep=False)
    for column in out.columns:
        if out[column].dtype == bool:
            out[column] = out[column].map({True: "true", False: "false"})
    return out


def date_columns(df: pd.DataFrame) -> list[str]:
    """The columns that hold dates (written to Parquet as date32)."""
    return [c for c in df.columns if str(df[c].dtype).startswith("datetime64")]


def parquet_table(df: pd.DataFrame):
    """The Arrow table written to Parquet: dates as date32 (days), not nanosecond timestamps."""
    import pyarrow as pa

    table = pa.Table.from_pandas(df, preserve_index=False)
    for name in date_columns(df):
        i = table.schema.get_field_index(name)
        table = table.set_column(i, pa.field(name, pa.date32()), table.column(i).cast(pa.date32()))
    return table


def _csv_cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value)
    return str(value)


def csv_records_text(records: list[dict], columns: list[str]) -> str:
    """The CSV of plain records (dicts; dates as YYYY-MM-DD text, None for missing) as ``csv_text`` writes a table."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_csv_cell(record.get(c)) for c in columns])
    return out.getvalue()
