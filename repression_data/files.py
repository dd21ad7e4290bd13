"""Files written whole or not at all: checksums, staging folders beside a target, atomic swaps.

Nothing here knows what a table is: the writers (publish/) and the pipeline (build/) use these
to replace a folder or a file so that a reader never sees a half-written one."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from repression_data.errors import OutputError


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
