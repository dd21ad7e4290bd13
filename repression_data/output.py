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

from .errors import OutputError

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


def write_tables(tables: dict[str, pd.DataFrame], folder: Path, version: str, documents: dict[str, str] | None = None) -> None:
    """Write every table, the manifest and datapackage.json into ``folder`` (which must exist).

    ``documents`` maps each generated document (path relative to the checkout,
    e.g. 'docs/codebook.md') to its text; the manifest records its sha256 so
    that ``verify`` notices a damaged or stale document.
    """
    from .catalog import tables as catalogue
    from .package import datapackage

    manifest = {"package": "repression-data", "version": version, "tables": {}}
    if documents:
        manifest["documents"] = {path: hashlib.sha256(text.encode("utf-8")).hexdigest() for path, text in sorted(documents.items())}
    for name, df in tables.items():
        files = _write_table(df, folder, name)
        manifest["tables"][name] = {
            "rows": int(len(df)),
            "columns": list(df.columns),
            "files": {kind: {"path": path, "sha256": sha256_of(folder / path), "bytes": (folder / path).stat().st_size} for kind, path in files.items()},
        }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    infos = {info.name: info for info in catalogue()}
    package = datapackage(infos, tables, {name: entry["files"] for name, entry in manifest["tables"].items()})
    (folder / DATAPACKAGE).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


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


def write_tables_atomically(tables: dict[str, pd.DataFrame], target: Path, version: str, documents: dict[str, str] | None = None) -> None:
    """Replace ``target`` with a folder holding exactly these tables."""
    staging = staging_folder(target)
    try:
        write_tables(tables, staging, version, documents)
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
