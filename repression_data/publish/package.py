"""Describe the shipped tables as a Frictionless Data Package (datapackage.json).

Generated from the catalogue (the pandera schemas) at every build, so that
standard tools can read and validate the CSV files: field types, descriptions,
constraints, primary and foreign keys, hashes, the texts behind the data.
"""

from __future__ import annotations

import pandas as pd

from repression_data import metadata
from repression_data.formats import CSV_DIALECT
from repression_data.publish.catalog import TableInfo

TYPES = {"str": "string", "string": "string", "Int64": "integer", "int64": "integer", "float64": "number", "bool": "boolean", "datetime64[ns]": "date"}


def field_type(dtype) -> str:
    text = str(dtype)
    return "date" if text.startswith("datetime64") else TYPES.get(text, "string")


def constraints(column) -> dict:
    out: dict = {}
    if not column.nullable and column.required:
        out["required"] = True
    if column.unique:
        out["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            out["enum"] = list(stats["allowed_values"])
        elif check.name == "str_matches":
            out["pattern"] = str(stats["pattern"]).lstrip("^").rstrip("$")
        elif check.name == "greater_than_or_equal_to":
            out["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            out["maximum"] = stats["max_value"]
        elif check.name == "str_length":
            if stats.get("min_value") is not None:
                out["minLength"] = stats["min_value"]
            if stats.get("max_value") is not None:
                out["maxLength"] = stats["max_value"]
    return out


def resource(info: TableInfo, frame: pd.DataFrame, files: dict) -> dict:
    fields = []
    for name in frame.columns:
        column = info.schema.columns[name]
        entry = {"name": name, "type": field_type(column.dtype), "description": column.description or ""}
        if entry["type"] == "date":
            entry["format"] = "default"  # YYYY-MM-DD
        found = constraints(column)
        if found:
            entry["constraints"] = found
        fields.append(entry)
    schema = {"fields": fields, "primaryKey": info.primary_key, "missingValues": [""]}
    if info.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": f, "reference": {"resource": "" if ref == info.name else ref, "fields": rf}} for f, ref, rf in info.foreign_keys
        ]
    csv = files["csv"]
    return {
        "name": info.name, "title": info.title, "description": info.description,
        "path": csv["path"], "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "dialect": dict(CSV_DIALECT),
        "hash": f"sha256:{csv['sha256']}", "bytes": csv["bytes"],
        "schema": schema,
    }


def source_entry(source) -> dict:
    """A Frictionless source: an author-date title, and the DOI or URL where the text has one."""
    authors = source.authors if isinstance(source.authors, str) else "Anonymous"
    year = "n.d." if pd.isna(source.year) else str(int(source.year))
    entry = {"title": f"{authors} ({year}). {source.title}."}
    if isinstance(source.doi, str):
        entry["path"] = f"https://doi.org/{source.doi}"
    elif isinstance(source.url, str):
        entry["path"] = source.url
    return entry


def datapackage(infos: dict[str, TableInfo], tables: dict[str, pd.DataFrame], files: dict[str, dict]) -> dict:
    sources = tables["sources"]
    return {
        "name": metadata.NAME, "title": metadata.TITLE, "description": metadata.DESCRIPTION,
        "version": metadata.VERSION, "keywords": metadata.KEYWORDS,
        "licenses": [{"name": metadata.LICENSE, "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0 International (the data; the code is MIT-licensed, see LICENSE)"}],
        "contributors": [{"title": a["name"], "role": "author"} for a in metadata.AUTHORS],
        "sources": [source_entry(s) for s in sources.itertuples(index=False)],
        "resources": [resource(infos[name], tables[name], files[name]) for name in sorted(tables)],
    }
