"""Faults of the third independent mutation audit (/work/checkreports/audit3) that no test saw, each checked
here by its behaviour: an impossible date in the last allowed year, the tie at the cut of the three places
nearest a misplaced quote, a table linked to another file inside a build folder reached through a symbolic
link, and a stale staging folder that is a symbolic link. Inputs are written fresh in tmp_path."""

from __future__ import annotations

import os
import shutil

import pytest

from repression_data.checks.evidence import TextIndex
from repression_data.errors import OutputError
from repression_data.files import _clear_stale
from repression_data.read import parse
from repression_data.shipped.loader import entry_path


@pytest.mark.parametrize("text", [f"{parse.LAST_YEAR}-02-30", f"{parse.FIRST_YEAR}-02-30", f"{parse.LAST_YEAR}-13", "1937-04-31"])
def test_an_impossible_date_inside_the_allowed_years_is_called_impossible(text):
    assert parse.date_error(text) == f"{text!r} is an impossible date"


@pytest.mark.parametrize("text", [f"{parse.LAST_YEAR + 1}-01-01", f"{parse.FIRST_YEAR - 1}-12-31", f"{parse.LAST_YEAR + 1}-02-30"])
def test_a_date_outside_the_allowed_years_is_called_outside_them(text):
    assert parse.date_error(text) == (f"{text!r} is outside the period the data may cover ({parse.FIRST_YEAR}-{parse.LAST_YEAR}); "
                                      "is the year mistyped?")


def test_at_the_cut_of_the_three_nearest_places_the_earlier_line_wins_a_tie():
    lines = [f"filler {n}." for n in range(1, 41)]
    for n in (18, 19, 21, 22):  # near = 20: 19 and 21 at distance 1, then 18 and 22 tied at distance 2
        lines[n - 1] = "the phrase over three thousand members is here."
    index = TextIndex(lines)
    assert index.lines_of("over three thousand members", near=20) == [18, 19, 21]
    assert index.lines_of("over three thousand members", near=20, at_most=4) == [18, 19, 21, 22]


def test_a_table_linked_to_a_file_inside_its_folder_is_read_when_the_folder_is_reached_through_a_link(tmp_path):
    real = tmp_path / "real"
    (real / "kept").mkdir(parents=True)
    (real / "kept" / "units.parquet").write_bytes(b"PAR1")
    os.symlink("kept/units.parquet", real / "units.parquet")
    alias = tmp_path / "alias"
    os.symlink(real, alias)
    for folder in (real, alias):
        path = entry_path(folder, "units.parquet")
        assert path == folder / "units.parquet" and path.read_bytes() == b"PAR1"


def test_a_stale_staging_folder_that_is_a_link_to_an_empty_folder_is_reported_with_how_to_clear_it(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    staging = tmp_path / ".processed.staging"
    os.symlink(empty, staging)
    with pytest.raises(OutputError) as info:
        _clear_stale(staging)
    assert str(info.value) == (f"{staging} is a stale staging folder that this package cannot recognise as its own, so it is left alone; "
                               f"look at it, then remove it with: rm -rf '{staging}'")
    assert staging.is_symlink() and empty.is_dir()  # nothing removed
    os.remove(staging)
    staging.mkdir()
    _clear_stale(staging)  # a real empty staging folder: a killed run's, removed
    assert not staging.exists()
    shutil.rmtree(empty)


def test_an_out_folder_reached_through_a_link_into_the_raw_folder_is_refused_as_inside_it(tmp_path):
    from repression_data.publish.guard import BUILD, check_output_folder

    raw = tmp_path / "data" / "raw"
    (raw / "claims").mkdir(parents=True)
    os.symlink(raw / "claims", tmp_path / "shortcut")
    for out in (tmp_path / "shortcut" / "new", tmp_path / "shortcut"):
        with pytest.raises(OutputError) as info:
            check_output_folder(out, BUILD, {"the raw data folder": raw})
        shown = out.parent.resolve() / out.name  # the folder as given, its parent resolved
        assert str(info.value) == (f"refusing to write the {BUILD} into {shown}: it is inside the raw data folder {raw.resolve()}, "
                                   "which holds only hand-edited files; choose a folder outside it. Nothing was changed.")
    assert sorted(p.name for p in (raw / "claims").iterdir()) == []
