"""Load the shipped tables by name.

Kept deliberately light: it reads the manifest with the json module and a
table with pandas.read_parquet, nothing more, because users import the
package again and again in notebooks and pipelines.

The tables are found through ``importlib.resources``: inside the installed
package (``_processed``, from a wheel, an sdist or a zip on ``sys.path``) or,
in a checkout, in ``data/processed``.
"""

from __future__ import annotations

import json
from pathlib import Path

from .paths import CHECKOUT_PROCESSED_DIR, processed_dir


class MissingTableError(FileNotFoundError):
    """The shipped tables, or one table's file, are not where the package looks for them."""


def data_root():
    """Where the shipped tables are: a Traversable (a folder, or a folder inside a zip)."""
    from importlib.resources import files

    packaged = files(__package__).joinpath("_processed")
    if packaged.is_dir():
        return packaged
    return CHECKOUT_PROCESSED_DIR


def _installed(folder) -> bool:
    return Path(str(folder)) != CHECKOUT_PROCESSED_DIR


class UnknownTableError(KeyError):
    """Raised for a table name that the release does not hold."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


class IntegrityError(Exception):
    """A shipped file is not the one the manifest describes, or the manifest itself is damaged."""


def _manifest(folder) -> dict:
    """The manifest of the tables in ``folder`` (a Path or a Traversable).

    Raises MissingTableError when there is none, IntegrityError when it is damaged.
    """
    path = folder / "manifest.json"
    if not path.is_file():
        if _installed(folder):
            raise MissingTableError(f"the installed package has no manifest.json in {folder}: its tables are missing; reinstall repression-data")
        raise MissingTableError(f"no built tables: {path} is missing; run 'repression-data build' in the checkout")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(manifest.get("tables"), dict):
            raise ValueError("it lists no tables")
    except (ValueError, UnicodeDecodeError, AttributeError) as exc:
        raise IntegrityError(f"{path} is damaged (truncated or edited: {exc}); rebuild it with 'repression-data build' "
                             "(in a checkout) or reinstall the package") from None
    return manifest


def tables() -> list[str]:
    """The names of the tables that ``load`` accepts, sorted."""
    return sorted(_manifest(data_root())["tables"])


def read_table(path, dates=()):
    """Read one shipped Parquet file (a Path, a Traversable or a binary file object) into a DataFrame.

    Dates are stored as Parquet date32; they come back as ``datetime64[ns]``
    columns (``dates`` names them; the manifest lists them per table).
    """
    import pandas as pd

    # One thread: the tables are small, and pyarrow's thread pools can abort
    # the interpreter at exit on old pyarrow versions (apache/arrow#34314).
    options = {"use_threads": False, "pre_buffer": False}
    if isinstance(path, Path):
        frame = pd.read_parquet(path, **options)
    elif hasattr(path, "read_bytes"):  # a Traversable (inside a zip)
        import io

        frame = pd.read_parquet(io.BytesIO(path.read_bytes()), **options)
    else:  # a file object holding the bytes already read
        frame = pd.read_parquet(path, **options)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame


def load(name: str, verify: bool = True):
    """Return the table ``name`` as a pandas DataFrame.

    ``name`` must be one of :func:`tables`; anything else (including a path)
    gets an error listing the valid names. The file is read once and its
    sha256 checked against the manifest before pandas parses it, so a
    damaged or altered table raises IntegrityError instead of loading;
    ``verify=False`` skips the check (``make bench`` measures what it costs).
    """
    folder = data_root()
    entries = _manifest(folder)["tables"]
    if not isinstance(name, str) or name not in entries:
        raise UnknownTableError(f"unknown table {name!r}; the tables are: {', '.join(sorted(entries))}")
    entry = entries[name]["files"]["parquet"]
    path = folder / entry["path"]
    if not path.is_file():
        raise MissingTableError(f"table {name!r}: its file {entry['path']} is missing from {folder} (manifest.json lists it)"
                                + ("; reinstall repression-data" if _installed(folder) else "; run 'repression-data build' in the checkout"))
    dates = entries[name].get("dates", ())
    if not verify:
        return read_table(path, dates)
    import hashlib
    import io

    data = path.read_bytes()  # read once: hashed, then parsed from memory
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["sha256"]:
        raise IntegrityError(f"{path} has sha256 {digest}, but the manifest records {entry['sha256']}: the file is damaged or was changed; "
                             "rebuild with 'repression-data build' or reinstall (load(name, verify=False) reads it anyway)")
    return read_table(io.BytesIO(data), dates)


def check_file(folder, entry: dict) -> str | None:
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
    manifest = _manifest(folder)
    problems = []
    for name, entry in sorted(manifest["tables"].items()):
        for kind, file_entry in sorted(entry["files"].items()):
            problem = check_file(folder, file_entry)
            if problem:
                problems.append(f"table {name} ({kind}): {problem}")
    database = _manifest(folder).get("database")
    if database:
        problem = check_file(folder, database)
        if problem:
            problems.append(f"database: {problem}")
    for relative, sha256 in sorted(manifest.get("documents", {}).items()):
        path = _document_path(folder, relative)
        if path is None:
            continue
        problem = check_file(path.parent, {"path": path.name, "sha256": sha256})
        if problem:
            problems.append(f"document {relative}: {problem}")
    return problems


def _document_path(folder: Path, relative: str) -> Path | None:
    """Where a generated document of the manifest lives: beside the checkout's data/processed,
    or in a release bundle; None where the folder has no documents beside it (an installed copy, a build elsewhere)."""
    from .paths import CHECKOUT_PROCESSED_DIR

    if folder.resolve() == CHECKOUT_PROCESSED_DIR.resolve():
        return CHECKOUT_PROCESSED_DIR.parent.parent / relative
    name = Path(relative).name
    if (folder / "SHA256SUMS").is_file() and name in ("codebook.md", "CITATION.cff"):
        return folder / name
    return None
