"""Files written whole or not at all (repression_data/files.py), the details, in-process (issue 25, item 5): a
checksum read in bounded blocks, a file written as UTF-8 whatever the machine's locale, an interruption right
after the rename that is not hidden by the clean-up, the modes of what a swap leaves, and the same locks on a
system without O_NOFOLLOW or O_DIRECTORY. The main promises: tests/publish/test_swaps.py."""

from __future__ import annotations

import hashlib
import locale
import os
import stat
from pathlib import Path

import pytest

from repression_data import files
from repression_data.files import STAGING_MARKER, exclusive, release_staging, replace_folder, sha256_of, staging_folder, write_text_atomically


def test_a_checksum_reads_a_large_file_in_blocks_of_at_most_one_mebibyte(tmp_path, monkeypatch):
    path = tmp_path / "big.bin"
    data = os.urandom(1 << 16) * 40  # 2.5 MiB
    path.write_bytes(data)
    sizes = []
    real_open = Path.open

    class Spy:
        def __init__(self, handle):
            self.handle = handle

        def read(self, size=-1):
            sizes.append(size)
            return self.handle.read(size)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

    monkeypatch.setattr(Path, "open", lambda self, *a, **k: Spy(real_open(self, *a, **k)))
    assert sha256_of(path) == hashlib.sha256(data).hexdigest()
    assert len(sizes) >= 3 and all(isinstance(s, int) and 0 < s <= 1 << 20 for s in sizes), sizes  # never the whole file at once


def test_a_file_is_written_as_utf_8_whatever_the_locale(tmp_path):
    path = tmp_path / "f.csv"
    saved = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")  # a machine whose locale is ASCII
    try:
        write_text_atomically(path, "Ежов,ü\n")
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)
    assert path.read_bytes() == "Ежов,ü\n".encode("utf-8")


def test_an_interruption_right_after_the_rename_is_not_hidden_by_the_clean_up(tmp_path, monkeypatch):
    path = tmp_path / "f.txt"
    path.write_text("old")
    real_replace = os.replace

    def replace_then_interrupt(source, target):
        real_replace(source, target)
        raise KeyboardInterrupt  # Ctrl-C arrives just after the rename: the temporary file is gone already

    monkeypatch.setattr(files.os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomically(path, "new")
    assert path.read_text() == "new" and os.listdir(tmp_path) == ["f.txt"]


def test_the_marker_is_readable_by_all_and_the_swapped_in_folder_is_open_to_read(tmp_path):
    old_mask = os.umask(0o022)
    try:
        staging = staging_folder(tmp_path / "out")
        assert stat.S_IMODE(os.stat(staging / STAGING_MARKER).st_mode) == 0o644
        (staging / "table.csv").write_text("x\n")
        replace_folder(staging, tmp_path / "out")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(os.stat(tmp_path / "out").st_mode) == 0o755  # mkdtemp made it 0o700: every reader may now list it
    assert os.listdir(tmp_path / "out") == ["table.csv"]


def test_without_o_nofollow_a_marker_is_opened_read_only(tmp_path, monkeypatch):
    held = staging_folder(tmp_path / "out")
    flags = []
    real_open = os.open

    def spy(path, flag, *args):
        flags.append(flag)
        return real_open(path, flag, *args)

    try:
        monkeypatch.delattr(os, "O_NOFOLLOW")
        monkeypatch.setattr(files.os, "open", spy)
        assert files._in_use(held) is True
        assert flags == [os.O_RDONLY]
    finally:
        release_staging(held)
    monkeypatch.undo()
    assert files._in_use(held) is False  # released: no live run writes it


def test_without_o_directory_the_lock_is_taken_on_the_folder_read_only(tmp_path, monkeypatch):
    flags = []
    real_open = os.open

    def spy(path, flag, *args):
        flags.append((Path(path), flag))
        return real_open(path, flag, *args)

    monkeypatch.delattr(os, "O_DIRECTORY")
    monkeypatch.setattr(files.os, "open", spy)
    with exclusive(tmp_path / "parent" / "out"):
        pass
    assert flags == [(tmp_path / "parent", os.O_RDONLY)]

