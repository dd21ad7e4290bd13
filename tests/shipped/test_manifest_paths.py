"""A table's file is read only from a regular file inside its folder (issue 25, item 3): a manifest path
that leads outside is refused, and a table replaced by a link to itself, a link out, a device or a named
pipe is named as what it is, by rd.load and by verify alike."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from repression_data.shipped import loader
from repression_data.shipped.loader import IntegrityError, verify_all


def set_path(folder, table: str, path: str) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["tables"][table]["files"]["parquet"]["path"] = path
    (folder / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("path", ["../../../etc/hostname", "/etc/hostname", "sub/../../sources.parquet", "..\\sources.parquet"])
def test_a_manifest_path_leading_outside_its_folder_is_refused(processed_copy, path):
    shutil.copyfile(processed_copy / "sources.parquet", processed_copy.parent / "sources.parquet")  # a real table there: it must not be read
    set_path(processed_copy, "sources", path)
    with pytest.raises(IntegrityError, match="leads outside its folder"):
        loader.load("sources")
    assert any("leads outside its folder" in p for p in verify_all(processed_copy))


@pytest.mark.parametrize("damage,words", [
    (lambda p: p.symlink_to(p.name), "symbolic link that loops"),
    (lambda p: p.symlink_to("/dev/zero"), "symbolic link leading out"),
    (lambda p: os.mkfifo(p), "is a named pipe, not a regular file"),
    (lambda p: p.mkdir(), "is a folder, not a regular file"),
])
def test_a_special_file_in_place_of_a_table_is_named_as_what_it_is(processed_copy, damage, words):
    path = processed_copy / "sources.parquet"
    path.unlink()
    damage(path)
    with pytest.raises(IntegrityError, match=words):
        loader.load("sources")
    assert any(words in p for p in verify_all(processed_copy)), verify_all(processed_copy)


def test_a_link_to_a_device_inside_the_folder_is_named_as_a_device(processed_copy):
    device = processed_copy / "null"
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null")
    try:
        os.mknod(device, 0o666 | 0o020000, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("cannot make a device node here")
    (processed_copy / "sources.parquet").unlink()
    (processed_copy / "sources.parquet").symlink_to("null")
    with pytest.raises(IntegrityError, match="is a character device"):
        loader.load("sources")


def test_a_link_inside_the_folder_to_a_regular_file_is_read(processed_copy):
    (processed_copy / "sources.parquet").rename(processed_copy / "sources.data")
    (processed_copy / "sources.parquet").symlink_to("sources.data")
    assert len(loader.load("sources")) > 0
