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
    df.to_csv(csv, index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return {"parquet": parquet.name, "csv": csv.name}


def write_tables(tables: dict[str, pd.DataFrame], folder: Path, version: str) -> None:
    """Write every table and the manifest into ``folder`` (which must exist)."""
    manifest = {"package": "repression-data", "version": version, "tables": {}}
    for name, df in tables.items():
        files = _write_table(df, folder, name)
        manifest["tables"][name] = {
            "rows": int(len(df)),
            "columns": list(df.columns),
            "files": {kind: {"path": path, "sha256": sha256_of(folder / path)} for kind, path in files.items()},
        }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def write_tables_atomically(tables: dict[str, pd.DataFrame], target: Path, version: str) -> None:
    """Replace ``target`` with a folder holding exactly these tables."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        write_tables(tables, staging, version)
        keep_mode = 0o755
        os.chmod(staging, keep_mode)
        retired = target.parent / f".{target.name}.old"
        if retired.exists():
            shutil.rmtree(retired)
        if target.exists():
            os.rename(target, retired)
        os.rename(staging, target)
        if retired.exists():
            shutil.rmtree(retired)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
