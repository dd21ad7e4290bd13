"""Files written whole or not at all (repression_data/files.py), in-process (issue 25, item 5): checksums,
staging folders and their stale leftovers, the two-rename swap and its undo, the lock a writer holds, and the
atomic write of one file. The same promises end to end: tests/pipeline/test_stop_cleanly.py, test_nothing_lost.py."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from repression_data import files
from repression_data.errors import OutputError
from repression_data.files import (
    PENDING_MARKER,
    STAGING_MARKER,
    drop_retired,
    exclusive,
    put_back,
    recover_interrupted,
    release_staging,
    replace_folder,
    sha256_of,
    staging_folder,
    write_text_atomically,
)


def folder_with(path, **contents):
    path.mkdir(parents=True)
    for name, text in contents.items():
        (path / name).write_text(text)
    return path


def test_the_checksum_is_sha256_of_every_byte_of_a_file_larger_than_one_block(tmp_path):
    data = os.urandom((1 << 20) + 12345)
    (tmp_path / "f").write_bytes(data)
    assert sha256_of(tmp_path / "f") == hashlib.sha256(data).hexdigest()
    (tmp_path / "e").write_bytes(b"")
    assert sha256_of(tmp_path / "e") == hashlib.sha256(b"").hexdigest()


def test_a_staging_folder_is_new_empty_but_for_its_marker_beside_the_target_and_held(tmp_path):
    target = tmp_path / "deep" / "er" / "out"
    staging = staging_folder(target)
    try:
        assert staging.parent == target.parent and staging.name.startswith(".out.new-")
        assert stat.S_IMODE(os.stat(staging / STAGING_MARKER).st_mode) == 0o644
        assert sorted(p.name for p in staging.iterdir()) == [STAGING_MARKER] and (staging / STAGING_MARKER).is_file()
        assert files._in_use(staging)  # this process holds the lock on its marker
        assert staging_folder(target) != staging and staging.is_dir()  # a second run leaves it alone
    finally:
        release_staging(staging)
    assert not files._in_use(staging)
    assert not files._in_use(tmp_path)  # no marker: not in use


def test_stale_staging_folders_are_cleared_when_ours_and_named_when_not(tmp_path):
    target = tmp_path / "out"
    empty = tmp_path / ".out.new-empty"
    empty.mkdir()
    ours = folder_with(tmp_path / ".out.new-ours", **{STAGING_MARKER: "", "claims.csv": "x"})
    fresh = staging_folder(target)
    release_staging(fresh)
    assert not empty.exists() and not ours.exists() and fresh.is_dir()
    shutil_rmtree_then = sorted(p.name for p in tmp_path.iterdir())
    assert shutil_rmtree_then == [fresh.name]
    theirs = folder_with(tmp_path / ".out.new-theirs", **{"claims.csv": "keep"})
    with pytest.raises(OutputError) as caught:
        staging_folder(target)
    assert str(caught.value) == (f"{theirs} is a stale staging folder that this package cannot recognise as its own, so it is left alone; "
                                 f"look at it, then remove it with: rm -rf '{theirs}'")
    assert (theirs / "claims.csv").read_text() == "keep"


def test_a_stale_staging_folder_that_cannot_be_removed_is_named_with_the_commands_that_clear_it(tmp_path, monkeypatch):
    stale = folder_with(tmp_path / ".out.new-x", **{STAGING_MARKER: "", "a": "1"})

    def refuse(path, *args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.shutil, "rmtree", refuse)
    with pytest.raises(OutputError) as caught:
        staging_folder(tmp_path / "out")
    assert str(caught.value) == (f"{stale} is a staging folder left by an interrupted run and cannot be removed (Permission denied); "
                                 f"clear it with: chmod -R u+w '{stale}' && rm -rf '{stale}'")


def test_a_folder_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files.tempfile, "mkdtemp", refuse)
    with pytest.raises(OutputError) as caught:
        staging_folder(tmp_path / "out")
    assert str(caught.value) == (f"cannot write in {tmp_path} (Read-only file system): it is read-only or full; "
                                 f"make it writable (chmod u+w '{tmp_path}') or choose another folder")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OutputError) as caught:
        staging_folder(tmp_path / "afile" / "out")
    assert str(caught.value) == f"cannot create {tmp_path / 'afile'} (File exists)"


def test_the_swap_replaces_the_target_and_removes_the_old_one(tmp_path):
    target = folder_with(tmp_path / "out", old="1")
    staging = staging_folder(target)
    (staging / "new").write_text("2")
    os.chmod(staging, 0o700)
    replace_folder(staging, target)
    assert sorted(p.name for p in target.iterdir()) == ["new"]
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert str(staging) not in files._HELD
    # A first swap, without a target before it.
    fresh = staging_folder(tmp_path / "first")
    replace_folder(fresh, tmp_path / "first")
    assert (tmp_path / "first").is_dir() and not (tmp_path / ".first.old").exists()


def test_a_swap_that_keeps_the_old_folder_can_be_undone_or_finished(tmp_path):
    target = folder_with(tmp_path / "out", old="1")
    staging = staging_folder(target)
    (staging / "new").write_text("2")
    replace_folder(staging, target, keep_retired=True)
    retired = tmp_path / ".out.old"
    assert (target / "new").is_file() and (retired / "old").is_file() and (retired / PENDING_MARKER).read_bytes() == b""
    put_back(target)
    assert sorted(p.name for p in target.iterdir()) == ["old"] and not retired.exists()
    staging = staging_folder(target)
    replace_folder(staging, target, keep_retired=True)
    drop_retired(target)
    assert not retired.exists() and target.is_dir()
    # Undoing the swap of a folder that had no predecessor leaves none.
    staging = staging_folder(tmp_path / "first")
    replace_folder(staging, tmp_path / "first", keep_retired=True)
    put_back(tmp_path / "first")
    assert not (tmp_path / "first").exists()


def test_put_back_and_drop_retired_without_their_folders_and_a_staging_folder_without_its_marker(tmp_path):
    folder_with(tmp_path / ".out.old", kept="1")  # no pending marker, no target
    put_back(tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["kept"]
    drop_retired(tmp_path / "out")  # nothing to drop: no error
    release_staging(tmp_path / "never-held")  # nothing held: no error
    staging = folder_with(tmp_path / "by-hand", new="2")
    replace_folder(staging, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["new"]


def test_without_advisory_locks_a_lock_is_always_granted(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "fcntl", None)  # not POSIX: import fcntl fails
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        assert files._lock(fd, block=False) is True
    finally:
        os.close(fd)


def test_a_marker_that_is_a_symbolic_link_is_never_followed(tmp_path):
    held = staging_folder(tmp_path / "out")
    try:
        other = tmp_path / ".out.new-link"
        other.mkdir()
        (other / STAGING_MARKER).symlink_to(held / STAGING_MARKER)  # the marker of a live run, reached through a link
        assert files._in_use(held) and not files._in_use(other)
    finally:
        release_staging(held)


def test_a_leftover_old_folder_is_replaced_by_the_next_swap(tmp_path):
    target = folder_with(tmp_path / "out", current="1")
    folder_with(tmp_path / ".out.old", stale="0")
    staging = staging_folder(target)
    replace_folder(staging, target, keep_retired=True)
    assert sorted(p.name for p in (tmp_path / ".out.old").iterdir()) == sorted(["current", PENDING_MARKER])


@pytest.mark.parametrize("pending", [True, False])
def test_a_run_killed_between_its_two_renames_is_undone_by_the_next(tmp_path, pending):
    target = tmp_path / "out"
    folder_with(tmp_path / ".out.old", **({"kept": "1", PENDING_MARKER: ""} if pending else {"kept": "1"}))
    recover_interrupted(target)
    assert sorted(p.name for p in target.iterdir()) == ["kept"] and not (tmp_path / ".out.old").exists()


def test_a_run_killed_while_the_analysis_read_the_new_folder_is_undone_and_said(tmp_path, capsys):
    target = folder_with(tmp_path / "out", new="2")
    folder_with(tmp_path / ".out.old", **{"kept": "1", PENDING_MARKER: ""})
    recover_interrupted(target)
    assert sorted(p.name for p in target.iterdir()) == ["kept"] and not (tmp_path / ".out.old").exists()
    assert capsys.readouterr().err == f"restored the previous {target}: the run that replaced it was interrupted before it finished\n"


def test_an_old_folder_without_the_pending_marker_beside_a_target_is_left(tmp_path, capsys):
    target = folder_with(tmp_path / "out", new="2")
    folder_with(tmp_path / ".out.old", kept="1")
    recover_interrupted(target)
    assert (target / "new").is_file() and (tmp_path / ".out.old" / "kept").is_file() and capsys.readouterr().err == ""
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / ".gone.old").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    recover_interrupted(tmp_path / "gone")  # a link in place of the old folder is never followed
    assert not (tmp_path / "gone").exists()


def test_a_second_writer_of_the_same_folder_waits_and_says_so(tmp_path, capsys):
    target = tmp_path / "parent" / "out"
    with exclusive(target):
        assert target.parent.is_dir()
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            assert files._lock(fd, block=False) is False  # held: another run would wait
        finally:
            os.close(fd)
    assert capsys.readouterr().err == ""
    fd = os.open(target.parent, os.O_RDONLY)
    assert files._lock(fd, block=False) is True  # released when the block ends
    threading.Timer(0.3, os.close, [fd]).start()
    started = time.monotonic()
    with exclusive(target):
        waited = time.monotonic() - started
    assert waited >= 0.25  # it waited for the lock, not went on without it
    assert capsys.readouterr().err == f"waiting: another run is writing {target}; this one goes on when it has finished\n"


def test_a_file_is_written_whole_with_its_own_line_endings_and_nothing_beside_it(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "dir" / "f.csv"
    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(files.os, "replace", lambda a, b: (renamed.append((a, b)), real_replace(a, b))[1])
    write_text_atomically(path, "a,b\r\nü\n")
    [(temporary, final)] = renamed
    assert Path(temporary).parent == path.parent and Path(final) == path  # written beside it, then renamed over it
    assert Path(temporary).name.startswith(".f.csv.") and Path(temporary).name.endswith(".tmp")
    assert path.read_bytes() == "a,b\r\nü\n".encode("utf-8")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    assert os.listdir(path.parent) == ["f.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("old")
    with pytest.raises(TypeError):
        write_text_atomically(path, b"not text")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["f.txt"]
