"""Load the shipped tables by name.

Kept deliberately light: it reads the manifest with the json module and a
table with pandas.read_parquet, nothing more, because users import the
package again and again in notebooks and pipelines.
"""

from __future__ import annotations

import json
from pathlib import Path

from .paths import processed_dir


class UnknownTableError(KeyError):
    """Raised for a table name that the release does not hold."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


def _manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    if not path.is_file():
        raise FileNotFoundError(f"no built tables at {folder}: run 'repression-data build' first")
    return json.loads(path.read_text(encoding="utf-8"))


def tables() -> list[str]:
    """The names of the tables that ``load`` accepts, sorted."""
    return sorted(_manifest(processed_dir())["tables"])


class IntegrityError(Exception):
    """A shipped file is not the one the manifest describes."""


def load(name: str, verify: bool = False):
    """Return the table ``name`` as a pandas DataFrame.

    ``name`` must be one of :func:`tables`; anything else (including a path)
    gets an error listing the valid names. With ``verify=True`` the file is
    first checked against the sha256 the manifest records for it.
    """
    folder = processed_dir()
    entries = _manifest(folder)["tables"]
    if not isinstance(name, str) or name not in entries:
        raise UnknownTableError(f"unknown table {name!r}; the tables are: {', '.join(sorted(entries))}")
    entry = entries[name]["files"]["parquet"]
    path = folder / entry["path"]
    if verify:
        problem = check_file(folder, entry)
        if problem:
            raise IntegrityError(problem)
    import pandas as pd

    return pd.read_parquet(path)


def check_file(folder: Path, entry: dict) -> str | None:
    """None if the file matches its manifest entry, else what is wrong with it."""
    import hashlib

    path = folder / entry["path"]
    if not path.is_file():
        return f"{path} is missing"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        return f"{path} has sha256 {digest}, but the manifest records {entry['sha256']}"
    return None


def verify_all(folder: Path | None = None) -> list[str]:
    """Every problem with the files the manifest lists (an empty list when all match)."""
    folder = folder or processed_dir()
    problems = []
    for name, entry in sorted(_manifest(folder)["tables"].items()):
        for kind, file_entry in sorted(entry["files"].items()):
            problem = check_file(folder, file_entry)
            if problem:
                problems.append(f"table {name} ({kind}): {problem}")
    database = _manifest(folder).get("database")
    if database:
        problem = check_file(folder, database)
        if problem:
            problems.append(f"database: {problem}")
    return problems
