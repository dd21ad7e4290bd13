"""The promises a mutation audit found unguarded (issue 25, item 5), each tested in-process on freshly
written files, so that `make mutate` sees them: a duplicated header column, a year just past the allowed
range, a symlink inside a build folder, a release bundle with a file its checksum list omits, and a
computed value exactly on an open bound."""

from __future__ import annotations

import math
import shutil

import pytest

from repression_data.engine.intervals import Interval, judge
from repression_data.errors import OutputError, Problem
from repression_data.paths import CHECKOUT_PROCESSED_DIR
from repression_data.publish.guard import BUILD, RELEASE, check_output_folder
from repression_data.publish.release import check_bundle
from repression_data.read import parse
from repression_data.read.rawfiles import read_raw_csv


def read(tmp_path, text: str, required=("id", "note"), optional=()):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    problems: list[Problem] = []
    table = read_raw_csv(path, list(required), list(optional), problems)
    return table, problems


def test_a_duplicated_header_column_is_refused_and_a_clean_header_is_not(tmp_path):
    table, problems = read(tmp_path, "id,note,note\nX-1,a,b\n", optional=("extra",))
    assert table is None and [(p.record, p.field) for p in problems] == [("line 1", "note")]
    assert "more than once" in problems[0].message
    table, problems = read(tmp_path, "id,note\nX-1,a\n")
    assert problems == [] and list(table.cells["note"]) == ["a"]


@pytest.mark.parametrize("end", [False, True])
def test_years_at_and_just_past_the_allowed_range(end):
    import pandas as pd

    inside = ["1900", "1900-01", "1900-01-01", "2029", "2029-12", "2029-12-31"]
    outside = ["1899", "1899-12", "1899-12-31", "2030", "2030-01", "2030-01-01"]
    dates, unreadable, impossible = parse._dates(pd.Series(inside + outside), end)
    assert list(dates.notna()) == [True] * 6 + [False] * 6
    assert list(impossible) == [False] * 6 + [True] * 6 and not unreadable.any()
    assert all("outside the period the data may cover (1900-2029)" in parse.date_error(text) for text in outside)


@pytest.fixture
def a_build(tmp_path):
    out = tmp_path / "out"
    shutil.copytree(CHECKOUT_PROCESSED_DIR, out)
    return out


def test_a_build_folder_is_accepted_as_written(a_build):
    assert check_output_folder(a_build, BUILD, {}) == a_build


@pytest.mark.parametrize("target", ["claims.parquet", "/etc/hostname"])
def test_a_symlink_inside_a_build_folder_is_refused(a_build, target):
    (a_build / "claims.csv").unlink()
    (a_build / "claims.csv").symlink_to(target)
    with pytest.raises(OutputError, match="did not write \\(claims.csv\\)"):
        check_output_folder(a_build, BUILD, {})


def test_a_folder_in_place_of_a_build_file_is_refused(a_build):
    (a_build / "claims.csv").unlink()
    (a_build / "claims.csv").mkdir()
    with pytest.raises(OutputError, match="claims.csv"):
        check_output_folder(a_build, BUILD, {})


def test_a_release_bundle_with_a_file_its_checksums_omit_is_refused(tmp_path):
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "manifest.json").write_text("{}")
    from repression_data.files import sha256_of

    (bundle / "SHA256SUMS").write_text(f"{sha256_of(bundle / 'manifest.json')}  manifest.json\n")
    assert check_bundle(bundle) == []
    assert check_output_folder(bundle, RELEASE, {}) == bundle
    (bundle / "extra.csv").write_text("x\n")
    problems = check_bundle(bundle)
    assert len(problems) == 1 and "extra.csv is not listed in SHA256SUMS" in problems[0]
    with pytest.raises(OutputError, match="extra.csv"):
        check_output_folder(bundle, RELEASE, {})


@pytest.mark.parametrize("qualifier,computed,verdict", [
    ("more_than", 200.0, "inconsistent"), ("more_than", 200.5, "consistent"),
    ("less_than", 200.0, "inconsistent"), ("less_than", 199.5, "consistent"),
    ("at_least", 200.0, "consistent"), ("at_least", 199.5, "inconsistent"),
    ("at_most", 200.0, "consistent"), ("at_most", 200.5, "inconsistent"),
])
def test_a_computed_value_exactly_on_an_open_bound_is_not_consistent(qualifier, computed, verdict):
    # "more than 200" against 150 + 50: on the bound, which "more than" excludes.
    assert judge(computed, 200.0, qualifier, "200")[0] == verdict


def test_open_ends_of_intervals_exclude_their_bound():
    more_than_200 = Interval(200.0, math.inf, lo_open=True)
    assert not more_than_200.overlaps(Interval.point(150.0) + Interval.point(50.0))
    assert more_than_200.overlaps(Interval.point(150.0) + Interval.point(50.5))
    assert Interval(0.0, 200.0).overlaps(Interval.point(200.0))
    assert not Interval(0.0, 200.0, hi_open=True).overlaps(Interval.point(200.0))
    assert (Interval(1.0, 2.0, lo_open=True) - Interval(0.0, 1.0, hi_open=True)).lo_open


def test_the_guard_refuses_the_protected_folders_their_parents_and_what_lies_inside_the_raw_data(tmp_path):
    from repression_data.publish.guard import protected_folders

    raw = tmp_path / "data" / "raw"
    (raw / "claims").mkdir(parents=True)
    protected = protected_folders(raw)
    with pytest.raises(OutputError, match=f"into {raw}: it is the raw data"):
        check_output_folder(raw, BUILD, protected)
    with pytest.raises(OutputError, match=f"into {raw.parent}: it holds the raw data"):
        check_output_folder(raw.parent, BUILD, protected)
    with pytest.raises(OutputError, match="is inside the raw data"):
        check_output_folder(raw / "claims", BUILD, protected)
    beside = tmp_path / "data" / "processed"
    assert check_output_folder(beside, BUILD, protected) == beside
    link = tmp_path / "link"
    link.symlink_to(beside, target_is_directory=True)
    with pytest.raises(OutputError, match="symbolic link"):
        check_output_folder(link, BUILD, protected)
    afile = tmp_path / "file"
    afile.write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_output_folder(afile, BUILD, protected)
