"""A table's file is read only from inside its folder: a table replaced by a symbolic link to a regular file
just outside it — in the folder's parent, in a sibling folder, in a sibling whose name begins with the folder's
own — is refused by rd.load and by verify, named as a link leading out, even when the file it leads to holds
exactly the bytes the manifest records (so that no checksum would stop it)."""

from __future__ import annotations

import shutil

import pytest

import repression_data as rd
from repression_data.shipped.loader import IntegrityError, verify_all


@pytest.mark.parametrize("where", [".", "sibling", "processed2", "processed/../sibling"])
def test_a_link_to_the_same_table_outside_its_folder_is_refused(processed_copy, where):
    table = processed_copy / "sources.parquet"
    outside = (processed_copy.parent / where / "sources.parquet")
    outside.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(table, outside)  # the very bytes the manifest records
    table.symlink_to(outside)
    with pytest.raises(IntegrityError, match="symbolic link leading out of") as info:
        rd.load("sources")
    assert str(table) in str(info.value)
    problems = verify_all(processed_copy)
    assert len(problems) == 1 and "sources" in problems[0] and "symbolic link leading out of" in problems[0], problems


def test_a_relative_link_up_and_back_into_the_folder_is_read(processed_copy):
    (processed_copy / "sources.parquet").rename(processed_copy / "sources.data")
    (processed_copy / "sources.parquet").symlink_to("../processed/sources.data")
    assert len(rd.load("sources")) > 0 and verify_all(processed_copy) == []
