"""Files written whole or not at all: checksums, staging folders beside a target, atomic swaps.

Nothing here knows what a table is: the writers (publish/) and the pipeline (build/) use these
to replace a folder or a file so that a reader never sees a half-written one."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
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
PENDING_MARKER = ".repression-data-pending"  # in .<name>.old while a new folder waits for the analysis to succeed
_HELD: dict[str, int] = {}  # staging folder -> open descriptor of its marker, locked while this process writes it


def _lock(fd: int, block: bool) -> bool:
    try:
        import fcntl
    except ImportError:  # not POSIX: no advisory locks; a staging folder is then told apart by its marker only
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _in_use(folder: Path) -> bool:
    """Is this staging folder being written by a live process (which holds a lock on its marker)?"""
    try:
        fd = os.open(folder / STAGING_MARKER, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        return not _lock(fd, block=False)
    finally:
        os.close(fd)


@contextlib.contextmanager
def exclusive(target: Path):
    """Hold a lock while a command writes ``target``: a second build or reproduce of the same folder waits,
    and says so, instead of racing the first. The lock is taken on the folder that holds ``target`` (so
    nothing is left beside it), and the kernel releases it when the process ends, however it ends."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        if not _lock(fd, block=False):
            print(f"waiting: another run is writing {target}; this one goes on when it has finished", file=sys.stderr, flush=True)
            _lock(fd, block=True)
        yield
    finally:
        os.close(fd)


def _clear_stale(folder: Path) -> None:
    """Remove a staging folder left by a killed run, if it is recognisably ours; else say how to clear it.
    A staging folder that a live run is writing (it holds a lock on its marker) is left alone."""
    if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
        folder.rmdir()  # killed before it wrote anything: nothing to lose
        return
    if (folder / STAGING_MARKER).is_file() and _in_use(folder):
        return
    if not (folder / STAGING_MARKER).is_file():
        raise OutputError(f"{folder} is a stale staging folder that this package cannot recognise as its own, so it is left alone; "
                          f"look at it, then remove it with: rm -rf '{folder}'")
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise OutputError(f"{folder} is a staging folder left by an interrupted run and cannot be removed ({exc.strerror or exc}); "
                          f"clear it with: chmod -R u+w '{folder}' && rm -rf '{folder}'") from None


def recover_interrupted(target: Path) -> None:
    """Undo what a run killed midway left: a target renamed aside and never replaced comes back, and so
    does the previous folder of a reproduce killed while the analysis read the new one (its ``.<name>.old``
    carries the pending marker)."""
    retired = target.parent / f".{target.name}.old"
    if retired.is_dir() and not retired.is_symlink() and not target.exists():
        os.rename(retired, target)
        (target / PENDING_MARKER).unlink(missing_ok=True)
    elif retired.is_dir() and not retired.is_symlink() and (retired / PENDING_MARKER).is_file():
        put_back(target)
        print(f"restored the previous {target}: the run that replaced it was interrupted before it finished", file=sys.stderr, flush=True)


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
    recover_interrupted(target)
    for stale in sorted(target.parent.glob(f".{target.name}.new-*")):
        _clear_stale(stale)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        fd = os.open(staging / STAGING_MARKER, os.O_RDWR | os.O_CREAT, 0o644)
        _lock(fd, block=False)  # held until the swap or the end of this process: no other run removes it meanwhile
        _HELD[str(staging)] = fd
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
    release_staging(staging)
    os.chmod(staging, 0o755)
    retired = target.parent / f".{target.name}.old"
    if retired.exists():
        shutil.rmtree(retired)
    if target.exists():
        os.rename(target, retired)
        if keep_retired:  # until drop_retired or put_back: a run killed meanwhile is undone by the next one
            (retired / PENDING_MARKER).write_bytes(b"")
    os.rename(staging, target)
    if not keep_retired:
        shutil.rmtree(retired, ignore_errors=True)


def put_back(target: Path) -> None:
    """Undo a ``replace_folder(..., keep_retired=True)``: the old folder (or none, if there was none) returns."""
    retired = target.parent / f".{target.name}.old"
    shutil.rmtree(target, ignore_errors=True)
    if retired.exists():
        os.rename(retired, target)
        (target / PENDING_MARKER).unlink(missing_ok=True)


def release_staging(staging: Path) -> None:
    """Let go of the lock this process holds on a staging folder (after its swap, or when it is removed)."""
    fd = _HELD.pop(str(staging), None)
    if fd is not None:
        os.close(fd)


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
