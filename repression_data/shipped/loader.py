"""Load the shipped tables by name.

Kept deliberately light: it reads the manifest with the json module and a
table with pyarrow into pandas, nothing more, because users import the
package again and again in notebooks and pipelines.

The tables are found through ``importlib.resources``: inside the installed
package (``_processed``, from a wheel, an sdist or a zip on ``sys.path``) or,
in a checkout, in ``data/processed``.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from repression_data import metadata
from repression_data.paths import (
    CHECKOUT_HISTORY_DIR,
    CHECKOUT_PROCESSED_DIR,
    INSTALLED_HISTORY_DIR,
    INSTALLED_PROCESSED_DIR,
    PACKAGE_DIR,
    RELEASES_FILE,
    processed_dir,
)


class MissingTableError(FileNotFoundError):
    """The shipped tables, or one table's file, are not where the package looks for them."""


def data_root():
    """Where the shipped tables are: a Traversable (a folder, or a folder inside a zip)."""
    if INSTALLED_PROCESSED_DIR.is_dir():  # installed as files: no need for importlib.resources (a lookup's few ms)
        return INSTALLED_PROCESSED_DIR
    if PACKAGE_DIR.is_dir():  # a package of plain files without _processed: a checkout
        return CHECKOUT_PROCESSED_DIR
    from importlib.resources import files  # a package inside a zip

    packaged = files("repression_data").joinpath("_processed")
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


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def entry_path(folder, relative):
    """The file a manifest entry names, inside ``folder``; IntegrityError for a path that leads out of it
    (absolute, with '..', or a symbolic link leading out) and for anything but a regular file (a link that
    loops, a device, a named pipe, a folder), each named as what it is. A missing file is left to the caller."""
    if (not isinstance(relative, str) or not relative or PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute()
            or PureWindowsPath(relative).drive or ".." in PurePosixPath(relative.replace("\\", "/")).parts):
        raise IntegrityError(f"the manifest in {folder} lists the path {relative!r}, which leads outside its folder: the manifest is damaged "
                             "or was edited; rebuild it with 'repression-data build' (in a checkout) or reinstall the package")
    path = folder / relative
    if not isinstance(path, Path):  # inside a zip: no links or devices there
        return path
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise IntegrityError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
        except (RuntimeError, OSError) as exc:
            if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:
                raise IntegrityError(f"{path} is a symbolic link that loops, not a table's file") from None
            raise IntegrityError(f"{path} is a symbolic link to {os.readlink(path)}, which cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
        if not target.is_relative_to(Path(folder).resolve()):
            raise IntegrityError(f"{path} is a symbolic link leading out of {folder} (to {target}); only the files inside it are read")
        info = os.stat(target)
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise IntegrityError(f"{path} is {kind}, not a regular file: a table's file is read only from a regular file")
    if not stat.S_ISREG(info.st_mode):
        raise IntegrityError(f"{path} is not a regular file: a table's file is read only from a regular file")
    return path


def tables() -> list[str]:
    """The names of the tables that ``load`` accepts, sorted."""
    return sorted(_manifest(data_root())["tables"])


def read_table(path, dates=(), data: bytes | None = None):
    """Read one shipped Parquet file (a Path or a Traversable; ``data``, its bytes if already read) into a DataFrame.

    The same frame as ``pandas.read_parquet`` gives (same columns, dtypes and
    values, on pandas 2 and 3), read without pyarrow's thread pools: through
    ``pyarrow.parquet.ParquetFile`` on one thread, not through the dataset
    scanner that ``pandas.read_parquet`` uses. The scanner leaves pool threads
    that abort some processes at exit ("terminate called without an active
    exception", apache/arrow#34314), even with ``use_threads=False``; see
    ``benchmarks/exit_crashes.py`` and the README for the measured rates.

    Dates are stored as Parquet date32; they come back as ``datetime64[ns]``
    columns (``dates`` names them; the manifest lists them per table).
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = path.read_bytes() if data is None else data
    table = pq.ParquetFile(pa.BufferReader(data), pre_buffer=False).read(use_threads=False, use_pandas_metadata=True)
    frame = table.to_pandas(use_threads=False, types_mapper=_string_types(pd, pa))
    if table.schema.metadata and b"PANDAS_ATTRS" in table.schema.metadata:  # as pandas.read_parquet does
        frame.attrs = json.loads(table.schema.metadata[b"PANDAS_ATTRS"])
    for column in dates:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame


def _string_types(pd, pa):
    """Arrow text to pandas' default string dtype when pandas infers one (pandas 3), as pandas.read_parquet maps it."""
    default = pd.Series(["a"]).dtype
    if default == object:
        return None
    return {pa.string(): default, pa.large_string(): default}.get


def history_root():
    """Where the earlier releases are kept (``pipeline/history.py``): a Traversable, like ``data_root``."""
    if INSTALLED_HISTORY_DIR.is_dir():
        return INSTALLED_HISTORY_DIR
    if PACKAGE_DIR.is_dir():
        return CHECKOUT_HISTORY_DIR
    from importlib.resources import files  # a package inside a zip

    return files("repression_data").joinpath("_history")


def kept_releases() -> list[dict]:
    """The earlier releases kept with the package in data/history, oldest first: dicts of version, commit and date
    (releases.csv)."""
    import csv
    import io

    path = history_root() / RELEASES_FILE
    if not path.is_file():
        return []
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def releases() -> list[dict]:
    """Every version ``rd.load(name, version=...)`` opens, oldest first: dicts of version, commit, date and current.

    The earlier releases are those kept with the package in data/history (``current`` False; their commit as
    releases.csv names it). The last row is this version, the one every citation names (``current`` True): its
    tables are the shipped ones, its date the package's release date, and its commit empty until the release is
    kept in data/history (then its kept row is the one marked current).
    """
    rows = [dict(r, current=r["version"] == metadata.VERSION) for r in kept_releases()]
    if not any(r["current"] for r in rows):
        rows.append({"version": metadata.VERSION, "commit": "", "date": metadata.RELEASE_DATE, "current": True})
    return rows


class UnknownVersionError(KeyError):
    """A version that is neither this one nor a release kept with the package."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


def release_folder(version: str | None):
    """The folder of the tables of ``version``: a kept release as it was published; the shipped tables for None
    (or this version when it is not a kept release yet)."""
    folder = data_root()
    kept = [r["version"] for r in kept_releases()]
    if version is not None and version in kept:
        return history_root() / version
    if version is None or version == _manifest(folder).get("version"):
        return folder
    versions = sorted({*kept, str(_manifest(folder).get("version"))})
    raise UnknownVersionError(f"unknown version {version!r}; the versions are: {', '.join(versions)}")


def load(name: str, verify: bool = True, version: str | None = None):
    """Return the table ``name`` as a pandas DataFrame.

    ``name`` must be one of :func:`tables`; anything else (including a path)
    gets an error listing the valid names. The file is read once and its
    sha256 checked against the manifest before pandas parses it, so a
    damaged or altered table raises IntegrityError instead of loading;
    ``verify=False`` skips the check (``make bench`` measures what it costs).
    ``version`` ("0.1.0"): the table exactly as that release published it (its own file,
    checked against its own manifest; ``releases()`` lists them and this version); UnknownVersionError for another.
    """
    folder = release_folder(version)
    entries = _manifest(folder)["tables"]
    if not isinstance(name, str) or name not in entries:
        raise UnknownTableError(f"unknown table {name!r}; the tables are: {', '.join(sorted(entries))}")
    entry = entries[name]["files"]["parquet"]
    path = entry_path(folder, entry["path"])
    if not path.is_file():
        raise MissingTableError(f"table {name!r}: its file {entry['path']} is missing from {folder} (manifest.json lists it)"
                                + ("; reinstall repression-data" if _installed(folder) else "; run 'repression-data build' in the checkout"))
    dates = entries[name].get("dates", ())
    if not verify:
        return read_table(path, dates)
    import hashlib

    data = path.read_bytes()  # read once: hashed, then parsed from memory
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["sha256"]:
        raise IntegrityError(f"{path} has sha256 {digest}, but the manifest records {entry['sha256']}: the file is damaged or was changed; "
                             "restore it: in a checkout 'git checkout -- data/processed', else reinstall the package (load(name, verify=False) reads it anyway)")
    return _read_cached(path, dates, data, digest)


def checksum(name: str, version: str | None = None) -> tuple:
    """What names the contents of table ``name`` as ``load(name)`` would read them now: the sha256 (64 hex
    digits) the manifest records for its file, with the folder and the file's size, modification time and inode
    where it is a plain file (a cache keyed by it reads the file again, and so checks it again, once it changes,
    is replaced or is gone). UnknownTableError for an unknown name, UnknownVersionError for an unknown version."""
    folder = release_folder(version)
    entries = _manifest(folder)["tables"]
    if not isinstance(name, str) or name not in entries:
        raise UnknownTableError(f"unknown table {name!r}; the tables are: {', '.join(sorted(entries))}")
    entry = entries[name]["files"]["parquet"]
    if isinstance(folder, Path):
        try:
            info = os.stat(folder / entry["path"])
            return (entry["sha256"], str(folder), info.st_size, info.st_mtime_ns, info.st_ino)
        except (OSError, TypeError, ValueError):
            return (entry["sha256"], str(folder), None)  # missing or unreadable: load says what is wrong
    return (entry["sha256"], str(folder))


# Tables already parsed in this process, by file and checksum: a script that loads the same table
# hundreds of times (analysis/quantities.py) parses it once. The key holds the sha256 of the bytes
# just read, so a changed file is parsed again, never served from the cache.
_PARSED: dict[tuple[str, tuple[str, ...]], tuple[str, object]] = {}


def _read_cached(path, dates, data: bytes, digest: str):
    """The frame of ``data`` (the bytes of ``path``, whose sha256 is ``digest``), parsed once per process.

    Each call returns a copy of its own, so a caller that changes its frame changes nothing
    for the next one. One entry per file: a file whose checksum changed replaces its entry.
    """
    key = (str(path), tuple(dates))
    cached = _PARSED.get(key)
    if cached is None or cached[0] != digest:
        cached = (digest, read_table(path, dates, data=data))
        _PARSED[key] = cached
    return cached[1].copy(deep=True)


def check_file(folder, entry: dict) -> str | None:
    """None if the file matches its manifest entry, else what is wrong with it."""
    import hashlib

    try:
        path = entry_path(folder, entry.get("path") if isinstance(entry, dict) else None)
    except IntegrityError as exc:
        return str(exc)
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

    if folder.resolve() == CHECKOUT_PROCESSED_DIR.resolve():
        return CHECKOUT_PROCESSED_DIR.parent.parent / relative
    name = Path(relative).name
    if (folder / "SHA256SUMS").is_file() and name in ("codebook.md", "CITATION.cff"):
        return folder / name
    return None
