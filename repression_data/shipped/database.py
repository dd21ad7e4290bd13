"""The shipped SQLite database, opened for the lookups with the standard library alone.

``repression-data show``, ``search``, ``cite``, ``compare`` and ``relations`` answer from
``repression-data.db`` (found where ``rd.load`` finds the tables: through
``importlib.resources``, so from a wheel or a zip too), not from the Parquet files: a lookup
of one claim then costs a few milliseconds instead of importing pandas. The file is checked
against the sha256 its manifest records before it is read, as ``rd.load`` checks a table.

Rows come back as plain dicts: text as ``str``, whole numbers as ``int``, other numbers as
``float``, dates as ``'YYYY-MM-DD'`` text, a missing value as ``None``.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import ExitStack
from pathlib import Path

from repression_data.shipped.loader import IntegrityError, MissingTableError, _installed, _manifest, data_root

_OPEN: dict = {}


def _file(folder, name: str, stack: ExitStack) -> Path:
    """A real file for ``folder/name`` (extracted to a temporary file when the package is a zip)."""
    if isinstance(folder, Path):
        return folder / name
    from importlib.resources import as_file

    return Path(stack.enter_context(as_file(folder / name)))


def connect() -> sqlite3.Connection:
    """The shipped database, read-only and verified against its manifest; one connection per process.

    Raises MissingTableError when the manifest names no database or its file is missing, and
    IntegrityError when the file's sha256 is not the one the manifest records.
    """
    if "conn" in _OPEN:
        return _OPEN["conn"]
    folder = data_root()
    entry = _manifest(folder).get("database")
    if not entry:
        raise MissingTableError(f"the manifest in {folder} names no database; "
                                + ("reinstall repression-data" if _installed(folder) else "run 'repression-data build' in the checkout"))
    if not (folder / entry["path"]).is_file():
        raise MissingTableError(f"the database {entry['path']} is missing from {folder} (manifest.json lists it)"
                                + ("; reinstall repression-data" if _installed(folder) else "; run 'repression-data build' in the checkout"))
    stack = ExitStack()
    path = _file(folder, entry["path"], stack)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        stack.close()
        raise IntegrityError(f"{path} has sha256 {digest}, but the manifest records {entry['sha256']}: the file is damaged or was changed; "
                             "restore it: in a checkout 'git checkout -- data/processed', else reinstall the package")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    _OPEN.update(conn=conn, stack=stack)
    return conn


def rows(sql: str, parameters: tuple = ()) -> list[dict]:
    """Every row of a query of the shipped database, as dicts."""
    cursor = connect().execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def has_table(name: str) -> bool:
    return bool(rows("SELECT 1 AS x FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)))


def columns(table: str) -> list[str]:
    """The columns of a table, in their order."""
    return [row["name"] for row in rows(f"PRAGMA table_info([{table}])")]
