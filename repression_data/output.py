"""Write processed tables: Parquet for speed, CSV for everyone, a manifest.

Files are written into a fresh sibling folder which then replaces the
old one, so readers never see a half-written set. Output is
deterministic: same tables, same bytes (no timestamps anywhere).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

MANIFEST = "manifest.json"
DATAPACKAGE = "datapackage.json"
# A spreadsheet treats a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
NEUTRALISER = "'"


def neutralise(value):
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe.

    '+.552' (an OCR'd print) becomes "'+.552"; ``restore`` undoes it. Text that
    already begins with an apostrophe gets one more, so the round trip is exact.
    """
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value.startswith(NEUTRALISER)):
        return NEUTRALISER + value
    return value


def restore(value):
    if isinstance(value, str) and value.startswith(NEUTRALISER):
        return value[1:]
    return value


def csv_text(df: pd.DataFrame) -> str:
    """The CSV the package ships: dates as YYYY-MM-DD, formula-like text neutralised."""
    safe = df.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype) in ("str", "string"):
            text = safe[column]
            risky = text.str.startswith(FORMULA_STARTS + (NEUTRALISER,), na=False)
            if risky.any():
                safe[column] = text.where(~risky, NEUTRALISER + text)
    return safe.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_table(df: pd.DataFrame, folder: Path, name: str) -> dict[str, str]:
    parquet = folder / f"{name}.parquet"
    csv = folder / f"{name}.csv"
    df.to_parquet(parquet, index=False, engine="pyarrow", compression="zstd")
    csv.write_text(csv_text(df), encoding="utf-8")
    return {"parquet": parquet.name, "csv": csv.name}


def write_tables(tables: dict[str, pd.DataFrame], folder: Path, version: str) -> None:
    """Write every table, the manifest and datapackage.json into ``folder`` (which must exist)."""
    from concurrent.futures import ThreadPoolExecutor

    from . import sqlite
    from .catalog import tables as catalogue
    from .package import datapackage

    manifest = {"package": "repression-data", "version": version, "tables": {}}
    # Every table also in one SQLite file, written meanwhile: SQLite works outside Python's lock.
    with ThreadPoolExecutor(max_workers=1) as pool:
        database = pool.submit(sqlite.write_database, tables, folder)
        for name, df in tables.items():
            files = _write_table(df, folder, name)
            manifest["tables"][name] = {
                "rows": int(len(df)),
                "columns": list(df.columns),
                "files": {kind: {"path": path, "sha256": sha256_of(folder / path), "bytes": (folder / path).stat().st_size} for kind, path in files.items()},
            }
        manifest["database"] = database.result()
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    infos = {info.name: info for info in catalogue()}
    package = datapackage(infos, tables, {name: entry["files"] for name, entry in manifest["tables"].items()})
    package["databases"] = [sqlite.describe(manifest["database"])]
    (folder / DATAPACKAGE).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def staging_folder(target: Path) -> Path:
    """A fresh, empty folder beside ``target`` to write into before swapping it in.

    Folders left by an earlier run that was killed are removed first, and a
    target left renamed aside by a run killed between its two renames is put back.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    retired = target.parent / f".{target.name}.old"
    if retired.exists() and not target.exists():
        os.rename(retired, target)
    for stale in target.parent.glob(f".{target.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))


def replace_folder(staging: Path, target: Path) -> None:
    """Swap a finished staging folder in for ``target`` (two renames; see staging_folder)."""
    os.chmod(staging, 0o755)
    retired = target.parent / f".{target.name}.old"
    if retired.exists():
        shutil.rmtree(retired)
    if target.exists():
        os.rename(target, retired)
    os.rename(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def write_tables_atomically(tables: dict[str, pd.DataFrame], target: Path, version: str) -> None:
    """Replace ``target`` with a folder holding exactly these tables."""
    staging = staging_folder(target)
    try:
        write_tables(tables, staging, version)
        replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
