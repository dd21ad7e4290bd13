"""Write processed tables: Parquet for speed, CSV for everyone, a manifest.

Files are written into a fresh sibling folder which then replaces the
old one, so readers never see a half-written set. Output is
deterministic: same tables, same bytes (no timestamps anywhere).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd

from repression_data.files import replace_folder, sha256_of, staging_folder
from repression_data.formats import CODEBOOK, DATAPACKAGE, MANIFEST, CSV_OPTIONS, csv_ready, date_columns, parquet_table
from repression_data.publish import sqlite
from repression_data.publish.catalog import tables as catalogue
from repression_data.publish.codebook import codebook
from repression_data.publish.package import datapackage
from repression_data.publish.spreadsheet import write_xlsx


def _write_table(df: pd.DataFrame, folder: Path, name: str, spreadsheet: bool) -> dict[str, str]:
    import pyarrow.parquet as pq

    parquet = folder / f"{name}.parquet"
    csv = folder / f"{name}.csv"
    pq.write_table(parquet_table(df), parquet, compression="zstd")
    csv_ready(df).to_csv(csv, encoding="utf-8", **CSV_OPTIONS)  # streamed in chunks, never one string of the whole table
    files = {"parquet": parquet.name, "csv": csv.name}
    if spreadsheet:
        xlsx = folder / f"{name}.xlsx"
        write_xlsx(df, name, xlsx)
        files["xlsx"] = xlsx.name
    return files


def write_tables(tables: dict[str, pd.DataFrame], folder: Path, version: str, documents: dict[str, str] | None = None,
                 spreadsheets: bool = True) -> None:
    """Write every table (Parquet, CSV and, unless ``spreadsheets`` is False, .xlsx), the
    manifest, datapackage.json, the codebook and the SQLite database into ``folder`` (which must exist).

    ``documents`` maps each generated document (path relative to the checkout,
    e.g. 'docs/codebook.md') to its text; the manifest records its sha256 so
    that ``verify`` notices a damaged or stale document.
    """
    from concurrent.futures import ThreadPoolExecutor


    manifest = {"package": "repression-data", "version": version, "tables": {}}
    if documents:
        manifest["documents"] = {path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in sorted(documents.items())}
    # Every table also in one SQLite file, written meanwhile: SQLite works outside Python's lock.
    with ThreadPoolExecutor(max_workers=1) as pool:
        database = pool.submit(sqlite.write_database, tables, folder)
        for name, df in tables.items():
            files = _write_table(df, folder, name, spreadsheets)
            manifest["tables"][name] = {
                "rows": int(len(df)),
                "columns": list(df.columns),
                "dates": date_columns(df),
                "files": {kind: {"path": path, "sha256": sha256_of(folder / path), "bytes": (folder / path).stat().st_size} for kind, path in files.items()},
            }
        manifest["database"] = database.result()
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    infos = {info.name: info for info in catalogue()}
    package = datapackage(infos, tables, {name: entry["files"] for name, entry in manifest["tables"].items()})
    package["databases"] = [sqlite.describe(manifest["database"])]
    (folder / DATAPACKAGE).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / CODEBOOK).write_text(codebook(tables), encoding="utf-8")  # ships with the data, for release from an installed copy


def write_tables_atomically(tables: dict[str, pd.DataFrame], target: Path, version: str, documents: dict[str, str] | None = None,
                            spreadsheets: bool = True) -> None:
    """Replace ``target`` with a folder holding exactly these tables."""
    staging = staging_folder(target)
    try:
        write_tables(tables, staging, version, documents, spreadsheets)
        replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
