"""docs/codebook.md: every table and column, generated from the catalogue and the data."""

from __future__ import annotations

import pandas as pd

from repression_data import metadata
from repression_data.formats import CSV_DIALECT_TEXT, FORMULA_RULE
from repression_data.publish.catalog import tables as catalogue
from repression_data.publish.package import constraints, field_type

VOCABULARY_COLUMNS = {"qualifier": "qualifiers", "unit": "units", "measure": "measures", "category": "categories", "region": "regions"}


def _example(frame: pd.DataFrame, column: str) -> str:
    values = frame[column].dropna()
    if values.empty:
        return ""
    value = values.iloc[0]
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if pd.api.types.is_bool(value):  # Python or numpy bool, as the CSV writes it
        return "true" if value else "false"
    text = str(value)
    return (text[:60] + "...") if len(text) > 60 else text


def _allowed(name: str, column, found: dict) -> str:
    if name in VOCABULARY_COLUMNS:
        return f"a term of the `{VOCABULARY_COLUMNS[name]}` table"
    parts = []
    if "enum" in found:
        parts.append("one of " + ", ".join(f"`{v}`" for v in found["enum"]))
    if "pattern" in found:
        parts.append(f"matches `{found['pattern']}`")
    if "minimum" in found:
        parts.append(f">= {found['minimum']}")
    if "maximum" in found:
        parts.append(f"<= {found['maximum']}")
    if "maxLength" in found:
        parts.append(f"at most {found['maxLength']} characters")
    if found.get("unique"):
        parts.append("unique")
    return "; ".join(parts)


def codebook(tables: dict[str, pd.DataFrame]) -> str:
    lines = [f"# Codebook: repression-data {metadata.VERSION}", "",
             "Generated from the package's schemas by `repression-data build`; do not edit by hand.", "",
             "Every table ships as Parquet, as CSV and as a spreadsheet (.xlsx), and is described in `datapackage.json`",
             "(Frictionless Data Package).", "",
             f"- CSV: {CSV_DIALECT_TEXT}",
             "- Parquet: dates are `date32` (days), counts are nullable 64-bit integers, booleans are booleans.",
             "- .xlsx: a first sheet `about` (what the file is, its version, how to cite it, every column), then `data`;",
             "  text cells are stored as text, so a print such as `936.750` stays `936.750`.",
             f"- Spreadsheet safety comes from the data, not from rewriting it: {FORMULA_RULE}; the build refuses such text.",
             "- Types below: `integer` (whole numbers, empty when missing), `number` (decimal), `boolean` (`true`/`false`,",
             "  the Frictionless default), `date` (YYYY-MM-DD), `string`.", ""]
    for info in catalogue():
        frame = tables[info.name]
        lines += [f"## `{info.name}`: {info.title}", "", info.description, "",
                  f"{len(frame)} rows. Primary key: {', '.join(f'`{k}`' for k in info.primary_key)}."]
        if info.foreign_keys:
            keys = "; ".join(f"`{', '.join(f)}` -> `{ref}.{', '.join(rf)}`" for f, ref, rf in info.foreign_keys)
            lines.append(f"References: {keys}.")
        lines += ["", "| column | type | required | allowed values | meaning | example |", "|---|---|---|---|---|---|"]
        for name in frame.columns:
            column = info.schema.columns[name]
            found = constraints(column)
            required = "yes" if found.get("required") else "no"
            meaning = (column.description or "").replace("|", "/")
            example = _example(frame, name).replace("|", "/").replace("\n", " ")
            lines.append(f"| `{name}` | {field_type(column.dtype)} | {required} | {_allowed(name, column, found)} | {meaning} | {example} |")
        lines.append("")
    return "\n".join(lines)
