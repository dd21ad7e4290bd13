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


def load(name: str):
    """Return the table ``name`` as a pandas DataFrame.

    ``name`` must be one of :func:`tables`; anything else (including a path)
    gets an error listing the valid names.
    """
    folder = processed_dir()
    entries = _manifest(folder)["tables"]
    if not isinstance(name, str) or name not in entries:
        raise UnknownTableError(f"unknown table {name!r}; the tables are: {', '.join(sorted(entries))}")
    import pandas as pd

    return pd.read_parquet(folder / entries[name]["files"]["parquet"]["path"])
