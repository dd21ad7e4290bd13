"""Write processed tables: Parquet for speed, CSV for everyone, a manifest.

Files are written into a fresh sibling folder which then replaces the
old one, so readers never see a half-written set. Output is
deterministic: same tables, same bytes (no timestamps anywhere).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .errors import OutputError

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
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == bool:
            out[column] = out[column].map({True: "true", False: "false"})
    return out.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d", float_format=_number)


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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_table(df: pd.DataFrame, folder: Path, name: str, spreadsheet: bool) -> dict[str, str]:
    import pyarrow.parquet as pq

    parquet = folder / f"{name}.parquet"
    csv = folder / f"{name}.csv"
    pq.write_table(parquet_table(df), parquet, compression="zstd")
    csv.write_text(csv_text(df), encoding="utf-8")
    files = {"parquet": parquet.name, "csv": csv.name}
    if spreadsheet:
        from .spreadsheet import write_xlsx

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

    from . import sqlite
    from .catalog import tables as catalogue
    from .codebook import codebook
    from .package import datapackage

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


STAGING_MARKER = ".repression-data-staging"


def _clear_stale(folder: Path) -> None:
    """Remove a staging folder left by a killed run, if it is recognisably ours; else say how to clear it."""
    if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
        folder.rmdir()  # killed before it wrote anything: nothing to lose
        return
    if not (folder / STAGING_MARKER).is_file():
        raise OutputError(f"{folder} is a stale staging folder that this package cannot recognise as its own, so it is left alone; "
                          f"look at it, then remove it with: rm -rf '{folder}'")
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise OutputError(f"{folder} is a staging folder left by an interrupted run and cannot be removed ({exc.strerror or exc}); "
                          f"clear it with: chmod -R u+w '{folder}' && rm -rf '{folder}'") from None


def staging_folder(target: Path) -> Path:
    """A fresh, empty folder beside ``target`` to write into before swapping it in.

    Staging folders left by an earlier run that was killed are removed first
    (they carry a marker; one without it is reported, never deleted), and a
    target left renamed aside by a run killed between its two renames is put back.
    A folder that cannot be written is reported with the command that clears it.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {target.parent} ({exc.strerror or exc})") from None
    retired = target.parent / f".{target.name}.old"
    if retired.exists() and not target.exists():
        os.rename(retired, target)
    for stale in sorted(target.parent.glob(f".{target.name}.new-*")):
        _clear_stale(stale)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        (staging / STAGING_MARKER).write_bytes(b"")
    except OSError as exc:
        raise OutputError(f"cannot write in {target.parent} ({exc.strerror or exc}): it is read-only or full; "
                          f"make it writable (chmod u+w '{target.parent}') or choose another folder") from None
    return staging


def replace_folder(staging: Path, target: Path, keep_retired: bool = False) -> None:
    """Swap a finished staging folder in for ``target`` (two renames; see staging_folder).

    With ``keep_retired`` the old folder waits beside it (``.<name>.old``) until
    :func:`drop_retired` removes it or :func:`put_back` restores it.
    """
    (staging / STAGING_MARKER).unlink(missing_ok=True)
    os.chmod(staging, 0o755)
    retired = target.parent / f".{target.name}.old"
    if retired.exists():
        shutil.rmtree(retired)
    if target.exists():
        os.rename(target, retired)
    os.rename(staging, target)
    if not keep_retired:
        shutil.rmtree(retired, ignore_errors=True)


def put_back(target: Path) -> None:
    """Undo a ``replace_folder(..., keep_retired=True)``: the old folder (or none, if there was none) returns."""
    retired = target.parent / f".{target.name}.old"
    shutil.rmtree(target, ignore_errors=True)
    if retired.exists():
        os.rename(retired, target)


def drop_retired(target: Path) -> None:
    shutil.rmtree(target.parent / f".{target.name}.old", ignore_errors=True)


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


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, flushed, then renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
