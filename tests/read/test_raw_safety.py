"""Raw files read safely (issue 12, item 4), through `repression-data build`.

Each damage gets its own message naming the file and, where there is one,
the line; the build exits 1, never hangs, and data/processed is byte-identical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from repression_data.paths import CHECKOUT_PROCESSED_DIR

COMMAND = str(Path(sys.executable).parent / "repression-data")
REIMAN = "claims/reiman-2016.csv"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"") for p in sorted(folder.rglob("*"))}


@pytest.fixture
def built(raw_copy):
    shutil.copytree(CHECKOUT_PROCESSED_DIR, raw_copy.processed)
    return raw_copy


def build(raw_copy, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([COMMAND, "build", "--raw", str(raw_copy.raw), "--out", str(raw_copy.processed)],
                          capture_output=True, text=True, timeout=120, env=env)


def refused(raw_copy, file: str, *words: str, env=None) -> str:
    before = tree(raw_copy.processed)
    result = build(raw_copy, env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if f"data/raw/{file}" in line]
    assert lines, f"no message names data/raw/{file}:\n{result.stderr}"
    assert any(all(w in line for w in words) for line in lines), f"{words} not all in one message:\n" + "\n".join(lines)
    assert tree(raw_copy.processed) == before
    return result.stderr


def rewrite(raw_copy, relative: str, transform) -> None:
    path = raw_copy.path(relative)
    path.write_bytes(transform(path.read_bytes()))


# Special files never hang the build ---------------------------------------------------------------

def test_a_named_pipe_in_place_of_a_claims_file_is_refused(built):
    path = built.path(REIMAN)
    path.unlink()
    os.mkfifo(path)
    refused(built, REIMAN, "named pipe", "only regular files")


def test_an_extra_named_pipe_among_the_claims_is_refused(built):
    os.mkfifo(built.path("claims/extra.csv"))
    refused(built, "claims/extra.csv", "named pipe")


def test_a_device_in_place_of_a_raw_file_is_refused(built):
    path = built.path("relations.csv")
    path.unlink()
    path.symlink_to("/dev/zero")
    refused(built, "relations.csv", "leading out of the raw data folder")


def test_a_folder_named_like_a_claims_file_is_refused(built):
    built.path("claims/extra.csv").mkdir()
    refused(built, "claims/extra.csv", "a folder, not a regular file")


def test_a_symlink_leaving_data_raw_is_refused(built, tmp_path):
    outside = tmp_path / "elsewhere.csv"
    shutil.copyfile(built.path(REIMAN), outside)
    built.path(REIMAN).unlink()
    built.path(REIMAN).symlink_to(outside)
    refused(built, REIMAN, "symbolic link leading out of the raw data folder")


def test_a_looping_symlink_is_refused(built):
    path = built.path(REIMAN)
    path.unlink()
    path.symlink_to(path.name)
    refused(built, REIMAN, "symbolic link that loops")


def test_a_symlink_inside_data_raw_is_read(built):
    target = built.path("claims/reiman-2016.data")
    built.path(REIMAN).rename(target)
    built.path(REIMAN).symlink_to(target.name)
    assert build(built).returncode == 0


# Names -----------------------------------------------------------------------------------------

def test_a_claims_file_renamed_to_upper_case_csv_is_an_error(built):
    built.path(REIMAN).rename(built.path("claims/reiman-2016.CSV"))
    refused(built, "claims/reiman-2016.CSV", "'.CSV'", "rename it to reiman-2016.csv")


def test_a_fixed_file_whose_name_differs_in_case_is_named(built):
    built.path("relations.csv").rename(built.path("Relations.csv"))
    refused(built, "relations.csv", "is missing, but Relations.csv is there", "case-sensitive")


# Shapes of a damaged CSV file -----------------------------------------------------------------------

def test_a_file_without_a_final_line_break_is_named_with_its_line(built):
    rewrite(built, "relations.csv", lambda b: b.rstrip(b"\n"))
    lines = built.path("relations.csv").read_bytes().count(b"\n") + 1
    refused(built, "relations.csv", f"line {lines}", "does not end with a line break")


def test_a_blank_row_is_named_with_its_line(built):
    rewrite(built, REIMAN, lambda b: b.replace(b"\nRM-0005,", b"\n\nRM-0005,", 1))
    refused(built, REIMAN, "line 6", "blank row")


def test_a_row_of_empty_cells_is_named_with_its_line(built):
    rewrite(built, REIMAN, lambda b: b.replace(b"\nRM-0005,", b"\n" + b"," * 19 + b"\nRM-0005,", 1))
    refused(built, REIMAN, "line 6", "blank row")


def test_a_double_byte_order_mark_is_named(built):
    rewrite(built, REIMAN, lambda b: b"\xef\xbb\xbf\xef\xbb\xbf" + b)
    refused(built, REIMAN, "two byte-order marks")


def test_a_semicolon_delimited_file_is_named(built):
    rewrite(built, "vocabularies/units.csv", lambda b: b.replace(b",", b";"))
    refused(built, "vocabularies/units.csv", "line 1", "semicolons")


def test_trailing_empty_columns_are_named(built):
    rewrite(built, "vocabularies/units.csv", lambda b: b.replace(b"\n", b",,\n"))
    refused(built, "vocabularies/units.csv", "line 1", "empty column(s) at the end")


def test_trailing_empty_cells_in_rows_are_named(built):
    rewrite(built, "vocabularies/units.csv", lambda b: b.replace(b"\n", b",,\n").replace(b",,\n", b"\n", 1))
    refused(built, "vocabularies/units.csv", "line 2", "empty cell(s) after the last column")


def test_a_cell_over_the_csv_field_limit_is_named_with_its_line(built):
    rewrite(built, REIMAN, lambda b: b.replace(b'"1936 \xe2\x80\x93 23,279 persons"', b'"1936 \xe2\x80\x93 23,279 persons' + b"x" * 200_000 + b'"', 1))
    refused(built, REIMAN, "line 11", "longer than 131072 characters")


# Values -----------------------------------------------------------------------------------------------

def test_a_number_beyond_int64_is_named(built):
    built.edit(REIMAN, "RM-0010", "line", "99999999999999999999")
    refused(built, REIMAN, "RM-0010", "'line'", "beyond the largest whole number")


def test_a_value_too_large_to_hold_exactly_is_named(built):
    built.edit(REIMAN, "RM-0010", "value", "99999999999999999999")
    refused(built, REIMAN, "RM-0010", "'value'", "too large")


@pytest.mark.parametrize("value", ["1066", "2999", "0937-05", "1693-01-01"])
def test_dates_outside_the_period_the_data_may_cover_are_named(built, value):
    built.edit(REIMAN, "RM-0010", "period_start", value)
    refused(built, REIMAN, "RM-0010", "'period_start'", "outside the period the data may cover")


# The machinery -----------------------------------------------------------------------------------

def test_a_missing_pandera_gives_a_message(built, tmp_path):
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "pandera.py").write_text("raise ModuleNotFoundError(\"No module named 'pandera'\", name='pandera')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    before = tree(built.processed)
    result = build(built, env)
    assert result.returncode == 1 and "pandera is not installed" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert tree(built.processed) == before


def test_a_truncated_manifest_gives_a_message_in_every_command(tmp_path):
    folder = tmp_path / "processed"
    shutil.copytree(CHECKOUT_PROCESSED_DIR, folder)
    manifest = folder / "manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:200])
    for args in (["verify", "--out", str(folder)], ["validate", "--out", str(folder)]):
        result = subprocess.run([COMMAND, *args], capture_output=True, text=True, timeout=300)
        assert result.returncode == 1 and "manifest.json" in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)


def test_every_problem_of_every_file_and_stage_is_reported_at_once(built):
    """A claim (parsing), a table layout (wide tables), a quantity member (quantities) and a
    removed relation (published ids) are damaged together: one run names all four files."""
    built.edit(REIMAN, "RM-0010", "value", "many")
    header, rows = built.rows("tables/cadre_verification_1935_37.csv")
    rows[0]["column"] = "no_such_column"
    built.write_rows("tables/cadre_verification_1935_37.csv", header, rows)
    header, rows = built.rows("quantity_members.csv")
    rows[0]["scope"] = "similar"
    built.write_rows("quantity_members.csv", header, rows)
    header, rows = built.rows("relations.csv")
    built.write_rows("relations.csv", header, [r for r in rows if r["relation_id"] != "R-GN-002"])
    rewrite(built, "vocabularies/units.csv", lambda b: b + b"\n")
    err = refused(built, REIMAN, "RM-0010", "'value'")
    for file, words in (("tables/cadre_verification_1935_37.csv", "no_such_column"), ("quantity_members.csv", "'scope'"),
                        ("relations.csv", "R-GN-002"), ("vocabularies/units.csv", "blank row")):
        assert any(f"data/raw/{file}" in line and words in line for line in err.splitlines()), (file, err)
